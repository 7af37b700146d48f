using System.Globalization;
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
    public static Failure? CheckCommon(string? value, char sigil, string kind, string path)
    {
        if (string.IsNullOrEmpty(value))
        {
            return new Failure(IdentifierError.Empty, path, $"the {kind} is empty");
        }
        if (value[0] != sigil)
        {
            return new Failure(IdentifierError.WrongSigil, path,
                $"a {kind} starts with '{sigil}', but offset 0 holds {Describe(value, 0)}");
        }
        // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is refused before it is scanned.
        if (value.Length > MaxBytes)
        {
            return new Failure(IdentifierError.TooLong, path,
                $"the {kind} is {Count(value.Length)} UTF-16 code units, so more than {IdentifierText.Count(MaxBytes)} bytes of UTF-8");
        }
        return CheckScalarValues(value, kind, path) ?? CheckByteLength(value, kind, path);
    }

    /// <summary>Refuses NUL and lone surrogates anywhere: every identifier grammar excludes both.</summary>
    public static Failure? CheckScalarValues(string value, string kind, string path)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return new Failure(IdentifierError.ContainsNul, path, $"the {kind} contains NUL (U+0000) at offset {Count(i)}");
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return new Failure(IdentifierError.LoneSurrogate, path,
                    $"the {kind} contains a lone surrogate {CodeUnit(c)} at offset {Count(i)}");
            }
        }
        return null;
    }

    /// <summary>The UTF-8 length of a string already known to hold no lone surrogate.</summary>
    public static int Utf8Length(string value)
    {
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else bytes += 3;
        }
        return bytes;
    }

    private static Failure? CheckByteLength(string value, string kind, string path)
    {
        var bytes = Utf8Length(value);
        return bytes <= MaxBytes
            ? null
            : new Failure(IdentifierError.TooLong, path, $"the {kind} is {Count(bytes)} bytes of UTF-8; at most {IdentifierText.Count(MaxBytes)} are allowed");
    }

    /// <summary>The character at <paramref name="index"/> for a message: quoted if printable ASCII, else its code point.</summary>
    public static string Describe(string value, int index)
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

    private static string CodeUnit(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
