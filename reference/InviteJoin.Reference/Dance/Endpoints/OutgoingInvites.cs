using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>An invite the inviting server built and signed, and the <c>/v2/invite</c> request that asks the invitee's server to countersign it.</summary>
public sealed record OutgoingInvite(Pdu Event, InviteRequest Request);

/// <summary>An invite the inviting server took into its room after the invitee's server countersigned it.</summary>
public sealed record InviteAccepted(Pdu Event, Room Room, ResidentServer Server);

/// <summary>
/// The inviting server's side of an invite (spec v1.19, server-server API "Inviting to a room"): build the
/// invite and the request carrying <c>invite_room_state</c> (full PDUs, the create event first), then
/// check the answer — the same event, now also signed by the invitee's server — before distributing it.
/// </summary>
public static class OutgoingInvites
{
    /// <summary>
    /// <paramref name="sender"/>'s invite of <paramref name="target"/> at time <paramref name="now"/>, with
    /// <paramref name="extraContent"/> (for example a <c>third_party_invite</c>) beside the membership; in a room that uses a
    /// policy server, <paramref name="policyServer"/> is asked for its signature first (see <see cref="LocalEvents.Send"/>).
    /// </summary>
    public static EndpointResult<OutgoingInvite> Build(ResidentServer server, string roomId, string sender, string target, long now, JsonObject? extraContent = null, PolicySigner? policyServer = null)
    {
        var content = (extraContent ?? JsonObject.Empty).With("membership", JsonValue.String(MembershipValues.Invite));
        var built = LocalEvents.Build(server, roomId, sender, EventTypes.Member, target, content, now, DanceRule.InviteRequestNotAuthorised, policyServer);
        if (built.Error is { } refused) return refused;
        var (room, invite) = built.Value!;
        ImmutableArray<JsonValue> roomState = [.. StrippedState.RoomIdentifyingState(room).Select(e => (JsonValue)e.Json)];
        var body = JsonValue.Object(
            ("room_version", JsonValue.String(room.Version.Id)),
            ("event", invite.Json),
            ("invite_room_state", JsonValue.Array(roomState)));
        // The request is sent by this server, so this server is the request's origin at the invitee.
        var request = new InviteRequest(server.ServerName, room.RoomId.Value, invite.EventId.Value, body);
        return EndpointResult<OutgoingInvite>.Ok(DanceRule.InviteRequestBuilt, new OutgoingInvite(invite, request));
    }

    /// <summary>
    /// The v1 request to retry <paramref name="sent"/> with after the invitee's server answered the v2 API with
    /// <paramref name="status"/>: "Senders which receive a 400 or 404 response to this endpoint should retry using the v1 API as the
    /// server may be older, if the room version is 1 or 2" (invites-v2.yaml). The body is the invite with the v2 request's
    /// <c>invite_room_state</c> under <c>unsigned</c> (invites-v1.yaml). Null when no retry is due.
    /// </summary>
    public static InviteV1Request? V1Fallback(OutgoingInvite sent, int status)
    {
        if (status is not (400 or 404)) return null;
        if (sent.Request.Body is not JsonObject body || body["room_version"] is not JsonString { Value: "1" or "2" }) return null;
        var @event = sent.Event.Json;
        if (body["invite_room_state"] is { } roomState)
        {
            var unsigned = (@event[JsonSigning.UnsignedKey] as JsonObject ?? JsonObject.Empty).With("invite_room_state", roomState);
            @event = @event.With(JsonSigning.UnsignedKey, unsigned);
        }
        return new InviteV1Request(sent.Request.Origin, sent.Request.RoomId, sent.Request.EventId, @event);
    }

    /// <summary>
    /// Checks the invitee's answer <paramref name="responseBody"/> to <paramref name="sent"/> (the v2 body <c>{"event": …}</c>, or the
    /// v1 body <c>[200, {"event": …}]</c>): the event must
    /// be the one sent (only <c>signatures</c> may differ, and the sent signatures must remain), carry a
    /// valid signature of the invitee's server, and still pass the auth rules; then it joins the room.
    /// </summary>
    public static EndpointResult<InviteAccepted> AcceptResponse(ResidentServer server, OutgoingInvite sent, JsonValue responseBody)
    {
        // invites-v1.yaml answers [200, {"event": …}]: the same container, behind the status.
        if (responseBody is JsonArray { Count: 2 } v1 && v1[0] is JsonNumber code && code.TryGetInt64(out var status) && status == 200) responseBody = v1[1];
        if (responseBody is not JsonObject body || body["event"] is not JsonObject returned)
        {
            return MatrixError.Of(DanceRule.InviteResponseMalformed, "the answer is not an object with an event object");
        }
        if (!SameExceptAddedSignatures(sent.Event.Json, returned))
        {
            return MatrixError.Of(DanceRule.InviteResponseEventChanged, "the invitee's server returned a different event");
        }
        if (server.Room(sent.Request.RoomId) is not { } room) return MatrixError.Of(DanceRule.LocalEventUnknownRoom, $"{server.ServerName} no longer holds {sent.Request.RoomId}");

        // The room keeps the event, not the answering server's unsigned data.
        var parsed = PduParser.Parse(returned.Without(JsonSigning.UnsignedKey), room.Version.Format, PduParseOptions.Federation);
        var invitee = Identifiers.ServerOf(sent.Event.StateKey) ?? "";
        if (!parsed.IsOk || !AuthContext.VerifiesWith(server.Keys)(parsed.Value, invitee))
        {
            return MatrixError.Of(DanceRule.InviteResponseMissingCountersignature, $"the event carries no valid signature of {invitee}");
        }
        var invite = parsed.Value;

        // The room may have moved while the invitee answered: the invite must still pass against the current state.
        var decision = EventAuthorizer.AuthorizeAgainstState(invite, room.State, room.Version, room.AuthContextFor(server.Keys));
        if (!decision.Allowed) return MatrixError.Of(DanceRule.InviteResponseNotAuthorised, "the invite no longer passes the auth rules: " + decision, decision.Rule);

        var after = room.Accept(invite);
        return EndpointResult<InviteAccepted>.Ok(DanceRule.InviteResponseAccepted, new InviteAccepted(invite, after, server.With(after)));
    }

    /// <summary>
    /// True when <paramref name="returned"/> is <paramref name="sent"/> with signatures added: everything the content hash
    /// and the signatures cover is unchanged, and every signature sent is still there. <c>unsigned</c> is covered by
    /// neither (spec v1.19, server-server API "Signing Events"; invites-v2.yaml's own answer carries
    /// <c>unsigned.invite_room_state</c>), so it may differ.
    /// </summary>
    internal static bool SameExceptAddedSignatures(JsonObject sent, JsonObject returned)
    {
        if (!sent.Without(JsonSigning.SignaturesKey, JsonSigning.UnsignedKey).Equals(returned.Without(JsonSigning.SignaturesKey, JsonSigning.UnsignedKey))) return false;
        if (sent["signatures"] is not JsonObject sentSignatures) return true;
        if (returned["signatures"] is not JsonObject returnedSignatures) return false;
        foreach (var (server, keys) in sentSignatures)
        {
            if (returnedSignatures[server] is not JsonObject returnedKeys || keys is not JsonObject sentKeys) return false;
            foreach (var (keyId, signature) in sentKeys)
            {
                if (!signature.Equals(returnedKeys[keyId])) return false;
            }
        }
        return true;
    }
}
