using CsCheck;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Machines;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Properties.Membership;

/// <summary>
/// Invariant I-01: the membership machine and the authorisation rules agree. For every room version,
/// on generated room states and member events, the machine can fire the trigger the event represents
/// exactly when <see cref="EventAuthorizer.AuthorizeAgainstState"/> allows the event, and then it moves
/// the target to the event's membership (spec v1.19, rooms v1–v12 "Authorisation rules", the
/// <c>m.room.member</c> rules). The rules are normative; the machine is the second statement of them.
/// </summary>
public sealed class I01_MembershipMachineAgreesWithAuthRules
{
    private const int IterationsPerVersion = 1500;
    private const int CoverageSamples = 3000;
    private const ulong CoverageSeed = 20261201;

    public static TheoryData<string> Versions => [.. RoomVersionRegistry.All.Select(version => version.Id)];

    [Theory]
    [MemberData(nameof(Versions))]
    public void I01_GeneratedMemberEvents_MachineAndAuthRulesAgree(string roomVersion)
    {
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        Replay.Run(nameof(I01_GeneratedMemberEvents_MachineAndAuthRulesAgree), () =>
            MembershipCases.For(version).Sample(Check, iter: IterationsPerVersion, threads: 1, print: c => c.ToString()), "room version " + version.Id);
    }

    /// <summary>
    /// The generator is strong enough for the property to mean something: with a fixed random stream,
    /// every transition of every version's machine is taken by some generated event that the auth rules
    /// allow, and every trigger is also met rejected; the boundary cases are all reached.
    /// </summary>
    [Theory]
    [MemberData(nameof(Versions))]
    public void I01_GeneratedCases_WitnessEveryTransitionAndBoundary(string roomVersion)
    {
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        // One fixed stream per version (not CsCheck's per-run seed), so the verdict is the same on every run.
        var random = new PCG(1, CoverageSeed + (ulong)RoomVersionRegistry.All.IndexOf(version));
        var cases = MembershipCases.For(version);
        var taken = new SortedSet<string>(StringComparer.Ordinal);
        var rejected = new SortedSet<string>(StringComparer.Ordinal);
        var boundaries = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < CoverageSamples; i++)
        {
            var c = cases.Generate(random, null, out _);
            var outcome = Judge(c);
            var context = outcome.Question.Context;
            if (outcome.Question.Trigger is not { } trigger) continue;
            if (!outcome.Decision.Allowed)
            {
                rejected.Add(trigger.ToString());
                if (trigger is MembershipTrigger.Kick or MembershipTrigger.Ban && context.TargetLevel.IsInfinite && context.SenderLevel.IsInfinite) boundaries.Add("creator cannot kick or ban a creator");
                continue;
            }
            taken.Add(Edge(outcome.Question.Current, trigger, outcome.Destination!.Value));
            if (trigger == MembershipTrigger.Join && context.CreatorFirstJoin && !context.SenderIsTarget) boundaries.Add("creator's first join sent by another user");
            if (trigger == MembershipTrigger.Join && context.CreatorFirstJoin && outcome.Question.Current == MembershipState.Ban) boundaries.Add("banned creator's first join");
            if (trigger == MembershipTrigger.Join && !context.CreatorFirstJoin && context.JoinRule is "restricted" or "knock_restricted" && outcome.Question.Current is MembershipState.None or MembershipState.Leave or MembershipState.Knock)
                boundaries.Add("join authorised via " + context.JoinRule);
            if (trigger == MembershipTrigger.Knock && context.JoinRule == "knock_restricted") boundaries.Add("knock on knock_restricted");
            if (trigger == MembershipTrigger.InviteViaThirdParty && outcome.Question.Current == MembershipState.Join) boundaries.Add("third-party invite of a joined user");
            if (trigger is MembershipTrigger.Kick && context.SenderLevel.IsInfinite) boundaries.Add("creator kicks");
        }

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var state in MembershipMachine.Describe(version).States)
        {
            foreach (var transition in state.FixedTransitions)
            {
                expected.Add(Edge((MembershipState)state.UnderlyingState, (MembershipTrigger)transition.Trigger.UnderlyingTrigger, (MembershipState)transition.DestinationState.UnderlyingState));
            }
        }
        SameSet(expected, taken, "transitions taken by allowed events");
        var triggers = Enum.GetValues<MembershipTrigger>().Select(t => t.ToString());
        SameSet(triggers, rejected, "triggers met rejected");

        var boundaryCases = new List<string> { "creator's first join sent by another user", "banned creator's first join", "third-party invite of a joined user" };
        if (version.RestrictedJoins) boundaryCases.Add("join authorised via restricted");
        if (version.KnockRestricted) boundaryCases.AddRange(["join authorised via knock_restricted", "knock on knock_restricted"]);
        if (version.PrivilegedCreators) boundaryCases.AddRange(["creator cannot kick or ban a creator", "creator kicks"]);
        SameSet(boundaryCases, boundaries, "boundary cases reached");
    }

    private static void SameSet(IEnumerable<string> expected, IReadOnlySet<string> actual, string what)
    {
        var missing = expected.Where(item => !actual.Contains(item)).ToList();
        var extra = actual.Where(item => !expected.Contains(item)).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, what + ": missing [" + string.Join(", ", missing) + "], unexpected [" + string.Join(", ", extra) + "]");
    }

    private static string Edge(MembershipState from, MembershipTrigger trigger, MembershipState to) => from + " --" + trigger + "--> " + to;

    /// <summary>The machine's verdict and destination for <paramref name="c"/> agree with the auth rules', or this throws saying how they differ.</summary>
    internal static void Check(MembershipCase c)
    {
        var outcome = Judge(c);
        if (outcome.MachineAllows != outcome.Decision.Allowed)
        {
            Assert.Fail($"the auth rules say \"{outcome.Decision}\" but the machine {(outcome.MachineAllows ? "can" : "cannot")} fire " +
                $"{outcome.Question.Trigger?.ToString() ?? "(no trigger)"} from {outcome.Question.Current}" +
                (outcome.MachineAllows ? "" : " (unmet: " + string.Join("; ", outcome.Unmet) + ")") + "\n  context: " + outcome.Question.Context);
        }
        if (outcome.Destination is { } destination && !string.Equals(destination.ToMembership(), outcome.Membership, StringComparison.Ordinal))
        {
            Assert.Fail($"the machine moves {outcome.Question.Trigger} from {outcome.Question.Current} to {destination}, but the event's membership is {outcome.Membership}");
        }
    }

    /// <summary>What the auth rules and the machine each say about <paramref name="c"/>.</summary>
    internal static Outcome Judge(MembershipCase c)
    {
        var (e, state) = MembershipCases.Build(c);
        var decision = EventAuthorizer.AuthorizeAgainstState(e, state, c.Version, AuthContext.Default);
        var question = MembershipQuestion.Of(e, state, c.Version, AuthContext.Default);
        var machine = MembershipMachine.For(question.Current, question.Context);
        if (question.Trigger is not { } trigger) return new Outcome(decision, question, false, null, ["the event represents no trigger"], e.Membership);
        if (!machine.CanFire(trigger)) return new Outcome(decision, question, false, null, machine.UnmetGuards(trigger), e.Membership);
        return new Outcome(decision, question, true, machine.Fire(trigger), [], e.Membership);
    }

    /// <summary>The two answers for one case.</summary>
    internal sealed record Outcome(AuthDecision Decision, MembershipQuestion Question, bool MachineAllows, MembershipState? Destination, IReadOnlyList<string> Unmet, string? Membership);
}
