namespace InviteJoin.Properties.Federation;

/// <summary>I-17 (spec/invariants.md): Convergence at quiescence. Honest servers that hold the same events, none of them on a Byzantine server's word about the state, hold the same current state and the same rejected events.</summary>
public sealed class I17_ConvergenceAtQuiescence
{
    [Fact, Trait("invariant", "I-17")]
    public void ConvergenceAtQuiescence_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-17");
}
