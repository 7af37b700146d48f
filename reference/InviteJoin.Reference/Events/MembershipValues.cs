namespace InviteJoin.Reference.Events;

/// <summary>
/// The membership values of <c>m.room.member</c> content (spec v1.19, <c>m.room.member</c>). Memberships
/// are compared as strings: a value outside this list is kept as it is and matches no rule, and a
/// user with no member event ("none") matches no rule either, exactly like <c>leave</c>.
/// </summary>
public static class MembershipValues
{
    public const string Invite = "invite";
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Ban = "ban";

    /// <summary>Room versions 7+ (MSC2403).</summary>
    public const string Knock = "knock";

    /// <summary>The word evidence uses for a user without a member event.</summary>
    public const string None = "none";
}

/// <summary>
/// The join rules of <c>m.room.join_rules</c> content (spec v1.19, <c>m.room.join_rules</c>); which of
/// them a room version knows is a room-version flag.
/// </summary>
public static class JoinRuleValues
{
    public const string Public = "public";
    public const string Invite = "invite";

    /// <summary>Room versions 7+ (MSC2403).</summary>
    public const string Knock = "knock";

    /// <summary>Room versions 8+ (MSC3083).</summary>
    public const string Restricted = "restricted";

    /// <summary>Room versions 10+ (MSC3787).</summary>
    public const string KnockRestricted = "knock_restricted";

    /// <summary>Reserved without a meaning: by the rules nobody can join.</summary>
    public const string Private = "private";
}

/// <summary>
/// The keys of <c>m.room.member</c> content that the protocol reads (spec v1.19, <c>m.room.member</c>;
/// server-server API "Restricted rooms", "Third-party invites").
/// </summary>
public static class MemberContent
{
    /// <summary>The membership.</summary>
    public const string Membership = "membership";

    /// <summary>The restricted-join authoriser (room versions 8+, MSC3083).</summary>
    public const string Authoriser = "join_authorised_via_users_server";

    /// <summary>A third-party invite's proof.</summary>
    public const string ThirdPartyInvite = "third_party_invite";
}
