namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// What an <c>m.room.member</c> event does to its target, read from the event alone and the target's
/// current membership (spec v1.19, <c>m.room.member</c> and the authorisation rules): one trigger per
/// row of the membership transition table. A <c>leave</c> by another user is a kick unless the target
/// is banned, where it is an unban.
/// </summary>
public enum MembershipTrigger
{
    /// <summary><c>invite</c> without <c>third_party_invite</c>: a joined member invites the target (or re-invites, or accepts a knock).</summary>
    Invite,

    /// <summary><c>invite</c> carrying <c>third_party_invite</c>: authorised by an identity server's signature.</summary>
    InviteViaThirdParty,

    /// <summary><c>join</c>: the sender joins (only the creator's first join may be sent by someone else).</summary>
    Join,

    /// <summary><c>leave</c> by the target: leave, reject an invite, retract a knock.</summary>
    LeaveSelf,

    /// <summary><c>leave</c> by another user of a target who is not banned: kick, revoke an invite, deny a knock.</summary>
    Kick,

    /// <summary><c>ban</c>.</summary>
    Ban,

    /// <summary><c>leave</c> by another user of a banned target.</summary>
    Unban,

    /// <summary><c>knock</c> (room versions 7+): the sender asks to be invited.</summary>
    Knock,
}
