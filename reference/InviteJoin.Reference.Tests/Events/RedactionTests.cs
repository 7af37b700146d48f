using CsCheck;
using InviteJoin.Generators.Json;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// The redaction algorithm for every room version 1–12, checked against the keep-lists written out
/// here from the spec (spec v1.19, room versions 1–12, "Redactions"; MSC2176, MSC3083, MSC3375, MSC3821, MSC3989).
/// </summary>
public sealed class RedactionTests
{
    private static readonly string[] AllTopLevel =
    [
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth",
        "prev_events", "auth_events", "origin_server_ts", "prev_state", "origin", "membership", "redacts", "unsigned", "age_ts", "custom",
    ];

    private static readonly string[] EssentialTopLevel =
    [
        "auth_events", "content", "depth", "event_id", "hashes", "origin_server_ts", "prev_events", "room_id", "sender", "signatures", "state_key", "type",
    ];

    // Per event type: every content key the test event carries.
    private static readonly (string Type, string[] Keys)[] ContentByType =
    [
        ("m.room.member", ["membership", "join_authorised_via_users_server", "third_party_invite", "displayname", "avatar_url"]),
        ("m.room.create", ["creator", "m.federate", "room_version", "predecessor", "additional_creators", "type"]),
        ("m.room.join_rules", ["join_rule", "allow", "extra"]),
        ("m.room.power_levels", ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default", "notifications"]),
        ("m.room.aliases", ["aliases", "extra"]),
        ("m.room.history_visibility", ["history_visibility", "extra"]),
        ("m.room.redaction", ["redacts", "reason"]),
        ("m.room.message", ["body", "msgtype"]),
        ("m.room.topic", ["topic"]),
    ];

    /// <summary>The content keys the spec keeps, as its redaction sections list them per version.</summary>
    private static string[] ExpectedContentKeys(int version, string type) => type switch
    {
        "m.room.member" => version >= 9 ? ["membership", "join_authorised_via_users_server"] : ["membership"],
        "m.room.create" => version >= 11 ? ["creator", "m.federate", "room_version", "predecessor", "additional_creators", "type"] : ["creator"],
        "m.room.join_rules" => version >= 8 ? ["join_rule", "allow"] : ["join_rule"],
        "m.room.power_levels" => version >= 11
            ? ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default"]
            : ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"],
        "m.room.aliases" => version <= 5 ? ["aliases"] : [],
        "m.room.history_visibility" => ["history_visibility"],
        "m.room.redaction" => version >= 11 ? ["redacts"] : [],
        _ => [],
    };

    public static TheoryData<int, string> VersionsAndTypes()
    {
        var data = new TheoryData<int, string>();
        for (var v = 1; v <= 12; v++)
        {
            foreach (var (type, _) in ContentByType) data.Add(v, type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VersionsAndTypes))]
    public void Redact_KeepsExactlyTheSpecKeys(int version, string type)
    {
        var format = RoomVersionRegistry.Lookup(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value.Format;
        var contentKeys = ContentByType.Single(t => t.Type == type).Keys;
        var content = JsonValue.Object(contentKeys.Select(k => (k, k == "third_party_invite" ? ThirdPartyInvite() : (JsonValue)JsonValue.String("value-of-" + k))).ToArray());
        var @event = JsonValue.Object(AllTopLevel.Select(k => (k, k switch
        {
            "type" => JsonValue.String(type),
            "content" => content,
            _ => (JsonValue)JsonValue.String("value-of-" + k),
        })).ToArray());

        var redacted = Redaction.Redact(@event, format.Redaction);

        var expectedTop = version >= 11 ? EssentialTopLevel : [.. EssentialTopLevel, "prev_state", "origin", "membership"];
        Assert.Equal(expectedTop.Order(StringComparer.Ordinal), redacted.Keys.Order(StringComparer.Ordinal));
        var redactedContent = Assert.IsType<JsonObject>(redacted["content"]);
        var expectedContent = ExpectedContentKeys(version, type).ToList();
        if (version >= 11 && type == "m.room.member") expectedContent.Add("third_party_invite");
        Assert.Equal(expectedContent.Order(StringComparer.Ordinal), redactedContent.Keys.Order(StringComparer.Ordinal));
        // Kept values are kept unchanged (third_party_invite is reduced; see the test below).
        foreach (var key in expectedContent.Where(k => k != "third_party_invite"))
        {
            Assert.Equal(content[key], redactedContent[key]);
        }
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    [InlineData(12, true)]
    public void ThirdPartyInvite_KeepsOnlySignedFromV11(int version, bool kept)
    {
        var format = RoomVersionRegistry.Lookup(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Value.Format;
        var @event = JsonValue.Object(("type", JsonValue.String("m.room.member")), ("content", JsonValue.Object(("membership", JsonValue.String("invite")), ("third_party_invite", ThirdPartyInvite()))));

        var content = (JsonObject)Redaction.Redact(@event, format.Redaction)["content"]!;

        if (kept)
        {
            var tpi = Assert.IsType<JsonObject>(content["third_party_invite"]);
            Assert.Equal(["signed"], tpi.Keys);
            Assert.Equal(((JsonObject)ThirdPartyInvite())["signed"], tpi["signed"]);
        }
        else
        {
            Assert.False(content.ContainsKey("third_party_invite"));
        }
    }

    [Fact]
    public void ThirdPartyInviteWithoutSigned_BecomesEmptyObjectInV11()
    {
        var @event = JsonValue.Object(("type", JsonValue.String("m.room.member")), ("content", JsonValue.Object(("membership", JsonValue.String("invite")), ("third_party_invite", JsonValue.Object(("display_name", JsonValue.String("x")))))));

        var content = (JsonObject)Redaction.Redact(@event, RoomVersion.V11.Format.Redaction)["content"]!;

        Assert.Equal(JsonObject.Empty, content["third_party_invite"]);
    }

    [Fact]
    public void EventWithoutContent_StaysWithoutContent()
    {
        var @event = JsonValue.Object(("type", JsonValue.String("m.room.member")), ("sender", JsonValue.String("@a:x")));

        var redacted = Redaction.Redact(@event, RoomVersion.V1.Format.Redaction);

        Assert.False(redacted.ContainsKey("content"));
        Assert.True(redacted.ContainsKey("sender"));
    }

    [Fact]
    public void NonObjectContent_BecomesEmptyObject()
    {
        var @event = JsonValue.Object(("type", JsonValue.String("m.room.topic")), ("content", JsonValue.String("not an object")));

        var redacted = Redaction.Redact(@event, RoomVersion.V6.Format.Redaction);

        Assert.Equal(JsonObject.Empty, redacted["content"]);
    }

    [Fact]
    public void Redaction_IsIdempotent()
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            foreach (var (type, keys) in ContentByType)
            {
                var @event = JsonValue.Object(("type", JsonValue.String(type)), ("origin", JsonValue.String("x")), ("content", JsonValue.Object(keys.Select(k => (k, (JsonValue)JsonValue.Number(1))).ToArray())));
                var once = Redaction.Redact(@event, version.Format.Redaction);
                Assert.Equal(once, Redaction.Redact(once, version.Format.Redaction));
            }
        }
    }

    /// <summary>
    /// The signing bytes are written from the event without building its redacted form; they must be, byte for byte, the
    /// canonical JSON of <see cref="Redaction.Redact"/>'s answer without signatures and unsigned — on events of every type
    /// the keep-lists name and others, with content that is an object, something else or absent, a third-party invite
    /// with and without signed, and values of any JSON shape.
    /// </summary>
    [Fact]
    public void SigningBytes_AreTheRedactedEventsCanonicalJson()
    {
        var values = JsonValueGenerators.Value(JsonGenerationLimits.Default, JsonValueGenerators.AnyNumber);
        var types = Pick<string?>([.. ContentByType.Select(t => (string?)t.Type), "m.custom", null]);
        var contentKeys = ContentByType.SelectMany(t => t.Keys).Append("signed").Distinct().ToArray();
        var member = Gen.Select(Pick(contentKeys), Gen.Frequency((4, values), (1, values.Array[0, 3].Select(v => (JsonValue)JsonValue.Object(v.Select((x, i) => (i == 0 ? "signed" : "other" + i, x)).ToArray())))),
            (k, v) => (k, v));
        var content = Gen.Frequency(
            (6, member.Array[0, 8].Select(ms => (JsonValue)JsonValue.Object(ms))),
            (1, values));
        var @event = Gen.Select(Pick(RoomVersionRegistry.All.ToArray()), types, Gen.Frequency((6, content.Select(c => (JsonValue?)c)), (1, Gen.Const((JsonValue?)null))), Pick(AllTopLevel).Array[0, AllTopLevel.Length], values,
            (version, type, body, top, filler) => (version, JsonValue.Object([
                .. top.Where(k => k is not ("type" or "content")).Select(k => (k, filler)),
                .. type is null ? [] : new[] { ("type", (JsonValue)JsonValue.String(type)) },
                .. body is null ? [] : new[] { ("content", body) },
            ])));
        @event.Sample(pair =>
        {
            var (version, json) = pair;
            var expected = CanonicalJson.EncodeWithout(Redaction.Redact(json, version.Format.Redaction), "signatures", "unsigned");
            Assert.Equal(expected, EventHashes.RedactedSigningBytes(json, version.Format));
        }, iter: 3_000, print: pair => pair.version.Id + " " + CanonicalJson.EncodeToString(pair.Item2));
    }

    private static Gen<T> Pick<T>(T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static JsonValue ThirdPartyInvite() => JsonValue.Object(
        ("display_name", JsonValue.String("alice")),
        ("signed", JsonValue.Object(("mxid", JsonValue.String("@alice:example.org")), ("token", JsonValue.String("abc")))));
}
