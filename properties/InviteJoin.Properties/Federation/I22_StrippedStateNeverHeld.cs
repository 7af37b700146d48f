namespace InviteJoin.Properties.Federation;

/// <summary>I-22 (spec/invariants.md): Stripped state is never authoritative. Every event an honest server holds is a whole PDU with hashes and signatures, never an invite's or knock's stripped state.</summary>
public sealed class I22_StrippedStateNeverHeld
{
    [Fact, Trait("invariant", "I-22")]
    public void StrippedStateNeverHeld_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-22");
}
