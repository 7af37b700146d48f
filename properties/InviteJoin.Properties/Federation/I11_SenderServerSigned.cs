namespace InviteJoin.Properties.Federation;

/// <summary>I-11 (spec/invariants.md): Sender and origin are bound. Every event an honest server holds carries a valid signature of its sender's server.</summary>
public sealed class I11_SenderServerSigned
{
    [Fact, Trait("invariant", "I-11")]
    public void SenderServerSigned_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-11");
}
