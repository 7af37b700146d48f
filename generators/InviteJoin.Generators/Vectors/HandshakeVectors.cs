using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>handshake</c> suite: one request of a handshake each, answered by a.example, resident in rooms of really
/// signed events (or, for <c>invite</c>, by the invitee's server c.example): make_join and send_join in public,
/// invite-only and restricted rooms (room-version negotiation, <c>omit_members</c>, the authorising user), make_knock
/// and send_knock, make_leave and send_leave, invites with stripped state, and third-party invite exchanges; each
/// succeeding, or refused with the status and errcode the spec gives. The answers come from the reference's endpoint
/// handlers, so the suite follows them.
/// </summary>
public static class HandshakeVectors
{
    private const string Suite = "handshake";
    private const string Written = "written for InviteJoin's vectors";
    private const long Now = 1_700_000_100_000;

    // A status the spec does not fix: the case records the reference's answer without declaring one.
    private const int Undeclared = -1;

    public static IEnumerable<VectorSource> Cases()
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            foreach (var c in Joins(version)) yield return c;
            if (version.Knocking) foreach (var c in Knocks(version)) yield return c;
            if (version.RestrictedJoins) foreach (var c in Restricted(version)) yield return c;
            foreach (var c in Leaves(version)) yield return c;
            foreach (var c in Invites(version)) yield return c;
        }
        foreach (var c in ThirdPartyExchanges(RoomVersion.V10)) yield return c;
    }

    private static IEnumerable<VectorSource> Joins(RoomVersion version)
    {
        var room = SignedRoom.Create(version);
        var v = version.Id;
        var other = v == "1" ? "2" : "1";
        yield return Make(version, "make_join/public", room, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 200, null, "Carol asks a.example for a join template of a public room");
        yield return Make(version, "make_join/incompatible-version", room, "make_join", SignedRoom.C, SignedRoom.Carol, [other], 400, "M_INCOMPATIBLE_ROOM_VERSION",
            $"Carol's server supports only room version {other}");
        yield return Make(version, "make_join/no-ver", room, "make_join", SignedRoom.C, SignedRoom.Carol, null, v == "1" ? 200 : 400, v == "1" ? null : "M_INCOMPATIBLE_ROOM_VERSION",
            "no ver: the requesting server supports room version 1 only", "edge_case");
        yield return Make(version, "make_join/user-not-on-origin", room, "make_join", SignedRoom.B, SignedRoom.Carol, [v], 403, "M_FORBIDDEN",
            "b.example asks for a template for Carol, a user of c.example");
        yield return Make(version, "make_join/unknown-room", room, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 404, "M_NOT_FOUND", "a room a.example does not know",
            roomId: "!unknown:a.example");

        var invite = SignedRoom.Create(version, "invite");
        yield return Make(version, "make_join/invite-only-not-invited", invite, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 403, "M_FORBIDDEN",
            "an invite-only room, and Carol is not invited");
        var invited = SignedRoom.Create(version, "invite");
        invited.Member(SignedRoom.Alice, SignedRoom.Carol, "invite");
        yield return Make(version, "make_join/invite-only-invited", invited, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 200, null,
            "an invite-only room, and Alice invited Carol");
        var banned = SignedRoom.Create(version);
        banned.Member(SignedRoom.Alice, SignedRoom.Carol, "ban");
        yield return Make(version, "make_join/banned", banned, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 403, "M_FORBIDDEN", "Carol is banned");
        var left = SignedRoom.Create(version);
        left.Member(SignedRoom.Bob, SignedRoom.Bob, "join");
        left.Member(SignedRoom.Alice, SignedRoom.Alice, "leave");
        yield return Make(version, "make_join/not-resident", left, "make_join", SignedRoom.C, SignedRoom.Carol, [v], Undeclared, null,
            "a.example's only user has left: it holds the room's history but is not resident (B31); the spec names no status for this, the reference answers as for a room it does not know");

        // send_join.
        var join = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("join"));
        var joinId = room.Parse(join).EventId.Value;
        yield return Send(version, "send_join/public", room, "send_join", SignedRoom.C, joinId, join, 200, null, "Carol's signed join of a public room", flags: "liveness");
        yield return Send(version, "send_join/omit-members", room, "send_join", SignedRoom.C, joinId, join, 200, null,
            "the same join with omit_members=true: the answer may leave out the members' events", omitMembers: "true");
        yield return Send(version, "send_join/event-id-mismatch", room, "send_join", SignedRoom.C, "$not-the-join" + (version.Format.EventIdInPdu ? ":c.example" : ""), join, 400, null,
            "the path names another event ID than the join's");
        yield return Send(version, "send_join/sender-not-on-origin", room, "send_join", SignedRoom.B, joinId, join, 400, "M_INVALID_PARAM",
            "b.example submits a join of Carol's");
        var tampered = join.With("signatures", JsonValue.Object((SignedRoom.C, JsonValue.Object(("ed25519:1", JsonValue.String(UnpaddedBase64.Encode(new byte[64])))))));
        yield return Send(version, "send_join/bad-signature", room, "send_join", SignedRoom.C, joinId, tampered, 400, "M_INVALID_PARAM",
            "the join's signature is not c.example's", flags: "signature_forgery");
        var leave = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("leave"));
        yield return Send(version, "send_join/not-a-join", room, "send_join", SignedRoom.C, room.Parse(leave).EventId.Value, leave, 400, "M_INVALID_PARAM",
            "a leave submitted to send_join");
        var uninvited = invite.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("join"));
        yield return Send(version, "send_join/invite-only-not-invited", invite, "send_join", SignedRoom.C, invite.Parse(uninvited).EventId.Value, uninvited, 403, "M_FORBIDDEN",
            "Carol's join of an invite-only room she was not invited to");
    }

    private static IEnumerable<VectorSource> Knocks(RoomVersion version)
    {
        var v = version.Id;
        var room = SignedRoom.Create(version, "knock");
        yield return Make(version, "make_knock/knock-room", room, "make_knock", SignedRoom.C, SignedRoom.Carol, [v], 200, null, "Carol asks to knock on a room whose join rule is knock");
        var open = SignedRoom.Create(version);
        yield return Make(version, "make_knock/public-room", open, "make_knock", SignedRoom.C, SignedRoom.Carol, [v], 403, "M_FORBIDDEN", "a public room: knocking is not allowed");
        var knock = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("knock"));
        yield return Send(version, "send_knock/knock-room", room, "send_knock", SignedRoom.C, room.Parse(knock).EventId.Value, knock, 200, null,
            "Carol's signed knock: the answer carries the room's stripped state");
        var wrong = open.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("knock"));
        yield return Send(version, "send_knock/public-room", open, "send_knock", SignedRoom.C, open.Parse(wrong).EventId.Value, wrong, 403, "M_FORBIDDEN",
            "a knock on a public room");
    }

    private static IEnumerable<VectorSource> Restricted(RoomVersion version)
    {
        var v = version.Id;
        var allowed = SignedRoom.Create(version, tag: "allowed");
        allowed.Member(SignedRoom.Carol, SignedRoom.Carol, "join");
        var room = SignedRoom.Create(version, "restricted");
        var rule = JsonValue.Object(("join_rule", JsonValue.String("restricted")), ("allow", JsonValue.Array(JsonValue.Object(
            ("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(allowed.RoomId))))));
        room.Add(room.Write(SignedRoom.Alice, EventTypes.JoinRules, "", rule));
        yield return Make(version, "make_join/restricted-qualifies", room, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 200, null,
            "a restricted room allowing members of a room where Carol is joined and a.example resident: Alice is named as the authorising user", rooms: [room, allowed]);
        yield return Make(version, "make_join/restricted-not-qualified", room, "make_join", SignedRoom.B, SignedRoom.Bob, [v], 403, "M_FORBIDDEN",
            "Bob is in none of the allowed rooms", rooms: [room, allowed]);
        yield return Make(version, "make_join/restricted-cannot-authorise", room, "make_join", SignedRoom.C, SignedRoom.Carol, [v], 400, "M_UNABLE_TO_AUTHORISE_JOIN",
            "a.example is in none of the allowed rooms, so it cannot tell whether Carol qualifies");
        var through = JsonValue.Object(("membership", JsonValue.String("join")), ("join_authorised_via_users_server", JsonValue.String(SignedRoom.Alice)));
        var join = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, through);
        yield return Send(version, "send_join/restricted-authorised", room, "send_join", SignedRoom.C, room.Parse(join).EventId.Value, join, 200, null,
            "Carol's join naming Alice as authoriser: a.example signs it too and accepts it", rooms: [room, allowed]);
    }

    private static IEnumerable<VectorSource> Leaves(RoomVersion version)
    {
        var v = version.Id;
        var room = SignedRoom.Create(version, "invite");
        room.Member(SignedRoom.Alice, SignedRoom.Carol, "invite");
        yield return Make(version, "make_leave/invited", room, "make_leave", SignedRoom.C, SignedRoom.Carol, null, 200, null, "Carol, invited, asks to reject the invite");
        var leave = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("leave"));
        yield return Send(version, "send_leave/invited", room, "send_leave", SignedRoom.C, room.Parse(leave).EventId.Value, leave, 200, null, "Carol's signed rejection of the invite");
        var stranger = SignedRoom.Create(version, "invite");
        yield return Make(version, "make_leave/not-in-room", stranger, "make_leave", SignedRoom.B, SignedRoom.Bob, null, 403, "M_FORBIDDEN",
            "Bob is neither invited nor joined: he has nothing to leave");
        var notLeave = room.Write(SignedRoom.Carol, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("join"));
        yield return Send(version, "send_leave/not-a-leave", room, "send_leave", SignedRoom.C, room.Parse(notLeave).EventId.Value, notLeave, 400, "M_INVALID_PARAM",
            "a join submitted to send_leave");
    }

    private static IEnumerable<VectorSource> Invites(RoomVersion version)
    {
        var room = SignedRoom.Create(version);
        var invite = room.Write(SignedRoom.Alice, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("invite"));
        var inviteId = room.Parse(invite).EventId.Value;
        var stripped = JsonValue.Array(room.State.Values.Where(e => e.Type is EventTypes.Create or EventTypes.JoinRules).Select(e => (JsonValue)e.Json));
        JsonObject Body(JsonObject e) => JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("event", e), ("invite_room_state", stripped));
        yield return Invitee(version, "invite/accepted", room, inviteId, Body(invite), 200, null, "Alice invites Carol: c.example countersigns", "liveness");
        yield return Invitee(version, "invite/unknown-user", room, inviteId, Body(invite), Undeclared, null,
            "c.example has no user Carol (the spec names no status for this; the case records the reference's)", localUsers: ["@dave:c.example"]);
        var join = room.Write(SignedRoom.Alice, EventTypes.Member, SignedRoom.Carol, SignedRoom.Membership("join"));
        yield return Invitee(version, "invite/not-an-invite", room, room.Parse(join).EventId.Value, Body(join), 400, "M_INVALID_PARAM",
            "a join sent as an invite: the invitee's server must not sign it", "auth_bypass");
        var otherVersion = JsonValue.Object(("room_version", JsonValue.String("0")), ("event", invite), ("invite_room_state", stripped));
        yield return Invitee(version, "invite/unsupported-version", room, inviteId, otherVersion, 400, "M_INCOMPATIBLE_ROOM_VERSION", "a room version c.example does not know");
        var forged = invite.With("content", SignedRoom.Membership("invite").With("reason", JsonValue.String("changed")));
        yield return Invitee(version, "invite/content-altered", room, inviteId, Body(forged), 400, null,
            "the invite's content was changed after a.example signed it", "signature_forgery");
    }

    private static IEnumerable<VectorSource> ThirdPartyExchanges(RoomVersion version)
    {
        var room = SignedRoom.Create(version);
        JsonObject Request(JsonValue body) => JsonValue.Object(("origin", JsonValue.String(SignedRoom.C)), ("room_id", JsonValue.String(room.RoomId)), ("body", body));
        yield return Case(version, "exchange_third_party_invite/not-an-object", [room], "exchange_third_party_invite", Request(JsonValue.String("x")), 400, "M_BAD_JSON",
            "the body is not an object", [], ["bad_input"]);
        var wrongRoom = JsonValue.Object(("type", JsonValue.String(EventTypes.Member)), ("room_id", JsonValue.String("!other:a.example")), ("sender", JsonValue.String(SignedRoom.Alice)),
            ("state_key", JsonValue.String(SignedRoom.Carol)), ("content", JsonValue.Object(("membership", JsonValue.String("invite")))));
        yield return Case(version, "exchange_third_party_invite/room-mismatch", [room], "exchange_third_party_invite", Request(wrongRoom), 400, null,
            "the partial event names another room than the path (B21)", [], []);
        var noProof = wrongRoom.With("room_id", JsonValue.String(room.RoomId));
        yield return Case(version, "exchange_third_party_invite/no-signed-proof", [room], "exchange_third_party_invite", Request(noProof), 400, null,
            "the partial invite has no third_party_invite.signed", [], ["bad_input"]);
    }

    private static VectorSource Make(RoomVersion version, string name, SignedRoom room, string endpoint, string origin, string user, string[]? ver, int status, string? errcode,
        string comment, string? flag = null, string? roomId = null, SignedRoom[]? rooms = null)
    {
        var request = JsonValue.Object(("origin", JsonValue.String(origin)), ("room_id", JsonValue.String(roomId ?? room.RoomId)), ("user_id", JsonValue.String(user)));
        if (ver is not null) request = request.With("ver", JsonValue.Array(ver.Select(x => (JsonValue)JsonValue.String(x))));
        return Case(version, name, rooms ?? [room], endpoint, request, status, errcode, comment, [], flag is null ? [] : [flag]);
    }

    private static VectorSource Send(RoomVersion version, string name, SignedRoom room, string endpoint, string origin, string eventId, JsonObject @event, int status, string? errcode,
        string comment, string? omitMembers = null, SignedRoom[]? rooms = null, params string[] flags)
    {
        var request = JsonValue.Object(("origin", JsonValue.String(origin)), ("room_id", JsonValue.String(room.RoomId)), ("event_id", JsonValue.String(eventId)), ("body", @event));
        if (omitMembers is not null) request = request.With("omit_members", JsonValue.String(omitMembers));
        return Case(version, name, rooms ?? [room], endpoint, request, status, errcode, comment, [], flags);
    }

    private static VectorSource Invitee(RoomVersion version, string name, SignedRoom room, string eventId, JsonObject body, int status, string? errcode, string comment,
        string? flag = null, string[]? localUsers = null)
    {
        var request = JsonValue.Object(("origin", JsonValue.String(SignedRoom.A)), ("room_id", JsonValue.String(room.RoomId)), ("event_id", JsonValue.String(eventId)), ("body", body));
        return Case(version, name, [], "invite", request, status, errcode, comment, localUsers ?? [SignedRoom.Carol], flag is null ? [] : [flag], server: SignedRoom.C);
    }

    private static VectorSource Case(RoomVersion version, string name, SignedRoom[] rooms, string endpoint, JsonObject call, int status, string? errcode, string comment,
        string[] localUsers, IEnumerable<string> flags, string server = SignedRoom.A)
    {
        var key = SignedRoom.Keys[server];
        var request = JsonValue.Object(
            ("server", JsonValue.Object(("server_name", JsonValue.String(server)), ("key_id", JsonValue.String(key.KeyId.ToString())),
                ("seed", JsonValue.String(VectorKeys.FilledSeed(server switch { SignedRoom.A => 0xA1, SignedRoom.B => 0xB2, _ => 0xC3 }))))),
            ("verify_keys", SignedRoom.VerifyKeys),
            ("rooms", JsonValue.Array(rooms.Select(r => (JsonValue)JsonValue.Object(
                ("room_version", JsonValue.String(r.Version.Id)),
                ("events", JsonValue.Array(r.Events.Select(e => (JsonValue)e.Json))))))),
            ("now", JsonValue.Number(Now)),
            ("endpoint", JsonValue.String(endpoint)),
            ("request", call));
        if (localUsers.Length > 0) request = request.With("local_users", JsonValue.Array(localUsers.Select(u => (JsonValue)JsonValue.String(u))));
        var declared = status == Undeclared ? JsonObject.Empty : JsonValue.Object(("status", JsonValue.Number(status)));
        if (errcode is not null) declared = declared.With("errcode", JsonValue.String(errcode));
        var allFlags = flags.ToList();
        if (status != 200 && status != Undeclared && !allFlags.Contains("auth_bypass")) allFlags.Add("auth_bypass");
        if (status == 200 && !allFlags.Contains("liveness")) allFlags.Add("wrongful_rejection");
        var group = "v" + version.Id;
        return new VectorSource(Suite, group, $"{Suite}/{group}/{name}", version.Id, [], [.. allFlags], comment, request, Declared.Keys(declared), Written, null);
    }
}
