using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary><c>PUT /_matrix/federation/v2/send_leave/{roomId}/{eventId}</c> from <paramref name="Origin"/>.</summary>
public sealed record SendLeaveRequest(string Origin, string RoomId, string EventId, JsonValue Body);

/// <summary>A membership event a resident accepted through send_leave or send_knock, with the room and server that hold it.</summary>
public sealed record MembershipAccepted(Pdu Event, Room Room, ResidentServer Server, JsonObject ResponseBody);

/// <summary>
/// The resident's send_leave v2 (spec v1.19, server-server API "Leaving Rooms (Rejecting Invites)";
/// <c>leaving-v2.yaml</c>): the same validation as send_join with membership <c>leave</c>, then the auth
/// rules; the answer is <c>{}</c>.
/// </summary>
public static class SendLeave
{
    private static readonly SubmissionRules Rules = new(
        DanceRule.SendLeaveUnknownRoom,
        DanceRule.SendLeaveNotResident,
        DanceRule.SendLeavePartialState,
        DanceRule.SendLeaveServerDenied,
        DanceRule.SendLeaveNotAnObject,
        DanceRule.SendLeaveMalformedEvent,
        DanceRule.SendLeaveRoomIdMismatch,
        DanceRule.SendLeaveEventIdMismatch,
        DanceRule.SendLeaveNotMemberEvent,
        DanceRule.SendLeaveWrongMembership,
        DanceRule.SendLeaveStateKeyNotSender,
        DanceRule.SendLeaveSenderNotOnOrigin,
        DanceRule.SendLeaveBadSignature,
        DanceRule.SendLeaveContentHashMismatch,
        DanceRule.SendLeaveUnknownPrevEvent,
        DanceRule.SendLeaveAuthEventsRejected,
        DanceRule.SendLeaveNotAuthorised,
        DanceRule.SendLeaveNotRecommended);

    /// <summary>Answers <paramref name="request"/>; <paramref name="policyServer"/> as for <see cref="SendJoin.Handle"/>.</summary>
    public static EndpointResult<MembershipAccepted> Handle(ResidentServer server, SendLeaveRequest request, PolicySigner? policyServer = null)
    {
        var (room, leave, refused) = MembershipSubmission.Validate(server, request.Origin, request.RoomId, request.EventId, request.Body, MembershipValues.Leave, Rules);
        if (refused is not null) return refused;
        var (accepted, unauthorised) = MembershipSubmission.Authorise(server, room!, leave!, Rules, policyServer);
        if (unauthorised is not null) return unauthorised;
        var after = room!.Accept(accepted.Pdu);
        return EndpointResult<MembershipAccepted>.Ok(DanceRule.SendLeaveAccepted, new MembershipAccepted(accepted.Pdu, after, server.With(after), JsonObject.Empty));
    }
}
