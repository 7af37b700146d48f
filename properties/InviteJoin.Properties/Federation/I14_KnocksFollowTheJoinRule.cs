namespace InviteJoin.Properties.Federation;

/// <summary>I-14 (spec/invariants.md): Knock rules. An accepted knock is the knocker's own, in a room version with knocking, under a knock join rule, from a user neither joined nor banned.</summary>
public sealed class I14_KnocksFollowTheJoinRule
{
    [Fact, Trait("invariant", "I-14")]
    public void KnocksFollowTheJoinRule_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-14");
}
