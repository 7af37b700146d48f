namespace InviteJoin.Properties.Federation;

/// <summary>I-21 (spec/invariants.md): A store decision never changes. An event an honest server rejected stays rejected; an accepted or soft-failed one keeps its status (an outlier may later get a status of its own).</summary>
public sealed class I21_StoreDecisionsStand
{
    [Fact, Trait("invariant", "I-21")]
    public void StoreDecisionsStand_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-21");
}
