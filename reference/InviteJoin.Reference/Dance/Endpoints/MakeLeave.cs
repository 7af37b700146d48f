using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary><c>GET /_matrix/federation/v1/make_leave/{roomId}/{userId}</c>, asked by <paramref name="Origin"/>.</summary>
public sealed record MakeLeaveRequest(string Origin, string RoomId, string UserId);

/// <summary>
/// The resident's make_leave (spec v1.19, server-server API "Leaving Rooms (Rejecting Invites)";
/// <c>leaving-v1.yaml</c>): a leave template, for rejecting a remote invite or retracting a remote knock.
/// It takes no <c>ver</c>: the leaving server learns the version from the answer.
/// </summary>
public static class MakeLeave
{
    private static readonly MakeRules Rules = new(
        DanceRule.MakeLeaveBadUserId,
        DanceRule.MakeLeaveUserNotOnOrigin,
        DanceRule.MakeLeaveUnknownRoom,
        DanceRule.MakeLeaveNotResident,
        DanceRule.MakeLeavePartialState,
        DanceRule.MakeLeaveServerDenied,
        IncompatibleRoomVersion: null,
        DanceRule.MakeLeaveNotAuthorised);

    /// <summary>Answers <paramref name="request"/> at time <paramref name="now"/>.</summary>
    public static EndpointResult<TemplateResponse> Handle(ResidentServer server, MakeLeaveRequest request, long now)
    {
        var preflight = MakeMembership.Preflight(server, request.Origin, request.RoomId, request.UserId, ver: null, Rules);
        if (preflight.Error is { } refused) return refused;
        var content = JsonValue.Object(("membership", JsonValue.String(MembershipValues.Leave)));
        // 403 M_FORBIDDEN when the auth rules refuse the leave (for example, the user is not in the room).
        return MakeMembership.Offer(server, preflight.Room!, request.UserId, content, now, DanceRule.MakeLeaveNotAuthorised, DanceRule.MakeLeaveIssued);
    }
}
