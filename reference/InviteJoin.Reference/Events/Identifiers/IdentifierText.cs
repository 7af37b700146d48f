using System.Globalization;
using System.Text;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Events;

/// <summary>
/// The checks every sigilled identifier shares, in one fixed order so the same input always yields
/// the same failure: present; right sigil; no NUL and no lone surrogate; at most 255 bytes of UTF-8.
/// </summary>
internal static class IdentifierText
{
    /// <summary>Spec v1.19, appendices §User Identifiers, §Room IDs, §Room Aliases, §Event IDs: 255 bytes including the sigil and domain.</summary>
    public const int MaxBytes = 255;

    /// <summary>The failure of the shared checks, or null when <paramref name="value"/> passes them.</summary>
    public static Failure? CheckCommon(string? value, char sigil, string kind, string path) =>
        FindCommonProblem(value, sigil) is { } problem ? problem.ToFailure(value, kind, path) : null;

    /// <summary>The first problem the shared checks find in <paramref name="value"/>, or null when it passes them.</summary>
    public static IdentifierProblem? FindCommonProblem(ReadOnlySpan<char> value, char sigil)
    {
        if (value.IsEmpty) return new IdentifierProblem(IdentifierError.Empty, IdentifierProblemKind.Empty, 0);
        if (value[0] != sigil) return new IdentifierProblem(IdentifierError.WrongSigil, IdentifierProblemKind.WrongSigil, 0, sigil);
        // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is refused before it is scanned.
        if (value.Length > MaxBytes) return new IdentifierProblem(IdentifierError.TooLong, IdentifierProblemKind.TooManyCodeUnits, 0, value.Length);
        if (FindScalarValueProblem(value, out var bytes) is { } scalar) return scalar;
        return bytes <= MaxBytes ? null : new IdentifierProblem(IdentifierError.TooLong, IdentifierProblemKind.TooManyBytes, 0, bytes);
    }

    /// <summary>
    /// Refuses NUL and lone surrogates anywhere, since every identifier grammar excludes both; on the way,
    /// counts the UTF-8 length (meaningful only when there is no problem), so the text is scanned once.
    /// </summary>
    public static IdentifierProblem? FindScalarValueProblem(ReadOnlySpan<char> value, out int utf8Bytes)
    {
        // Most identifiers are ASCII, where only NUL can be wrong and every character is one byte; both
        // questions then have vectorised answers.
        if (Ascii.IsValid(value))
        {
            utf8Bytes = value.Length;
            var nul = value.IndexOf('\0');
            return nul < 0 ? null : new IdentifierProblem(IdentifierError.ContainsNul, IdentifierProblemKind.ContainsNul, nul);
        }
        utf8Bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80)
            {
                if (c == '\0') return new IdentifierProblem(IdentifierError.ContainsNul, IdentifierProblemKind.ContainsNul, i);
                utf8Bytes += 1;
            }
            else if (c < 0x800)
            {
                utf8Bytes += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                utf8Bytes += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return new IdentifierProblem(IdentifierError.LoneSurrogate, IdentifierProblemKind.LoneSurrogate, i);
            }
            else
            {
                utf8Bytes += 3;
            }
        }
        return null;
    }

    /// <summary>The character at <paramref name="index"/> for a message: quoted if printable ASCII, else its code point.</summary>
    public static string Describe(ReadOnlySpan<char> value, int index)
    {
        var c = value[index];
        if (c is >= '!' and <= '~') return "'" + c + "'";
        if (char.IsHighSurrogate(c) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
        {
            return "U+" + char.ConvertToUtf32(c, value[index + 1]).ToString("X4", CultureInfo.InvariantCulture);
        }
        return CodeUnit(c);
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string CodeUnit(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
