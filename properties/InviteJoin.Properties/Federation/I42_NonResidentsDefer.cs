using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-42 (spec/invariants.md): Non-residents defer. A server none of whose users is joined in its copy of a room sends no event into it as its own, and refuses none of its users' joins, knocks or leaves on what its copy says.</summary>
public sealed class I42_NonResidentsDefer
{
    [Fact, Trait("invariant", "I-42")]
    public void NonResidentsDefer_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-42");
}
