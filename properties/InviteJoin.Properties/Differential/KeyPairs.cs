using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace InviteJoin.Properties.Differential;

/// <summary>Two object keys to order; printed with every non-ASCII character visible.</summary>
public sealed record KeyPair(string First, string Second)
{
    public override string ToString() => $"({Readable.String(First)}, {Readable.String(Second)})";
}

/// <summary>
/// FsCheck generators of key pairs for the ordering property: FsCheck's own Unicode strings (kept only
/// when they are valid scalar strings, because canonical JSON cannot carry a lone surrogate) mixed with
/// strings built from code-point classes, including the supplementary vs U+E000–U+FFFF clash. Pairs often
/// share a prefix so that the comparison is decided deep inside the strings, not at the first character.
/// </summary>
public static class KeyPairArbitrary
{
    private static readonly Gen<int> CodePoint = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7E)),
        (2, Gen.Choose(0x00, 0x1F)),
        (2, Gen.Choose(0x80, 0xD7FF)),
        (3, Gen.Choose(0xE000, 0xFFFF)),
        (3, Gen.Choose(0x10000, 0x10FFFF)),
        (1, Gen.Elements(0x7F, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF)));

    private static readonly Gen<string> Built = Gen.ListOf(CodePoint).Select(points => FromCodePoints(points));

    private static readonly Gen<string> FromFsCheck = ArbMap.Default.GeneratorFor<UnicodeString>()
        .Select(u => u.Item ?? "")
        .Where(IsScalarString);

    private static readonly Gen<string> Key = Gen.Frequency((2, FromFsCheck), (3, Built));

    /// <summary>Pairs of keys: independent, sharing a prefix, or equal.</summary>
    public static Arbitrary<KeyPair> Pairs()
    {
        var independent = Gen.Zip(Key, Key).Select(t => new KeyPair(t.Item1, t.Item2));
        var sharedPrefix = Gen.Zip(Key, Gen.Zip(Key, Key)).Select(t => new KeyPair(t.Item1 + t.Item2.Item1, t.Item1 + t.Item2.Item2));
        var equal = Key.Select(k => new KeyPair(k, k));
        return Arb.From(Gen.Frequency((3, independent), (4, sharedPrefix), (1, equal)), Shrink);
    }

    /// <summary>True when <paramref name="s"/> has no lone surrogate, so it is a sequence of Unicode scalar values.</summary>
    public static bool IsScalarString(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!Rune.TryGetRuneAt(s, i, out var rune)) return false;
            if (rune.Utf16SequenceLength == 2) i++;
        }
        return true;
    }

    // Smaller pairs: drop a shared first character, or one character (a whole surrogate pair) from either key.
    private static IEnumerable<KeyPair> Shrink(KeyPair pair)
    {
        var first = Runes(pair.First);
        var second = Runes(pair.Second);
        if (first.Count > 0 && second.Count > 0 && first[0] == second[0])
            yield return new KeyPair(Join(first.Skip(1)), Join(second.Skip(1)));
        for (var i = 0; i < first.Count; i++) yield return pair with { First = Join(first.Where((_, j) => j != i)) };
        for (var i = 0; i < second.Count; i++) yield return pair with { Second = Join(second.Where((_, j) => j != i)) };
    }

    private static List<Rune> Runes(string s) => s.EnumerateRunes().ToList();

    private static string Join(IEnumerable<Rune> runes) => string.Concat(runes.Select(r => r.ToString()));

    private static string FromCodePoints(IEnumerable<int> codePoints) => Join(codePoints.Select(p => new Rune(p)));
}
