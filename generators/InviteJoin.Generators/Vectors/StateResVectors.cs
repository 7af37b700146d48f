using System.Collections.Immutable;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>state_res</c> suite (server-server API "Room State Resolution"; v1 in room version 1, v2 in 2–11, v2.1 in
/// 12): the published scenarios of Synapse, gomatrixserverlib, ruma and MSC4297 (their direct resolutions, the state
/// before each event their authors checked, with their authors' states, and every merge of their graphs); seeded
/// forked rooms of every room version, some with events rejected on receipt, a few of them in state sets; and the
/// smallest inputs on which the <c>synapse</c> profile resolves otherwise.
/// </summary>
public static class StateResVectors
{
    private const string Suite = "state_res";

    // The four users of a generated forked room (the first creates it).
    private static readonly string[] Users = ["@alice:example.com", "@bob:example.com", "@charlie:example.com", "@dave:example.com"];

    /// <summary>The catalogue tokens of the steps a resolution in <paramref name="version"/> runs (spec/state-res/).</summary>
    public static ImmutableArray<string> Tokens(RoomVersion version, bool withRejected)
    {
        var tokens = new List<string> { "stateres.algorithm" };
        switch (version.StateResolution)
        {
            case StateResolutionAlgorithm.V1:
                tokens.Add("stateres.v1.conflict");
                break;
            default:
                tokens.Add(version.RoomIdIsCreateEventHash ? "stateres.resolve_power_events.from_empty" : "stateres.resolve_power_events.from_unconflicted");
                if (version.RoomIdIsCreateEventHash) tokens.Add("stateres.conflicted_subgraph");
                tokens.Add("stateres.mainline_ordering");
                tokens.Add("stateres.iterative_auth_checks");
                if (withRejected) tokens.Add("stateres.rejected.never_auth_event");
                break;
        }
        return [.. tokens];
    }

    /// <summary><paramref name="perVersion"/> forked rooms of every room version, alternately with and without events rejected on receipt.</summary>
    public static IEnumerable<VectorSource> Rooms(long seed, int perVersion)
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            var stream = 300 + int.Parse(version.Id, System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < perVersion; i++)
            {
                var withRejected = i % 2 == 1;
                var room = ForkedRoomGenerator.Build(version, Users, Choices.For(seed, stream, i, 96), withRejected: withRejected);
                var inSets = room.Rejected.Any(r => room.StateSets.Any(set => set.ContainsValue(r)));
                var comment = $"{room.Events.Length} events, {room.StateSets.Length} forks" +
                    (room.Rejected.IsEmpty ? "" : $", {room.Rejected.Length} rejected on receipt" + (inSets ? " (some in state sets)" : ""));
                yield return new VectorSource(Suite, "rooms", $"{Suite}/rooms/v{version.Id}/{i}", version.Id, Tokens(version, !room.Rejected.IsEmpty),
                    room.Rejected.IsEmpty ? [] : ["rejected_events"], comment, Request(version, room.StateSets, room.Events, room.Rejected), null,
                    $"generated: forked room {i} of room version {version.Id} (stream {stream})", seed);
            }
        }
    }

    /// <summary>The published scenarios: their direct resolutions, the states their authors give, and each merge of their graphs.</summary>
    public static IEnumerable<VectorSource> Published()
    {
        foreach (var (file, json) in EmbeddedData.Json("published/stateres"))
        {
            var origin = json["source"] as JsonObject;
            var repository = (origin?["repository"] as JsonString)?.Value ?? Path.GetFileNameWithoutExtension(file);
            var path = (origin?["path"] as JsonString)?.Value ?? "";
            var commit = (origin?["commit"] as JsonString)?.Value ?? "";
            var group = "published-" + Path.GetFileNameWithoutExtension(file);
            foreach (var scenario in (json["scenarios"] as JsonArray ?? JsonArray.Empty).OfType<JsonObject>())
            {
                var source = $"published: {repository} {path} {(scenario["test"] as JsonString)?.Value} (commit {commit})";
                foreach (var c in Scenario(scenario, group, source)) yield return c;
            }
        }
    }

    /// <summary>The smallest inputs of the behaviour profiles' divergences that are <c>resolve</c> requests.</summary>
    public static IEnumerable<VectorSource> Divergences() => AuthVectors.DivergenceExamples(Suite, isResolve: true)
        .Select(c => c with { Rules = Tokens(RoomVersionRegistry.Lookup(c.RoomVersion).Value, c.Request.ContainsKey("rejected")) });

    private static IEnumerable<VectorSource> Scenario(JsonObject scenario, string group, string source)
    {
        var id = ((JsonString)scenario["id"]!).Value;
        var description = (scenario["description"] as JsonString)?.Value;
        var rejectedIds = scenario["rejected"] as JsonArray ?? JsonArray.Empty;
        var version = RoomVersionRegistry.Lookup((scenario["room_version"] as JsonString)?.Value).Value
            ?? throw new InvalidOperationException("published scenario " + id + " names no known room version");
        var tokens = Tokens(version, rejectedIds.Count > 0);
        var flags = rejectedIds.Count > 0 ? ImmutableArray.Create("published", "rejected_events") : ["published"];
        if (scenario["resolve"] is JsonObject resolve)
        {
            var request = JsonValue.Object(("room_version", scenario["room_version"]!), ("state_sets", resolve["state_sets"]!), ("events", scenario["events"]!));
            if (rejectedIds.Count > 0) request = request.With("rejected", rejectedIds);
            var declared = scenario["expected_resolved"] is JsonArray state ? States(state, scenario["complete"] is JsonBool { Value: true }) : null;
            yield return new VectorSource(Suite, group, Suite + "/published/" + id, version.Id, tokens, flags, description, request, declared, source, null);
            yield break;
        }

        var events = ImmutableArray.CreateBuilder<Pdu>();
        foreach (var json in ((JsonArray)scenario["events"]!).OfType<JsonObject>())
        {
            events.Add(PduParser.Parse(json, version.Format, PduParseOptions.TestInput).Value
                ?? throw new InvalidOperationException("published scenario " + id + " has an event that does not parse"));
        }
        var rejected = rejectedIds.OfType<JsonString>().Select(r => EventId.Parse(r.Value, EventIdFormat.TestName).Value).ToImmutableArray();
        var graph = EventGraph.Build(events.ToImmutable(), version, EventGraphOptions.WholeHistory).Value
            ?? throw new InvalidOperationException("published scenario " + id + " is not a graph the reference can build");
        var context = AuthContext.Default.WithRejected(rejected.Select(r => r.Value));
        var before = RoomStates.Before(graph, context).Value
            ?? throw new InvalidOperationException("published scenario " + id + " has no states the reference can compute");
        var expectedAt = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var expected in (scenario["expected"] as JsonArray ?? JsonArray.Empty).OfType<JsonObject>())
        {
            expectedAt[((JsonString)expected["state_at"]!).Value] = expected;
        }
        foreach (var e in events)
        {
            var checkedHere = expectedAt.TryGetValue(e.EventId.Value, out var expected);
            if (e.PrevEvents.Length < 2 && !checkedHere) continue;
            var sets = new List<ImmutableSortedDictionary<StateKey, EventId>>();
            foreach (var p in e.PrevEvents)
            {
                var prev = events.First(x => x.EventId.Equals(p));
                var after = before[p];
                if (prev.StateKey is { } key && !rejected.Contains(p)) after = after.SetItem(new StateKey(prev.Type, key), p);
                sets.Add(after);
            }
            var declared = checkedHere ? States((JsonArray)expected!["state"]!, expected["complete"] is JsonBool { Value: true }) : null;
            var comment = checkedHere
                ? $"the state before {e.EventId.Value}, as the source's test checks it" + (description is null ? "" : ": " + description)
                : $"the merge at {e.EventId.Value} of the source's graph";
            yield return new VectorSource(Suite, group, Suite + "/published/" + id + "@" + e.EventId.Value, version.Id, tokens, flags, comment,
                Request(version, [.. sets], events.ToImmutable(), rejected), declared, source, null);
        }
    }

    /// <summary>The <c>resolve</c> request for state sets over events.</summary>
    public static JsonObject Request(RoomVersion version, ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>> sets, ImmutableArray<Pdu> events, ImmutableArray<EventId> rejected)
    {
        var request = JsonValue.Object(
            ("room_version", JsonValue.String(version.Id)),
            ("state_sets", JsonValue.Array(sets.Select(set => (JsonValue)JsonValue.Array(set.Values.Select(id => (JsonValue)JsonValue.String(id.Value)))))),
            ("events", JsonValue.Array(events.Select(e => (JsonValue)e.Json))));
        return rejected.IsEmpty ? request : request.With("rejected", JsonValue.Array(rejected.Select(id => (JsonValue)JsonValue.String(id.Value))));
    }

    // The answer's state holds every entry of the published state, and no other entry when the source says it is complete.
    private static Declared States(JsonArray expected, bool complete)
    {
        var want = expected.OfType<JsonObject>().Select(Entry).ToImmutableSortedSet(StringComparer.Ordinal);
        return new Declared((complete ? "exactly " : "at least ") + string.Join(", ", want), answer =>
        {
            if (answer["state"] is not JsonArray state) return "no state in the answer";
            var got = state.OfType<JsonObject>().Select(Entry).ToImmutableSortedSet(StringComparer.Ordinal);
            var missing = want.Except(got);
            if (!missing.IsEmpty) return "missing " + string.Join(", ", missing);
            var extra = got.Except(want);
            return complete && !extra.IsEmpty ? "not in the published state: " + string.Join(", ", extra) : null;
        });
    }

    private static string Entry(JsonObject e) =>
        ((JsonString)e["type"]!).Value + "|" + ((JsonString)e["state_key"]!).Value + "=" + ((JsonString)e["event_id"]!).Value;
}
