using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-33 (spec/invariants.md): bounded resolution work. Every state resolution an honest server runs is given only the resolved states' events and their auth chains, and each event it takes costs at most two distinct resolutions (five in all).</summary>
public sealed class I33_BoundedResolutionWork
{
    [Fact, Trait("invariant", "I-33")]
    public void BoundedResolutionWork_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-33");
}
