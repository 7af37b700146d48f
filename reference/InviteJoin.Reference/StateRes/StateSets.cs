using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// What a state set's entry that fails the rules against its own auth events (and so should never have been
/// in a state; spec v1.19, rooms v2 "Rejected events") becomes.
/// </summary>
internal enum RejectedEntryPolicy
{
    /// <summary>The spec: a rejected event does not update state, so the set reads as if it did not hold the entry.</summary>
    Drop,

    /// <summary><c>synapse.rejected_state_entries_kept</c>: the entry stays in its set.</summary>
    Keep,

    /// <summary>The input check (<c>--strict-input</c>): the request is refused with <c>stateres.rejected_in_state</c>.</summary>
    Refuse,
}

/// <summary>
/// The state sets of one resolution, validated against the graph and held as maps from state key to
/// vertex, with the split into unconflicted state and conflicted events (spec v1.19, rooms v2
/// "Unconflicted state map and conflicted state set"; rooms v1 "conflicting events"). Checking the given
/// sets is our decision, `stateres.input.state_sets`.
/// </summary>
internal sealed class StateSets
{
    private const string SetsPath = "$.state_sets";

    // The entries of each set in key order, one per key: the form every step reads; the maps are made from
    // them only when asked for, once (the object is immutable).
    private readonly KeyValuePair<StateKey, int>[][] _entries;
    private ImmutableArray<ImmutableSortedDictionary<StateKey, int>> _sets;

    private StateSets(ImmutableArray<ImmutableSortedDictionary<StateKey, int>> sets)
    {
        _sets = sets;
        _entries = new KeyValuePair<StateKey, int>[sets.Length][];
        for (var i = 0; i < sets.Length; i++) _entries[i] = [.. sets[i]];
    }

    private StateSets(KeyValuePair<StateKey, int>[][] entries) => _entries = entries;

    public ImmutableArray<ImmutableSortedDictionary<StateKey, int>> Sets
    {
        get
        {
            if (_sets.IsDefault)
            {
                var sets = ImmutableArray.CreateBuilder<ImmutableSortedDictionary<StateKey, int>>(_entries.Length);
                foreach (var entries in _entries) sets.Add(ImmutableSortedDictionary.CreateRange(entries));
                _sets = sets.MoveToImmutable();
            }
            return _sets;
        }
    }

    /// <summary>State sets the reference computed itself (states after events), which need no validation.</summary>
    public static StateSets FromVertexMaps(IEnumerable<ImmutableSortedDictionary<StateKey, int>> sets) => new([.. sets]);

    /// <summary>Validates state sets given as maps: every event known, a state event, filed under its own key, and able to be in a state.</summary>
    public static Result<StateSets> FromMaps(EventGraph graph, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> sets, RejectedEvents rejected, RejectedEntryPolicy policy)
    {
        var result = ImmutableArray.CreateBuilder<ImmutableSortedDictionary<StateKey, int>>(sets.Count);
        for (var i = 0; i < sets.Count; i++)
        {
            var map = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
            foreach (var (key, id) in sets[i])
            {
                // A map entry has no index of its own; the set's path locates it and the message names the key.
                var path = JsonPath.Index(SetsPath, i);
                var vertex = Check(graph, id, rejected, policy, path);
                if (!vertex.IsOk) return vertex.Failure!;
                if (vertex.Value < 0) continue;
                var pdu = graph.EventAt(vertex.Value);
                if (!string.Equals(pdu.Type, key.Type, StringComparison.Ordinal) || !string.Equals(pdu.StateKey, key.Key, StringComparison.Ordinal))
                {
                    return Result<StateSets>.Fail(StateResError.StateKeyMismatch, path,
                        $"event {id} has the key ({pdu.Type}, {pdu.StateKey}) but is filed under {key}");
                }
                map.Add(key, vertex.Value);
            }
            result.Add(map.ToImmutable());
        }
        return new StateSets(result.MoveToImmutable());
    }

    /// <summary>Validates state sets given as lists of event IDs (the <c>resolve</c> request): as for maps, and no two events for one key.</summary>
    public static Result<StateSets> FromLists(EventGraph graph, IReadOnlyList<IReadOnlyList<EventId>> sets, RejectedEvents rejected, RejectedEntryPolicy policy)
    {
        var result = new KeyValuePair<StateKey, int>[sets.Count][];
        for (var i = 0; i < sets.Count; i++)
        {
            // The entries are put in key order by insertion as they are read (a state set has a few dozen entries
            // at most in practice; a longer one is read through a sorted map), so a second event for a key is found
            // at the same entry, and named the same way, either way.
            var set = sets[i];
            if (set.Count > MaxInserted)
            {
                var listed = FromLongList(graph, set, rejected, policy, i);
                if (!listed.IsOk) return listed.Failure!;
                result[i] = listed.Value;
                continue;
            }
            var entries = new KeyValuePair<StateKey, int>[set.Count];
            var count = 0;
            for (var j = 0; j < set.Count; j++)
            {
                var vertex = Entry(graph, set, rejected, policy, i, j, out var key);
                if (!vertex.IsOk) return vertex.Failure!;
                if (vertex.Value < 0) continue;
                var at = count - 1;
                var order = 1;
                while (at >= 0 && (order = entries[at].Key.CompareTo(key)) > 0) at--;
                if (at >= 0 && order == 0)
                {
                    var other = entries[at].Value;
                    if (other == vertex.Value) continue; // the same event listed twice names one entry
                    return DuplicateKey(graph, i, j, other, vertex.Value, key);
                }
                Array.Copy(entries, at + 1, entries, at + 2, count - at - 1);
                entries[at + 1] = KeyValuePair.Create(key, vertex.Value);
                count++;
            }
            if (count < entries.Length) Array.Resize(ref entries, count);
            result[i] = entries;
        }
        return new StateSets(result);
    }

    // The longest list put in order by insertion.
    private const int MaxInserted = 32;

    // As FromLists, for list i, a long one: through a sorted map.
    private static Result<KeyValuePair<StateKey, int>[]> FromLongList(EventGraph graph, IReadOnlyList<EventId> set, RejectedEvents rejected, RejectedEntryPolicy policy, int i)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
        for (var j = 0; j < set.Count; j++)
        {
            var vertex = Entry(graph, set, rejected, policy, i, j, out var key);
            if (!vertex.IsOk) return vertex.Failure!;
            if (vertex.Value < 0) continue;
            if (map.TryGetValue(key, out var other))
            {
                if (other == vertex.Value) continue; // the same event listed twice names one entry
                return DuplicateKey(graph, i, j, other, vertex.Value, key);
            }
            map.Add(key, vertex.Value);
        }
        return map.ToArray();
    }

    // Entry j of list i: its vertex (−1 when the policy drops it) and, for a vertex, its state key.
    private static Result<int> Entry(EventGraph graph, IReadOnlyList<EventId> set, RejectedEvents rejected, RejectedEntryPolicy policy, int i, int j, out StateKey key)
    {
        key = default;
        var vertex = Check(graph, set[j], rejected, policy, i, j);
        if (vertex.IsOk && vertex.Value >= 0)
        {
            var pdu = graph.EventAt(vertex.Value);
            key = new StateKey(pdu.Type, pdu.StateKey!);
        }
        return vertex;
    }

    private static Failure DuplicateKey(EventGraph graph, int i, int j, int other, int vertex, StateKey key) =>
        new(StateResError.DuplicateStateKey, EntryPath(i, j), $"state set {i} holds both {graph.EventAt(other).EventId} and {graph.EventAt(vertex).EventId} for {key}");

    // The path of entry j of list i, built only for a failure.
    private static string EntryPath(int i, int j) => JsonPath.Index(JsonPath.Index(SetsPath, i), j);

    // As below, for entry j of list i.
    private static Result<int> Check(EventGraph graph, EventId id, RejectedEvents rejected, RejectedEntryPolicy policy, int i, int j)
    {
        var vertex = graph.VertexOf(id);
        if (vertex >= 0 && graph.EventAt(vertex).StateKey is not null && !rejected.FailsAgainstAuthEvents(vertex)) return vertex;
        return Check(graph, id, rejected, policy, EntryPath(i, j));
    }

    // The entry's vertex; −1 when the policy drops it.
    private static Result<int> Check(EventGraph graph, EventId id, RejectedEvents rejected, RejectedEntryPolicy policy, string path)
    {
        var vertex = graph.VertexOf(id);
        if (vertex < 0) return Result<int>.Fail(StateResError.UnknownStateEvent, path, $"event {id} is not among the given events");
        if (graph.EventAt(vertex).StateKey is null) return Result<int>.Fail(StateResError.NotStateEvent, path, $"event {id} is not a state event");
        if (rejected.FailsAgainstAuthEvents(vertex))
        {
            return policy switch
            {
                RejectedEntryPolicy.Refuse => Result<int>.Fail(StateResError.RejectedInState, path,
                    $"event {id} fails the authorisation rules against its own auth events, so it cannot be part of a state"),
                RejectedEntryPolicy.Drop => -1,
                RejectedEntryPolicy.Keep => vertex,
                _ => throw new InvalidOperationException("unknown rejected-entry policy"),
            };
        }
        return vertex;
    }

    /// <summary>Every key of any set, in key order.</summary>
    public ImmutableSortedSet<StateKey> Keys()
    {
        var keys = ImmutableSortedSet.CreateBuilder<StateKey>();
        foreach (var entries in _entries)
        {
            foreach (var entry in entries) keys.Add(entry.Key);
        }
        return keys.ToImmutable();
    }

    /// <summary>
    /// State resolution v2's split (`stateres.unconflicted_state_map`): a key held by every set with the same
    /// event is unconflicted; every event of any other key (including a key some set lacks) is conflicted.
    /// </summary>
    public (KeyValuePair<StateKey, int>[] Unconflicted, VertexSet Conflicted) Partition(int vertexCount)
    {
        var entries = Entries();
        if (SameKeys(entries)) return PartitionAligned(entries, vertexCount);
        // An unconflicted key is held by every set, so there are no more of them than the shortest set has entries.
        var shortest = int.MaxValue;
        foreach (var set in entries) shortest = Math.Min(shortest, set.Length);
        var unconflicted = new List<KeyValuePair<StateKey, int>>(entries.Length == 0 ? 0 : shortest);
        var conflicted = new VertexSet(vertexCount);
        // Every set lists its entries in key order, so one merge visits each key once, in key order, with the
        // entries every set holds for it at the heads of their lists: the sets holding the smallest head key are
        // found in one pass over the heads.
        var heads = new int[entries.Length];
        var holders = new int[entries.Length];
        while (true)
        {
            var holderCount = 0;
            var key = default(StateKey);
            for (var i = 0; i < entries.Length; i++)
            {
                if (heads[i] >= entries[i].Length) continue;
                var candidate = entries[i][heads[i]].Key;
                var order = holderCount == 0 ? -1 : candidate.CompareTo(key);
                if (order > 0) continue;
                if (order < 0)
                {
                    key = candidate;
                    holderCount = 0;
                }
                holders[holderCount++] = i;
            }
            if (holderCount == 0) break;
            var first = entries[holders[0]][heads[holders[0]]].Value;
            var agree = holderCount == entries.Length;
            for (var h = 1; h < holderCount && agree; h++) agree = entries[holders[h]][heads[holders[h]]].Value == first;
            for (var h = 0; h < holderCount; h++)
            {
                var i = holders[h];
                if (!agree) conflicted.Add(entries[i][heads[i]].Value);
                heads[i]++;
            }
            if (agree) unconflicted.Add(KeyValuePair.Create(key, first));
        }
        return (unconflicted.ToArray(), conflicted);
    }

    // True when every set lists the same keys (as a request's sets of one room usually do): each key's entries are then
    // at one index of every set.
    private static bool SameKeys(KeyValuePair<StateKey, int>[][] entries)
    {
        if (entries.Length < 2) return false;
        var first = entries[0];
        for (var i = 1; i < entries.Length; i++)
        {
            var set = entries[i];
            if (set.Length != first.Length) return false;
            for (var j = 0; j < set.Length; j++)
            {
                if (!set[j].Key.Equals(first[j].Key)) return false;
            }
        }
        return true;
    }

    // As Partition, for sets that list the same keys: no merge, a key is unconflicted when every set holds one event for it.
    private static (KeyValuePair<StateKey, int>[] Unconflicted, VertexSet Conflicted) PartitionAligned(KeyValuePair<StateKey, int>[][] entries, int vertexCount)
    {
        var unconflicted = new List<KeyValuePair<StateKey, int>>(entries[0].Length);
        var conflicted = new VertexSet(vertexCount);
        for (var j = 0; j < entries[0].Length; j++)
        {
            var first = entries[0][j].Value;
            var agree = true;
            for (var i = 1; i < entries.Length && agree; i++) agree = entries[i][j].Value == first;
            if (agree)
            {
                unconflicted.Add(entries[0][j]);
                continue;
            }
            foreach (var set in entries) conflicted.Add(set[j].Value);
        }
        return (unconflicted.ToArray(), conflicted);
    }

    /// <summary>The vertices of each set.</summary>
    public int[][] Vertices()
    {
        var entries = Entries();
        var vertices = new int[entries.Length][];
        for (var i = 0; i < entries.Length; i++)
        {
            vertices[i] = new int[entries[i].Length];
            for (var j = 0; j < entries[i].Length; j++) vertices[i][j] = entries[i][j].Value;
        }
        return vertices;
    }

    // The entries of each set in key order.
    private KeyValuePair<StateKey, int>[][] Entries() => _entries;
}
