using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.StateRes;
using Xunit;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Every published state-resolution scenario (TestData/stateres; sources and commits in its README) must
/// resolve to its expected state. Graph scenarios compute the state before each event by resolving the
/// states after its prev events; resolve scenarios call the resolver directly, as the <c>resolve</c>
/// command does. <c>notes</c> and <c>source_expected</c> are informational and not read.
/// </summary>
public sealed class StateResolutionScenarioTests
{
    public static TheoryData<string> ScenarioIds() => [.. PublishedScenarios.ById.Keys];

    [Fact]
    public void EveryPublishedScenario_IsLoaded()
    {
        // 10 Synapse + 6 gomatrixserverlib + 22 ruma + 4 MSC4297 (see the data README).
        Assert.Equal(42, PublishedScenarios.ById.Count);
    }

    [Theory]
    [Trait("token", "stateres.algorithm")]
    [Trait("token", "stateres.resolve_power_events.from_unconflicted")]
    [Trait("token", "stateres.resolve_power_events.from_empty")]
    [Trait("token", "stateres.conflicted_subgraph")]
    [MemberData(nameof(ScenarioIds))]
    public void PublishedScenario_ResolvesToItsExpectedState(string id)
    {
        var scenario = PublishedScenarios.ById[id];
        var version = PublishedScenarios.VersionOf(scenario);
        var events = PublishedScenarios.EventsOf(scenario);
        var rejected = PublishedScenarios.Ids(scenario["rejected"]);

        if (scenario["resolve"] is JsonObject resolve)
        {
            var sets = ((JsonArray)resolve["state_sets"]!).Select(set => (IReadOnlyList<EventId>)PublishedScenarios.Ids(set)).ToList();
            var resolved = StateResolver.ResolveEventLists(version, sets, events, rejected);
            Assert.True(resolved.IsOk, resolved.Failure?.ToString());
            AssertState(scenario["expected_resolved"], scenario["complete"] is JsonBool { Value: true }, resolved.Value, id);
            return;
        }

        var graph = EventGraph.Build(events, version, EventGraphOptions.WholeHistory);
        Assert.True(graph.IsOk, graph.Failure?.ToString());
        var context = AuthContext.Default.WithRejected(rejected.Select(r => r.Value));
        var before = RoomStates.Before(graph.Value, context);
        Assert.True(before.IsOk, before.Failure?.ToString());
        foreach (var check in ((JsonArray)scenario["expected"]!).Cast<JsonObject>())
        {
            var at = PublishedScenarios.Id(PublishedScenarios.Text(check["state_at"]));
            AssertState(check["state"], check["complete"] is JsonBool { Value: true }, before.Value[at], $"{id} before {at}");
        }
    }

    private static void AssertState(JsonValue? expectedJson, bool complete, ImmutableSortedDictionary<StateKey, EventId> actual, string what)
    {
        var expected = ((JsonArray)expectedJson!).Cast<JsonObject>()
            .Select(e => (Key: new StateKey(PublishedScenarios.Text(e["type"]), PublishedScenarios.Text(e["state_key"])), Id: PublishedScenarios.Text(e["event_id"])))
            .ToList();
        var shown = complete ? actual.Select(p => (p.Key, Id: p.Value.Value)).ToList()
            : expected.Select(e => (e.Key, Id: actual.TryGetValue(e.Key, out var v) ? v.Value : "(absent)")).ToList();
        Assert.True(expected.SequenceEqual(shown), $"{what}:\nexpected {Render(expected)}\nactual   {Render(shown)}");
    }

    private static string Render(IEnumerable<(StateKey Key, string Id)> state) => string.Join(", ", state.Select(s => $"{s.Key}={s.Id}"));
}
