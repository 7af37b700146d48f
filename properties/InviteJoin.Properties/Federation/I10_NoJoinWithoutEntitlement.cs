namespace InviteJoin.Properties.Federation;

/// <summary>I-10 (spec/invariants.md): No join without entitlement. Every join an honest server accepts was allowed, in the state before it, by the creator's first join, an existing join, a public join rule, an invite (in strict invite mode only one the invitee's server countersigned), or a restricted join authorised by a joined member with the invite level whose server signed it.</summary>
public sealed class I10_NoJoinWithoutEntitlement
{
    [Fact, Trait("invariant", "I-10")]
    public void NoJoinWithoutEntitlement_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-10");
}
