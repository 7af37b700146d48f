namespace InviteJoin.Properties.Federation;

/// <summary>I-18 (spec/invariants.md): State resolution is a function of its inputs. An honest server's current state is the resolution of the states after its forward extremities, computed afresh.</summary>
public sealed class I18_ResolutionIsAFunction
{
    [Fact, Trait("invariant", "I-18")]
    public void ResolutionIsAFunction_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-18");
}
