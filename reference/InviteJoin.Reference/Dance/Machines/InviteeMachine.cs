using S = InviteJoin.Reference.Dance.Machines.InviteeState;
using T = InviteJoin.Reference.Dance.Machines.InviteeTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where the invitee's server is in answering <c>PUT /v2/invite</c> (spec v1.19, server-server API "Inviting to a room").</summary>
public enum InviteeState
{
    /// <summary>The invite request arrived.</summary>
    Received,

    /// <summary>The event is an invite of one of our users by a user of the requesting server, correctly signed.</summary>
    Validated,

    /// <summary>Our server added its signature; the answer is 200 <c>{"event": ...}</c>.</summary>
    Countersigned,

    /// <summary>Answered 400 or 403.</summary>
    Refused,
}

/// <summary>The steps of the invitee's server.</summary>
public enum InviteeTrigger
{
    /// <summary>Check the request: the validation the invitee's server MUST apply before signing.</summary>
    CheckInvite,

    /// <summary>Sign the event (over its redacted form) and answer with it.</summary>
    Countersign,
}

/// <summary>The facts the invitee's server establishes about an invite request.</summary>
public sealed record InviteeFacts
{
    /// <summary>The server supports the request's <c>room_version</c>.</summary>
    public bool RoomVersionSupported { get; init; }

    /// <summary>The body carries an event of that room version for the path's room and event ID, and the room's server ACL (if this server holds the room) admits the requester.</summary>
    public bool EventMatchesThePath { get; init; }

    /// <summary>The event passes the signature checks (it is signed by the sender's server).</summary>
    public bool SignedBySenderServer { get; init; }

    /// <summary>The event is an <c>m.room.member</c> event with membership <c>invite</c>.</summary>
    public bool IsInvite { get; init; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    public bool SenderOnOrigin { get; init; }

    /// <summary>Its <c>state_key</c> is a user of ours.</summary>
    public bool TargetIsLocal { get; init; }

    /// <summary>
    /// <c>invite_room_state</c> passes the checks this server applies: the create event is there, every
    /// entry is a signed PDU of the room (MAY in room versions 1–11, SHOULD from 12).
    /// </summary>
    public bool InviteRoomStateValid { get; init; }

    /// <summary>The invitee accepts invites from this sender (no block by <c>m.invite_permission_config</c> or server policy).</summary>
    public bool InviteAccepted { get; init; }
}

/// <summary>
/// The invitee's server's side of an invite: validate, then countersign (spec v1.19, server-server API
/// "Inviting to a room"; <c>invites-v2.yaml</c>). Validation comes first so the server never signs
/// something that is not an invite of its own user.
/// </summary>
public sealed class InviteeMachine : GuardedMachine<InviteeState, InviteeTrigger>
{
    public InviteeMachine(InviteeFacts facts, InviteeState current = S.Received)
        : base(current)
    {
        Facts = facts;
        var checks = new[]
        {
            When(() => facts.RoomVersionSupported, "room version supported"),
            When(() => facts.EventMatchesThePath, "an event of that version for the path, requester not denied"),
            When(() => facts.SignedBySenderServer, "signed by the sender's server"),
            When(() => facts.IsInvite, "m.room.member with membership invite"),
            When(() => facts.SenderOnOrigin, "sender on the requesting server"),
            When(() => facts.TargetIsLocal, "state_key is a user of ours"),
            When(() => facts.InviteRoomStateValid, "invite_room_state holds the create event, signed, of this room"),
        };
        var accepted = When(() => facts.InviteAccepted, "the invitee accepts invites from the sender");

        In(S.Received)
            .PermitIf(T.CheckInvite, S.Validated, checks)
            .PermitIf(T.CheckInvite, S.Refused, Otherwise("otherwise: 400 M_INCOMPATIBLE_ROOM_VERSION or M_INVALID_PARAM", checks));
        In(S.Validated)
            .PermitIf(T.Countersign, S.Countersigned, accepted)
            .PermitIf(T.Countersign, S.Refused, Otherwise("otherwise: 403 M_FORBIDDEN or M_INVITE_BLOCKED", accepted));
    }

    /// <summary>The facts the guards read.</summary>
    public InviteeFacts Facts { get; }
}
