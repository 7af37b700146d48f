using System.Globalization;
using System.Text;

namespace InviteJoin.Properties.Differential;

/// <summary>
/// Renders JSON text and strings for failure messages: printable ASCII as itself, every other character
/// as <c>&lt;U+00E9&gt;</c> (a byte that is not UTF-8 as <c>&lt;0x80&gt;</c>), so control characters,
/// look-alikes and surrogate-pair order are visible in a test log and a raw character can never be
/// mistaken for the JSON escape <c>\u00XX</c> that should have replaced it.
/// </summary>
internal static class Readable
{
    public static string Json(JsonValue value) => Bytes(CanonicalJson.Encode(value));

    /// <summary>UTF-8 bytes as text, with every non-printable or non-ASCII character escaped.</summary>
    public static string Bytes(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length + 16);
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                Append(builder, rune);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"<0x{utf8[0]:X2}>");
                consumed = 1;
            }
            utf8 = utf8[consumed..];
        }
        return builder.ToString();
    }

    /// <summary>A string, quoted, with every non-printable or non-ASCII character shown as its code point (a lone surrogate too).</summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            if (Rune.TryGetRuneAt(value, i, out var rune))
            {
                Append(builder, rune);
                if (rune.Utf16SequenceLength == 2) i++;
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"<U+{(int)value[i]:X4} lone surrogate>");
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Where two byte strings first differ, with a little context from each.</summary>
    public static string FirstDifference(byte[] ours, byte[] theirs)
    {
        var i = 0;
        while (i < ours.Length && i < theirs.Length && ours[i] == theirs[i]) i++;
        var from = Math.Max(0, i - 24);
        return $"first difference at byte {i} (ours {ours.Length} bytes, theirs {theirs.Length}):\n" +
            $"    ours:   ...{Bytes(ours.AsSpan(from, Math.Min(ours.Length, i + 24) - from))}...\n" +
            $"    theirs: ...{Bytes(theirs.AsSpan(from, Math.Min(theirs.Length, i + 24) - from))}...";
    }

    private static void Append(StringBuilder builder, Rune rune)
    {
        if (rune.Value is >= 0x20 and < 0x7F) builder.Append((char)rune.Value);
        else builder.Append(CultureInfo.InvariantCulture, $"<U+{rune.Value:X4}>");
    }
}
