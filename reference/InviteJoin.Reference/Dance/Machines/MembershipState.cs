using System.Diagnostics;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// A user's membership of a room as the membership machine sees it (spec v1.19, <c>m.room.member</c>):
/// <c>none</c> (no member event), <c>invite</c>, <c>join</c>, <c>leave</c>, <c>ban</c> and, from room
/// version 7, <c>knock</c>. Every authorisation rule treats <c>none</c> like <c>leave</c>; the machine
/// keeps both so that "never a member" and "left" stay visible in the diagram.
/// </summary>
public enum MembershipState
{
    /// <summary>No <c>m.room.member</c> event for the user (or a membership the room version does not know).</summary>
    None,

    Invite,

    Join,

    Leave,

    Ban,

    /// <summary>Room versions 7+ (MSC2403).</summary>
    Knock,
}

/// <summary>Conversions between <see cref="MembershipState"/> and the <c>membership</c> values of member events.</summary>
public static class MembershipStates
{
    /// <summary>
    /// The state of a user whose member event says <paramref name="membership"/> (null: no member event).
    /// A value no rule tests for — <c>knock</c> before room version 7, or anything unknown — matches no
    /// rule, exactly like having no member event, so it is <see cref="MembershipState.None"/>.
    /// </summary>
    public static MembershipState From(string? membership, RoomVersion version) => membership switch
    {
        MembershipValues.Invite => MembershipState.Invite,
        MembershipValues.Join => MembershipState.Join,
        MembershipValues.Leave => MembershipState.Leave,
        MembershipValues.Ban => MembershipState.Ban,
        MembershipValues.Knock when version.Knocking => MembershipState.Knock,
        _ => MembershipState.None,
    };

    /// <summary>The <c>content.membership</c> value of <paramref name="state"/>; <c>none</c> for <see cref="MembershipState.None"/>, which no event sets.</summary>
    public static string ToMembership(this MembershipState state) => state switch
    {
        MembershipState.None => MembershipValues.None,
        MembershipState.Invite => MembershipValues.Invite,
        MembershipState.Join => MembershipValues.Join,
        MembershipState.Leave => MembershipValues.Leave,
        MembershipState.Ban => MembershipValues.Ban,
        MembershipState.Knock => MembershipValues.Knock,
        _ => throw new UnreachableException(),
    };
}
