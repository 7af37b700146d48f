using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-28 (spec/invariants.md): Signed only as asked. An honest server signs a make_* template only as the membership its user asked for.</summary>
public sealed class I28_SignsOnlyWhatWasAsked
{
    [Fact, Trait("invariant", "I-28")]
    public void SignsOnlyWhatWasAsked_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-28");
}
