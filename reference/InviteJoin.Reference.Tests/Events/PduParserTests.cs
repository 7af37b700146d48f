namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Malformed PDUs (spec v1.19, server-server API "PDUs" and the per-version PDU schemas; client-server
/// API "Size limits"): every field with every wrong JSON type, limits, and canonical-JSON enforcement.
/// Each case must give a named error at the field's path, and nothing may throw.
/// </summary>
public sealed class PduParserTests
{
    private static readonly JsonValue[] EveryKind =
    [
        JsonValue.Null, JsonValue.Bool(true), JsonValue.Number(7), JsonValue.String("text"), JsonArray.Empty, JsonObject.Empty,
    ];

    // Field → the JSON kind it must have (for v1–2 references are arrays of pairs, checked separately).
    private static readonly (string Field, JsonKind Kind)[] Fields =
    [
        ("type", JsonKind.String), ("sender", JsonKind.String), ("room_id", JsonKind.String), ("state_key", JsonKind.String),
        ("content", JsonKind.Object), ("depth", JsonKind.Number), ("origin_server_ts", JsonKind.Number),
        ("prev_events", JsonKind.Array), ("auth_events", JsonKind.Array), ("hashes", JsonKind.Object),
        ("signatures", JsonKind.Object), ("unsigned", JsonKind.Object), ("redacts", JsonKind.String),
    ];

    public static TheoryData<string, string, int> WrongTypes()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var version in new[] { "1", "3", "6", "11", "12" })
        {
            foreach (var (field, kind) in Fields)
            {
                for (var i = 0; i < EveryKind.Length; i++)
                {
                    if (EveryKind[i].Kind != kind) data.Add(version, field, i);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void WrongTypeInField_IsNamedErrorAtItsPath(string versionId, string field, int kindIndex)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var json = ValidEvent(version);
        var wrong = EveryKind[kindIndex];
        var (target, path) = field == "redacts" && version.Format.RedactsInContent
            ? (json.With("content", ((JsonObject)json["content"]!).With("redacts", wrong)), "$.content.redacts")
            : (json.With(field, wrong), "$." + field);

        var result = PduParser.Parse(target, version.Format, PduParseOptions.Federation);

        Assert.False(result.IsOk);
        Assert.Equal("pdu.wrong_type", result.Failure!.Token);
        Assert.Equal(path, result.Failure.Path);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("sender")]
    [InlineData("room_id")]
    [InlineData("content")]
    [InlineData("depth")]
    [InlineData("origin_server_ts")]
    [InlineData("prev_events")]
    [InlineData("auth_events")]
    [InlineData("hashes")]
    [InlineData("signatures")]
    public void MissingRequiredField_IsMissingField(string field)
    {
        var result = PduParser.Parse(ValidEvent(RoomVersion.V10).Without(field), RoomVersion.V10.Format, PduParseOptions.Federation);

        Assert.Equal("pdu.missing_field", result.Failure!.Token);
        Assert.Equal("$." + field, result.Failure.Path);
    }

    [Fact]
    public void V1WithoutEventId_IsMissingField()
    {
        var result = PduParser.Parse(ValidEvent(RoomVersion.V1).Without("event_id"), RoomVersion.V1.Format, PduParseOptions.Federation);

        Assert.Equal("pdu.missing_field", result.Failure!.Token);
        Assert.Equal("$.event_id", result.Failure.Path);
    }

    [Fact]
    public void TestInputs_MayOmitHashesAndSignatures()
    {
        var json = ValidEvent(RoomVersion.V10).Without("hashes", "signatures");

        Assert.True(PduParser.Parse(json, RoomVersion.V10.Format, PduParseOptions.TestInput).IsOk);
        Assert.False(PduParser.Parse(json, RoomVersion.V10.Format, PduParseOptions.Federation).IsOk);
    }

    [Theory]
    [InlineData("1", "$.prev_events[0]")]
    [InlineData("6", "$.prev_events[0]")]
    public void ReferenceOfWrongShape_IsWrongType(string versionId, string path)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        // v1–2 want [id, hashes] pairs; v3+ want strings: give each the other's shape.
        var wrongShape = version.Format.ReferencesCarryHashes
            ? (JsonValue)JsonValue.String("$a:example.org")
            : JsonValue.Array(JsonValue.String("$a:example.org"), JsonObject.Empty);

        var result = PduParser.Parse(ValidEvent(version).With("prev_events", JsonValue.Array(wrongShape)), version.Format, PduParseOptions.Federation);

        Assert.Equal("pdu.wrong_type", result.Failure!.Token);
        Assert.Equal(path, result.Failure.Path);
    }

    [Theory]
    [InlineData("sender", "alice", "$.sender")]
    [InlineData("sender", "@alice", "$.sender")]
    [InlineData("room_id", "room:example.org", "$.room_id")]
    [InlineData("event_id", "$no-server", "$.event_id")]
    public void BadIdentifier_IsNamed(string field, string value, string path)
    {
        var result = PduParser.Parse(ValidEvent(RoomVersion.V1).With(field, JsonValue.String(value)), RoomVersion.V1.Format, PduParseOptions.Federation);

        Assert.Equal("pdu.bad_identifier", result.Failure!.Token);
        Assert.Equal(path, result.Failure.Path);
    }

    [Fact]
    public void HistoricalSender_IsAcceptedOverFederation()
    {
        var result = PduParser.Parse(ValidEvent(RoomVersion.V10).With("sender", JsonValue.String("@Ünïcödé User:example.org")), RoomVersion.V10.Format, PduParseOptions.Federation);

        Assert.True(result.IsOk, result.Failure?.ToString());
    }

    [Theory]
    [InlineData("auth_events", 10, true)]
    [InlineData("auth_events", 11, false)]
    [InlineData("prev_events", 20, true)]
    [InlineData("prev_events", 21, false)]
    public void ReferenceCountLimits(string field, int count, bool ok)
    {
        var ids = Enumerable.Range(0, count).Select(i => (JsonValue)JsonValue.String("$" + i.ToString("D43", System.Globalization.CultureInfo.InvariantCulture)));
        var result = PduParser.Parse(ValidEvent(RoomVersion.V10).With(field, JsonValue.Array(ids)), RoomVersion.V10.Format, PduParseOptions.Federation);

        Assert.Equal(ok, result.IsOk);
        if (!ok) Assert.Equal(field == "auth_events" ? "pdu.too_many_auth_events" : "pdu.too_many_prev_events", result.Failure!.Token);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("state_key")]
    public void FieldOver255Bytes_IsTooLong(string field)
    {
        var ok = PduParser.Parse(ValidEvent(RoomVersion.V10).With(field, JsonValue.String(new string('é', 127))), RoomVersion.V10.Format, PduParseOptions.Federation);
        var tooLong = PduParser.Parse(ValidEvent(RoomVersion.V10).With(field, JsonValue.String(new string('é', 128))), RoomVersion.V10.Format, PduParseOptions.Federation);

        Assert.True(ok.IsOk, ok.Failure?.ToString());
        Assert.Equal("pdu.field_too_long", tooLong.Failure!.Token);
    }

    [Fact]
    public void EventOver65536Bytes_IsTooLarge()
    {
        var json = ValidEvent(RoomVersion.V10);
        var overhead = EventHashes.CanonicalSize(json.With("content", JsonValue.Object(("body", JsonValue.String("")))));
        var fits = json.With("content", JsonValue.Object(("body", JsonValue.String(new string('x', 65536 - overhead)))));
        var over = json.With("content", JsonValue.Object(("body", JsonValue.String(new string('x', 65537 - overhead)))));

        Assert.Equal(65536, EventHashes.CanonicalSize(fits));
        Assert.True(PduParser.Parse(fits, RoomVersion.V10.Format, PduParseOptions.Federation).IsOk);
        Assert.Equal("pdu.too_large", PduParser.Parse(over, RoomVersion.V10.Format, PduParseOptions.Federation).Failure!.Token);
    }

    [Theory]
    [InlineData("5", 9007199254740992L, true)]
    [InlineData("6", 9007199254740991L, true)]
    [InlineData("6", 9007199254740992L, false)]
    public void Depth_IsBoundedPerVersion(string versionId, long depth, bool ok)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var result = PduParser.Parse(ValidEvent(version).With("depth", JsonValue.Number(depth)), version.Format, PduParseOptions.Federation);

        Assert.Equal(ok, result.IsOk);
    }

    [Theory]
    [InlineData("5", true)]
    [InlineData("6", false)]
    public void FloatInContent_IsRejectedFromV6(string versionId, bool ok)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var content = StrictJsonReader.Parse("""{"body":"x","nested":[{"value":1.5}]}""", JsonReadOptions.Lenient).Value;

        var result = PduParser.Parse(ValidEvent(version).With("content", content), version.Format, PduParseOptions.Federation);

        Assert.Equal(ok, result.IsOk);
        if (!ok)
        {
            Assert.Equal("pdu.not_canonical_json", result.Failure!.Token);
            Assert.Equal("$.content.nested[0].value", result.Failure.Path);
        }
    }

    [Fact]
    public void NonObject_IsNotAnObject()
    {
        foreach (var value in EveryKind.Where(v => v.Kind != JsonKind.Object))
        {
            Assert.Equal("pdu.not_an_object", PduParser.Parse(value, RoomVersion.V10.Format, PduParseOptions.Federation).Failure!.Token);
        }
    }

    [Fact]
    public void SignatureEntriesOfWrongShape_AreWrongType()
    {
        var json = ValidEvent(RoomVersion.V10);
        var bad1 = json.With("signatures", JsonValue.Object(("example.org", JsonValue.String("sig"))));
        var bad2 = json.With("signatures", JsonValue.Object(("example.org", JsonValue.Object(("ed25519:1", JsonValue.Number(1))))));

        Assert.Equal("$.signatures[\"example.org\"]", PduParser.Parse(bad1, RoomVersion.V10.Format, PduParseOptions.Federation).Failure!.Path);
        Assert.Equal("pdu.wrong_type", PduParser.Parse(bad2, RoomVersion.V10.Format, PduParseOptions.Federation).Failure!.Token);
    }

    [Theory]
    [InlineData(null, "pdu.missing_field")]
    [InlineData("x", "pdu.invalid_state_key")]
    public void CreateWithoutEmptyStateKey_IsMalformed(string? stateKey, string token)
    {
        var json = ValidEvent(RoomVersion.V10).With("type", JsonValue.String("m.room.create"));
        json = stateKey is null ? json.Without("state_key") : json.With("state_key", JsonValue.String(stateKey));

        var result = PduParser.Parse(json, RoomVersion.V10.Format, PduParseOptions.Federation);

        Assert.Equal(token, result.Failure!.Token);
        Assert.Equal("$.state_key", result.Failure.Path);
    }

    [Theory]
    [InlineData("10", "$.redacts")]
    [InlineData("11", "$.content.redacts")]
    public void RedactionWithoutRedacts_IsMalformed(string versionId, string path)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var json = ValidEvent(version).With("type", JsonValue.String("m.room.redaction")).Without("state_key");
        var target = JsonValue.String("$" + new string('A', 43));
        var withTarget = version.Format.RedactsInContent
            ? json.With("content", JsonValue.Object(("redacts", target)))
            : json.With("redacts", target);

        Assert.True(PduParser.Parse(withTarget, version.Format, PduParseOptions.Federation).IsOk);
        var missing = PduParser.Parse(json, version.Format, PduParseOptions.Federation);
        Assert.Equal("pdu.missing_field", missing.Failure!.Token);
        Assert.Equal(path, missing.Failure.Path);
        var notAnId = version.Format.RedactsInContent
            ? json.With("content", JsonValue.Object(("redacts", JsonValue.String("not-an-event"))))
            : json.With("redacts", JsonValue.String("not-an-event"));
        Assert.Equal("pdu.bad_identifier", PduParser.Parse(notAnId, version.Format, PduParseOptions.Federation).Failure!.Token);
    }

    /// <summary>
    /// In room versions 1–2 events cite others with their reference hash; a PDU read with its signing bytes keeps the hash of
    /// those bytes, which must be the reference hash of its own JSON, and a copy with other JSON or another format must not
    /// use it; <see cref="PduParser.ParseSigned"/> computes those bytes itself. Room versions 3+ name events by that hash
    /// instead and keep none.
    /// </summary>
    [Theory]
    [InlineData("1", true)]
    [InlineData("2", true)]
    [InlineData("3", false)]
    [InlineData("11", false)]
    public void ReadWithItsSigningBytes_KnowsItsReferenceHashInVersionsOneAndTwo(string id, bool known)
    {
        var version = RoomVersionRegistry.Lookup(id).Value;
        var signed = EventSigning.SignEvent(ValidEvent(version).Without("hashes", "signatures"), version.Format, "example.org", TestKeys.Of(TestServers.Home), out var signingBytes);

        var pdu = PduParser.Parse(signed, version.Format, PduParseOptions.Federation, signingBytes).Value;

        var expected = UnpaddedBase64.Encode(EventHashes.ReferenceHash(signed, version.Format));
        Assert.Equal(known ? expected : null, pdu.KnownReferenceHash(version.Format));
        var readAsSigned = PduParser.ParseSigned(signed, version.Format).Value;
        Assert.Equal(known ? expected : null, readAsSigned.KnownReferenceHash(version.Format));
        Assert.Equal(pdu.EventId, readAsSigned.EventId);
        Assert.Null(pdu.KnownReferenceHash(RoomVersion.V11.Format));
        Assert.Null((pdu with { Json = signed.With("depth", JsonValue.Number(2)) }).KnownReferenceHash(version.Format));
        Assert.Null(PduParser.Parse(signed, version.Format, PduParseOptions.Federation).Value.KnownReferenceHash(version.Format));
    }

    [Fact]
    public void ABatchMemo_ReadsEveryEventAsItWouldBeReadAlone()
    {
        // Events naming themselves and citing each other with IDs of the version's own format, readable test names and
        // texts that are no event ID, drawn in an order fixed by a seed: read in turn with one memo for the batch and each
        // without one, every event must give the same IDs, or the same failure. In room versions 1-2 an event's own ID
        // must be of the version's format even when an earlier citation read the same text as a test name.
        string[] ids = ["$a:example.org", "$b:example.org", "$CREATE", "$x", "nope", "$c:example.org:8448", "$" + new string('A', 43), "$" + new string('-', 43), ""];
        var random = new Random(5);
        foreach (var version in new[] { RoomVersion.V1, RoomVersion.V2, RoomVersion.V10 })
        {
            var read = 0;
            for (var batch = 0; batch < 60; batch++)
            {
                var memo = new PduParseMemo(4);
                for (var e = 0; e < 8; e++)
                {
                    var cited = Enumerable.Range(0, random.Next(0, 4)).Select(_ => JsonValue.String(ids[random.Next(ids.Length)]))
                        .Select(id => version.Format.ReferencesCarryHashes ? (JsonValue)JsonValue.Array(id, JsonObject.Empty) : id);
                    var json = ValidEvent(version).With("event_id", JsonValue.String(ids[random.Next(ids.Length)])).With("prev_events", JsonValue.Array(cited));
                    var alone = PduParser.Parse(json, version.Format, PduParseOptions.TestInput);
                    var batched = PduParser.Parse(json, version.Format, PduParseOptions.TestInput, memo);
                    Assert.Equal(alone.IsOk, batched.IsOk);
                    if (!alone.IsOk)
                    {
                        Assert.Equal((alone.Failure!.Token, alone.Failure.Path, alone.Failure.Message), (batched.Failure!.Token, batched.Failure.Path, batched.Failure.Message));
                        continue;
                    }
                    Assert.Equal((alone.Value.EventId.Value, alone.Value.EventId.Format), (batched.Value.EventId.Value, batched.Value.EventId.Format));
                    Assert.Equal(alone.Value.PrevEvents.Select(id => (id.Value, id.Format)), batched.Value.PrevEvents.Select(id => (id.Value, id.Format)));
                    read++;
                }
            }
            // Both outcomes occur often enough for the comparison to mean something.
            Assert.InRange(read, 40, 440);
        }
    }

    internal static JsonObject ValidEvent(RoomVersion version)
    {
        var json = EventIdTests.SampleEvent(version, 1000)
            .With("hashes", JsonValue.Object(("sha256", JsonValue.String("abc"))))
            .With("signatures", JsonValue.Object(("example.org", JsonValue.Object(("ed25519:1", JsonValue.String("sig"))))))
            .With("state_key", JsonValue.String(""));
        return json;
    }
}
