using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>One sample event of a room version: a name, the event, and what it shows.</summary>
public sealed record EventSample(string Name, JsonObject Event, string Comment, ImmutableArray<string> Flags);

/// <summary>
/// Sample events of every type the redaction algorithms treat apart, in the format of a room version, each with
/// keys the algorithm keeps and keys it removes (top level and content), signed by <c>example.com</c> with a fixed
/// key so their hashes and IDs are reproducible. Shared by the <c>event_id</c> and <c>redaction</c> suites.
/// </summary>
public static class EventSamples
{
    private const string Server = "example.com";
    private const string Alice = "@alice:example.com";
    private const string Bob = "@bob:example.com";
    private static readonly Ed25519SigningKey Key = VectorKeys.Filled(0x5A);

    /// <summary>The samples of <paramref name="version"/>, in a fixed order.</summary>
    public static ImmutableArray<EventSample> For(RoomVersion version)
    {
        var format = version.Format;
        var samples = ImmutableArray.CreateBuilder<EventSample>();
        var createContent = JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("m.federate", JsonValue.Bool(true)), ("extra", JsonValue.String("kept from room version 11")));
        if (version.CreatorInContent) createContent = createContent.With("creator", JsonValue.String(Alice));
        var create = Signed(Base(version, "create", "m.room.create", "", Alice, createContent, [], [], 1), version);
        var roomId = version.RoomIdIsCreateEventHash ? "!" + EventHashes.ComputeEventId(create, format).Value.Value[1..] : "!room:example.com";
        var createId = Id(create, version);
        samples.Add(new EventSample("create", create, "the create event", []));

        JsonObject Event(string name, string type, string? stateKey, string sender, JsonObject content, int depth, JsonObject? extra = null)
        {
            var auth = version.CreateEventInAuthEvents ? new[] { createId } : [];
            var json = Base(version, name, type, stateKey, sender, content, [createId], auth, depth).With("room_id", JsonValue.String(roomId));
            foreach (var (key, value) in extra ?? JsonObject.Empty) json = json.With(key, value);
            return Signed(json, version);
        }

        var topLevelExtras = JsonValue.Object(
            ("origin", JsonValue.String(Server)),
            ("membership", JsonValue.String("join")),
            ("prev_state", JsonArray.Empty),
            ("unsigned", JsonValue.Object(("age", JsonValue.Number(5)))),
            ("extra_top_level", JsonValue.String("never kept")));
        samples.Add(new EventSample("member-join", Event("member", "m.room.member", Alice, Alice,
            JsonValue.Object(("membership", JsonValue.String("join")), ("displayname", JsonValue.String("Alice")), ("join_authorised_via_users_server", JsonValue.String(Bob))), 2, topLevelExtras),
            "a join with a display name, an authorising user and the top-level keys older algorithms keep (origin, membership, prev_state)", []));
        var signedInvite = JsonValue.Object(
            ("mxid", JsonValue.String(Bob)),
            ("token", JsonValue.String("abc")),
            ("signatures", JsonValue.Object((Server, JsonValue.Object(("ed25519:0", JsonValue.String("c2ln")))))));
        var thirdPartyInvite = JsonValue.Object(("display_name", JsonValue.String("bob")), ("signed", signedInvite));
        samples.Add(new EventSample("member-third-party", Event("tpi", "m.room.member", Bob, Alice,
            JsonValue.Object(("membership", JsonValue.String("invite")), ("third_party_invite", thirdPartyInvite)), 3),
            "an invite from a third-party invite: room version 11 keeps only third_party_invite.signed", []));
        samples.Add(new EventSample("power-levels", Event("power", "m.room.power_levels", "", Alice,
            JsonValue.Object(
                ("ban", JsonValue.Number(50)), ("events", JsonValue.Object(("m.room.name", JsonValue.Number(50)))), ("events_default", JsonValue.Number(0)),
                ("invite", JsonValue.Number(0)), ("kick", JsonValue.Number(50)), ("notifications", JsonValue.Object(("room", JsonValue.Number(50)))),
                ("redact", JsonValue.Number(50)), ("state_default", JsonValue.Number(50)), ("users", JsonValue.Object((Alice, JsonValue.Number(100)))),
                ("users_default", JsonValue.Number(0)), ("extra", JsonValue.Bool(true))), 4),
            "every power-levels key: invite is kept from room version 11, notifications never", []));
        samples.Add(new EventSample("join-rules", Event("join_rules", "m.room.join_rules", "", Alice,
            JsonValue.Object(("join_rule", JsonValue.String("restricted")),
                ("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String("!other:example.com"))))),
                ("extra", JsonValue.Number(1))), 5),
            "restricted join rules: allow is kept from room version 8", []));
        samples.Add(new EventSample("history-visibility", Event("history", "m.room.history_visibility", "", Alice,
            JsonValue.Object(("history_visibility", JsonValue.String("shared")), ("extra", JsonValue.Number(1))), 6), "history visibility", []));
        samples.Add(new EventSample("aliases", Event("aliases", "m.room.aliases", Server, Alice,
            JsonValue.Object(("aliases", JsonValue.Array(JsonValue.String("#a:example.com"))), ("extra", JsonValue.Number(1))), 7),
            "aliases: their content is kept only up to room version 5", []));
        var redactionContent = JsonValue.Object(("reason", JsonValue.String("spam")), ("redacts", JsonValue.String(Id(create, version))));
        samples.Add(new EventSample("redaction", Event("redaction", "m.room.redaction", null, Alice, redactionContent, 8,
            JsonValue.Object(("redacts", JsonValue.String(Id(create, version))))),
            "a redaction with redacts both at the top level and in content: room version 11 moved it into content", []));
        samples.Add(new EventSample("message", Event("message", "m.room.message", null, Bob,
            JsonValue.Object(("body", JsonValue.String("héllo 😀")), ("msgtype", JsonValue.String("m.text"))), 9), "a message: all its content goes", ["edge_case"]));
        samples.Add(new EventSample("custom-state", Event("custom", "org.example.custom", "key", Alice,
            JsonValue.Object(("membership", JsonValue.String("join")), ("join_rule", JsonValue.String("public"))), 10),
            "a custom state event whose content happens to use keys other types keep: all of it goes", []));
        return samples.ToImmutable();
    }

    private static JsonObject Base(RoomVersion version, string name, string type, string? stateKey, string sender, JsonObject content, string[] prev, string[] auth, int depth)
    {
        var json = JsonValue.Object(
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(depth)),
            ("origin_server_ts", JsonValue.Number(1_700_000_000_000 + depth)),
            ("prev_events", References(prev, version)),
            ("auth_events", References(auth, version)));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        if (version.Format.EventIdInPdu) json = json.With("event_id", JsonValue.String("$" + name + ":" + Server));
        if (!version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String("!room:example.com"));
        return json;
    }

    private static JsonArray References(string[] ids, RoomVersion version) =>
        JsonValue.Array(ids.Select(id => version.Format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(id), JsonValue.Object(("sha256", JsonValue.String("aGFzaA"))))
            : (JsonValue)JsonValue.String(id)));

    private static JsonObject Signed(JsonObject json, RoomVersion version) => EventSigning.SignEvent(json, version.Format, Server, Key);

    private static string Id(JsonObject json, RoomVersion version) =>
        version.Format.EventIdInPdu ? ((JsonString)json["event_id"]!).Value : EventHashes.ComputeEventId(json, version.Format).Value.Value;
}
