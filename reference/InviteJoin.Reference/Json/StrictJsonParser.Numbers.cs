using System.Globalization;
using System.Numerics;
using static System.FormattableString;

namespace InviteJoin.Reference.Json;

/// <summary>Numbers: the RFC 8259 grammar, then canonical-JSON or lenient interpretation.</summary>
internal ref partial struct StrictJsonParser
{
    /// <summary>
    /// The most digits an integer lexeme may have under lenient reading. Converting decimal digits
    /// to binary costs more than linear time, so the bound keeps hostile input cheap; it is far
    /// above any value an event can mean, and below Python's 4,300-digit limit on int parsing, so
    /// what we accept Python-based servers accept too.
    /// </summary>
    internal const int MaxIntegerDigits = 1000;

    private bool ParseNumber(out JsonValue value)
    {
        value = JsonValue.Null;
        var start = _position;
        var p = start;
        var negative = _input[p] == (byte)'-';
        if (negative) p++;

        // int = zero / ( digit1-9 *DIGIT )
        var integerStart = p;
        if (p >= _input.Length) return NumberTruncated(p, "a digit after '-'");
        if (_input[p] == (byte)'0')
        {
            p++;
            if (p < _input.Length && IsDigit(_input[p]))
            {
                return Fail(JsonError.Syntax, inElement: true, Invariant(
                    $"the number at byte {start} has a leading zero; JSON does not allow leading zeros"));
            }
        }
        else if (IsDigit(_input[p]))
        {
            while (p < _input.Length && IsDigit(_input[p])) p++;
        }
        else
        {
            return Unexpected(p, "a digit", inElement: true);
        }
        var integerEnd = p;

        // frac = "." 1*DIGIT
        var fractionStart = p;
        var fractionEnd = p;
        if (p < _input.Length && _input[p] == (byte)'.')
        {
            p++;
            if (p >= _input.Length) return NumberTruncated(p, "a digit after '.'");
            if (!IsDigit(_input[p])) return Unexpected(p, "a digit after '.'", inElement: true);
            fractionStart = p;
            while (p < _input.Length && IsDigit(_input[p])) p++;
            fractionEnd = p;
        }

        // exp = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT; the value saturates, which is safe because
        // the double parse below decides the range from the whole lexeme.
        var hasExponent = false;
        long exponent = 0;
        if (p < _input.Length && (_input[p] | 0x20) == (byte)'e')
        {
            hasExponent = true;
            p++;
            var exponentNegative = false;
            if (p < _input.Length && _input[p] is (byte)'+' or (byte)'-')
            {
                exponentNegative = _input[p] == (byte)'-';
                p++;
            }
            if (p >= _input.Length) return NumberTruncated(p, "a digit in the exponent");
            if (!IsDigit(_input[p])) return Unexpected(p, "a digit in the exponent", inElement: true);
            while (p < _input.Length && IsDigit(_input[p]))
            {
                if (exponent < 1_000_000_000_000L) exponent = exponent * 10 + (_input[p] - '0');
                p++;
            }
            if (exponentNegative) exponent = -exponent;
        }
        _position = p;

        var lexeme = _input[start..p];
        var integerDigits = _input[integerStart..integerEnd];
        if (fractionEnd == fractionStart && !hasExponent) return IntegerValue(start, lexeme, integerDigits, negative, out value);
        if (_options.RequireCanonicalNumbers)
        {
            // Canonical JSON (room versions 6+) has no fractions or exponents, even for whole values.
            return Fail(JsonError.FloatNotAllowed, inElement: true, Invariant(
                $"the number {Shorten(lexeme)} at byte {start} has a fraction or exponent; canonical JSON allows only integers"));
        }
        return LenientNonIntegerValue(start, lexeme, integerDigits, _input[fractionStart..fractionEnd], exponent, negative, out value);
    }

    private bool IntegerValue(int start, ReadOnlySpan<byte> lexeme, ReadOnlySpan<byte> digits, bool negative, out JsonValue value)
    {
        value = JsonValue.Null;
        // Up to 18 digits always fit a long; -0 becomes the integer 0.
        if (digits.Length <= 18)
        {
            var magnitude = ParseDigits(digits);
            if (_options.RequireCanonicalNumbers && magnitude > JsonNumber.MaxSafeInteger) return IntegerOutOfRange(start, lexeme);
            value = JsonNumber.FromInt64(negative ? -magnitude : magnitude);
            return true;
        }
        if (_options.RequireCanonicalNumbers) return IntegerOutOfRange(start, lexeme);
        if (digits.Length > MaxIntegerDigits)
        {
            return Fail(JsonError.NumberOutOfRange, inElement: true, Invariant(
                $"the integer at byte {start} has {digits.Length} digits; the limit is {MaxIntegerDigits}"));
        }
        var integer = BigInteger.Parse(System.Text.Encoding.ASCII.GetString(lexeme), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        value = JsonNumber.FromInteger(integer, isIntegerLexeme: true);
        return true;
    }

    // Room versions 1–5: a number with a fraction or exponent means what a double-precision parser
    // makes of it (Python's json, used by the Matrix team's libraries, does the same), so values
    // beyond a double's range are refused. A whole value is held as an integer, which is how the
    // spec's canonical JSON example writes it (spec v1.19, appendices, "Canonical JSON", Examples:
    // {"a": -0, "b": 1e10}): exactly when the lexeme is mathematically whole (1e10, 2.0, -0.0, 1e23),
    // otherwise as the integer the double holds (a long fraction rounded to a whole double, an
    // underflow to zero). So reading the canonical text of any value read here gives it back.
    private bool LenientNonIntegerValue(int start, ReadOnlySpan<byte> lexeme, ReadOnlySpan<byte> integerDigits,
        ReadOnlySpan<byte> fractionDigits, long exponent, bool negative, out JsonValue value)
    {
        value = JsonValue.Null;
        if (!double.TryParse(lexeme, NumberStyles.Float, CultureInfo.InvariantCulture, out var approximate))
        {
            throw new InvalidOperationException("A lexeme that passed the JSON number grammar did not parse as a double.");
        }
        if (!double.IsFinite(approximate))
        {
            return Fail(JsonError.NumberOutOfRange, inElement: true, Invariant(
                $"the number {Shorten(lexeme)} at byte {start} is beyond the range of a double"));
        }
        if (approximate != Math.Floor(approximate))
        {
            value = JsonNumber.FromFraction(approximate);
            return true;
        }

        // The significant digits are integerDigits ++ fractionDigits without leading and trailing zeros.
        var total = integerDigits.Length + fractionDigits.Length;
        var first = 0;
        while (first < total && DigitAt(integerDigits, fractionDigits, first) == 0) first++;
        if (first == total)
        {
            value = JsonNumber.FromInteger(BigInteger.Zero, isIntegerLexeme: false);
            return true;
        }
        var last = total - 1;
        while (DigitAt(integerDigits, fractionDigits, last) == 0) last--;
        // value = significand × 10^scale, with the significand's last digit non-zero.
        var scale = exponent - fractionDigits.Length + (total - 1 - last);
        if (scale < 0)
        {
            // Not whole as written, but whole as a double: BigInteger(double) is exact, and -0.0 is 0.
            value = JsonNumber.FromInteger(new BigInteger(approximate), isIntegerLexeme: false);
            return true;
        }
        // A finite double is below 10^309, so this many digits is a broken invariant, not input.
        if (last - first + 1 + scale > 310) throw new InvalidOperationException("A finite double has more than 310 integer digits.");
        var significand = BigInteger.Zero;
        for (var i = first; i <= last; i++) significand = significand * 10 + DigitAt(integerDigits, fractionDigits, i);
        var whole = significand * BigInteger.Pow(10, (int)scale);
        value = JsonNumber.FromInteger(negative ? -whole : whole, isIntegerLexeme: false);
        return true;
    }

    private bool IntegerOutOfRange(int start, ReadOnlySpan<byte> lexeme) =>
        Fail(JsonError.IntegerOutOfRange, inElement: true, Invariant(
            $"the integer {Shorten(lexeme)} at byte {start} is outside ±(2^53 − 1), the range canonical JSON allows"));

    private bool NumberTruncated(int p, string expected)
    {
        _position = p;
        return Truncated(expected, inElement: true);
    }

    private static int DigitAt(ReadOnlySpan<byte> integerDigits, ReadOnlySpan<byte> fractionDigits, int i) =>
        (i < integerDigits.Length ? integerDigits[i] : fractionDigits[i - integerDigits.Length]) - '0';

    private static long ParseDigits(ReadOnlySpan<byte> digits)
    {
        long result = 0;
        foreach (var d in digits) result = result * 10 + (d - '0');
        return result;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static string Shorten(ReadOnlySpan<byte> lexeme) =>
        lexeme.Length <= 40
            ? System.Text.Encoding.ASCII.GetString(lexeme)
            : System.Text.Encoding.ASCII.GetString(lexeme[..32]) + Invariant($"… ({lexeme.Length} characters)");
}
