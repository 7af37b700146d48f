namespace InviteJoin.Properties.Federation;

/// <summary>I-13 (spec/invariants.md): Restricted joins carry the authoriser's signature. A join accepted under a restricted join rule, from a user not already invited or joined, names an authoriser whose server signed it.</summary>
public sealed class I13_RestrictedJoinsAuthorised
{
    [Fact, Trait("invariant", "I-13")]
    public void RestrictedJoinsAuthorised_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-13");
}
