using System.Collections.Immutable;
using InviteJoin.Reference.Auth;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// A state being resolved, from state key to vertex, as one array of entries in key order, searched by halves: the
/// states state resolution builds are small (a room's auth-relevant keys and its members), where an array is read and
/// changed for less than a balanced tree. Local to one resolution; a key is added by moving the entries after it.
/// </summary>
internal sealed class StateMap
{
    private KeyValuePair<StateKey, int>[] _entries;

    /// <summary>The empty state.</summary>
    public StateMap() => _entries = new KeyValuePair<StateKey, int>[16];

    /// <summary>A state holding <paramref name="sorted"/> (entries in key order, one per key), copied.</summary>
    public StateMap(ReadOnlySpan<KeyValuePair<StateKey, int>> sorted)
    {
        _entries = new KeyValuePair<StateKey, int>[Math.Max(16, sorted.Length + 8)];
        sorted.CopyTo(_entries);
        Count = sorted.Length;
    }

    /// <summary>The number of keys.</summary>
    public int Count { get; private set; }

    /// <summary>The entries, in key order.</summary>
    public ReadOnlySpan<KeyValuePair<StateKey, int>> Entries => _entries.AsSpan(0, Count);

    public bool TryGetValue(StateKey key, out int vertex)
    {
        var at = Find(key);
        vertex = at >= 0 ? _entries[at].Value : 0;
        return at >= 0;
    }

    /// <summary>Sets the vertex of <paramref name="key"/>, adding the key when the state lacks it.</summary>
    public void Set(StateKey key, int vertex)
    {
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

    // The index of key, or the complement of where it would go.
    private int Find(StateKey key) => Entries.BinarySearch(new ByKey(key));

    private readonly struct ByKey(StateKey key) : IComparable<KeyValuePair<StateKey, int>>
    {
        public int CompareTo(KeyValuePair<StateKey, int> entry) => key.CompareTo(entry.Key);
    }
}
