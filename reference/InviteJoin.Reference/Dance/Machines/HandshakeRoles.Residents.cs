using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Reference.Dance.Endpoints.DanceRule;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>The refusals of make_* and send_* that each resident fact refutes, for every membership.</summary>
internal static class ResidentOutcomes
{
    /// <summary>The room is unknown, the server not resident or holding a partial state, or the ACL denies the requester.</summary>
    public static readonly ImmutableArray<DanceRule> RoomNotHeld =
    [
        MakeJoinUnknownRoom, MakeJoinNotResident, MakeJoinPartialState, MakeJoinServerDenied,
        MakeLeaveUnknownRoom, MakeLeaveNotResident, MakeLeavePartialState, MakeLeaveServerDenied,
        MakeKnockUnknownRoom, MakeKnockNotResident, MakeKnockPartialState, MakeKnockServerDenied,
        SendJoinUnknownRoom, SendJoinNotResident, SendJoinPartialState, SendJoinServerDenied,
        SendLeaveUnknownRoom, SendLeaveNotResident, SendLeavePartialState, SendLeaveServerDenied,
        SendKnockUnknownRoom, SendKnockNotResident, SendKnockPartialState, SendKnockServerDenied,
    ];

    public static readonly ImmutableArray<DanceRule> UserNotOnOrigin =
        [MakeJoinBadUserId, MakeJoinUserNotOnOrigin, MakeLeaveBadUserId, MakeLeaveUserNotOnOrigin, MakeKnockBadUserId, MakeKnockUserNotOnOrigin];

    public static readonly ImmutableArray<DanceRule> VersionNotOffered = [MakeJoinIncompatibleRoomVersion, MakeKnockIncompatibleRoomVersion, MakeKnockMissingVer];

    /// <summary>The body is no event of the room's version for the path (its room, its ID, its hash, known prev events, a valid query).</summary>
    public static readonly ImmutableArray<DanceRule> NotAnEventForThePath =
    [
        SendJoinBadOmitMembers, SendJoinNotAnObject, SendJoinMalformedEvent, SendJoinRoomIdMismatch, SendJoinEventIdMismatch, SendJoinContentHashMismatch, SendJoinUnknownPrevEvent,
        SendLeaveNotAnObject, SendLeaveMalformedEvent, SendLeaveRoomIdMismatch, SendLeaveEventIdMismatch, SendLeaveContentHashMismatch, SendLeaveUnknownPrevEvent,
        SendKnockNotAnObject, SendKnockMalformedEvent, SendKnockRoomIdMismatch, SendKnockEventIdMismatch, SendKnockContentHashMismatch, SendKnockUnknownPrevEvent,
    ];

    public static readonly ImmutableArray<DanceRule> BadSignature = [SendJoinBadSignature, SendLeaveBadSignature, SendKnockBadSignature];

    public static readonly ImmutableArray<DanceRule> WrongMembership =
        [SendJoinNotMemberEvent, SendJoinWrongMembership, SendLeaveNotMemberEvent, SendLeaveWrongMembership, SendKnockNotMemberEvent, SendKnockWrongMembership];

    public static readonly ImmutableArray<DanceRule> SenderNotOnOrigin = [SendJoinSenderNotOnOrigin, SendLeaveSenderNotOnOrigin, SendKnockSenderNotOnOrigin];

    public static readonly ImmutableArray<DanceRule> StateKeyNotSender = [SendJoinStateKeyNotSender, SendLeaveStateKeyNotSender, SendKnockStateKeyNotSender];

    /// <summary>Checks 4–7 refuse the event: its auth events, the state, or the room's policy server.</summary>
    public static readonly ImmutableArray<DanceRule> NotAuthorised =
    [
        SendJoinAuthEventsRejected, SendJoinNotAuthorised, SendJoinNotRecommended,
        SendLeaveAuthEventsRejected, SendLeaveNotAuthorised, SendLeaveNotRecommended,
        SendKnockAuthEventsRejected, SendKnockNotAuthorised, SendKnockNotRecommended,
    ];

    /// <summary>The refusals of a restricted join's conditions and authoriser, which only the restricted resident's machine answers.</summary>
    public static readonly ImmutableArray<DanceRule> Restricted =
    [
        MakeJoinRestrictedNoValidConditions, MakeJoinRestrictedUnableToAuthorise, MakeJoinRestrictedConditionsNotMet, MakeJoinRestrictedUnableToGrant,
        SendJoinAuthoriserOnOtherServer, SendJoinRestrictedNoValidConditions, SendJoinRestrictedUnableToAuthorise, SendJoinRestrictedConditionsNotMet, SendJoinRestrictedUnableToGrant,
    ];
}

/// <summary>A resident in a join that needs no authoriser (<see cref="JoinResidentMachine"/>), driven by its own make_join and send_join answers.</summary>
public sealed class JoinResidentRole : HandshakeRole<JoinResidentState, JoinResidentTrigger>
{
    public override string Machine => "join-resident";

    public override JoinResidentState Initial => JoinResidentState.Idle;

    protected override ImmutableArray<JoinResidentTrigger>? Triggers(JoinResidentState state, HandlerAnswer outcome)
    {
        if (outcome.In(ResidentOutcomes.Restricted) || outcome.Rule is MakeJoinIssuedRestricted or SendJoinAcceptedAuthorised) return null;
        if (outcome.Of("make_join.")) return [JoinResidentTrigger.MakeJoin];
        if (outcome.Of("send_join."))
        {
            return outcome.Refuses
                ? [JoinResidentTrigger.SendJoin, JoinResidentTrigger.CheckJoin]
                : [JoinResidentTrigger.SendJoin, JoinResidentTrigger.CheckJoin, JoinResidentTrigger.Distribute, JoinResidentTrigger.SendJoinResponse];
        }
        return null;
    }

    protected override GuardedMachine<JoinResidentState, JoinResidentTrigger> At(JoinResidentState state, HandlerAnswer outcome, HandshakeContext context) => new JoinResidentMachine(new JoinResidentFacts
    {
        RoomHeldAndResident = !outcome.In(ResidentOutcomes.RoomNotHeld),
        RoomVersionOffered = !outcome.In(ResidentOutcomes.VersionNotOffered),
        UserOnRequestingServer = !outcome.In(ResidentOutcomes.UserNotOnOrigin),
        JoinWouldBeAllowed = outcome.Rule != MakeJoinNotAuthorised,
        EventMatchesThePath = !outcome.In(ResidentOutcomes.NotAnEventForThePath),
        SignedBySenderServer = !outcome.In(ResidentOutcomes.BadSignature),
        IsJoin = !outcome.In(ResidentOutcomes.WrongMembership),
        SenderOnOrigin = !outcome.In(ResidentOutcomes.SenderNotOnOrigin),
        StateKeyIsSender = !outcome.In(ResidentOutcomes.StateKeyNotSender),
        Authorised = !outcome.In(ResidentOutcomes.NotAuthorised),
    }, state);
}

/// <summary>
/// A resident in a restricted join of a user neither invited nor joined (<see cref="RestrictedJoinResidentMachine"/>): its make_join
/// answer names an authoriser, its send_join countersigns.
/// </summary>
public sealed class RestrictedJoinResidentRole : HandshakeRole<RestrictedJoinResidentState, RestrictedJoinResidentTrigger>
{
    public override string Machine => "restricted-join-resident";

    public override RestrictedJoinResidentState Initial => RestrictedJoinResidentState.Idle;

    protected override ImmutableArray<RestrictedJoinResidentTrigger>? Triggers(RestrictedJoinResidentState state, HandlerAnswer outcome)
    {
        // A template or an acceptance without an authoriser is an answer to a join that needs none: not this handshake's.
        if (outcome.Rule is MakeJoinIssued or DanceRule.SendJoinAccepted) return null;
        if (outcome.Of("make_join.")) return outcome.Refuses ? [RestrictedJoinResidentTrigger.MakeJoin] : [RestrictedJoinResidentTrigger.MakeJoin, RestrictedJoinResidentTrigger.MakeJoinResponse];
        if (outcome.Of("send_join."))
        {
            return outcome.Refuses
                ? [RestrictedJoinResidentTrigger.SendJoin, RestrictedJoinResidentTrigger.CheckJoin]
                : [RestrictedJoinResidentTrigger.SendJoin, RestrictedJoinResidentTrigger.CheckJoin, RestrictedJoinResidentTrigger.Countersign,
                   RestrictedJoinResidentTrigger.Distribute, RestrictedJoinResidentTrigger.SendJoinResponse];
        }
        return null;
    }

    protected override GuardedMachine<RestrictedJoinResidentState, RestrictedJoinResidentTrigger> At(RestrictedJoinResidentState state, HandlerAnswer outcome, HandshakeContext context) =>
        new RestrictedJoinResidentMachine(new RestrictedJoinResidentFacts
        {
            RoomHeldAndResident = !outcome.In(ResidentOutcomes.RoomNotHeld),
            RoomVersionOffered = !outcome.In(ResidentOutcomes.VersionNotOffered),
            UserOnRequestingServer = !outcome.In(ResidentOutcomes.UserNotOnOrigin),
            RestrictedRoom = true,
            NeedsAuthoriser = true,
            CanEvaluateAllow = outcome.Rule != MakeJoinRestrictedUnableToAuthorise,
            // At send_join the conditions are evaluated again: the user no longer meets them, or they cannot be evaluated.
            MeetsAllow = outcome.Rule is not (MakeJoinRestrictedNoValidConditions or MakeJoinRestrictedConditionsNotMet
                or SendJoinRestrictedNoValidConditions or SendJoinRestrictedConditionsNotMet or SendJoinRestrictedUnableToAuthorise),
            LocalAuthoriserAvailable = outcome.Rule != MakeJoinRestrictedUnableToGrant,
            JoinWouldBeAllowed = outcome.Rule != MakeJoinNotAuthorised,
            EventMatchesThePath = !outcome.In(ResidentOutcomes.NotAnEventForThePath),
            SignedBySenderServer = !outcome.In(ResidentOutcomes.BadSignature),
            IsJoin = !outcome.In(ResidentOutcomes.WrongMembership),
            SenderOnOrigin = !outcome.In(ResidentOutcomes.SenderNotOnOrigin),
            StateKeyIsSender = !outcome.In(ResidentOutcomes.StateKeyNotSender),
            NamesOurAuthoriser = outcome.Rule is not (SendJoinAuthoriserOnOtherServer or SendJoinRestrictedUnableToGrant),
            AuthorisedOnceCountersigned = !outcome.In(ResidentOutcomes.NotAuthorised),
        }, state);
}

/// <summary>A resident in a knock (<see cref="KnockResidentMachine"/>), driven by its make_knock and send_knock answers.</summary>
public sealed class KnockResidentRole : HandshakeRole<KnockResidentState, KnockResidentTrigger>
{
    public override string Machine => "knock-resident";

    public override KnockResidentState Initial => KnockResidentState.Idle;

    protected override ImmutableArray<KnockResidentTrigger>? Triggers(KnockResidentState state, HandlerAnswer outcome)
    {
        if (outcome.Of("make_knock.")) return [KnockResidentTrigger.MakeKnock];
        if (outcome.Of("send_knock."))
        {
            return outcome.Refuses
                ? [KnockResidentTrigger.SendKnock, KnockResidentTrigger.CheckKnock]
                : [KnockResidentTrigger.SendKnock, KnockResidentTrigger.CheckKnock, KnockResidentTrigger.Distribute, KnockResidentTrigger.SendKnockResponse];
        }
        return null;
    }

    protected override GuardedMachine<KnockResidentState, KnockResidentTrigger> At(KnockResidentState state, HandlerAnswer outcome, HandshakeContext context) => new KnockResidentMachine(new KnockResidentFacts
    {
        RoomHeldAndResident = !outcome.In(ResidentOutcomes.RoomNotHeld),
        RoomVersionOffered = !outcome.In(ResidentOutcomes.VersionNotOffered),
        UserOnRequestingServer = !outcome.In(ResidentOutcomes.UserNotOnOrigin),
        // The auth rules refuse a knock for its room version (before 7), its join rule or the user's membership; the handler
        // names which through the auth rule, and any of them refuses the request.
        RoomVersionHasKnocking = true,
        KnockableRoom = true,
        UserMayKnock = outcome.Rule != MakeKnockNotAuthorised,
        EventMatchesThePath = !outcome.In(ResidentOutcomes.NotAnEventForThePath),
        SignedBySenderServer = !outcome.In(ResidentOutcomes.BadSignature),
        IsKnock = !outcome.In(ResidentOutcomes.WrongMembership),
        SenderOnOrigin = !outcome.In(ResidentOutcomes.SenderNotOnOrigin),
        StateKeyIsSender = !outcome.In(ResidentOutcomes.StateKeyNotSender),
        Authorised = !outcome.In(ResidentOutcomes.NotAuthorised),
    }, state);
}

/// <summary>A resident in a leave from outside the room (<see cref="LeaveResidentMachine"/>), driven by its make_leave and send_leave answers.</summary>
public sealed class LeaveResidentRole : HandshakeRole<LeaveResidentState, LeaveResidentTrigger>
{
    public override string Machine => "leave-resident";

    public override LeaveResidentState Initial => LeaveResidentState.Idle;

    protected override ImmutableArray<LeaveResidentTrigger>? Triggers(LeaveResidentState state, HandlerAnswer outcome)
    {
        if (outcome.Of("make_leave.")) return [LeaveResidentTrigger.MakeLeave];
        if (outcome.Of("send_leave."))
        {
            return outcome.Refuses
                ? [LeaveResidentTrigger.SendLeave, LeaveResidentTrigger.CheckLeave]
                : [LeaveResidentTrigger.SendLeave, LeaveResidentTrigger.CheckLeave, LeaveResidentTrigger.Distribute, LeaveResidentTrigger.SendLeaveResponse];
        }
        return null;
    }

    protected override GuardedMachine<LeaveResidentState, LeaveResidentTrigger> At(LeaveResidentState state, HandlerAnswer outcome, HandshakeContext context) => new LeaveResidentMachine(new LeaveResidentFacts
    {
        RoomHeldAndResident = !outcome.In(ResidentOutcomes.RoomNotHeld),
        UserOnRequestingServer = !outcome.In(ResidentOutcomes.UserNotOnOrigin),
        UserMayLeave = outcome.Rule != MakeLeaveNotAuthorised,
        EventMatchesThePath = !outcome.In(ResidentOutcomes.NotAnEventForThePath),
        SignedBySenderServer = !outcome.In(ResidentOutcomes.BadSignature),
        IsLeave = !outcome.In(ResidentOutcomes.WrongMembership),
        SenderOnOrigin = !outcome.In(ResidentOutcomes.SenderNotOnOrigin),
        StateKeyIsSender = !outcome.In(ResidentOutcomes.StateKeyNotSender),
        Authorised = !outcome.In(ResidentOutcomes.NotAuthorised),
    }, state);
}
