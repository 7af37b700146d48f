using InviteJoin.Reference.Auth;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The reverse topological power ordering (spec v1.19, rooms v2 "Reverse topological power ordering"):
/// the lexicographically smallest topological order of a set of events under their auth events, earliest
/// first, where x comes before y when x's sender has the greater power level (each read from the event's
/// own auth events), then the earlier <c>origin_server_ts</c>, then the smaller event ID (`stateres.power_ordering`).
/// </summary>
internal static class PowerOrdering
{
    public static int[] Sort(EventGraph graph, ReadOnlySpan<int> events, bool pythonInt = false) => Sort(graph, events, pythonInt, null);

    /// <summary>As <see cref="Sort(EventGraph, ReadOnlySpan{int}, bool)"/>; each state whose power levels it reads is added to <paramref name="levelsRead"/>.</summary>
    public static int[] Sort(EventGraph graph, ReadOnlySpan<int> events, bool pythonInt, List<LevelsRead>? levelsRead)
    {
        // The members in vertex order, each key at its member's place (the sort compares members by their places).
        var members = TopologicalOrdering.Ascending(events);
        var keys = new (PowerLevel Level, long Timestamp)[members.Length];
        var read = new List<(int, int, PowerLevels)>(); // the power levels read so far, for this sort only
        for (var i = 0; i < members.Length; i++) keys[i] = (PowerEvents.SenderPowerLevel(graph, members[i], pythonInt, read, levelsRead), graph.EventAt(members[i]).OriginServerTs);
        return TopologicalOrdering.Sort(graph, members, new Order(keys));
    }

    /// <summary>
    /// The comparison relation, on the key of the candidate vertex itself, given by its position among the members in
    /// vertex order (which follows event-ID order, so the positions break the last tie).
    /// </summary>
    private sealed class Order((PowerLevel Level, long Timestamp)[] keys) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var (levelX, tsX) = keys[x];
            var (levelY, tsY) = keys[y];
            var byLevel = levelY.CompareTo(levelX); // greater power first
            if (byLevel != 0) return byLevel;
            var byTimestamp = tsX.CompareTo(tsY);
            return byTimestamp != 0 ? byTimestamp : x.CompareTo(y);
        }
    }
}
