using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-43 (spec/invariants.md): Signed only as asked. An honest server signs a make_* template only as the membership its user asked for.</summary>
public sealed class I43_SignsOnlyWhatWasAsked
{
    [Fact, Trait("invariant", "I-43")]
    public void SignsOnlyWhatWasAsked_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-43");
}
