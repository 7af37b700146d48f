namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The choices of one generated case: a SplitMix64 stream of the seed, the stream's number and the case's index,
/// so a case is replayed from those three numbers alone and no case depends on how many came before it.
/// </summary>
public static class Choices
{
    /// <summary><paramref name="count"/> choices in [0, 2^20) for case <paramref name="index"/> of stream <paramref name="stream"/>.</summary>
    public static int[] For(long seed, int stream, int index, int count)
    {
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)stream << 32) ^ (ulong)index);
        var choices = new int[count];
        for (var i = 0; i < count; i++) choices[i] = (int)(Next(ref state) >> 44);
        return choices;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
