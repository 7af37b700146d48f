namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The lexicographically smallest topological order of a set of events under the DAG of auth events
/// between them, earliest first (spec v1.19, rooms v2 "Reverse topological power ordering"): Kahn's
/// algorithm, taking at each step the smallest ready event by a total order. Only auth edges between two
/// members count, as in the published implementations (Synapse, gomatrixserverlib, ruma all build the
/// sort graph from direct auth edges inside the set). The ordering `stateres.power_ordering` sorts with it.
/// </summary>
internal static class TopologicalOrdering
{
    /// <summary>
    /// Sorts <paramref name="members"/> (distinct vertices of <paramref name="graph"/>). <paramref name="order"/>
    /// compares two members by their positions among the members in increasing vertex order (so that a comparer
    /// finds their keys without a search); it must be total (it ends in the event-ID tie-break, which is the order
    /// of the positions), so the result depends only on the set and the order.
    /// </summary>
    public static int[] Sort(EventGraph graph, ReadOnlySpan<int> members, IComparer<int> order)
    {
        // The result depends only on the set, so the members are taken in vertex order; a vertex's position among
        // them is kept in an array over the graph (plus one: 0 for a vertex that is not a member).
        var sorted = Ascending(members);
        members = sorted;
        var positionOf = new int[graph.Count];
        for (var i = 0; i < members.Length; i++) positionOf[members[i]] = i + 1;

        // waiting[i]: auth events of members[i] not yet placed; dependents: the reverse edges, compressed.
        var waiting = new int[members.Length];
        var dependentCount = new int[members.Length + 1];
        for (var i = 0; i < members.Length; i++)
        {
            foreach (var a in graph.AuthEdges(members[i]))
            {
                if (positionOf[a] is > 0 and var j)
                {
                    waiting[i]++;
                    dependentCount[j]++;
                }
            }
        }
        for (var i = 0; i < members.Length; i++) dependentCount[i + 1] += dependentCount[i];
        var fill = (int[])dependentCount.Clone();
        var dependents = new int[dependentCount[members.Length]];
        for (var i = 0; i < members.Length; i++)
        {
            foreach (var a in graph.AuthEdges(members[i]))
            {
                if (positionOf[a] is > 0 and var j) dependents[fill[j - 1]++] = i;
            }
        }

        var ready = new PriorityQueue<int, int>(order);
        for (var i = 0; i < members.Length; i++)
        {
            if (waiting[i] == 0) ready.Enqueue(i, i);
        }
        var result = new int[members.Length];
        var placed = 0;
        while (ready.TryDequeue(out var i, out _))
        {
            result[placed++] = members[i];
            for (var d = dependentCount[i]; d < dependentCount[i + 1]; d++)
            {
                var k = dependents[d];
                if (--waiting[k] == 0) ready.Enqueue(k, k);
            }
        }
        if (placed != members.Length) throw new InvalidOperationException("a validated event graph has a cycle among auth events");
        return result;
    }

    /// <summary><paramref name="vertices"/> (distinct) in increasing order, as a new array.</summary>
    internal static int[] Ascending(ReadOnlySpan<int> vertices)
    {
        var sorted = vertices.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1] > sorted[i])
            {
                Array.Sort(sorted);
                break;
            }
        }
        return sorted;
    }
}
