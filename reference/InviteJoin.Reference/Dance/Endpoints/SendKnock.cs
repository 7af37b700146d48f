using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary><c>PUT /_matrix/federation/v1/send_knock/{roomId}/{eventId}</c> from <paramref name="Origin"/>.</summary>
public sealed record SendKnockRequest(string Origin, string RoomId, string EventId, JsonValue Body);

/// <summary>
/// The resident's send_knock (spec v1.19, server-server API "Knocking upon a room"; <c>knocks.yaml</c>): the
/// same validation as send_join with membership <c>knock</c>, then the auth rules; the answer is
/// <c>{"knock_room_state": [...]}</c>, full PDUs of the room's identifying state with the create event.
/// </summary>
public static class SendKnock
{
    private static readonly SubmissionRules Rules = new(
        DanceRule.SendKnockUnknownRoom,
        DanceRule.SendKnockNotResident,
        DanceRule.SendKnockPartialState,
        DanceRule.SendKnockServerDenied,
        DanceRule.SendKnockNotAnObject,
        DanceRule.SendKnockMalformedEvent,
        DanceRule.SendKnockRoomIdMismatch,
        DanceRule.SendKnockEventIdMismatch,
        DanceRule.SendKnockNotMemberEvent,
        DanceRule.SendKnockWrongMembership,
        DanceRule.SendKnockStateKeyNotSender,
        DanceRule.SendKnockSenderNotOnOrigin,
        DanceRule.SendKnockBadSignature,
        DanceRule.SendKnockContentHashMismatch,
        DanceRule.SendKnockUnknownPrevEvent,
        DanceRule.SendKnockAuthEventsRejected,
        DanceRule.SendKnockNotAuthorised,
        DanceRule.SendKnockNotRecommended);

    /// <summary>Answers <paramref name="request"/>; <paramref name="policyServer"/> as for <see cref="SendJoin.Handle"/>.</summary>
    public static EndpointResult<MembershipAccepted> Handle(ResidentServer server, SendKnockRequest request, PolicySigner? policyServer = null)
    {
        var (room, knock, refused) = MembershipSubmission.Validate(server, request.Origin, request.RoomId, request.EventId, request.Body, MembershipValues.Knock, Rules);
        if (refused is not null) return refused;
        var (accepted, unauthorised) = MembershipSubmission.Authorise(server, room!, knock!, Rules, policyServer);
        if (unauthorised is not null) return unauthorised;
        var after = room!.Accept(accepted.Pdu);
        // Since v1.16 knock_room_state MUST hold the create event, and its entries are full PDUs.
        ImmutableArray<JsonValue> knockRoomState = [.. StrippedState.RoomIdentifyingState(room).Select(e => (JsonValue)e.Json)];
        var body = JsonValue.Object(("knock_room_state", JsonValue.Array(knockRoomState)));
        return EndpointResult<MembershipAccepted>.Ok(DanceRule.SendKnockAccepted, new MembershipAccepted(accepted.Pdu, after, server.With(after), body));
    }
}
