using S = InviteJoin.Reference.Dance.Machines.InviterState;
using T = InviteJoin.Reference.Dance.Machines.InviterTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where the inviting server is in a remote invite (spec v1.19, server-server API "Inviting to a room").</summary>
public enum InviterState
{
    /// <summary>The invite event is built, hashed and signed by the inviting server.</summary>
    Drafted,

    /// <summary><c>PUT /_matrix/federation/v2/invite/{roomId}/{eventId}</c> is sent to the invitee's server.</summary>
    SentToInvitee,

    /// <summary>The invitee's server answered with the event carrying its signature too.</summary>
    Countersigned,

    /// <summary>The doubly signed invite was sent to the room's servers.</summary>
    Distributed,

    /// <summary>The invitee's server refused, or answered with something else than the invite countersigned.</summary>
    Refused,
}

/// <summary>The messages and steps of the inviting server's side of an invite.</summary>
public enum InviterTrigger
{
    /// <summary>Send <c>PUT /v2/invite</c> with the event and <c>invite_room_state</c>.</summary>
    Invite,

    /// <summary>200 <c>{"event": ...}</c> from the invitee's server.</summary>
    InviteResponse,

    /// <summary>400 (<c>M_INCOMPATIBLE_ROOM_VERSION</c>, <c>M_INVALID_PARAM</c>) or 403 (<c>M_FORBIDDEN</c>, <c>M_INVITE_BLOCKED</c>).</summary>
    InviteError,

    /// <summary>Send the countersigned invite to the room's servers in a transaction (<c>PUT /v1/send</c>).</summary>
    SendTransaction,
}

/// <summary>The facts the inviting server's guards read: what it knows about its invite and the answer.</summary>
public sealed record InviterFacts
{
    /// <summary>The invite passes the authorisation rules against the room's current state.</summary>
    public bool InviteAuthorised { get; init; }

    /// <summary>The invitee is a user of another server (otherwise the inviting server signs the invite alone).</summary>
    public bool InviteeIsRemote { get; init; }

    /// <summary>The answer is the event that was sent: what its hashes and signatures cover is unchanged, and only signatures were added.</summary>
    public bool AnswerIsTheSentEvent { get; init; }

    /// <summary>The answer carries a valid signature of the invitee's server.</summary>
    public bool InviteeSignatureValid { get; init; }

    /// <summary>The countersigned invite still passes the auth rules against the room's current state (the room may have moved meanwhile).</summary>
    public bool InviteStillAuthorised { get; init; }

    /// <summary>
    /// The invitee's server answered 400 or 404 in a room of version 1 or 2: "Senders which receive a 400 or 404 response to this
    /// endpoint should retry using the v1 API" (invites-v2.yaml), and the retry is still to be made.
    /// </summary>
    public bool V1RetryDue { get; init; }
}

/// <summary>
/// The inviting server's side of an invite to a user of another server: draft, ask the invitee's server
/// to countersign, distribute (spec v1.19, server-server API "Inviting to a room"; <c>invites-v2.yaml</c>).
/// It sequences the handshake; building and checking the messages is the endpoint handlers' work.
/// </summary>
public sealed class InviterMachine : GuardedMachine<InviterState, InviterTrigger>
{
    public InviterMachine(InviterFacts facts, InviterState current = S.Drafted)
        : base(current)
    {
        Facts = facts;
        var authorised = When(() => facts.InviteAuthorised, "the invite passes the auth rules against the current state");
        var remote = When(() => facts.InviteeIsRemote, "the invitee is on another server");
        var sameEvent = When(() => facts.AnswerIsTheSentEvent, "the answer is the sent event, unchanged but for signatures");
        var countersigned = When(() => facts.InviteeSignatureValid, "it carries a valid signature of the invitee's server");
        var stillAuthorised = When(() => facts.InviteStillAuthorised, "it still passes the auth rules against the current state");
        var retry = When(() => facts.V1RetryDue, "400 or 404 in room version 1 or 2: retry over /v1/invite");
        var noRetry = When(() => !facts.V1RetryDue, "no v1 retry due");

        In(S.Drafted)
            .PermitIf(T.Invite, S.SentToInvitee, authorised, remote);
        In(S.SentToInvitee)
            .PermitIf(T.InviteResponse, S.Countersigned, sameEvent, countersigned, stillAuthorised)
            .PermitIf(T.InviteResponse, S.Refused, Otherwise("otherwise: not the invite countersigned, or no longer allowed", sameEvent, countersigned, stillAuthorised))
            .PermitReentryIf(T.InviteError, retry)
            .PermitIf(T.InviteError, S.Refused, noRetry);
        In(S.Countersigned)
            .Permit(T.SendTransaction, S.Distributed);
    }

    /// <summary>The facts the guards read.</summary>
    public InviterFacts Facts { get; }
}
