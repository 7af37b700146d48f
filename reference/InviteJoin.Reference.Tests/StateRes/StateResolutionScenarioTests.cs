using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Every published state-resolution scenario (the kit's TestData/stateres; sources and commits in its README) must
/// resolve to its expected state. Graph scenarios compute the state before each event by resolving the
/// states after its prev events; resolve scenarios call the resolver directly, as the <c>resolve</c>
/// command does. <c>notes</c> and <c>source_expected</c> are informational and not read.
/// </summary>
public sealed class StateResolutionScenarioTests
{
    public static TheoryData<string> ScenarioIds() => [.. PublishedData.Scenarios.Keys];

    [Fact]
    public void EveryPublishedScenario_IsLoaded()
    {
        // 10 Synapse + 6 gomatrixserverlib + 22 ruma + 4 MSC4297 (see the data README).
        Assert.Equal(42, PublishedData.Scenarios.Count);
    }

    [Theory]
    [Trait("token", "stateres.algorithm")]
    [Trait("token", "stateres.resolve_power_events.from_unconflicted")]
    [Trait("token", "stateres.resolve_power_events.from_empty")]
    [Trait("token", "stateres.conflicted_subgraph")]
    [MemberData(nameof(ScenarioIds))]
    public void PublishedScenario_ResolvesToItsExpectedState(string id)
    {
        var scenario = PublishedData.Scenarios[id];
        var events = scenario.Events;
        var rejected = scenario.Rejected;

        if (scenario.ExpectedResolved is { } expected)
        {
            var sets = scenario.StateSets.Select(set => (IReadOnlyList<EventId>)set).ToList();
            var resolved = StateResolver.ResolveEventLists(scenario.Version, sets, events, rejected);
            Assert.True(resolved.IsOk, resolved.Failure?.ToString());
            AssertState(expected, resolved.Value, id);
            return;
        }

        var graph = EventGraph.Build(events, scenario.Version, EventGraphOptions.WholeHistory);
        Assert.True(graph.IsOk, graph.Failure?.ToString());
        var context = AuthContext.Default.WithRejected(rejected.Select(r => r.Value));
        var before = RoomStates.Before(graph.Value, context);
        Assert.True(before.IsOk, before.Failure?.ToString());
        foreach (var check in scenario.Checks)
        {
            AssertState(check.Expected, before.Value[check.At], $"{id} before {check.At}");
        }
    }

    private static void AssertState(ExpectedState expected, ImmutableSortedDictionary<StateKey, EventId> actual, string what)
    {
        var mismatch = expected.Mismatch(actual);
        Assert.True(mismatch is null, $"{what}:\n{mismatch}");
    }
}
