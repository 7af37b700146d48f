using CsCheck;
using InviteJoin.Generators.Handshakes;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Dance.Machines;
using Xunit;

namespace InviteJoin.Properties.Handshakes;

/// <summary>
/// Invariant I-25: the handshake machines are the protocol the handlers run. On generated handshakes — join (restricted or not,
/// with members omitted and the resync), knock, leave from outside the room, invite (with the v1 retry) — with tampered
/// templates, submissions and answers, every handler outcome is fed to the machine of its side (<see cref="HandshakeRoles"/>):
/// the machine takes it, its state afterwards is the state the outcome implies (stated here a second time, from the endpoints'
/// meaning), and that state is one its diagram has (spec/machines).
/// </summary>
public sealed class I25_HandshakeMachinesFollowTheHandlers
{
    private const int Iterations = 1000;
    private const int CoverageSamples = 1500;
    private const ulong CoverageSeed = 20261206;

    [Fact, Trait("invariant", "I-25")]
    public void I25_GeneratedHandshakes_MachinesFollowTheHandlersOutcomes() =>
        Replay.Run(nameof(I25_GeneratedHandshakes_MachinesFollowTheHandlersOutcomes), () =>
            HandshakeCase.Gen.Sample(c => Check(HandshakeRunner.Run(c)), iter: Iterations, threads: 1, print: c => HandshakeRunner.Run(c).ToString()));

    /// <summary>
    /// The generator reaches enough for the property to mean something: with a fixed random stream, every transition of every
    /// handshake machine's diagram is taken by some handler outcome, but those no handler answers (named below, with why).
    /// </summary>
    [Fact, Trait("invariant", "I-25")]
    public void I25_GeneratedHandshakes_TakeEveryTransitionOfEveryHandshakeMachine()
    {
        var random = new PCG(1, CoverageSeed);
        var taken = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < CoverageSamples; i++)
        {
            var trace = HandshakeRunner.Run(HandshakeCase.Gen.Generate(random, null, out _));
            foreach (var (side, steps) in Sides(trace))
            {
                var drive = Drivers[side];
                var state = drive.Initial;
                foreach (var step in steps)
                {
                    var (next, _, triggers) = drive.Take(state, step.Outcome, step.Context);
                    var from = state;
                    foreach (var (trigger, to) in triggers) { taken.Add(drive.Machine + ": " + from + " -" + trigger + "-> " + to); from = to; }
                    state = next;
                }
            }
        }

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var drive in Drivers.Values)
        {
            foreach (var state in MachineCatalogue.Find(drive.Machine)!.Describe().States)
            {
                foreach (var transition in state.FixedTransitions)
                {
                    var edge = drive.Machine + ": " + state.UnderlyingState + " -" + transition.Trigger.UnderlyingTrigger + "-> " + transition.DestinationState.UnderlyingState;
                    if (!NoHandlerAnswers.Contains(edge)) expected.Add(edge);
                }
            }
        }
        var missing = expected.Where(e => !taken.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "transitions no generated handshake took:\n  " + string.Join("\n  ", missing));
    }

    /// <summary>
    /// Transitions of the diagrams that no handler outcome fires: the requesting servers retry another resident only when the
    /// caller has one (a send_join that leaves the resident, the knock's or leave's retry are not generated), a leave that starts
    /// from a knock, a submission without a make_* request first, and sending a join to another resident than the template's.
    /// </summary>
    private static readonly SortedSet<string> NoHandlerAnswers = new(StringComparer.Ordinal)
    {
        "join-resident: Idle -SendJoin-> JoinReceived",
        "restricted-join-resident: Idle -SendJoin-> JoinReceived",
        "knock-resident: Idle -SendKnock-> KnockReceived",
        "leave-resident: Idle -SendLeave-> LeaveReceived",
        "leave-leaver: Knocking -MakeLeave-> TemplateRequested",
    };

    /// <summary>Every outcome of <paramref name="trace"/>, through its side's machine: taken, to the implied state, a state of the diagram.</summary>
    internal static void Check(HandshakeTrace trace)
    {
        foreach (var (side, steps) in Sides(trace))
        {
            var drive = Drivers[side];
            var states = MachineCatalogue.Find(drive.Machine)!.Describe().States.Select(s => s.UnderlyingState.ToString()).ToHashSet(StringComparer.Ordinal);
            var state = drive.Initial;
            var implied = drive.Initial;
            foreach (var step in steps)
            {
                var (next, kind, _) = drive.Take(state, step.Outcome, step.Context);
                var (expectedState, expectedKind) = Implied(side, implied, step.Outcome, step.Context);
                if (next != expectedState || kind != expectedKind)
                {
                    throw new InvalidOperationException($"{drive.Machine} at {state} took {DanceRules.Token(step.Outcome)} as {kind} to {next}; " +
                        $"the outcome implies {expectedKind} to {expectedState}\n{trace}");
                }
                if (!states.Contains(next)) throw new InvalidOperationException($"{drive.Machine} reached {next}, which its diagram does not have\n{trace}");
                state = next;
                implied = expectedState;
            }
        }
    }

    private static IEnumerable<(HandshakeSide Side, List<TraceStep> Steps)> Sides(HandshakeTrace trace) =>
        trace.Steps.GroupBy(s => (s.Side, s.Instance)).Select(g => (g.Key.Side, g.ToList()));

    // ---- what each outcome implies, stated from the endpoints' meaning --------------------------------------------------

    /// <summary>The state a side is in after <paramref name="outcome"/>, and whether the machine moves, keeps its state, or must refuse the step.</summary>
    private static (string State, HandshakeStepKind Kind) Implied(HandshakeSide side, string state, DanceRule outcome, HandshakeContext context)
    {
        var token = DanceRules.Token(outcome);
        var refused = DanceRules.IsRefusal(outcome);
        bool Is(string prefix) => token.StartsWith(prefix, StringComparison.Ordinal);
        var retry = context.CandidateResidentRemains ? "TemplateRequested" : "Failed";
        (string, HandshakeStepKind) Moved(string to) => (to, HandshakeStepKind.Taken);
        (string, HandshakeStepKind) Kept() => (state, HandshakeStepKind.Unchanged);

        switch (side)
        {
            case HandshakeSide.Joiner:
            case HandshakeSide.Knocker:
            case HandshakeSide.Leaver:
                // The template check, for every requesting server: checked, signed, or back to another resident.
                if (outcome == DanceRule.TemplateOwnContentNotAllowed) return Kept();
                if (outcome == DanceRule.TemplateCompleted) return Moved("Signed");
                if (Is("template.")) return Moved(refused ? retry : "TemplateValidated");
                if (Is("make_")) return Moved(refused ? retry : "TemplateReceived");
                break;
            case HandshakeSide.JoinResident:
            case HandshakeSide.RestrictedJoinResident:
            case HandshakeSide.KnockResident:
            case HandshakeSide.LeaveResident:
                // A resident answered a request with a template or a refusal, and a submission with 200 or a refusal.
                if (Is("make_")) return Moved(refused ? "Refused" : "TemplateIssued");
                if (Is("send_")) return Moved(refused ? "Refused" : "Answered");
                break;
            case HandshakeSide.Inviter:
            case HandshakeSide.Invitee:
                break;
            default:
                throw new InvalidOperationException("no side " + side);
        }

        switch (side)
        {
            case HandshakeSide.Joiner:
                if (Is("send_join.")) return Moved(refused ? retry : "Submitted");
                if (outcome == DanceRule.SendJoinResponseAccepted) return Moved("JoinedWithFullState");
                if (outcome == DanceRule.SendJoinResponseAcceptedPartial) return Moved("JoinedWithPartialState");
                if (Is("send_join_response.")) return Moved("Failed");
                if (outcome == DanceRule.ResyncCompleted) return Moved("Resynced");
                if (Is("resync.")) return Kept();
                break;
            case HandshakeSide.Knocker:
                if (Is("send_knock.")) return Moved(refused ? "Failed" : "Knocked");
                if (Is("send_knock_response.")) return Kept();
                break;
            case HandshakeSide.Leaver:
                if (Is("send_leave.")) return Moved(refused ? "Failed" : "Left");
                break;
            case HandshakeSide.Inviter:
                if (outcome == DanceRule.InviteRequestBuilt) return Moved("SentToInvitee");
                if (outcome == DanceRule.InviteRequestNotAuthorised) return (state, HandshakeStepKind.Refused);
                if (Is("invite.") && !refused) return Kept();
                if (Is("invite."))
                {
                    var retryOverV1 = DanceRules.Status(outcome) is 400 or 404 && context.RoomVersion is "1" or "2" && !context.RetriedOverV1;
                    return Moved(retryOverV1 ? "SentToInvitee" : "Refused");
                }
                if (Is("invite_response.")) return Moved(refused ? "Refused" : "Countersigned");
                if (Is("transaction.")) return Moved("Distributed");
                break;
            case HandshakeSide.Invitee:
                if (Is("invite.")) return Moved(refused ? "Refused" : "Countersigned");
                break;
            case HandshakeSide.JoinResident:
            case HandshakeSide.RestrictedJoinResident:
            case HandshakeSide.KnockResident:
            case HandshakeSide.LeaveResident:
                break;
            default:
                throw new InvalidOperationException("no side " + side);
        }
        throw new InvalidOperationException($"the handshake generator produced {DanceRules.Token(outcome)} for {side}, which no endpoint of it answers");
    }

    // ---- the machines, driven ---------------------------------------------------------------------------------------------

    /// <summary>One side's role, with its states and triggers as names.</summary>
    private sealed record Driver(string Machine, string Initial, Func<string, DanceRule, HandshakeContext, (string State, HandshakeStepKind Kind, List<(string Trigger, string To)> Edges)> Take);

    private static Driver Of<TState, TTrigger>(HandshakeRole<TState, TTrigger> role)
        where TState : struct, Enum
        where TTrigger : struct, Enum =>
        new(role.Machine, role.Initial.ToString(), (state, outcome, context) =>
        {
            var from = Enum.Parse<TState>(state);
            var step = role.Take(from, outcome, context);
            var edges = step.Triggers.Zip(step.Path, (trigger, to) => (trigger.ToString(), to.ToString())).ToList();
            return (step.State.ToString(), step.Kind, edges);
        });

    private static readonly Dictionary<HandshakeSide, Driver> Drivers = new()
    {
        [HandshakeSide.Inviter] = Of(HandshakeRoles.Inviter),
        [HandshakeSide.Invitee] = Of(HandshakeRoles.Invitee),
        [HandshakeSide.Joiner] = Of(HandshakeRoles.Joiner),
        [HandshakeSide.JoinResident] = Of(HandshakeRoles.JoinResident),
        [HandshakeSide.RestrictedJoinResident] = Of(HandshakeRoles.RestrictedJoinResident),
        [HandshakeSide.Knocker] = Of(HandshakeRoles.Knocker),
        [HandshakeSide.KnockResident] = Of(HandshakeRoles.KnockResident),
        [HandshakeSide.Leaver] = Of(HandshakeRoles.Leaver),
        [HandshakeSide.LeaveResident] = Of(HandshakeRoles.LeaveResident),
    };
}
