using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The mainline ordering (spec v1.19, rooms v2 "Mainline ordering"): the mainline of a power-levels event
/// P is P and the chain of power-levels events each cites in its auth events; an event's position is the
/// index of the first mainline event met by walking the power-levels events up from its own auth events
/// (the event itself excluded), or ∞ when the walk never meets the mainline (`stateres.mainline_position`).
/// Events sort by position, greatest (oldest epoch, ∞ first) first, then <c>origin_server_ts</c>, then event
/// ID (`stateres.mainline_ordering`).
/// </summary>
internal static class MainlineOrdering
{
    private const int Infinite = int.MaxValue;

    /// <summary>Sorts <paramref name="events"/> by their mainline positions relative to <paramref name="powerLevels"/> (−1: none, so every position is ∞).</summary>
    public static int[] Sort(EventGraph graph, ReadOnlySpan<int> events, int powerLevels)
    {
        // Both maps are arrays over the graph's vertices: mainline[p] is p's index in the mainline plus one (0: not on
        // it); known[p] memoises the position p's walk reaches (see Position).
        var mainline = new int[graph.Count];
        var length = 0;
        for (var p = powerLevels; p >= 0 && mainline[p] == 0; p = PowerLevelsAuthEvent(graph, p)) mainline[p] = ++length;

        var known = new int[graph.Count];
        var walked = new List<int>(); // scratch of Position
        var keyed = new (int Position, long Timestamp, int Vertex)[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var v = events[i];
            keyed[i] = (Position(graph, PowerLevelsAuthEvent(graph, v), mainline, known, walked), graph.EventAt(v).OriginServerTs, v);
        }
        Array.Sort(keyed, static (a, b) =>
        {
            var byPosition = b.Position.CompareTo(a.Position);
            if (byPosition != 0) return byPosition;
            var byTimestamp = a.Timestamp.CompareTo(b.Timestamp);
            return byTimestamp != 0 ? byTimestamp : a.Vertex.CompareTo(b.Vertex);
        });
        var sorted = new int[keyed.Length];
        for (var i = 0; i < keyed.Length; i++) sorted[i] = keyed[i].Vertex;
        return sorted;
    }

    /// <summary>The mainline position reached from power-levels event <paramref name="start"/> (the first of the walk); iterative, memoised.</summary>
    /// <remarks><paramref name="known"/> holds a position plus one, or −1 for ∞ (0: not yet walked).</remarks>
    private static int Position(EventGraph graph, int start, int[] mainline, int[] known, List<int> walked)
    {
        walked.Clear();
        var position = Infinite;
        for (var p = start; p >= 0; p = PowerLevelsAuthEvent(graph, p))
        {
            if (mainline[p] > 0)
            {
                position = mainline[p] - 1;
                break;
            }
            if (known[p] != 0)
            {
                position = known[p] < 0 ? Infinite : known[p] - 1;
                break;
            }
            walked.Add(p);
        }
        foreach (var p in walked) known[p] = position == Infinite ? -1 : position + 1;
        return position;
    }

    /// <summary>The first auth event of <paramref name="v"/> that is the room's power levels (type <c>m.room.power_levels</c>, empty state key), or −1.</summary>
    internal static int PowerLevelsAuthEvent(EventGraph graph, int v)
    {
        foreach (var a in graph.AuthEdges(v))
        {
            var e = graph.EventAt(a);
            if (string.Equals(e.Type, EventTypes.PowerLevels, StringComparison.Ordinal) && string.Equals(e.StateKey, "", StringComparison.Ordinal)) return a;
        }
        return -1;
    }
}
