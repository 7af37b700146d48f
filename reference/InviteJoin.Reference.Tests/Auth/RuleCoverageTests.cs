using System.Globalization;
using System.Reflection;
using InviteJoin.Reference.Tests.Spec;
using Xunit.Sdk;
using Xunit.v3;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The rule tests against the catalogue: every token must be decided, by a passing assertion of the rule
/// tests, in every room version of its range, and in no version outside it. The pairs are collected by
/// running the rule test classes here (through <see cref="RuleAssert.Collect"/>), so the check does not
/// depend on which other tests ran before it.
/// </summary>
public sealed partial class RuleCoverageTests
{
    /// <summary>The test classes whose assertions count: one per page of the catalogue, the version boundaries, the historical bugs and the edge cases.</summary>
    private static readonly Type[] RuleTestClasses =
    [
        typeof(CreateRulesTests), typeof(RoomIdRuleTests), typeof(AuthEventsRulesTests), typeof(FederateRuleTests),
        typeof(AliasesRulesTests), typeof(MemberRulesTests), typeof(MemberJoinRulesTests), typeof(MemberInviteRulesTests),
        typeof(MemberThirdPartyInviteRulesTests), typeof(MemberLeaveRulesTests), typeof(MemberBanRulesTests),
        typeof(MemberKnockRulesTests), typeof(SenderRuleTests), typeof(ThirdPartyInviteEventRuleTests),
        typeof(RequiredPowerLevelRuleTests), typeof(StateKeyRuleTests), typeof(PowerLevelsRulesTests),
        typeof(RedactionRuleTests), typeof(DefaultRuleTests), typeof(VersionBoundaryTests), typeof(HistoricalBugTests), typeof(EdgeCaseTests),
    ];

    private static readonly Lazy<IReadOnlyDictionary<Rule, (int First, int Last)>> Ranges = new(ReadRanges);

    private static readonly Lazy<Task<(RuleAssertions Seen, IReadOnlyList<string> Failures)>> Run = new(RunRuleTestsAsync);

    // The room-version range of each token, from the rule catalogue.
    private static IReadOnlyDictionary<Rule, (int First, int Last)> ReadRanges()
    {
        var ranges = new SortedDictionary<Rule, (int, int)>();
        foreach (var token in Catalogues.Rules.Decisions)
        {
            Assert.True(WireToken.TryParse<Rule>(token.Token, out var rule), token.Token);
            ranges[rule] = (token.Versions.First, token.Versions.Last);
        }
        return ranges;
    }

    // Runs every test method of the rule test classes, each data row once, collecting what their passing
    // assertions recorded. A failing test is listed (it fails on its own too) and what it would record after the failure is lost.
    private static async Task<(RuleAssertions, IReadOnlyList<string>)> RunRuleTestsAsync()
    {
        var invocations = new List<(MethodInfo Method, object?[] Arguments)>();
        await using var tracker = new DisposalTracker();
        foreach (var type in RuleTestClasses)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var data = method.GetCustomAttributes<DataAttribute>().ToList();
                if (data.Count == 0)
                {
                    if (method.GetCustomAttribute<FactAttribute>() is not null) invocations.Add((method, []));
                    continue;
                }
                foreach (var attribute in data)
                {
                    foreach (var row in await attribute.GetData(method, tracker))
                    {
                        invocations.Add((method, row.GetData()));
                    }
                }
            }
        }

        var failures = new List<string>();
        var seen = RuleAssert.Collect(() =>
        {
            foreach (var (method, arguments) in invocations)
            {
                try
                {
                    method.Invoke(Activator.CreateInstance(method.DeclaringType!), arguments);
                }
                catch (TargetInvocationException e)
                {
                    failures.Add(method.DeclaringType!.Name + "." + method.Name + "(" + string.Join(", ", arguments) + "): " + e.InnerException?.Message);
                }
            }
        });
        return (seen, failures);
    }

    private static IEnumerable<string> Versions((int First, int Last) range) =>
        Enumerable.Range(range.First, range.Last - range.First + 1).Select(v => v.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void Catalogue_GivesARangeForEveryToken()
    {
        foreach (var (rule, _) in WireToken.All<Rule>())
        {
            Assert.True(Ranges.Value.ContainsKey(rule), $"Rule.{rule} has no room-version range in spec/rules/catalogue.json");
        }
    }

    [Fact]
    public async Task EveryToken_IsTestedInEveryVersionOfItsRange()
    {
        var (seen, failures) = await Run.Value;
        var tested = seen.Pairs.ToHashSet();
        var missing = new List<string>();
        foreach (var (rule, range) in Ranges.Value)
        {
            var untested = Versions(range).Where(v => !tested.Contains((rule, v))).ToList();
            if (untested.Count > 0) missing.Add($"{WireToken.Of(rule)} (range {range.First}–{range.Last}): not tested in version(s) {string.Join(", ", untested)}");
        }
        Assert.True(missing.Count == 0,
            $"{missing.Count} token(s) lack tests:\n  " + string.Join("\n  ", missing) +
            (failures.Count == 0 ? "" : "\nfailing rule tests (their later assertions did not run):\n  " + string.Join("\n  ", failures)));
    }

    [Fact]
    public async Task NoToken_IsDecidedOutsideItsRange()
    {
        var (seen, _) = await Run.Value;
        var outside = seen.Pairs
            .Where(p => !Ranges.Value.TryGetValue(p.Rule, out var range) || !Versions(range).Contains(p.Version))
            .Select(p => $"{WireToken.Of(p.Rule)} in room version {p.Version}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(outside.Count == 0, "decided outside the catalogue's range:\n  " + string.Join("\n  ", outside));
    }

    [Fact]
    public async Task RuleTests_AllPassWhenRunForCoverage()
    {
        var (seen, failures) = await Run.Value;
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(seen.Pairs.Count > 0);
    }
}
