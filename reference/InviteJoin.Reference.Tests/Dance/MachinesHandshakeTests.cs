using System.Reflection;
using InviteJoin.Reference.Dance.Machines;

namespace InviteJoin.Reference.Tests.Dance;

/// <summary>
/// The handshake machines from both sides (spec v1.19, server-server API "Inviting to a room", "Joining
/// Rooms", "Restricted rooms", "Knocking upon a room", "Leaving Rooms (Rejecting Invites)"): each
/// sequence of messages the endpoints allow, the failures, and guards that never let Stateless face
/// two permitted transitions for one trigger.
/// </summary>
public sealed class MachinesHandshakeTests
{
    // Every fact true: every check passes.
    private static T AllTrue<T>() where T : new() => WithFacts<T>(_ => true);

    private static T WithFacts<T>(Func<string, bool> value) where T : new()
    {
        var facts = new T();
        foreach (var property in BoolFacts(typeof(T))) property.SetValue(facts, value(property.Name));
        return facts;
    }

    private static T AllTrueBut<T>(string fact) where T : new() => WithFacts<T>(name => name != fact);

    private static PropertyInfo[] BoolFacts(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(bool)).OrderBy(p => p.Name, StringComparer.Ordinal)];

    private static TState Run<TState, TTrigger>(GuardedMachine<TState, TTrigger> machine, params TTrigger[] triggers)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        foreach (var trigger in triggers)
        {
            Assert.True(machine.CanFire(trigger), $"{trigger} from {machine.State}: " + string.Join("; ", machine.UnmetGuards(trigger)));
            machine.Fire(trigger);
        }
        return machine.State;
    }

    [Fact]
    public void Inviter_SendsGetsCountersignedAndDistributes()
    {
        var machine = new InviterMachine(AllTrue<InviterFacts>());
        Assert.Equal(InviterState.Distributed, Run(machine, InviterTrigger.Invite, InviterTrigger.InviteResponse, InviterTrigger.SendTransaction));
    }

    [Fact]
    public void Inviter_RefusesAnAnswerThatIsNotItsInviteCountersigned()
    {
        Assert.Equal(InviterState.Refused, Run(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.AnswerIsTheSentEvent)), InviterState.SentToInvitee), InviterTrigger.InviteResponse));
        Assert.Equal(InviterState.Refused, Run(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.InviteeSignatureValid)), InviterState.SentToInvitee), InviterTrigger.InviteResponse));
        Assert.Equal(InviterState.Refused, Run(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.V1RetryDue)), InviterState.SentToInvitee), InviterTrigger.InviteError));
        Assert.Equal(InviterState.Refused, Run(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.InviteStillAuthorised)), InviterState.SentToInvitee), InviterTrigger.InviteResponse));
        // A 400 or 404 in room version 1 or 2 sends the invite again, over /v1/invite (invites-v2.yaml).
        Assert.Equal(InviterState.SentToInvitee, Run(new InviterMachine(AllTrue<InviterFacts>(), InviterState.SentToInvitee), InviterTrigger.InviteError));
        // An invite the rules refuse, or of a local user, is never sent.
        Assert.False(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.InviteAuthorised))).CanFire(InviterTrigger.Invite));
        Assert.False(new InviterMachine(AllTrueBut<InviterFacts>(nameof(InviterFacts.InviteeIsRemote))).CanFire(InviterTrigger.Invite));
        // Nothing is distributed before the countersignature.
        Assert.False(new InviterMachine(AllTrue<InviterFacts>(), InviterState.SentToInvitee).CanFire(InviterTrigger.SendTransaction));
    }

    [Theory]
    [InlineData(nameof(InviteeFacts.RoomVersionSupported))]
    [InlineData(nameof(InviteeFacts.SignedBySenderServer))]
    [InlineData(nameof(InviteeFacts.IsInvite))]
    [InlineData(nameof(InviteeFacts.SenderOnOrigin))]
    [InlineData(nameof(InviteeFacts.TargetIsLocal))]
    [InlineData(nameof(InviteeFacts.InviteRoomStateValid))]
    public void Invitee_RefusesBeforeSigning_WhenACheckFails(string failing)
    {
        var machine = new InviteeMachine(AllTrueBut<InviteeFacts>(failing));
        Assert.Equal(InviteeState.Refused, Run(machine, InviteeTrigger.CheckInvite));
        Assert.False(machine.CanFire(InviteeTrigger.Countersign));
    }

    [Fact]
    public void Invitee_ValidatesThenCountersigns_OrRefusesABlockedInvite()
    {
        Assert.Equal(InviteeState.Countersigned, Run(new InviteeMachine(AllTrue<InviteeFacts>()), InviteeTrigger.CheckInvite, InviteeTrigger.Countersign));
        Assert.Equal(InviteeState.Refused, Run(new InviteeMachine(AllTrueBut<InviteeFacts>(nameof(InviteeFacts.InviteAccepted))), InviteeTrigger.CheckInvite, InviteeTrigger.Countersign));
        Assert.False(new InviteeMachine(AllTrue<InviteeFacts>()).CanFire(InviteeTrigger.Countersign));
    }

    [Fact]
    public void Joiner_JoinsWithFullState_OrWithPartialStateThenResyncs()
    {
        var full = AllTrueBut<JoinerFacts>(nameof(JoinerFacts.MembersOmitted));
        Assert.Equal(JoinerState.JoinedWithFullState,
            Run(new JoinerMachine(full), JoinerTrigger.MakeJoinResponse, JoinerTrigger.CheckTemplate, JoinerTrigger.Sign, JoinerTrigger.SendJoin, JoinerTrigger.SendJoinResponse));
        Assert.Equal(JoinerState.Resynced,
            Run(new JoinerMachine(AllTrue<JoinerFacts>()), JoinerTrigger.MakeJoinResponse, JoinerTrigger.CheckTemplate, JoinerTrigger.Sign, JoinerTrigger.SendJoin, JoinerTrigger.SendJoinResponse, JoinerTrigger.StateResynced));
        Assert.False(new JoinerMachine(full, JoinerState.JoinedWithFullState).CanFire(JoinerTrigger.StateResynced));
    }

    [Fact]
    public void Joiner_TriesAnotherResident_WhileOneRemains_ThenFailsNamingTheStep()
    {
        var retry = new JoinerMachine(AllTrue<JoinerFacts>());
        Assert.Equal(JoinerState.TemplateRequested, Run(retry, JoinerTrigger.MakeJoinError));
        var giveUp = new JoinerMachine(AllTrueBut<JoinerFacts>(nameof(JoinerFacts.CandidateResidentRemains)));
        Assert.Equal(JoinerState.Failed, Run(giveUp, JoinerTrigger.MakeJoinError));
        Assert.Equal(JoinerTrigger.MakeJoinError, giveUp.FailedOn);
        Assert.Null(retry.FailedOn);
    }

    [Theory]
    [InlineData(nameof(JoinerFacts.RoomVersionOffered))]
    [InlineData(nameof(JoinerFacts.TemplateRoomMatches))]
    [InlineData(nameof(JoinerFacts.TemplateSenderIsUser))]
    [InlineData(nameof(JoinerFacts.TemplateIsJoin))]
    public void Joiner_NeverSignsAMalformedTemplate(string failing)
    {
        var elsewhere = new JoinerMachine(AllTrueBut<JoinerFacts>(failing), JoinerState.TemplateReceived);
        Assert.Equal(JoinerState.TemplateRequested, Run(elsewhere, JoinerTrigger.CheckTemplate));
        var stuck = new JoinerMachine(WithFacts<JoinerFacts>(name => name != failing && name != nameof(JoinerFacts.CandidateResidentRemains)), JoinerState.TemplateReceived);
        Assert.Equal(JoinerState.Failed, Run(stuck, JoinerTrigger.CheckTemplate));
        Assert.Equal(JoinerTrigger.CheckTemplate, stuck.FailedOn);
    }

    [Fact]
    public void Joiner_SendsTheJoinOnlyToTheResidentThatIssuedTheTemplate_AndRejectsAResponseThatDoesNotVerify()
    {
        Assert.False(new JoinerMachine(AllTrueBut<JoinerFacts>(nameof(JoinerFacts.SameResident)), JoinerState.Signed).CanFire(JoinerTrigger.SendJoin));
        Assert.Equal(JoinerState.Failed, Run(new JoinerMachine(AllTrueBut<JoinerFacts>(nameof(JoinerFacts.ResponseVerifies)), JoinerState.Submitted), JoinerTrigger.SendJoinResponse));
        Assert.Equal(JoinerState.Failed, Run(new JoinerMachine(AllTrueBut<JoinerFacts>(nameof(JoinerFacts.AuthorisedJoinCountersigned)), JoinerState.Submitted), JoinerTrigger.SendJoinResponse));
    }

    [Fact]
    public void JoinResident_IssuesValidatesDistributesAndAnswers()
    {
        Assert.Equal(JoinResidentState.Answered,
            Run(new JoinResidentMachine(AllTrue<JoinResidentFacts>()), JoinResidentTrigger.MakeJoin, JoinResidentTrigger.SendJoin, JoinResidentTrigger.CheckJoin, JoinResidentTrigger.Distribute, JoinResidentTrigger.SendJoinResponse));
        // A resident need not remember the template: send_join alone is judged on its own.
        Assert.Equal(JoinResidentState.JoinReceived, Run(new JoinResidentMachine(AllTrue<JoinResidentFacts>()), JoinResidentTrigger.SendJoin));
        Assert.Equal(JoinResidentState.Refused, Run(new JoinResidentMachine(AllTrueBut<JoinResidentFacts>(nameof(JoinResidentFacts.JoinWouldBeAllowed))), JoinResidentTrigger.MakeJoin));
        Assert.Equal(JoinResidentState.Refused,
            Run(new JoinResidentMachine(AllTrueBut<JoinResidentFacts>(nameof(JoinResidentFacts.Authorised))), JoinResidentTrigger.SendJoin, JoinResidentTrigger.CheckJoin));
        // Nothing is answered before the join is distributed.
        Assert.False(new JoinResidentMachine(AllTrue<JoinResidentFacts>(), JoinResidentState.Validated).CanFire(JoinResidentTrigger.SendJoinResponse));
    }

    [Fact]
    public void RestrictedJoinResident_ChoosesAnAuthoriserAndCountersignsBeforeDistributing()
    {
        var machine = new RestrictedJoinResidentMachine(AllTrue<RestrictedJoinResidentFacts>());
        Assert.Equal(RestrictedJoinResidentState.AuthoriserChosen, Run(machine, RestrictedJoinResidentTrigger.MakeJoin));
        Assert.Equal(RestrictedJoinResidentState.Validated, Run(machine, RestrictedJoinResidentTrigger.MakeJoinResponse, RestrictedJoinResidentTrigger.SendJoin, RestrictedJoinResidentTrigger.CheckJoin));
        Assert.False(machine.CanFire(RestrictedJoinResidentTrigger.Distribute));
        Assert.Equal(RestrictedJoinResidentState.Answered, Run(machine, RestrictedJoinResidentTrigger.Countersign, RestrictedJoinResidentTrigger.Distribute, RestrictedJoinResidentTrigger.SendJoinResponse));
    }

    [Theory]
    [InlineData(nameof(RestrictedJoinResidentFacts.RestrictedRoom))]
    [InlineData(nameof(RestrictedJoinResidentFacts.NeedsAuthoriser))]
    [InlineData(nameof(RestrictedJoinResidentFacts.CanEvaluateAllow))]
    [InlineData(nameof(RestrictedJoinResidentFacts.MeetsAllow))]
    [InlineData(nameof(RestrictedJoinResidentFacts.LocalAuthoriserAvailable))]
    public void RestrictedJoinResident_RefusesMakeJoin_WithoutAQualifyingAuthoriserAndCondition(string failing)
    {
        Assert.Equal(RestrictedJoinResidentState.Refused, Run(new RestrictedJoinResidentMachine(AllTrueBut<RestrictedJoinResidentFacts>(failing)), RestrictedJoinResidentTrigger.MakeJoin));
    }

    [Fact]
    public void RestrictedJoinResident_RefusesAJoinNamingSomeoneElsesAuthoriser()
    {
        var machine = new RestrictedJoinResidentMachine(AllTrueBut<RestrictedJoinResidentFacts>(nameof(RestrictedJoinResidentFacts.NamesOurAuthoriser)), RestrictedJoinResidentState.TemplateIssued);
        Assert.Equal(RestrictedJoinResidentState.Refused, Run(machine, RestrictedJoinResidentTrigger.SendJoin, RestrictedJoinResidentTrigger.CheckJoin));
    }

    [Fact]
    public void Knocker_KnocksThroughAResident_AndNeverSignsATemplateOfARoomVersionWithoutKnocking()
    {
        Assert.Equal(KnockerState.Knocked,
            Run(new KnockerMachine(AllTrue<KnockerFacts>()), KnockerTrigger.MakeKnockResponse, KnockerTrigger.CheckTemplate, KnockerTrigger.Sign, KnockerTrigger.SendKnock, KnockerTrigger.SendKnockResponse));
        var noKnocking = new KnockerMachine(WithFacts<KnockerFacts>(name => name is not nameof(KnockerFacts.RoomVersionOfferedWithKnocking) and not nameof(KnockerFacts.CandidateResidentRemains)), KnockerState.TemplateReceived);
        Assert.Equal(KnockerState.Failed, Run(noKnocking, KnockerTrigger.CheckTemplate));
        Assert.Equal(KnockerTrigger.CheckTemplate, noKnocking.FailedOn);
        var refused = new KnockerMachine(AllTrue<KnockerFacts>(), KnockerState.Submitted);
        Assert.Equal(KnockerState.Failed, Run(refused, KnockerTrigger.SendKnockError));
    }

    [Theory]
    [InlineData(nameof(KnockResidentFacts.RoomVersionHasKnocking))]
    [InlineData(nameof(KnockResidentFacts.KnockableRoom))]
    [InlineData(nameof(KnockResidentFacts.UserMayKnock))]
    [InlineData(nameof(KnockResidentFacts.RoomVersionOffered))]
    public void KnockResident_RefusesMakeKnock_WhenTheRoomCannotBeKnockedOn(string failing)
    {
        Assert.Equal(KnockResidentState.Refused, Run(new KnockResidentMachine(AllTrueBut<KnockResidentFacts>(failing)), KnockResidentTrigger.MakeKnock));
        Assert.Equal(KnockResidentState.Answered,
            Run(new KnockResidentMachine(AllTrue<KnockResidentFacts>()), KnockResidentTrigger.MakeKnock, KnockResidentTrigger.SendKnock, KnockResidentTrigger.CheckKnock, KnockResidentTrigger.Distribute, KnockResidentTrigger.SendKnockResponse));
    }

    [Theory]
    [InlineData(LeaverState.Invited)]
    [InlineData(LeaverState.Knocking)]
    public void Leaver_RejectsAnInviteOrRetractsAKnock_ThroughMakeAndSendLeave(LeaverState start)
    {
        Assert.Equal(LeaverState.Left,
            Run(new LeaverMachine(AllTrue<LeaverFacts>(), start), LeaverTrigger.MakeLeave, LeaverTrigger.MakeLeaveResponse, LeaverTrigger.CheckTemplate, LeaverTrigger.Sign, LeaverTrigger.SendLeave, LeaverTrigger.SendLeaveResponse));
        var other = new LeaverMachine(AllTrueBut<LeaverFacts>(nameof(LeaverFacts.TemplateIsLeave)), start);
        Assert.Equal(LeaverState.TemplateRequested, Run(other, LeaverTrigger.MakeLeave, LeaverTrigger.MakeLeaveResponse, LeaverTrigger.CheckTemplate));
        var last = new LeaverMachine(new LeaverFacts(), start);
        Assert.Equal(LeaverState.Failed, Run(last, LeaverTrigger.MakeLeave, LeaverTrigger.MakeLeaveError));
        Assert.Equal(LeaverTrigger.MakeLeaveError, last.FailedOn);
    }

    [Fact]
    public void LeaveResident_RefusesAUserWhoCannotLeave_AndAnswersAValidLeave()
    {
        Assert.Equal(LeaveResidentState.Refused, Run(new LeaveResidentMachine(AllTrueBut<LeaveResidentFacts>(nameof(LeaveResidentFacts.UserMayLeave))), LeaveResidentTrigger.MakeLeave));
        Assert.Equal(LeaveResidentState.Refused,
            Run(new LeaveResidentMachine(AllTrueBut<LeaveResidentFacts>(nameof(LeaveResidentFacts.StateKeyIsSender))), LeaveResidentTrigger.SendLeave, LeaveResidentTrigger.CheckLeave));
        Assert.Equal(LeaveResidentState.Answered,
            Run(new LeaveResidentMachine(AllTrue<LeaveResidentFacts>()), LeaveResidentTrigger.MakeLeave, LeaveResidentTrigger.SendLeave, LeaveResidentTrigger.CheckLeave, LeaveResidentTrigger.Distribute, LeaveResidentTrigger.SendLeaveResponse));
    }

    [Fact]
    public void EveryHandshakeMachine_HasExclusiveGuards_AndReadsEveryFact()
    {
        Exclusive<InviterFacts, InviterState, InviterTrigger>((f, s) => new InviterMachine(f, s));
        Exclusive<InviteeFacts, InviteeState, InviteeTrigger>((f, s) => new InviteeMachine(f, s));
        Exclusive<JoinerFacts, JoinerState, JoinerTrigger>((f, s) => new JoinerMachine(f, s));
        Exclusive<JoinResidentFacts, JoinResidentState, JoinResidentTrigger>((f, s) => new JoinResidentMachine(f, s));
        Exclusive<RestrictedJoinResidentFacts, RestrictedJoinResidentState, RestrictedJoinResidentTrigger>((f, s) => new RestrictedJoinResidentMachine(f, s));
        Exclusive<KnockerFacts, KnockerState, KnockerTrigger>((f, s) => new KnockerMachine(f, s));
        Exclusive<KnockResidentFacts, KnockResidentState, KnockResidentTrigger>((f, s) => new KnockResidentMachine(f, s));
        Exclusive<LeaverFacts, LeaverState, LeaverTrigger>((f, s) => new LeaverMachine(f, s));
        Exclusive<LeaveResidentFacts, LeaveResidentState, LeaveResidentTrigger>((f, s) => new LeaveResidentMachine(f, s));
    }

    private static void Exclusive<TFacts, TState, TTrigger>(Func<TFacts, TState, GuardedMachine<TState, TTrigger>> make)
        where TFacts : new()
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var facts = BoolFacts(typeof(TFacts));
        var combinations = 1 << facts.Length;
        foreach (var state in Enum.GetValues<TState>())
        {
            var reachableTriggers = new HashSet<TTrigger>();
            for (var bits = 0; bits < combinations; bits++)
            {
                var value = new TFacts();
                for (var i = 0; i < facts.Length; i++) facts[i].SetValue(value, (bits & (1 << i)) != 0);
                var machine = make(value, state);
                // Stateless throws when two transitions of one trigger are permitted at once.
                foreach (var trigger in Enum.GetValues<TTrigger>())
                {
                    if (machine.CanFire(trigger)) reachableTriggers.Add(trigger);
                }
            }
            // A trigger with a transition from this state is permitted under some facts: no guard set is unsatisfiable.
            var configured = make(new TFacts(), state).Info.States.Single(s => Equals(s.UnderlyingState, state)).FixedTransitions.Select(t => (TTrigger)t.Trigger.UnderlyingTrigger).ToHashSet();
            Assert.True(configured.SetEquals(reachableTriggers), $"{typeof(TState).Name}.{state}: configured [{string.Join(", ", configured)}], permitted under some facts [{string.Join(", ", reachableTriggers)}]");
        }

        // Every fact is read by some guard: flipping it alone, from all true, changes where some trigger leads.
        foreach (var fact in facts)
        {
            var read = Enum.GetValues<TState>().Any(state => Enum.GetValues<TTrigger>().Any(trigger =>
                !Equals(Outcome(make(AllTrue<TFacts>(), state), trigger), Outcome(make(AllTrueBut<TFacts>(fact.Name), state), trigger))));
            Assert.True(read, typeof(TFacts).Name + "." + fact.Name + " is read by no guard");
        }
    }

    private static TState? Outcome<TState, TTrigger>(GuardedMachine<TState, TTrigger> machine, TTrigger trigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum =>
        machine.CanFire(trigger) ? machine.Fire(trigger) : null;
}
