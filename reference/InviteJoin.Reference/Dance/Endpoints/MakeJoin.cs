using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// <c>GET /_matrix/federation/v1/make_join/{roomId}/{userId}?ver=…</c>: <paramref name="Origin"/> is the
/// requesting server (from request authentication); <paramref name="Ver"/> the <c>ver</c> query values,
/// null when none were given.
/// </summary>
public sealed record MakeJoinRequest(string Origin, string RoomId, string UserId, ImmutableArray<string>? Ver = null);

/// <summary>
/// The resident's make_join (spec v1.19, server-server API "Joining Rooms", "Restricted rooms";
/// <c>joins-v1.yaml</c>): a join template for a user of the requesting server, after room-version
/// negotiation and, in a restricted room, the allow conditions and the choice of an authorising user.
/// </summary>
public static class MakeJoin
{
    private static readonly MakeRules Rules = new(
        DanceRule.MakeJoinBadUserId,
        DanceRule.MakeJoinUserNotOnOrigin,
        DanceRule.MakeJoinUnknownRoom,
        DanceRule.MakeJoinNotResident,
        DanceRule.MakeJoinPartialState,
        DanceRule.MakeJoinServerDenied,
        DanceRule.MakeJoinIncompatibleRoomVersion,
        DanceRule.MakeJoinNotAuthorised);

    /// <summary>The <c>ver</c> a request without any means: room version 1 only (<c>joins-v1.yaml</c>, "Defaults to [1]").</summary>
    public static readonly ImmutableArray<string> DefaultVer = ["1"];

    /// <summary>Answers <paramref name="request"/> at time <paramref name="now"/> (the template's <c>origin_server_ts</c>).</summary>
    public static EndpointResult<TemplateResponse> Handle(ResidentServer server, MakeJoinRequest request, long now)
    {
        var ver = request.Ver is { IsDefaultOrEmpty: false } given ? given : DefaultVer;
        var preflight = MakeMembership.Preflight(server, request.Origin, request.RoomId, request.UserId, ver, Rules);
        if (preflight.Error is { } refused) return refused;
        var room = preflight.Room!;

        var content = JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join)));
        var evaluation = RestrictedJoins.Evaluate(server, room, request.UserId);
        switch (evaluation.Verdict)
        {
            case RestrictedVerdict.NotRestricted:
            case RestrictedVerdict.AlreadyMember:
                return MakeMembership.Offer(server, room, request.UserId, content, now, DanceRule.MakeJoinNotAuthorised, DanceRule.MakeJoinIssued);
            case RestrictedVerdict.NoValidConditions:
                // "If no conditions are available, or none match the required schema", the joiner failed them all: 403.
                return MatrixError.Of(DanceRule.MakeJoinRestrictedNoValidConditions, "the room is restricted and its join rules allow through no valid condition");
            case RestrictedVerdict.UnableToAuthorise:
                // 400 M_UNABLE_TO_AUTHORISE_JOIN: this resident cannot validate the conditions the joiner may meet; try another.
                return MatrixError.Of(DanceRule.MakeJoinRestrictedUnableToAuthorise,
                    $"{server.ServerName} cannot evaluate every allow condition ({string.Join(", ", evaluation.AllowedRooms)}) and the user meets none it can");
            case RestrictedVerdict.ConditionsNotMet:
                // 403 M_FORBIDDEN: the joiner fails every condition, each of which this resident evaluated.
                return MatrixError.Of(DanceRule.MakeJoinRestrictedConditionsNotMet, $"{request.UserId} is joined to none of the allowed rooms");
            case RestrictedVerdict.Qualifies:
                // The joiner qualifies; name a local, joined user with invite power (B29, B30), or 400
                // M_UNABLE_TO_GRANT_JOIN so that the joiner tries a resident that has one.
                if (RestrictedJoins.ChooseAuthoriser(server, room) is not { } authoriser)
                {
                    return MatrixError.Of(DanceRule.MakeJoinRestrictedUnableToGrant,
                        $"{request.UserId} qualifies through {evaluation.QualifyingRoom}, but no user of {server.ServerName} is joined with the invite level");
                }
                return MakeMembership.Offer(server, room, request.UserId,
                    content.With(MemberContent.Authoriser, JsonValue.String(authoriser)), now,
                    DanceRule.MakeJoinNotAuthorised, DanceRule.MakeJoinIssuedRestricted);
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }
}
