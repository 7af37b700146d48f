using InviteJoin.Generators.Simulation;
using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>
/// I-34 (spec/invariants.md): policy signatures honoured. While an honest server's current state of a room uses a policy
/// server, it accepts no event without a valid signature of the policy key the state names: it soft fails what it receives
/// without one, and has its own users' events and what it takes through send_* signed first. Checked on the exploration
/// with policy-evasion among the strategies, which alone gives rooms a policy server.
/// </summary>
public sealed class I34_PolicySignaturesHonoured
{
    [Fact, Trait("invariant", "I-34")]
    public void PolicySignaturesHonoured_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-34", policyServers: true);

    [Fact, Trait("invariant", "I-34")]
    public void TheExplorationWithPolicyServers_PlaysPAndViolatesNoInvariant()
    {
        var report = FederationExploration.WithPolicyServers;
        var played = report.Attacks.Single(a => a.Strategy == Adversary.PolicyEvasion);
        Assert.True(played.Schedules > 0 && played.Prevented.Count > 0, $"policy-evasion played in {played.Schedules} schedules and was prevented in {played.Prevented.Count}");
        Assert.True(report.Violations.IsEmpty, string.Join("\n", report.Violations.Select(v => $"{v.Invariant} in schedule {v.FirstSchedule}:\n  " + string.Join("\n  ", v.Counterexample.Story))));
    }
}
