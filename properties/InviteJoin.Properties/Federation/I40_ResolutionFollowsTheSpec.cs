using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-40 (spec/invariants.md): State resolution follows the spec. An honest server's current state is what the spec's algorithm gives for the states after its forward extremities.</summary>
public sealed class I40_ResolutionFollowsTheSpec
{
    [Fact, Trait("invariant", "I-40")]
    public void ResolutionFollowsTheSpec_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-40");
}
