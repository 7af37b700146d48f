using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The room state before every event of a whole history (spec v1.19, rooms v2 "State resolution": the
/// state before E is the resolution of the states after its prev events; the state after a state event
/// replaces its key with it). Events are visited ancestors first, so each resolution reuses states already
/// computed; an event rejected on receipt does not change the state after it (`stateres.state_before`,
/// `stateres.state_after`).
/// </summary>
public static class RoomStates
{
    /// <summary>
    /// The state before each event of <paramref name="graph"/>, which must hold every prev event (see
    /// <see cref="EventGraphOptions.WholeHistory"/>). An event without prev events starts from the empty state.
    /// </summary>
    public static Result<ImmutableSortedDictionary<EventId, ImmutableSortedDictionary<StateKey, EventId>>> Before(EventGraph graph, AuthContext? context = null)
    {
        context ??= AuthContext.Default;
        if (!graph.HasAllPrevEvents)
        {
            return Result<ImmutableSortedDictionary<EventId, ImmutableSortedDictionary<StateKey, EventId>>>.Fail(
                StateResError.MissingEvent, "$.events", "the state before each event needs every prev event, and some were not given");
        }
        var rejected = RejectedEvents.Classify(graph, context);
        var empty = ImmutableSortedDictionary<StateKey, int>.Empty;
        var after = new ImmutableSortedDictionary<StateKey, int>[graph.Count];
        var result = ImmutableSortedDictionary.CreateBuilder<EventId, ImmutableSortedDictionary<StateKey, EventId>>(EventIdOrder.Instance);
        foreach (var v in graph.TopologicalVertices)
        {
            var prev = graph.PrevEdges(v);
            var before = prev.Length switch
            {
                0 => empty,
                1 => after[prev[0]],
                _ => StateResolver.RunOnVertices(graph, StateSets.FromVertexMaps(Collect(after, prev)), rejected, context, new Interruption()),
            };
            var e = graph.EventAt(v);
            after[v] = e.StateKey is { } key && !rejected.IsRejected(v) ? before.SetItem(new StateKey(e.Type, key), v) : before;
            result.Add(e.EventId, ToIds(graph, before));
        }
        return result.ToImmutable();
    }

    private static List<ImmutableSortedDictionary<StateKey, int>> Collect(ImmutableSortedDictionary<StateKey, int>[] after, ReadOnlySpan<int> prev)
    {
        var sets = new List<ImmutableSortedDictionary<StateKey, int>>(prev.Length);
        foreach (var p in prev) sets.Add(after[p]);
        return sets;
    }

    private static ImmutableSortedDictionary<StateKey, EventId> ToIds(EventGraph graph, ImmutableSortedDictionary<StateKey, int> state)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<StateKey, EventId>();
        foreach (var (key, v) in state) builder.Add(key, graph.EventAt(v).EventId);
        return builder.ToImmutable();
    }
}
