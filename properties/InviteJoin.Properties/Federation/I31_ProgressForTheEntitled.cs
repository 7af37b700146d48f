using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-31 (spec/invariants.md): progress. A join, leave or knock an honest server's user attempts through an honest, reachable resident is refused only when the user is not entitled to it by what that resident holds; every refusal names a rule.</summary>
public sealed class I31_ProgressForTheEntitled
{
    [Fact, Trait("invariant", "I-31")]
    public void ProgressForTheEntitled_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-31");
}
