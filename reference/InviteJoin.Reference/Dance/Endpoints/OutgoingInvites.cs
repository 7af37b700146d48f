using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
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
    /// <paramref name="extraContent"/> (for example a <c>third_party_invite</c>) beside the membership.
    /// </summary>
    public static EndpointResult<OutgoingInvite> Build(ResidentServer server, string roomId, string sender, string target, long now, JsonObject? extraContent = null)
    {
        var content = (extraContent ?? JsonObject.Empty).With("membership", JsonValue.String(MembershipValues.Invite));
        var built = LocalEvents.Build(server, roomId, sender, EventTypes.Member, target, content, now, DanceRule.InviteRequestNotAuthorised);
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
    /// Checks the invitee's answer <paramref name="responseBody"/> to <paramref name="sent"/>: the event must
    /// be the one sent (only <c>signatures</c> may differ, and the sent signatures must remain), carry a
    /// valid signature of the invitee's server, and still pass the auth rules; then it joins the room.
    /// </summary>
    public static EndpointResult<InviteAccepted> AcceptResponse(ResidentServer server, OutgoingInvite sent, JsonValue responseBody)
    {
        if (responseBody is not JsonObject body || body["event"] is not JsonObject returned)
        {
            return MatrixError.Of(DanceRule.InviteResponseMalformed, "the answer is not an object with an event object");
        }
        if (!SameExceptAddedSignatures(sent.Event.Json, returned))
        {
            return MatrixError.Of(DanceRule.InviteResponseEventChanged, "the invitee's server returned a different event");
        }
        if (server.Room(sent.Request.RoomId) is not { } room) return MatrixError.Of(DanceRule.LocalEventUnknownRoom, $"{server.ServerName} no longer holds {sent.Request.RoomId}");

        var parsed = PduParser.Parse(returned, room.Version.Format, PduParseOptions.Federation);
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

    /// <summary>True when <paramref name="returned"/> equals <paramref name="sent"/> apart from signatures it added.</summary>
    internal static bool SameExceptAddedSignatures(JsonObject sent, JsonObject returned)
    {
        if (!sent.Without("signatures").Equals(returned.Without("signatures"))) return false;
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
