using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Dance.Machines;
using InviteJoin.Reference.Tests.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance;

/// <summary>
/// The handshake machines driven by the handlers' outcomes (<see cref="HandshakeRoles"/>): an outcome fires its side's triggers
/// with the facts it establishes, and a step the machine cannot take is refused. Invariant I-25 checks the same on generated
/// handshakes; these are the cases worth reading.
/// </summary>
public sealed class HandshakeRoleTests
{
    private static TState Drive<TState, TTrigger>(HandshakeRole<TState, TTrigger> role, HandshakeContext context, params DanceRule[] outcomes)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var state = role.Initial;
        foreach (var outcome in outcomes)
        {
            var step = role.Take(state, outcome, context);
            Assert.True(step.Kind != HandshakeStepKind.Refused, step.ToString());
            state = step.State;
        }
        return state;
    }

    [Fact]
    public void HonestJoin_TakesBothMachinesToTheirEnd()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var resident = ServerA(room);
        var made = MakeJoin.Handle(resident, new MakeJoinRequest(X, room.RoomId, Xavier, Handshake.AllVersions), Now);
        var validated = JoinTemplate.Check(made.Value!.ToJson(), room.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions);
        var completed = JoinTemplate.Complete(validated.Value!, X, TestKeys.Of(X), Now);
        var sent = SendJoin.Handle(resident, Handshake.SendJoinRequest(completed.Value!));
        var applied = SendJoinResponses.Apply(ServerX(), room.Version, completed.Value!, sent.Value!.Response.ToJson());

        Assert.Equal(JoinerState.JoinedWithFullState,
            Drive(HandshakeRoles.Joiner, HandshakeContext.Default, made.Rule, validated.Rule, completed.Rule, sent.Rule, applied.Rule));
        Assert.Equal(JoinResidentState.Answered, Drive(HandshakeRoles.JoinResident, HandshakeContext.Default, made.Rule, sent.Rule));
    }

    [Fact]
    public void OutcomeTheMachineCannotTake_IsRefused_AndTheStateStays()
    {
        // An answer to send_join before any template: the joiner has sent nothing.
        var early = HandshakeRoles.Joiner.Take(JoinerState.TemplateRequested, DanceRule.SendJoinResponseAccepted, HandshakeContext.Default);
        Assert.Equal(HandshakeStepKind.Refused, early.Kind);
        Assert.Equal(JoinerState.TemplateRequested, early.State);
        Assert.Contains(early.Why, why => why.Contains("SendJoinResponse", StringComparison.Ordinal));

        // An outcome of no endpoint of the handshake.
        var foreign = HandshakeRoles.Joiner.Take(JoinerState.TemplateRequested, DanceRule.InviteCountersigned, HandshakeContext.Default);
        Assert.Equal(HandshakeStepKind.Refused, foreign.Kind);

        // An invite the auth rules refuse is never sent: the inviter's machine stays at its draft.
        var unsent = HandshakeRoles.Inviter.Take(InviterState.Drafted, DanceRule.InviteRequestNotAuthorised, HandshakeContext.Default);
        Assert.Equal(HandshakeStepKind.Refused, unsent.Kind);
        Assert.Equal(InviterState.Drafted, unsent.State);
    }

    [Fact]
    public void RefusedTemplate_SendsTheJoinerToAnotherResident_OrEndsTheJoin()
    {
        var withAnother = new HandshakeContext { CandidateResidentRemains = true };
        Assert.Equal(JoinerState.TemplateRequested, Drive(HandshakeRoles.Joiner, withAnother, DanceRule.MakeJoinIssued, DanceRule.TemplateUnexpectedContentKey));
        Assert.Equal(JoinerState.Failed, Drive(HandshakeRoles.Joiner, HandshakeContext.Default, DanceRule.MakeJoinIssued, DanceRule.TemplateUnexpectedContentKey));
        // The joiner's own mistake changes nothing: the template stays valid.
        var step = HandshakeRoles.Joiner.Take(JoinerState.TemplateValidated, DanceRule.TemplateOwnContentNotAllowed, HandshakeContext.Default);
        Assert.Equal((HandshakeStepKind.Unchanged, JoinerState.TemplateValidated), (step.Kind, step.State));
    }

    [Fact]
    public void PartialJoin_IsHeldUntilTheResync()
    {
        var joiner = HandshakeRoles.Joiner;
        var partial = Drive(joiner, HandshakeContext.Default, DanceRule.MakeJoinIssued, DanceRule.TemplateAccepted, DanceRule.TemplateCompleted,
            DanceRule.SendJoinAccepted, DanceRule.SendJoinResponseAcceptedPartial);
        Assert.Equal(JoinerState.JoinedWithPartialState, partial);
        Assert.Equal(HandshakeStepKind.Unchanged, joiner.Take(partial, DanceRule.ResyncBadEvent, HandshakeContext.Default).Kind);
        Assert.Equal(JoinerState.Resynced, joiner.Take(partial, DanceRule.ResyncCompleted, HandshakeContext.Default).State);
    }

    /// <summary>invites-v2.yaml: a 400 or 404 in room version 1 or 2 is retried over /v1/invite; a second refusal ends it.</summary>
    [Fact]
    public void InviteRefusedOverV2InRoomVersion1_IsRetriedOverV1Once()
    {
        var v1 = new HandshakeContext { RoomVersion = "1" };
        var inviter = HandshakeRoles.Inviter;
        Assert.Equal(InviterState.SentToInvitee, Drive(inviter, v1, DanceRule.InviteRequestBuilt, DanceRule.InviteBadSignature));
        Assert.Equal(InviterState.Refused, inviter.Take(InviterState.SentToInvitee, DanceRule.InviteBadSignature, v1 with { RetriedOverV1 = true }).State);
        Assert.Equal(InviterState.Refused, Drive(inviter, new HandshakeContext { RoomVersion = "10" }, DanceRule.InviteRequestBuilt, DanceRule.InviteBadSignature));
        // A 403 is no reason to retry.
        Assert.Equal(InviterState.Refused, Drive(inviter, v1, DanceRule.InviteRequestBuilt, DanceRule.InviteSenderRefused));
    }

    [Fact]
    public void RestrictedJoin_TakesTheRestrictedResidentsMachineThroughItsCountersignature()
    {
        Assert.Equal(RestrictedJoinResidentState.Answered,
            Drive(HandshakeRoles.RestrictedJoinResident, HandshakeContext.Default, DanceRule.MakeJoinIssuedRestricted, DanceRule.SendJoinAcceptedAuthorised));
        Assert.Equal(RestrictedJoinResidentState.Refused,
            Drive(HandshakeRoles.RestrictedJoinResident, HandshakeContext.Default, DanceRule.MakeJoinRestrictedUnableToAuthorise));
        // A template that names no authoriser answers a join that needs none: not this handshake.
        Assert.Equal(HandshakeStepKind.Refused, HandshakeRoles.RestrictedJoinResident.Take(RestrictedJoinResidentState.Idle, DanceRule.MakeJoinIssued, HandshakeContext.Default).Kind);
    }
}
