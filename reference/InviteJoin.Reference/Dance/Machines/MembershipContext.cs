using InviteJoin.Reference.Auth;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// The facts about one member event and the room state it is judged against that the membership
/// machine's guards read: the room version, the join rule, the sender's membership, the power levels
/// involved (a room version 12 creator's level is infinite), and the outcome of the checks the machine
/// does not model itself (the authoriser, the third-party invite's signature, m.federate). Facts, not
/// verdicts: the machine decides. <see cref="MembershipQuestion"/> reads them from real events.
/// </summary>
public sealed record MembershipContext
{
    /// <summary>The room version; it decides which states, join rules and edges exist.</summary>
    public required RoomVersion Version { get; init; }

    /// <summary>The sender's membership (the target's, when the sender is the target).</summary>
    public MembershipState SenderMembership { get; init; }

    /// <summary>The event's sender is its target (<c>sender</c> equals <c>state_key</c>).</summary>
    public bool SenderIsTarget { get; init; }

    /// <summary>The room has an <c>m.room.join_rules</c> event; without one the room counts as <c>invite</c> (matrix-org/matrix-spec issue #657).</summary>
    public bool HasJoinRules { get; init; }

    /// <summary>Its <c>content.join_rule</c> when that is a string; null when absent or not a string (nobody can join then).</summary>
    public string? JoinRule { get; init; }

    /// <summary>The sender's power level.</summary>
    public PowerLevel SenderLevel { get; init; }

    /// <summary>The target's power level.</summary>
    public PowerLevel TargetLevel { get; init; }

    /// <summary>The invite level (default 0).</summary>
    public PowerLevel InviteLevel { get; init; }

    /// <summary>The kick level (default 50).</summary>
    public PowerLevel KickLevel { get; init; } = 50;

    /// <summary>The ban level (default 50).</summary>
    public PowerLevel BanLevel { get; init; } = 50;

    /// <summary>The event's only previous event is the create event and its target is the creator (<c>content.creator</c> to v10, the create event's sender from v11).</summary>
    public bool CreatorFirstJoin { get; init; }

    /// <summary>The content names a user in <c>join_authorised_via_users_server</c> (any value counts as named).</summary>
    public bool AuthoriserNamed { get; init; }

    /// <summary>The event is signed by the server of the user named there (false when the value is not a user ID).</summary>
    public bool AuthoriserSigned { get; init; }

    /// <summary>The user named there is joined and has at least the invite level.</summary>
    public bool AuthoriserQualifies { get; init; }

    /// <summary>
    /// The content's <c>third_party_invite.signed</c> names the target and the token of an
    /// <c>m.room.third_party_invite</c> in the state, that event's sender is the event's sender, and a
    /// signature in <c>signed</c> verifies with one of its public keys.
    /// </summary>
    public bool ThirdPartyInviteValid { get; init; }

    /// <summary>The create event does not set <c>m.federate</c> to false, or the sender is on the create event's sender's server.</summary>
    public bool SenderServerAdmitted { get; init; } = true;

    /// <summary>A context with the defaults of a room without power levels, for drawing the diagram of <paramref name="version"/>.</summary>
    public static MembershipContext For(RoomVersion version) => new() { Version = version };
}
