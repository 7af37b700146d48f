namespace InviteJoin.Properties.Federation;

/// <summary>I-20 (spec/invariants.md): Bans are final. No event is accepted from a user banned in the state before it.</summary>
public sealed class I20_BansAreFinal
{
    [Fact, Trait("invariant", "I-20")]
    public void BansAreFinal_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-20");
}
