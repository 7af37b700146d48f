using System.Numerics;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// A set of events of one <see cref="EventGraph"/>, as a bit per vertex. Vertices are numbered in
/// event-ID order, so enumerating a set is deterministic and already sorted by event ID; membership
/// is one bit test, which keeps auth-chain walks over 100,000 events in the millisecond range.
/// </summary>
internal sealed class VertexSet
{
    private readonly ulong[] _bits;

    public VertexSet(int capacity)
    {
        Capacity = capacity;
        _bits = new ulong[(capacity + 63) >> 6];
    }

    /// <summary>The number of vertices of the graph the set belongs to.</summary>
    public int Capacity { get; }

    /// <summary>The number of members.</summary>
    public int Count { get; private set; }

    public bool Contains(int vertex) => (_bits[vertex >> 6] & (1UL << vertex)) != 0;

    /// <summary>Adds <paramref name="vertex"/>; false when it was already a member.</summary>
    public bool Add(int vertex)
    {
        ref var word = ref _bits[vertex >> 6];
        var mask = 1UL << vertex;
        if ((word & mask) != 0) return false;
        word |= mask;
        Count++;
        return true;
    }

    /// <summary>Adds every member of <paramref name="other"/> (a set of the same graph).</summary>
    public void UnionWith(VertexSet other)
    {
        var count = 0;
        for (var i = 0; i < _bits.Length; i++)
        {
            _bits[i] |= other._bits[i];
            count += BitOperations.PopCount(_bits[i]);
        }
        Count = count;
    }

    /// <summary>Keeps only the members that are also in <paramref name="other"/>.</summary>
    public void IntersectWith(VertexSet other)
    {
        var count = 0;
        for (var i = 0; i < _bits.Length; i++)
        {
            _bits[i] &= other._bits[i];
            count += BitOperations.PopCount(_bits[i]);
        }
        Count = count;
    }

    /// <summary>Removes every member of <paramref name="other"/>.</summary>
    public void ExceptWith(VertexSet other)
    {
        var count = 0;
        for (var i = 0; i < _bits.Length; i++)
        {
            _bits[i] &= ~other._bits[i];
            count += BitOperations.PopCount(_bits[i]);
        }
        Count = count;
    }

    public VertexSet Copy()
    {
        var copy = new VertexSet(Capacity);
        Array.Copy(_bits, copy._bits, _bits.Length);
        copy.Count = Count;
        return copy;
    }

    /// <summary>The members in increasing vertex number, that is in event-ID order.</summary>
    public int[] ToArray()
    {
        var result = new int[Count];
        var next = 0;
        for (var i = 0; i < _bits.Length; i++)
        {
            var word = _bits[i];
            while (word != 0)
            {
                result[next++] = (i << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
        return result;
    }
}
