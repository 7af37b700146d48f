namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The evidence a decision carries (its names and values: levels, memberships, the join rule, IDs) is what
/// auditors read in every witness, so the rule tests check it: every shape of evidence a token decides with
/// in the rule tests is checked, by name and value, by at least one assertion (<see cref="RuleAssert.Allows(Reference.Auth.AuthDecision, Reference.Auth.Rule, RoomVersions.RoomVersion, ValueTuple{string, string}[])"/>,
/// <see cref="RuleAssert.Rejects(Reference.Auth.AuthDecision, Reference.Auth.Rule, RoomVersions.RoomVersion, ValueTuple{string, string}[])"/>).
/// A token without evidence is checked to carry none. A new token, or a new branch of a token that
/// decides with other evidence, fails here until a test states its evidence.
/// </summary>
public sealed partial class RuleCoverageTests
{
    [Fact]
    public async Task EveryTokensEvidence_IsCheckedByNameAndValue()
    {
        var (seen, failures) = await Run.Value;
        var notChecked = seen.EvidenceShapes
            .Where(shape => !shape.Checked)
            .Select(shape => $"{WireToken.Of(shape.Rule)} deciding with evidence [{shape.Shape}]")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(notChecked.Count == 0,
            $"{notChecked.Count} evidence shape(s) no rule test checks by name and value (use RuleAssert.Allows/Rejects with the expected entries):\n  " + string.Join("\n  ", notChecked) +
            (failures.Count == 0 ? "" : "\nfailing rule tests (their later assertions did not run):\n  " + string.Join("\n  ", failures)));
        Assert.NotEmpty(seen.EvidenceShapes);
    }
}
