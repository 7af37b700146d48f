using System.Globalization;
using System.Numerics;
using System.Text;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// A power-level value converted as Python's <c>int()</c> converts it, for
/// <see cref="Divergence.PowerLevelsPythonInt"/> and <see cref="Divergence.PowerLevelsContentRaises"/>:
/// an integer is itself, a fraction is truncated, <c>true</c> and <c>false</c> are 1 and 0, a string is
/// read after stripping whitespace (Unicode's, plus U+001C–U+001F) as an optional sign and decimal
/// digits of any script with single underscores between them; anything else raises (a string with
/// <c>value_error</c>, a null, array or object with <c>type_error</c>).
/// </summary>
internal static class PythonInt
{
    // Python refuses to convert integer strings of more than 4,300 digits (its default limit).
    private const int MaxDigits = 4300;

    /// <summary>The value <paramref name="value"/> converts to, or the kind of exception the conversion raises.</summary>
    public static bool TryConvert(JsonValue value, out PowerLevel level, out ImplementationException raised)
    {
        level = default;
        raised = ImplementationException.TypeError;
        switch (value)
        {
            case JsonNumber number when number.Integer is { } integer:
                level = PowerLevel.Of(integer);
                return true;
            case JsonNumber number when number.Fraction is { } fraction && double.IsFinite(fraction):
                level = PowerLevel.Of(new BigInteger(Math.Truncate(fraction)));
                return true;
            case JsonBool flag:
                level = flag.Value ? 1 : 0;
                return true;
            case JsonString text:
                raised = ImplementationException.ValueError;
                return TryParse(text.Value, out level);
            default:
                return false;
        }
    }

    /// <summary>The kind of exception converting <paramref name="value"/> raises, or null when it converts.</summary>
    public static ImplementationException? Raises(JsonValue value) => TryConvert(value, out _, out var raised) ? null : raised;

    private static bool TryParse(string text, out PowerLevel level)
    {
        level = default;
        var runes = new List<Rune>();
        foreach (var rune in text.EnumerateRunes()) runes.Add(rune);
        var start = 0;
        var end = runes.Count;
        while (start < end && IsSpace(runes[start])) start++;
        while (end > start && IsSpace(runes[end - 1])) end--;
        var negative = false;
        if (start < end && runes[start].Value is '+' or '-')
        {
            negative = runes[start].Value == '-';
            start++;
        }
        var digits = new StringBuilder();
        var previousWasDigit = false;
        for (var i = start; i < end; i++)
        {
            var rune = runes[i];
            if (rune.Value == '_')
            {
                // An underscore only between two digits.
                if (!previousWasDigit || i + 1 >= end || Rune.GetUnicodeCategory(runes[i + 1]) != UnicodeCategory.DecimalDigitNumber) return false;
                previousWasDigit = false;
                continue;
            }
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.DecimalDigitNumber) return false;
            digits.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
            previousWasDigit = true;
        }
        if (digits.Length == 0 || digits.Length > MaxDigits) return false;
        var magnitude = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        level = PowerLevel.Of(negative ? -magnitude : magnitude);
        return true;
    }

    // str.isspace(): Unicode's White_Space characters and the four information separators.
    private static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune) || rune.Value is >= 0x1C and <= 0x1F;
}
