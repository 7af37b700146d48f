using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// A state being resolved, from state key to vertex, as one array of entries in key order, searched by halves: the
/// states state resolution builds are small (a room's auth-relevant keys and its members), where an array is read and
/// changed for less than a balanced tree. Local to one resolution; a key is added by moving the entries after it.
/// </summary>
internal sealed class StateMap
{
    private KeyValuePair<StateKey, int>[] _entries;

    // The vertices of the create, power-levels and join-rules events (-1 while the state has none), which nearly every
    // auth check reads: kept beside the entries as well (see Known), so they are found without a search.
    private readonly int[] _known = [-1, -1, -1];

    /// <summary>The empty state.</summary>
    public StateMap() => _entries = new KeyValuePair<StateKey, int>[16];

    /// <summary>A state holding <paramref name="sorted"/> (entries in key order, one per key), copied.</summary>
    public StateMap(ReadOnlySpan<KeyValuePair<StateKey, int>> sorted)
    {
        _entries = new KeyValuePair<StateKey, int>[Math.Max(16, sorted.Length + 8)];
        sorted.CopyTo(_entries);
        Count = sorted.Length;
        foreach (var (key, vertex) in sorted)
        {
            if (Known(key) is var known and >= 0) _known[known] = vertex;
        }
    }

    /// <summary>The number of keys.</summary>
    public int Count { get; private set; }

    /// <summary>The entries, in key order.</summary>
    public ReadOnlySpan<KeyValuePair<StateKey, int>> Entries => _entries.AsSpan(0, Count);

    public bool TryGetValue(StateKey key, out int vertex)
    {
        if (Known(key) is var known and >= 0)
        {
            vertex = Math.Max(_known[known], 0);
            return _known[known] >= 0;
        }
        var at = Find(key);
        vertex = at >= 0 ? _entries[at].Value : 0;
        return at >= 0;
    }

    /// <summary>Sets the vertex of <paramref name="key"/>, adding the key when the state lacks it.</summary>
    public void Set(StateKey key, int vertex)
    {
        if (Known(key) is var known and >= 0) _known[known] = vertex;
        var at = Find(key);
        if (at >= 0)
        {
            _entries[at] = KeyValuePair.Create(key, vertex);
            return;
        }
        at = ~at;
        if (Count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        Array.Copy(_entries, at, _entries, at + 1, Count - at);
        _entries[at] = KeyValuePair.Create(key, vertex);
        Count++;
    }

    /// <summary>The state as an immutable map.</summary>
    public ImmutableSortedDictionary<StateKey, int> ToImmutable()
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
        foreach (var (key, vertex) in Entries) builder.Add(key, vertex);
        return builder.ToImmutable();
    }

    // Where _known keeps the vertex of `key`, or -1 for a key it does not keep. The state key is empty for these three;
    // a member key (the most asked for) is not, and is passed over by the first test.
    private static int Known(StateKey key)
    {
        if (key.Key.Length != 0) return -1;
        if (string.Equals(key.Type, EventTypes.Create, StringComparison.Ordinal)) return 0;
        if (string.Equals(key.Type, EventTypes.PowerLevels, StringComparison.Ordinal)) return 1;
        if (string.Equals(key.Type, EventTypes.JoinRules, StringComparison.Ordinal)) return 2;
        return -1;
    }

    // The index of key, or the complement of where it would go.
    private int Find(StateKey key) => Entries.BinarySearch(new ByKey(key));

    private readonly struct ByKey(StateKey key) : IComparable<KeyValuePair<StateKey, int>>
    {
        public int CompareTo(KeyValuePair<StateKey, int> entry) => key.CompareTo(entry.Key);
    }
}
