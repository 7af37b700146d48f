using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-27 (spec/invariants.md): Non-residents defer. A server none of whose users is joined in its copy of a room sends no event into it as its own, and refuses none of its users' joins, knocks or leaves on what its copy says.</summary>
public sealed class I27_NonResidentsDefer
{
    [Fact, Trait("invariant", "I-27")]
    public void NonResidentsDefer_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-27");
}
