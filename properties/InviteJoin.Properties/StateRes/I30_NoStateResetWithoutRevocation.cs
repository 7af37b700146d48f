using System.Collections.Immutable;
using CsCheck;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using InviteJoin.Testing;

namespace InviteJoin.Properties.StateRes;

/// <summary>
/// I-30 (spec/invariants.md): no state reset without a revocation. When every state set holds a key, the resolved
/// state holds it too, and not at an event older than one of the candidates (one in the auth chain of a candidate)
/// that says something else (another membership, other content), unless the full conflicted set holds a revocation of it — another event that takes a right away: a leave or ban, a join rule other than public, or a change of power levels. Timestamps grow along the history, as clocks make them.
/// State resolution v2.1 (room version 12, MSC4297) has this property; v2 does not, and the two problems MSC4297
/// describes — a key dropped, and a key reset to an old event — are the shapes that show it (CVE-2025-49090; the
/// historical bugs B1 and B2).
/// </summary>
public sealed class I30_NoStateResetWithoutRevocation
{
    private const int Iterations = 200;

    [Fact, Trait("invariant", "I-30")]
    public void V2_1_OnGeneratedForkedRooms_ResetsNothingWithoutARevocation()
    {
        Replay.Run(nameof(V2_1_OnGeneratedForkedRooms_ResetsNothingWithoutARevocation), () =>
            // Timestamps that grow along the history, as servers' clocks make them. With ties the orderings fall back to
            // event IDs for events no power ordering covers, and an older event can win over the one that followed it (a
            // leave over a later join, say): a property of the algorithm, not a reset the spec's fix is about.
            ForkedRoomGenerator.Rooms([RoomVersion.V12], TestUsers.OneServer, distinctTimestamps: true).Sample(room =>
            {
                var graph = EventGraph.Build(room.Events, room.Version).Value;
                var resolved = StateResolver.Resolve(graph, room.StateSets).Value;
                return UnrevokedReset(graph, room.StateSets, resolved) is null;
            }, iter: Iterations, threads: 1, print: room => room.ToString()));
    }

    [Fact, Trait("invariant", "I-30")]
    public void V2_1_OnTheShapesOfMsc4297_ResetsNothingWithoutARevocation()
    {
        var shapes = Msc4297Shapes().Where(s => s.Version.StateResolution == StateResolutionAlgorithm.V2_1).ToList();
        Assert.NotEmpty(shapes);
        foreach (var shape in shapes)
        {
            var (graph, sets, resolved) = Resolve(shape);
            Assert.True(UnrevokedReset(graph, sets, resolved) is null, shape.Id + ": " + UnrevokedReset(graph, sets, resolved));
        }
    }

    [Fact, Trait("invariant", "I-30")]
    public void V2_OnTheShapesOfMsc4297_ResetsAKeyWithoutARevocation()
    {
        // The property is what v2.1 fixed: on MSC4297's first problem v2 drops the join rules, on its second it resets the power levels.
        var shapes = Msc4297Shapes().Where(s => s.Version.StateResolution == StateResolutionAlgorithm.V2).ToList();
        Assert.Equal(2, shapes.Count);
        foreach (var shape in shapes)
        {
            var (graph, sets, resolved) = Resolve(shape);
            var reset = UnrevokedReset(graph, sets, resolved);
            Assert.True(reset is not null, shape.Id + ": v2 kept every key, which MSC4297 says it does not");
            Assert.Contains(shape.Id.Contains("problem_a", StringComparison.Ordinal) ? "m.room.join_rules" : "m.room.power_levels", reset, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<PublishedScenario> Msc4297Shapes() =>
        PublishedData.Scenarios.Values.Where(s => s.Id.StartsWith("msc4297/", StringComparison.Ordinal) && s.IsResolve);

    private static (EventGraph, ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>>, ImmutableSortedDictionary<StateKey, EventId>) Resolve(PublishedScenario shape)
    {
        var graph = EventGraph.Build(shape.Events, shape.Version).Value;
        var sets = shape.StateSets.Select(set => set.ToImmutableSortedDictionary(id => Key(graph, id), id => id)).ToImmutableArray();
        return (graph, sets, StateResolver.Resolve(graph, sets).Value);
    }

    private static StateKey Key(EventGraph graph, EventId id)
    {
        graph.TryGetEvent(id, out var pdu);
        return new StateKey(pdu!.Type, pdu.StateKey!);
    }

    /// <summary>The first key every set holds that the resolution dropped or reset to an older event without a revocation, described; null when there is none.</summary>
    internal static string? UnrevokedReset(EventGraph graph, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> sets, ImmutableSortedDictionary<StateKey, EventId> resolved)
    {
        var chains = new Dictionary<EventId, ImmutableSortedSet<EventId>>(); // look-ups only
        ImmutableSortedSet<EventId> Chain(EventId id)
        {
            if (!chains.TryGetValue(id, out var chain)) chains[id] = chain = AuthChains.Of(graph, id).Value;
            return chain;
        }

        var keys = sets.SelectMany(s => s.Keys).Distinct().Order().ToList();
        var conflictedKeys = keys.Where(k => sets.Select(s => s.GetValueOrDefault(k)).Distinct().Count() > 1).ToList();
        var conflicted = conflictedKeys.SelectMany(k => sets.Where(s => s.ContainsKey(k)).Select(s => s[k])).Distinct().ToList();
        var full = conflicted.Concat(AuthChains.Difference(graph, [.. sets.Select(s => (IEnumerable<EventId>)s.Values)]).Value).Distinct().ToList();

        foreach (var key in keys.Where(k => sets.All(s => s.ContainsKey(k))))
        {
            var candidates = sets.Select(s => s[key]).Distinct().ToList();
            // A revocation of this key is another event of the full conflicted set that takes a right away.
            if (full.Any(id => !candidates.Contains(id) && IsRevocation(graph, id))) continue;
            if (!resolved.TryGetValue(key, out var chosen)) return $"{key} is held by every state set but dropped";
            // Older, and saying something else: a membership of another kind, or other content. (Between two events
            // that say the same, as a join after a join, the order's tie-breaks may pick either; that resets nothing.)
            if (candidates.Any(c => !c.Equals(chosen) && Chain(c).Contains(chosen) && Differs(graph, c, chosen))) return $"{key} is reset to {chosen}, older than a candidate";
        }
        return null;
    }

    private static bool Differs(EventGraph graph, EventId a, EventId b)
    {
        graph.TryGetEvent(a, out var first);
        graph.TryGetEvent(b, out var second);
        return first!.Type == EventTypes.Member ? first.Membership != second!.Membership : !first.Content.Equals(second!.Content);
    }

    // A leave or ban, a join rule other than public (it takes away the right to join freely), or a change of power
    // levels (lowering a level takes a right away, and so does raising a user above one who could act on them).
    private static bool IsRevocation(EventGraph graph, EventId id)
    {
        graph.TryGetEvent(id, out var pdu);
        return pdu!.Type switch
        {
            EventTypes.Member => pdu.Membership is MembershipValues.Leave or MembershipValues.Ban,
            EventTypes.JoinRules => (pdu.Content["join_rule"] as JsonString)?.Value != JoinRuleValues.Public,
            EventTypes.PowerLevels => true,
            _ => false,
        };
    }
}
