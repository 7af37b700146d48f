namespace InviteJoin.Reference.Json;

/// <summary>
/// Orders strings by Unicode code point, as canonical JSON requires (spec appendices, "Canonical
/// JSON"). Ordinal .NET comparison orders by UTF-16 code unit, which puts supplementary characters
/// (surrogate pairs, 0xD800–0xDFFF) before U+E000–U+FFFF: the wrong order for canonical JSON.
/// </summary>
public sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    private CodePointOrder()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        // The first difference is found by a vectorised scan; only that one pair of code units is compared.
        var i = x.AsSpan().CommonPrefixLength(y);
        if (i == x.Length || i == y.Length) return x.Length - y.Length;
        return Fix(x[i]) - Fix(y[i]);
    }

    // Moves surrogates above U+E000–U+FFFF so that code-unit order becomes code-point order.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
