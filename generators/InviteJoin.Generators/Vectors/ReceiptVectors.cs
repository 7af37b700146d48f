using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>receipt</c> suite (spec v1.19, server-server API "Checks performed on receipt of a PDU" 1–6, "Validating hashes
/// and signatures on received events", "Rejection", "Soft failure"): in every room version, really signed events that
/// fail each check in turn — format, signatures, content hash (redacted, then checked on), the auth events, the state
/// before, the current state — and events that pass them all. Each case declares the verdict and the deciding stage.
/// </summary>
public static class ReceiptVectors
{
    private const string Suite = "receipt";
    private const string Written = "written for InviteJoin's vectors";

    public static IEnumerable<VectorSource> Cases()
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            foreach (var c in ForVersion(version)) yield return c;
        }
    }

    private static IEnumerable<VectorSource> ForVersion(RoomVersion version)
    {
        var group = "v" + version.Id;
        var room = SignedRoom.Create(version);
        room.Member(SignedRoom.Bob, SignedRoom.Bob, "join");
        var joined = room.State;
        var held = room.Events.ToList();
        var message = JsonValue.Object(("body", JsonValue.String("hello")), ("msgtype", JsonValue.String("m.text")));

        VectorSource Case(string name, JsonObject @event, IReadOnlyList<Pdu> holding, ImmutableSortedDictionary<StateKey, Pdu> before, string verdict, string stage,
            string comment, ImmutableSortedDictionary<StateKey, Pdu>? current = null, bool redacted = false, IEnumerable<string>? rejected = null,
            JsonObject? keys = null, params string[] flags)
        {
            var request = JsonValue.Object(
                ("room_version", JsonValue.String(version.Id)),
                ("event", @event),
                ("verify_keys", keys ?? SignedRoom.VerifyKeys),
                ("auth_events", JsonValue.Array(holding.Select(p => (JsonValue)p.Json))),
                ("state_before", Ids(before)));
            if (current is not null) request = request.With("current_state", Ids(current));
            if (rejected is not null) request = request.With("rejected", JsonValue.Array(rejected.Select(id => (JsonValue)JsonValue.String(id))));
            var declared = Declared.Keys(JsonValue.Object(("verdict", JsonValue.String("receipt." + verdict)), ("stage", JsonValue.String(stage)), ("redacted", JsonValue.Bool(redacted))));
            var allFlags = flags.ToList();
            if (verdict is "dropped" or "rejected" or "soft_failed" && !allFlags.Contains("hash_mismatch")) allFlags.Add("auth_bypass");
            if (verdict == "accepted") allFlags.Add("wrongful_rejection");
            return new VectorSource(Suite, group, $"{Suite}/{group}/{name}", version.Id, [], [.. allFlags], comment, request, declared, Written, null);
        }

        // 1–6 passed.
        yield return Case("accepted/message", room.Write(SignedRoom.Bob, "m.room.message", null, message), held, joined, "accepted", "receipt.current_state",
            "Bob, joined, says hello: every check passes");
        var carolJoin = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("join"));
        yield return Case("accepted/join-public", carolJoin, held, joined, "accepted", "receipt.current_state", "Carol joins the public room");

        // 1. Format.
        var noType = room.Write(SignedRoom.Bob, "m.room.message", null, message).Without("type");
        yield return Case("format/missing-type", noType, held, joined, "dropped", "receipt.format", "the event has no type", flags: "bad_input");
        if (version.Format.StrictCanonicalJson)
        {
            var fraction = room.Write(SignedRoom.Bob, "m.room.message", null, message.With("n", JsonValue.Number(1)))
                .With("content", message.With("n", JsonNumber.FromFraction(1.5)));
            yield return Case("format/fraction-in-content", fraction, held, joined, "dropped", "receipt.format",
                "a number with a fraction: room versions 6 and later require canonical JSON", flags: "bad_input");
        }

        // 2. Signatures.
        var unsigned = room.Write(SignedRoom.Bob, "m.room.message", null, message).With("signatures", JsonObject.Empty);
        yield return Case("signatures/none", unsigned, held, joined, "dropped", "receipt.signatures", "the event's signatures are empty", flags: "signature_forgery");
        var wrongKey = Resign(room.Write(SignedRoom.Bob, "m.room.message", null, message), version, SignedRoom.B, SignedRoom.Keys[SignedRoom.C]);
        yield return Case("signatures/wrong-key", wrongKey, held, joined, "dropped", "receipt.signatures",
            "signed under b.example's key ID with another server's key", flags: "signature_forgery");
        var withoutB = JsonValue.Object(SignedRoom.VerifyKeys.Where(k => k.Key != SignedRoom.B));
        yield return Case("signatures/no-known-key", room.Write(SignedRoom.Bob, "m.room.message", null, message), held, joined, "dropped", "receipt.signatures",
            "the receiver knows no key of b.example", keys: withoutB);
        var membershipChanged = room.Write(SignedRoom.Bob, EventTypes.Member, SignedRoom.Bob, SignedRoom.Membership("join"));
        membershipChanged = membershipChanged.With("content", SignedRoom.Membership("leave"));
        yield return Case("signatures/kept-content-changed", membershipChanged, held, joined, "dropped", "receipt.signatures",
            "membership changed after signing: the redacted form the signature covers changed", flags: "signature_forgery");
        if (version.Format.EventIdInPdu)
        {
            var foreignId = room.Write(SignedRoom.Bob, "m.room.message", null, message);
            foreignId = Resign(foreignId.With("event_id", JsonValue.String("$foreign:c.example")), version, SignedRoom.B, SignedRoom.Keys[SignedRoom.B]);
            yield return Case("signatures/event-id-server-missing", foreignId, held, joined, "dropped", "receipt.signatures",
                "room versions 1–2: the event ID names c.example, which did not sign", flags: "signature_forgery");
        }

        // 3. Content hash: a mismatch redacts, and the checks go on with the redacted event.
        var body = room.Write(SignedRoom.Bob, "m.room.message", null, message);
        body = body.With("content", message.With("body", JsonValue.String("altered")));
        yield return Case("hashes/message-altered", body, held, joined, "accepted", "receipt.current_state",
            "the body changed after signing: the content hash fails, the event is redacted and accepted", redacted: true, flags: "hash_mismatch");
        var name = room.Write(SignedRoom.Bob, EventTypes.Member, SignedRoom.Bob, SignedRoom.Membership("join").With("displayname", JsonValue.String("Bob")));
        name = name.With("content", SignedRoom.Membership("join").With("displayname", JsonValue.String("Mallory")));
        yield return Case("hashes/displayname-altered", name, held, joined, "accepted", "receipt.current_state",
            "a display name changed after signing: redacted to the bare join, which is allowed", redacted: true, flags: "hash_mismatch");

        // 4. The event's own auth events.
        var carolSays = room.Write(SignedRoom.Carol, "m.room.message", null, message);
        yield return Case("auth_events/sender-not-joined", carolSays, held, joined, "rejected", "receipt.auth_events",
            "Carol, who never joined, sends a message");
        var bobJoin = room.Events[^1];
        yield return Case("auth_events/rejected-auth-event", room.Write(SignedRoom.Bob, "m.room.message", null, message), held, joined, "rejected", "receipt.auth_events",
            "Bob's join, which the message cites, was rejected on receipt", rejected: [bobJoin.EventId.Value], flags: "rejected_events");
        var missing = held.Where(p => !p.EventId.Equals(bobJoin.EventId)).ToList();
        yield return Case("auth_events/not-held", room.Write(SignedRoom.Bob, "m.room.message", null, message), missing, joined.Remove(new StateKey(EventTypes.Member, SignedRoom.Bob)),
            "rejected", "receipt.auth_events", "the receiver does not hold Bob's join, which the message cites (it would fetch it first; here it cannot)");

        // 5 and 6: a ban the message does not cite.
        var banned = SignedRoom.Create(version);
        banned.Member(SignedRoom.Bob, SignedRoom.Bob, "join");
        var beforeBan = banned.State;
        var spoken = banned.Write(SignedRoom.Bob, "m.room.message", null, message);
        banned.Member(SignedRoom.Alice, SignedRoom.Bob, "ban");
        var heldBan = banned.Events.ToList();
        yield return Case("state_before/banned", spoken, heldBan, banned.State, "rejected", "receipt.state_before",
            "the message cites Bob's join, but the state before it has Bob banned");
        yield return Case("current_state/banned-since", spoken, heldBan, beforeBan, "soft_failed", "receipt.current_state",
            "the state before the message has Bob joined; the current state has him banned since: soft failed", current: banned.State);

        // Restricted joins: the authorising server's signature (room versions 8+).
        if (version.RestrictedJoins)
        {
            var restricted = SignedRoom.Create(version, "restricted");
            var through = JsonValue.Object(("membership", JsonValue.String("join")), ("join_authorised_via_users_server", JsonValue.String(SignedRoom.Alice)));
            var join = restricted.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, through);
            var both = EventSigning.SignEvent(join, version.Format, SignedRoom.A, SignedRoom.Keys[SignedRoom.A]);
            yield return Case("auth_events/restricted-authorised", both, [.. restricted.Events], restricted.State, "accepted", "receipt.current_state",
                "Carol joins a restricted room through Alice, and a.example signed the join too");
            yield return Case("auth_events/restricted-unsigned-by-authoriser", join, [.. restricted.Events], restricted.State, "rejected", "receipt.auth_events",
                "Carol's join names Alice as authoriser, but a.example did not sign it", flags: "signature_forgery");
        }
    }

    private static JsonArray Ids(ImmutableSortedDictionary<StateKey, Pdu> state) =>
        JsonValue.Array(state.Values.Select(p => (JsonValue)JsonValue.String(p.EventId.Value)));

    // The event signed again, by one server with one key, and no other signature.
    private static JsonObject Resign(JsonObject @event, RoomVersion version, string server, Ed25519SigningKey key) =>
        EventSigning.SignEvent(@event.Without("signatures"), version.Format, server, key);
}
