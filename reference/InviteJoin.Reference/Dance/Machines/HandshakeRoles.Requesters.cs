using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Reference.Dance.Endpoints.DanceRule;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>The template check's refusals and the fact of the requesting server's machine each one refutes.</summary>
internal static class TemplateOutcomes
{
    /// <summary>Refusals of <see cref="JoinTemplate.Check"/> that the template is not of the room version we offered.</summary>
    public static readonly ImmutableArray<DanceRule> VersionNotOffered = [TemplateUnsupportedRoomVersion];

    public static readonly ImmutableArray<DanceRule> WrongRoom = [TemplateWrongRoom];

    public static readonly ImmutableArray<DanceRule> WrongUser = [TemplateWrongSender, TemplateWrongStateKey];

    public static readonly ImmutableArray<DanceRule> WrongMembership = [TemplateWrongType, TemplateWrongMembership];

    /// <summary>B23 and the rest: more than the resident may choose, no event of its version, a version that disagrees with the one known.</summary>
    public static readonly ImmutableArray<DanceRule> MoreThanTheResidentMayChoose =
        [TemplateMalformedResponse, TemplateUnexpectedContentKey, TemplateUnexpectedField, TemplateNotAPdu, TemplateRoomVersionMismatch];

    /// <summary>The triggers a template outcome fires: the check, the signature, or nothing for a mistake of our own (own content not allowed).</summary>
    public static ImmutableArray<TTrigger>? Triggers<TTrigger>(HandlerAnswer outcome, TTrigger check, TTrigger sign)
        where TTrigger : struct, Enum
    {
        if (outcome.Rule == TemplateCompleted) return [sign];
        if (outcome.Rule == TemplateOwnContentNotAllowed) return [];
        return outcome.Of("template.") ? [check] : null;
    }
}

/// <summary>The joining server (<see cref="JoinerMachine"/>), driven by make_join, the template check, send_join, its answer's check and the resync.</summary>
public sealed class JoinerRole : HandshakeRole<JoinerState, JoinerTrigger>
{
    public override string Machine => "join-joiner";

    public override JoinerState Initial => JoinerState.TemplateRequested;

    protected override ImmutableArray<JoinerTrigger>? Triggers(JoinerState state, HandlerAnswer outcome)
    {
        if (outcome.Of("make_join.")) return [outcome.Refuses ? JoinerTrigger.MakeJoinError : JoinerTrigger.MakeJoinResponse];
        if (TemplateOutcomes.Triggers(outcome, JoinerTrigger.CheckTemplate, JoinerTrigger.Sign) is { } template) return template;
        // The resident's answer to send_join: the request went out, and it was answered 200 or refused.
        if (outcome.Of("send_join.")) return outcome.Refuses ? [JoinerTrigger.SendJoin, JoinerTrigger.SendJoinError] : [JoinerTrigger.SendJoin];
        if (outcome.Of("send_join_response.")) return [JoinerTrigger.SendJoinResponse];
        // A resync that fails leaves the state partial, to be asked of another server.
        if (outcome.Of("resync.")) return outcome.Rule == ResyncCompleted ? [JoinerTrigger.StateResynced] : [];
        return null;
    }

    protected override GuardedMachine<JoinerState, JoinerTrigger> At(JoinerState state, HandlerAnswer outcome, HandshakeContext context) => new JoinerMachine(new JoinerFacts
    {
        CandidateResidentRemains = context.CandidateResidentRemains,
        SameResident = context.SameResident,
        RoomVersionOffered = !outcome.In(TemplateOutcomes.VersionNotOffered),
        TemplateRoomMatches = !outcome.In(TemplateOutcomes.WrongRoom),
        TemplateSenderIsUser = !outcome.In(TemplateOutcomes.WrongUser),
        TemplateIsJoin = !outcome.In(TemplateOutcomes.WrongMembership),
        TemplateOnlyWhatTheResidentMayChoose = !outcome.In(TemplateOutcomes.MoreThanTheResidentMayChoose),
        // SendJoinResponses.Apply decides whether the answer verifies, the countersignature of an authorised join included.
        ResponseVerifies = !(outcome.Of("send_join_response.") && outcome.Refuses),
        AuthorisedJoinCountersigned = !(outcome.Of("send_join_response.") && outcome.Refuses),
        MembersOmitted = outcome.Rule == SendJoinResponseAcceptedPartial,
    }, state);
}

/// <summary>The knocking server (<see cref="KnockerMachine"/>), driven by make_knock, the template check and send_knock.</summary>
public sealed class KnockerRole : HandshakeRole<KnockerState, KnockerTrigger>
{
    public override string Machine => "knock-knocker";

    public override KnockerState Initial => KnockerState.TemplateRequested;

    protected override ImmutableArray<KnockerTrigger>? Triggers(KnockerState state, HandlerAnswer outcome)
    {
        if (outcome.Of("make_knock.")) return [outcome.Refuses ? KnockerTrigger.MakeKnockError : KnockerTrigger.MakeKnockResponse];
        if (TemplateOutcomes.Triggers(outcome, KnockerTrigger.CheckTemplate, KnockerTrigger.Sign) is { } template) return template;
        if (outcome.Of("send_knock.")) return outcome.Refuses ? [KnockerTrigger.SendKnock, KnockerTrigger.SendKnockError] : [KnockerTrigger.SendKnock, KnockerTrigger.SendKnockResponse];
        // The knock is in the room whatever knock_room_state holds: checking it changes nothing of the handshake.
        if (outcome.Of("send_knock_response.")) return [];
        return null;
    }

    protected override GuardedMachine<KnockerState, KnockerTrigger> At(KnockerState state, HandlerAnswer outcome, HandshakeContext context) => new KnockerMachine(new KnockerFacts
    {
        CandidateResidentRemains = context.CandidateResidentRemains,
        RoomVersionOfferedWithKnocking = !outcome.In(TemplateOutcomes.VersionNotOffered),
        TemplateRoomMatches = !outcome.In(TemplateOutcomes.WrongRoom),
        TemplateSenderIsUser = !outcome.In(TemplateOutcomes.WrongUser),
        TemplateIsKnock = !outcome.In(TemplateOutcomes.WrongMembership),
        TemplateOnlyWhatTheResidentMayChoose = !outcome.In(TemplateOutcomes.MoreThanTheResidentMayChoose),
    }, state);
}

/// <summary>The server leaving from outside the room (<see cref="LeaverMachine"/>): rejecting an invite or retracting a knock through make_leave and send_leave.</summary>
public sealed class LeaverRole : HandshakeRole<LeaverState, LeaverTrigger>
{
    public override string Machine => "leave-leaver";

    public override LeaverState Initial => LeaverState.Invited;

    protected override ImmutableArray<LeaverTrigger>? Triggers(LeaverState state, HandlerAnswer outcome)
    {
        if (outcome.Of("make_leave."))
        {
            var answer = outcome.Refuses ? LeaverTrigger.MakeLeaveError : LeaverTrigger.MakeLeaveResponse;
            // From the invite or knock held, the answer means the request went out first.
            return state is LeaverState.Invited or LeaverState.Knocking ? [LeaverTrigger.MakeLeave, answer] : [answer];
        }
        if (TemplateOutcomes.Triggers(outcome, LeaverTrigger.CheckTemplate, LeaverTrigger.Sign) is { } template) return template;
        if (outcome.Of("send_leave.")) return outcome.Refuses ? [LeaverTrigger.SendLeave, LeaverTrigger.SendLeaveError] : [LeaverTrigger.SendLeave, LeaverTrigger.SendLeaveResponse];
        return null;
    }

    protected override GuardedMachine<LeaverState, LeaverTrigger> At(LeaverState state, HandlerAnswer outcome, HandshakeContext context) => new LeaverMachine(new LeaverFacts
    {
        CandidateResidentRemains = context.CandidateResidentRemains,
        TemplateRoomMatches = !outcome.In(TemplateOutcomes.WrongRoom),
        TemplateSenderIsUser = !outcome.In(TemplateOutcomes.WrongUser),
        TemplateIsLeave = !outcome.In(TemplateOutcomes.WrongMembership),
        // A leave template names no version of ours: one we do not know is no event of its version.
        TemplateOnlyWhatTheResidentMayChoose = !outcome.In(TemplateOutcomes.MoreThanTheResidentMayChoose) && !outcome.In(TemplateOutcomes.VersionNotOffered),
    }, state);
}
