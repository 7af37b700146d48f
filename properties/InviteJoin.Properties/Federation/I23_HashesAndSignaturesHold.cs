namespace InviteJoin.Properties.Federation;

/// <summary>I-23 (spec/invariants.md): Hash and signature integrity. Every event an honest server holds has valid signatures from every server that must sign it, and its content matches its hash or the server holds its redaction.</summary>
public sealed class I23_HashesAndSignaturesHold
{
    [Fact, Trait("invariant", "I-23")]
    public void HashesAndSignaturesHold_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-23");
}
