using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Reference.Dance.Endpoints.DanceRule;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// The inviting server (<see cref="InviterMachine"/>), driven by building its invite, the invitee's server's answer (a refusal,
/// possibly retried over v1), its own check of a countersigned answer, and another resident receiving the invite.
/// </summary>
public sealed class InviterRole : HandshakeRole<InviterState, InviterTrigger>
{
    public override string Machine => "invite-inviter";

    public override InviterState Initial => InviterState.Drafted;

    protected override ImmutableArray<InviterTrigger>? Triggers(InviterState state, HandlerAnswer outcome)
    {
        if (outcome.Of("invite_request.")) return [InviterTrigger.Invite];
        // The invitee's server's 200 is judged by the inviter's check of it (invite_response.*); its refusal answers the invite.
        if (outcome.Of("invite.")) return outcome.Refuses ? [InviterTrigger.InviteError] : [];
        if (outcome.Of("invite_response.")) return [InviterTrigger.InviteResponse];
        // A resident receiving the invite in a transaction: the inviting server distributed it.
        if (outcome.Of("transaction.")) return [InviterTrigger.SendTransaction];
        return null;
    }

    protected override GuardedMachine<InviterState, InviterTrigger> At(InviterState state, HandlerAnswer outcome, HandshakeContext context) => new InviterMachine(new InviterFacts
    {
        InviteAuthorised = outcome.Rule != InviteRequestNotAuthorised,
        InviteeIsRemote = true,
        AnswerIsTheSentEvent = outcome.Rule is not (InviteResponseMalformed or InviteResponseEventChanged),
        InviteeSignatureValid = outcome.Rule != InviteResponseMissingCountersignature,
        InviteStillAuthorised = outcome.Rule != InviteResponseNotAuthorised,
        // invites-v2.yaml: a 400 or 404 in room version 1 or 2 is retried over /v1/invite, once.
        V1RetryDue = outcome.Of("invite.") && outcome.Status is 400 or 404
            && context.RoomVersion is "1" or "2" && !context.RetriedOverV1,
    }, state);
}

/// <summary>The invitee's server (<see cref="InviteeMachine"/>), driven by its answer to <c>/v2/invite</c> or <c>/v1/invite</c>.</summary>
public sealed class InviteeRole : HandshakeRole<InviteeState, InviteeTrigger>
{
    private static readonly ImmutableArray<DanceRule> VersionNotSupported = [InviteMissingRoomVersion, InviteIncompatibleRoomVersion];

    private static readonly ImmutableArray<DanceRule> NotAnEventForThePath =
        [InviteServerDenied, InviteNotAnObject, InviteMissingEvent, InviteMalformedEvent, InviteRoomIdMismatch, InviteEventIdMismatch];

    private static readonly ImmutableArray<DanceRule> NotSigned = [InviteBadSignature, InviteContentHashMismatch];

    private static readonly ImmutableArray<DanceRule> NotAnInvite = [InviteNotMemberEvent, InviteWrongMembership];

    private static readonly ImmutableArray<DanceRule> TargetNotLocal = [InviteTargetNotLocal, InviteUnknownUser];

    /// <summary>The server's own choices, judged once the invite is known to be genuine: it is refused at the countersigning step.</summary>
    private static readonly ImmutableArray<DanceRule> NotAccepted = [InviteSenderRefused, InviteRoomRefused, InviteInvitesBlocked];

    public override string Machine => "invite-invitee";

    public override InviteeState Initial => InviteeState.Received;

    protected override ImmutableArray<InviteeTrigger>? Triggers(InviteeState state, HandlerAnswer outcome)
    {
        if (!outcome.Of("invite.")) return null;
        return outcome.Refuses && !outcome.In(NotAccepted) ? [InviteeTrigger.CheckInvite] : [InviteeTrigger.CheckInvite, InviteeTrigger.Countersign];
    }

    protected override GuardedMachine<InviteeState, InviteeTrigger> At(InviteeState state, HandlerAnswer outcome, HandshakeContext context) => new InviteeMachine(new InviteeFacts
    {
        RoomVersionSupported = !outcome.In(VersionNotSupported),
        EventMatchesThePath = !outcome.In(NotAnEventForThePath),
        SignedBySenderServer = !outcome.In(NotSigned),
        IsInvite = !outcome.In(NotAnInvite),
        SenderOnOrigin = outcome.Rule != InviteSenderNotOnOrigin,
        TargetIsLocal = !outcome.In(TargetNotLocal),
        InviteRoomStateValid = !outcome.Of("invite.room_state_"),
        InviteAccepted = !outcome.In(NotAccepted),
    }, state);
}

/// <summary>Every side of every handshake as its machine, driven by the handlers' outcomes.</summary>
public static class HandshakeRoles
{
    public static readonly InviterRole Inviter = new();
    public static readonly InviteeRole Invitee = new();
    public static readonly JoinerRole Joiner = new();
    public static readonly JoinResidentRole JoinResident = new();
    public static readonly RestrictedJoinResidentRole RestrictedJoinResident = new();
    public static readonly KnockerRole Knocker = new();
    public static readonly KnockResidentRole KnockResident = new();
    public static readonly LeaverRole Leaver = new();
    public static readonly LeaveResidentRole LeaveResident = new();
}
