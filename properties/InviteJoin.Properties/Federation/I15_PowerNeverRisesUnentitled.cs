namespace InviteJoin.Properties.Federation;

/// <summary>I-15 (spec/invariants.md): Power never rises unentitled. No accepted power-levels event raises a user above its sender's own level (room version 12: creators are above every level).</summary>
public sealed class I15_PowerNeverRisesUnentitled
{
    [Fact, Trait("invariant", "I-15")]
    public void PowerNeverRisesUnentitled_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-15");
}
