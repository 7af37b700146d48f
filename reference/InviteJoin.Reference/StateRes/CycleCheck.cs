using QuikGraph;
using QuikGraph.Algorithms;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Acyclicity of the combined <c>prev_events</c> and <c>auth_events</c> graph: Kahn's algorithm orders
/// the vertices (and so proves the graph acyclic) in one pass; only when it cannot place every vertex does
/// QuikGraph's strongly connected components name the cycle. Both are iterative, so a chain of any length
/// is safe for the stack. A cycle is a named error of the input (`stateres.input.graph`).
/// </summary>
internal static class CycleCheck
{
    /// <summary>
    /// The vertices ancestors first, the smallest ready vertex first; shorter than <paramref name="count"/>
    /// exactly when the graph has a cycle (the vertices on or after a cycle are never ready).
    /// </summary>
    public static int[] TopologicalVertices(int count, (int[] Start, int[] Targets) citedBy, (int[] Start, int[] Targets) prevOf, int[] authStart, int[] prevStart)
    {
        var waiting = new int[count];
        var order = new int[count];
        var placed = 0;
        for (var v = 0; v < count; v++) waiting[v] = authStart[v + 1] - authStart[v] + (prevStart[v + 1] - prevStart[v]);
        if (count <= 64)
        {
            // A small graph holds its ready vertices as bits of one word: the smallest is the lowest bit.
            var ready = 0UL;
            for (var v = 0; v < count; v++)
            {
                if (waiting[v] == 0) ready |= 1UL << v;
            }
            while (ready != 0)
            {
                var v = System.Numerics.BitOperations.TrailingZeroCount(ready);
                ready &= ready - 1;
                order[placed++] = v;
                ready |= Release(v, citedBy, waiting) | Release(v, prevOf, waiting);
            }
        }
        else
        {
            var ready = new PriorityQueue<int, int>();
            for (var v = 0; v < count; v++)
            {
                if (waiting[v] == 0) ready.Enqueue(v, v);
            }
            while (ready.TryDequeue(out var v, out _))
            {
                order[placed++] = v;
                Release(v, citedBy, waiting, ready);
                Release(v, prevOf, waiting, ready);
            }
        }
        if (placed < count) Array.Resize(ref order, placed);
        return order;
    }

    private static void Release(int v, (int[] Start, int[] Targets) dependents, int[] waiting, PriorityQueue<int, int> ready)
    {
        for (var i = dependents.Start[v]; i < dependents.Start[v + 1]; i++)
        {
            var w = dependents.Targets[i];
            if (--waiting[w] == 0) ready.Enqueue(w, w);
        }
    }

    // As above, for a graph of at most 64 vertices: the vertices made ready, as bits.
    private static ulong Release(int v, (int[] Start, int[] Targets) dependents, int[] waiting)
    {
        var released = 0UL;
        for (var i = dependents.Start[v]; i < dependents.Start[v + 1]; i++)
        {
            var w = dependents.Targets[i];
            if (--waiting[w] == 0) released |= 1UL << w;
        }
        return released;
    }

    /// <summary>
    /// Given the vertices Kahn's algorithm could place, the smallest vertex that lies on a cycle and one
    /// shortest cycle through it (starting and ending at that vertex).
    /// </summary>
    public static (int Member, IReadOnlyList<int> Cycle) FindCycle(int[] placed, int[] authStart, int[] authTargets, int[] prevStart, int[] prevTargets)
    {
        var count = authStart.Length - 1;
        var isPlaced = new VertexSet(count);
        foreach (var v in placed) isPlaced.Add(v);

        var leftover = new AdjacencyGraph<int, SEquatableEdge<int>>(allowParallelEdges: false);
        for (var v = 0; v < count; v++)
        {
            if (!isPlaced.Contains(v)) leftover.AddVertex(v);
        }
        for (var v = 0; v < count; v++)
        {
            if (isPlaced.Contains(v)) continue;
            AddEdges(leftover, isPlaced, v, authStart, authTargets);
            AddEdges(leftover, isPlaced, v, prevStart, prevTargets);
        }

        var components = new Dictionary<int, int>();
        leftover.StronglyConnectedComponents(components);
        var size = new int[count];
        for (var v = 0; v < count; v++)
        {
            if (components.TryGetValue(v, out var c)) size[c]++;
        }

        // A vertex is on a cycle when its component has more than one vertex or it names itself.
        for (var v = 0; v < count; v++)
        {
            if (isPlaced.Contains(v)) continue;
            var component = components[v];
            if (size[component] > 1 || leftover.ContainsEdge(v, v)) return (v, CycleThrough(v, leftover, components));
        }
        throw new InvalidOperationException("Kahn's algorithm left vertices unplaced but no cycle was found");
    }

    private static void AddEdges(AdjacencyGraph<int, SEquatableEdge<int>> graph, VertexSet isPlaced, int v, int[] start, int[] targets)
    {
        for (var i = start[v]; i < start[v + 1]; i++)
        {
            if (!isPlaced.Contains(targets[i])) graph.AddEdge(new SEquatableEdge<int>(v, targets[i]));
        }
    }

    // Breadth-first search inside the member's component for a shortest way back to it.
    private static IReadOnlyList<int> CycleThrough(int member, AdjacencyGraph<int, SEquatableEdge<int>> graph, Dictionary<int, int> components)
    {
        var component = components[member];
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(member);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var edge in graph.OutEdges(v))
            {
                var w = edge.Target;
                if (components[w] != component) continue;
                if (w == member)
                {
                    var path = new List<int> { member };
                    for (var x = v; x != member; x = parent[x]) path.Add(x);
                    path.Add(member);
                    path.Reverse(1, path.Count - 2);
                    return path;
                }
                if (parent.TryAdd(w, v)) queue.Enqueue(w);
            }
        }
        throw new InvalidOperationException("a vertex of a strongly connected component has no way back to itself");
    }
}
