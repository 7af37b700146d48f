namespace InviteJoin.Properties.Federation;

/// <summary>I-19 (spec/invariants.md): Auth chains are closed. Every event an honest server holds has its whole auth chain held too.</summary>
public sealed class I19_AuthChainsClosed
{
    [Fact, Trait("invariant", "I-19")]
    public void AuthChainsClosed_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-19");
}
