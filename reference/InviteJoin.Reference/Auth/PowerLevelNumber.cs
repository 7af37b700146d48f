using System.Globalization;
using System.Numerics;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Reads one power-level value as a room version interprets it: a JSON integer always; in room
/// versions 1–9 also a string holding an integer; in room versions 1–5 also a JSON number with a
/// fraction, truncated toward zero (spec v1.19, room versions 1–9 "m.room.power_levels events accept
/// values as strings", room versions 1–5 "... accept values as floats"; room version 10, MSC3667).
/// </summary>
public static class PowerLevelNumber
{
    /// <summary>
    /// The most digits an integer string may have. Turning decimal digits into a number costs more
    /// than linear time, so a bound keeps hostile input cheap; it matches the JSON reader's bound on
    /// integer lexemes, which is below the 4,300 digits at which Python (in which the Matrix team's
    /// server is written) refuses to read an integer string.
    /// </summary>
    public const int MaxStringDigits = 1000;

    // Any 18 decimal digits are below 10^18, within a long.
    private const int MaxInt64Digits = 18;

    /// <summary>The value <paramref name="value"/> stands for under <paramref name="version"/>, or false when it is not a power level there.</summary>
    public static bool TryRead(JsonValue? value, RoomVersion version, out PowerLevel level)
    {
        level = default;
        switch (value)
        {
            case JsonNumber number when number.Integer is { } integer:
                level = PowerLevel.Of(integer);
                return true;
            case JsonNumber number when number.Fraction is { } fraction && version.FloatPowerLevels:
                // Exponent applied, then truncated at the decimal point; the reader has already
                // refused values beyond a double's range, and NaN or infinity cannot be written in JSON.
                if (!double.IsFinite(fraction)) return false;
                level = PowerLevel.Of(new BigInteger(Math.Truncate(fraction)));
                return true;
            case JsonString text when version.StringPowerLevels:
                return TryParseString(text.Value, out level);
            default:
                return false;
        }
    }

    /// <summary>
    /// Parses the string form of room versions 1–9: any leading and trailing whitespace, at most one
    /// <c>+</c> or <c>-</c>, then one or more ASCII digits (leading zeros allowed) and nothing else.
    /// Whitespace here is the ASCII set (space, tab, line feed, vertical tab, form feed, carriage
    /// return): the spec does not say which characters it means, and these are whitespace under
    /// every common definition.
    /// </summary>
    public static bool TryParseString(string text, out PowerLevel level)
    {
        level = default;
        var start = 0;
        var end = text.Length;
        while (start < end && IsAsciiWhitespace(text[start])) start++;
        while (end > start && IsAsciiWhitespace(text[end - 1])) end--;
        var negative = false;
        if (start < end && text[start] is '+' or '-')
        {
            negative = text[start] == '-';
            start++;
        }
        var digits = end - start;
        if (digits <= 0 || digits > MaxStringDigits) return false;
        for (var i = start; i < end; i++)
        {
            if (text[i] is < '0' or > '9') return false;
        }
        if (digits <= MaxInt64Digits)
        {
            // Every realistic level fits a long, which spares the general parser.
            long small = 0;
            for (var i = start; i < end; i++) small = (small * 10) + (text[i] - '0');
            level = negative ? -small : small;
            return true;
        }
        var magnitude = BigInteger.Parse(text.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        level = PowerLevel.Of(negative ? -magnitude : magnitude);
        return true;
    }

    private static bool IsAsciiWhitespace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
