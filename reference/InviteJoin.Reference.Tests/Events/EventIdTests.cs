namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Event IDs in every room version (spec v1.19, rooms v1 "Event IDs" for 1–2, rooms v3 for the
/// standard-alphabet hash, rooms v4 for the URL-safe one; rooms v12 for room IDs from the create event).
/// </summary>
public sealed class EventIdTests
{
    public static TheoryData<string> AllVersions() => new(RoomVersionRegistry.All.Select(v => v.Id));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void EventId_ComesFromTheVersionsSource(string versionId)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var json = SampleEvent(version, 1);

        var pdu = PduParser.Parse(json, version.Format, PduParseOptions.TestInput with { AcceptEventIdOverride = false }).Value;

        if (version.Format.EventIdInPdu)
        {
            Assert.Equal("$sample:example.org", pdu.EventId.Value);
            Assert.Equal(EventIdFormat.ServerScoped, pdu.EventId.Format);
        }
        else
        {
            // '$' followed by the unpadded base64 of the SHA-256 reference hash: 43 characters.
            Assert.Equal(44, pdu.EventId.Value.Length);
            var alphabet = versionId == "3"
                ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            Assert.All(pdu.EventId.Value[1..], c => Assert.Contains(c, alphabet));
            var hash = EventHashes.ReferenceHash(json, version.Format);
            var expected = Convert.ToBase64String(hash).TrimEnd('=');
            if (versionId != "3") expected = expected.Replace('+', '-').Replace('/', '_');
            Assert.Equal("$" + expected, pdu.EventId.Value);
        }
    }

    [Fact]
    public void V3AndV4_DifferOnlyInAlphabet()
    {
        // Find a deterministic sample whose reference hash needs characters 62 or 63 of the alphabet.
        for (var ts = 1; ts < 1000; ts++)
        {
            var json = SampleEvent(RoomVersion.V3, ts);
            var v3 = EventHashes.ComputeEventId(json, RoomVersion.V3.Format).Value.Value;
            if (!v3.Contains('+') && !v3.Contains('/')) continue;
            var v4 = EventHashes.ComputeEventId(json, RoomVersion.V4.Format).Value.Value;

            Assert.NotEqual(v3, v4);
            Assert.Equal(v3.Replace('+', '-').Replace('/', '_'), v4);
            Assert.False(EventId.Parse(v3, EventIdFormat.UrlSafeBase64Hash).IsOk);
            Assert.False(EventId.Parse(v4, EventIdFormat.StandardBase64Hash).IsOk);
            return;
        }
        Assert.Fail("no sample reference hash used '+' or '/'");
    }

    [Fact]
    public void ReferenceHash_IgnoresSignaturesUnsignedAndRedactedContent()
    {
        var json = SampleEvent(RoomVersion.V6, 7);
        var id = EventHashes.ComputeEventId(json, RoomVersion.V6.Format).Value;

        var changed = json
            .With("signatures", JsonValue.Object(("other.example", JsonValue.Object(("ed25519:x", JsonValue.String("sig"))))))
            .With("unsigned", JsonValue.Object(("age", JsonValue.Number(5))))
            .With("content", JsonValue.Object(("body", JsonValue.String("a different body"))));

        Assert.Equal(id, EventHashes.ComputeEventId(changed, RoomVersion.V6.Format).Value);
        Assert.NotEqual(id, EventHashes.ComputeEventId(json.With("origin_server_ts", JsonValue.Number(8)), RoomVersion.V6.Format).Value);
    }

    [Theory]
    [InlineData("10", true)]
    [InlineData("11", false)]
    public void Origin_IsHashedBeforeV11Only(string versionId, bool changesId)
    {
        var format = RoomVersionRegistry.Lookup(versionId).Value.Format;
        var json = SampleEvent(RoomVersion.V10, 3);

        var a = EventHashes.ComputeEventId(json.With("origin", JsonValue.String("a.example")), format).Value;
        var b = EventHashes.ComputeEventId(json.With("origin", JsonValue.String("b.example")), format).Value;

        Assert.Equal(changesId, a != b);
    }

    [Fact]
    public void V12Create_NamesTheRoom_AndHasNoRoomId()
    {
        var create = JsonValue.Object(
            ("type", JsonValue.String("m.room.create")), ("state_key", JsonValue.String("")), ("sender", JsonValue.String("@a:example.org")),
            ("content", JsonValue.Object(("room_version", JsonValue.String("12")))), ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(5)), ("prev_events", JsonArray.Empty), ("auth_events", JsonArray.Empty));

        var pdu = PduParser.Parse(create, RoomVersion.V12.Format, PduParseOptions.TestInput).Value;

        Assert.Equal("!" + pdu.EventId.Value[1..], pdu.RoomId.Value);
        Assert.Equal(RoomIdFormat.CreateEventHash, pdu.RoomId.Format);
        Assert.Equal(pdu.EventId, pdu.RoomId.CreateEventId);
    }

    [Fact]
    public void V11Create_WithoutRoomId_IsMissingField()
    {
        var create = JsonValue.Object(
            ("type", JsonValue.String("m.room.create")), ("state_key", JsonValue.String("")), ("sender", JsonValue.String("@a:example.org")),
            ("content", JsonObject.Empty), ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(5)), ("prev_events", JsonArray.Empty), ("auth_events", JsonArray.Empty));

        var result = PduParser.Parse(create, RoomVersion.V11.Format, PduParseOptions.TestInput);

        Assert.Equal("pdu.missing_field", result.Failure!.Token);
        Assert.Equal("$.room_id", result.Failure.Path);
    }

    [Fact]
    public void TestInputs_NameEventsAndV12RoomsReadably()
    {
        var create = JsonValue.Object(
            ("event_id", JsonValue.String("$CREATE")), ("type", JsonValue.String("m.room.create")), ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String("@a:example.org")), ("content", JsonObject.Empty), ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(5)), ("prev_events", JsonArray.Empty), ("auth_events", JsonArray.Empty));
        var member = create.With("event_id", JsonValue.String("$JOIN")).With("type", JsonValue.String("m.room.member"))
            .With("state_key", JsonValue.String("@a:example.org")).With("room_id", JsonValue.String("!CREATE"))
            .With("prev_events", JsonValue.Array(JsonValue.String("$CREATE")));

        var createPdu = PduParser.Parse(create, RoomVersion.V12.Format, PduParseOptions.TestInput).Value;
        var memberPdu = PduParser.Parse(member, RoomVersion.V12.Format, PduParseOptions.TestInput).Value;

        Assert.Equal("!CREATE", createPdu.RoomId.Value);
        Assert.Equal(createPdu.RoomId, memberPdu.RoomId);
        Assert.Equal(createPdu.EventId, memberPdu.PrevEvents.Single());
        Assert.False(PduParser.Parse(member, RoomVersion.V12.Format, PduParseOptions.Federation).IsOk);
    }

    internal static JsonObject SampleEvent(RoomVersion version, long timestamp)
    {
        var reference = version.Format.ReferencesCarryHashes
            ? (JsonValue)JsonValue.Array(JsonValue.String("$prev:example.org"), JsonValue.Object(("sha256", JsonValue.String("abc"))))
            : JsonValue.String(version.Id == "3" ? "$" + new string('A', 42) + "+" : "$" + new string('A', 43));
        var json = JsonValue.Object(
            ("type", JsonValue.String("m.room.message")), ("sender", JsonValue.String("@alice:example.org")),
            ("room_id", JsonValue.String("!room:example.org")), ("content", JsonValue.Object(("body", JsonValue.String("hello")))),
            ("depth", JsonValue.Number(2)), ("origin_server_ts", JsonValue.Number(timestamp)), ("origin", JsonValue.String("example.org")),
            ("prev_events", JsonValue.Array(reference)), ("auth_events", JsonValue.Array(reference)));
        if (version.Format.RoomIdFromCreateEvent) json = json.With("room_id", JsonValue.String("!" + new string('B', 43)));
        return version.Format.EventIdInPdu ? json.With("event_id", JsonValue.String("$sample:example.org")) : json;
    }
}
