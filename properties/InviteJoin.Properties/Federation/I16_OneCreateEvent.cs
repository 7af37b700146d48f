namespace InviteJoin.Properties.Federation;

/// <summary>I-16 (spec/invariants.md): One create event per room. Each honest server holds one create event per room, the creator's.</summary>
public sealed class I16_OneCreateEvent
{
    [Fact, Trait("invariant", "I-16")]
    public void OneCreateEvent_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-16");
}
