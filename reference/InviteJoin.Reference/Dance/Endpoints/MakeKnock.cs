using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary><c>GET /_matrix/federation/v1/make_knock/{roomId}/{userId}?ver=…</c>; <paramref name="Ver"/> is required.</summary>
public sealed record MakeKnockRequest(string Origin, string RoomId, string UserId, ImmutableArray<string>? Ver);

/// <summary>
/// The resident's make_knock (spec v1.19, server-server API "Knocking upon a room"; <c>knocks.yaml</c>): a
/// knock template. Unlike make_join, <c>ver</c> has no default; a room that cannot be knocked on (its
/// version predates knocking, or its join rule does not allow it) is refused by the auth rules with 403.
/// </summary>
public static class MakeKnock
{
    private static readonly MakeRules Rules = new(
        DanceRule.MakeKnockBadUserId,
        DanceRule.MakeKnockUserNotOnOrigin,
        DanceRule.MakeKnockUnknownRoom,
        DanceRule.MakeKnockNotResident,
        DanceRule.MakeKnockPartialState,
        DanceRule.MakeKnockServerDenied,
        DanceRule.MakeKnockIncompatibleRoomVersion,
        DanceRule.MakeKnockNotAuthorised);

    /// <summary>Answers <paramref name="request"/> at time <paramref name="now"/>.</summary>
    public static EndpointResult<TemplateResponse> Handle(ResidentServer server, MakeKnockRequest request, long now)
    {
        // ver is "required: true" for make_knock (knocks.yaml): knocking exists only from room version 7.
        if (request.Ver is not { IsDefaultOrEmpty: false } ver)
        {
            return MatrixError.Of(DanceRule.MakeKnockMissingVer, "make_knock requires the ver query parameter");
        }
        var preflight = MakeMembership.Preflight(server, request.Origin, request.RoomId, request.UserId, ver, Rules);
        if (preflight.Error is { } refused) return refused;
        var content = JsonValue.Object(("membership", JsonValue.String(MembershipValues.Knock)));
        return MakeMembership.Offer(server, preflight.Room!, request.UserId, content, now, DanceRule.MakeKnockNotAuthorised, DanceRule.MakeKnockIssued);
    }
}
