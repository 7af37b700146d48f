using System.Collections.Immutable;
using InviteJoin.Generators.Auth;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Cli.Differential;

/// <summary>One request of a differential run: its suite, where it comes from, a stable id and the request itself.</summary>
internal sealed record DifferentialCase(string Suite, string Source, string Id, JsonObject Request);

/// <summary>
/// The requests a differential run sends: generated authorisation probes and generated forked rooms (with
/// events rejected on receipt, some in state sets) in every room version, each from a seed; and, when a
/// folder of published cases is given, those cases (authorisation cases as they are, state-resolution
/// scenarios as their direct resolutions and as the resolution at every event with several prev events).
/// </summary>
internal static class DifferentialCases
{
    // The users of the generated rooms: four users of one server, the first the creator.
    private static readonly string[] RoomUsers = ["@alice:example.com", "@bob:example.com", "@charlie:example.com", "@dave:example.com"];

    /// <summary>Generated probes: <paramref name="perVersion"/> in each room version.</summary>
    public static IEnumerable<DifferentialCase> Probes(int seed, int perVersion)
    {
        for (var v = 0; v < RoomVersionRegistry.All.Length; v++)
        {
            var version = RoomVersionRegistry.All[v];
            for (var i = 0; i < perVersion; i++)
            {
                var probe = AuthProbeGenerator.Build(version, Choices(seed, v, i, 64));
                yield return new DifferentialCase("auth", "probes", $"probe/{version.Id}/{i}", probe.ToRequest());
            }
        }
    }

    /// <summary>Generated forked rooms with rejected events: <paramref name="perVersion"/> in each room version.</summary>
    public static IEnumerable<DifferentialCase> Rooms(int seed, int perVersion)
    {
        for (var v = 0; v < RoomVersionRegistry.All.Length; v++)
        {
            var version = RoomVersionRegistry.All[v];
            for (var i = 0; i < perVersion; i++)
            {
                var room = ForkedRoomGenerator.Build(version, RoomUsers, Choices(seed, v + 100, i, 96), withRejected: true);
                yield return new DifferentialCase("resolve", "rooms", $"room/{version.Id}/{i}", ResolveRequest(version, room.StateSets, room.Events, room.Rejected));
            }
        }
    }

    /// <summary>Each request file in <paramref name="folder"/>: a <c>resolve</c> request when it has <c>state_sets</c>, else an <c>auth</c> request.</summary>
    public static IEnumerable<DifferentialCase> Requests(string folder)
    {
        foreach (var file in Files(folder))
        {
            if (Read(file) is not { } request) continue;
            yield return new DifferentialCase(request.ContainsKey("state_sets") ? "resolve" : "auth", "requests", Path.GetFileNameWithoutExtension(file), request);
        }
    }

    /// <summary>The published cases under <paramref name="folder"/> (its <c>auth/</c> and <c>stateres/</c> files).</summary>
    public static IEnumerable<DifferentialCase> Published(string folder)
    {
        foreach (var file in Files(Path.Combine(folder, "auth")))
        {
            if (Read(file)?["cases"] is not JsonArray cases) continue;
            foreach (var c in cases.OfType<JsonObject>())
            {
                var request = JsonValue.Object(
                    ("room_version", c["room_version"]!),
                    ("event", WithSenderSignature((JsonObject)c["event"]!)),
                    ("auth_events", JsonValue.Array(((JsonArray)c["auth_events"]!).OfType<JsonObject>().Select(e => (JsonValue)WithSenderSignature(e)))));
                if (c["rejected"] is JsonArray { Count: > 0 } rejected) request = request.With("rejected", rejected);
                yield return new DifferentialCase("auth", "published", ((JsonString)c["id"]!).Value, request);
            }
        }
        foreach (var file in Files(Path.Combine(folder, "stateres")))
        {
            if (Read(file)?["scenarios"] is not JsonArray scenarios) continue;
            foreach (var scenario in scenarios.OfType<JsonObject>())
            {
                foreach (var c in Scenario(scenario)) yield return c;
            }
        }
    }

    // A scenario's direct resolution, or the resolution at each of its events with several prev events.
    private static IEnumerable<DifferentialCase> Scenario(JsonObject scenario)
    {
        var id = ((JsonString)scenario["id"]!).Value;
        var rejectedIds = scenario["rejected"] as JsonArray ?? JsonValue.Array();
        if (scenario["resolve"] is JsonObject resolve)
        {
            var request = JsonValue.Object(("room_version", scenario["room_version"]!), ("state_sets", resolve["state_sets"]!), ("events", scenario["events"]!));
            yield return new DifferentialCase("resolve", "published", id, rejectedIds.Count > 0 ? request.With("rejected", rejectedIds) : request);
            yield break;
        }
        if (RoomVersionRegistry.Lookup((scenario["room_version"] as JsonString)?.Value).Value is not { } version) yield break;
        var events = ImmutableArray.CreateBuilder<Pdu>();
        foreach (var json in ((JsonArray)scenario["events"]!).OfType<JsonObject>())
        {
            var pdu = PduParser.Parse(json, version.Format, PduParseOptions.TestInput);
            if (!pdu.IsOk) yield break;
            events.Add(pdu.Value);
        }
        var rejected = rejectedIds.OfType<JsonString>().Select(r => EventId.Parse(r.Value, EventIdFormat.TestName)).Where(r => r.IsOk).Select(r => r.Value).ToList();
        var graph = EventGraph.Build(events.ToImmutable(), version, EventGraphOptions.WholeHistory);
        if (!graph.IsOk) yield break;
        var context = AuthContext.Default.WithRejected(rejected.Select(r => r.Value));
        var before = RoomStates.Before(graph.Value, context);
        if (!before.IsOk) yield break;
        foreach (var e in events)
        {
            if (e.PrevEvents.Length < 2) continue;
            var sets = new List<ImmutableSortedDictionary<StateKey, EventId>>();
            foreach (var p in e.PrevEvents)
            {
                var prev = events.First(x => x.EventId.Equals(p));
                var after = before.Value[p];
                if (prev.StateKey is { } key && !rejected.Contains(p)) after = after.SetItem(new StateKey(prev.Type, key), p);
                sets.Add(after);
            }
            yield return new DifferentialCase("resolve", "published", id + "@" + e.EventId.Value, ResolveRequest(version, [.. sets], events.ToImmutable(), [.. rejected]));
        }
    }

    /// <summary>The <c>resolve</c> request for state sets over events.</summary>
    public static JsonObject ResolveRequest(RoomVersion version, ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>> sets, ImmutableArray<Pdu> events,
        ImmutableArray<EventId> rejected)
    {
        var request = JsonValue.Object(
            ("room_version", JsonValue.String(version.Id)),
            ("state_sets", JsonValue.Array(sets.Select(set => (JsonValue)JsonValue.Array(set.Values.Select(id => (JsonValue)JsonValue.String(id.Value)))))),
            ("events", JsonValue.Array(events.Select(e => (JsonValue)e.Json))));
        return rejected.IsEmpty ? request : request.With("rejected", JsonValue.Array(rejected.Select(id => (JsonValue)JsonValue.String(id.Value))));
    }

    // The auth suite presumes that the checks on receipt verified the sending server's signature (and, in room
    // versions 1–2, the event-ID server's); published cases carry none, so an entry stands for each.
    private static JsonObject WithSenderSignature(JsonObject e)
    {
        var signatures = e["signatures"] as JsonObject ?? JsonObject.Empty;
        foreach (var id in new[] { e["sender"], e["event_id"] })
        {
            if (id is not JsonString { Value: var text }) continue;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var server = text[(colon + 1)..];
            if (!signatures.ContainsKey(server)) signatures = signatures.With(server, JsonValue.Object(("ed25519:1", JsonValue.String("sig"))));
        }
        return e.With("signatures", signatures);
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal) : [];

    private static JsonObject? Read(string file)
    {
        var parsed = StrictJsonReader.Parse(File.ReadAllText(file), JsonReadOptions.Lenient);
        return parsed.IsOk ? parsed.Value as JsonObject : null;
    }

    // The choices of one generated case: a seeded stream, so a case is replayed by its seed and id alone.
    private static int[] Choices(int seed, int stream, int index, int count)
    {
        var random = new Random(unchecked((seed * 1_000_003) + (stream * 10_007) + index));
        var choices = new int[count];
        for (var i = 0; i < count; i++) choices[i] = random.Next(0, 1 << 20);
        return choices;
    }
}
