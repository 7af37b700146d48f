using System.Collections.Immutable;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Auth chains and the sets state resolution builds from them (spec v1.19, rooms v2 "Auth chain",
/// "Auth difference"; rooms v12 "Conflicted state subgraph"). Every walk is iterative and memoised: one
/// walk expands each event's auth events at most once, however many of the starting events share it, so
/// a full auth chain costs the size of the chain rather than the sum of the per-event chains, and a chain
/// 100,000 events deep neither overflows the stack nor costs more than a linear pass.
/// </summary>
public static class AuthChains
{
    /// <summary>The auth chain of <paramref name="eventId"/> (`stateres.auth_chain`): every event reachable through auth events, the event itself excluded.</summary>
    public static Result<ImmutableSortedSet<EventId>> Of(EventGraph graph, EventId eventId) =>
        Full(graph, [eventId]);

    /// <summary>The full auth chain of a set of events (`stateres.full_auth_chain`): the union of their auth chains.</summary>
    public static Result<ImmutableSortedSet<EventId>> Full(EventGraph graph, IEnumerable<EventId> events) =>
        Vertices(graph, events, "$").Map(vertices => graph.ToIds(FullVertices(graph, vertices)));

    /// <summary>
    /// The auth difference of state sets (`stateres.auth_difference`), given as the events each holds: the events in some but not every
    /// full auth chain, ⋃Cᵢ − ⋂Cᵢ over all the sets (not the first set's chain against the rest).
    /// </summary>
    public static Result<ImmutableSortedSet<EventId>> Difference(EventGraph graph, IReadOnlyList<IEnumerable<EventId>> stateSets)
    {
        var sets = new int[stateSets.Count][];
        for (var i = 0; i < stateSets.Count; i++)
        {
            var vertices = Vertices(graph, stateSets[i], JsonPath.Index("$.state_sets", i));
            if (!vertices.IsOk) return vertices.Failure!;
            sets[i] = vertices.Value;
        }
        return graph.ToIds(DifferenceVertices(graph, sets));
    }

    /// <summary>
    /// The conflicted state subgraph of a set of conflicted events (room version 12; `stateres.conflicted_subgraph`): every event on some
    /// auth-event path from one of them to one of them, the endpoints included.
    /// </summary>
    public static Result<ImmutableSortedSet<EventId>> ConflictedSubgraph(EventGraph graph, IEnumerable<EventId> conflicted) =>
        Vertices(graph, conflicted, "$").Map(vertices => graph.ToIds(ConflictedSubgraphVertices(graph, vertices)));

    /// <summary>The union of the auth chains of <paramref name="starts"/>.</summary>
    internal static VertexSet FullVertices(EventGraph graph, ReadOnlySpan<int> starts)
    {
        var chain = new VertexSet(graph.Count);
        // A vertex is pushed only when it joins the chain, so the stack never holds more than every vertex.
        var stack = new int[graph.Count];
        var top = 0;
        foreach (var start in starts) Push(graph.AuthEdges(start), chain, stack, ref top);
        while (top > 0) Push(graph.AuthEdges(stack[--top]), chain, stack, ref top);
        return chain;
    }

    /// <summary>
    /// ⋃Cᵢ − ⋂Cᵢ where Cᵢ is the full auth chain of the i-th set; empty for no sets. With
    /// <paramref name="includeStateEvents"/> (<c>synapse.auth_difference_includes_state</c>) each Cᵢ also holds the set's own events.
    /// </summary>
    internal static VertexSet DifferenceVertices(EventGraph graph, IReadOnlyList<int[]> stateSets, bool includeStateEvents = false)
    {
        var union = new VertexSet(graph.Count);
        if (stateSets.Count == 0) return union;
        VertexSet? intersection = null;
        foreach (var set in stateSets)
        {
            var chain = FullVertices(graph, set);
            if (includeStateEvents)
            {
                foreach (var v in set) chain.Add(v);
            }
            union.UnionWith(chain);
            if (intersection is null) intersection = chain;
            else intersection.IntersectWith(chain);
        }
        union.ExceptWith(intersection!);
        return union;
    }

    /// <summary>
    /// The events reachable from a conflicted event (in zero or more auth steps) from which a conflicted event
    /// is reachable: the ancestors-or-self of the conflicted events, walked back down from the conflicted
    /// events along reversed auth edges. Any event on a path between two such events is itself an ancestor,
    /// so the backward walk never needs to leave the first set.
    /// </summary>
    internal static VertexSet ConflictedSubgraphVertices(EventGraph graph, ReadOnlySpan<int> conflicted)
    {
        var ancestors = FullVertices(graph, conflicted);
        foreach (var c in conflicted) ancestors.Add(c);

        var subgraph = new VertexSet(graph.Count);
        // As in FullVertices, a vertex is pushed only when it joins the subgraph.
        var stack = new int[graph.Count];
        var top = 0;
        foreach (var c in conflicted)
        {
            if (subgraph.Add(c)) stack[top++] = c;
        }
        while (top > 0)
        {
            foreach (var child in graph.CitedBy(stack[--top]))
            {
                if (ancestors.Contains(child) && subgraph.Add(child)) stack[top++] = child;
            }
        }
        return subgraph;
    }

    private static void Push(ReadOnlySpan<int> authEvents, VertexSet seen, int[] stack, ref int top)
    {
        foreach (var a in authEvents)
        {
            if (seen.Add(a)) stack[top++] = a;
        }
    }

    private static Result<int[]> Vertices(EventGraph graph, IEnumerable<EventId> events, string path)
    {
        var vertices = new List<int>();
        var index = 0;
        foreach (var id in events)
        {
            var v = graph.VertexOf(id);
            if (v < 0) return Result<int[]>.Fail(StateResError.UnknownStateEvent, JsonPath.Index(path, index), $"event {id} is not in the graph");
            vertices.Add(v);
            index++;
        }
        return vertices.ToArray();
    }
}
