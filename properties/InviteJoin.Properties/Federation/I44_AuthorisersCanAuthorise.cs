using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-44 (spec/invariants.md): Authorisers can authorise. A restricted join an honest resident offers names as its authoriser one of its users who is joined, with the invite level, in its current state.</summary>
public sealed class I44_AuthorisersCanAuthorise
{
    [Fact, Trait("invariant", "I-44")]
    public void AuthorisersCanAuthorise_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-44");
}
