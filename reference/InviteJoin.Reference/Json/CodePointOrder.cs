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
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b) return Fix(a) - Fix(b);
        }
        return x.Length - y.Length;
    }

    // Moves surrogates above U+E000–U+FFFF so that code-unit order becomes code-point order.
    private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
