using System.Globalization;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// Unpadded base64 (spec v1.19, appendices "Unpadded Base64"): RFC 4648 base64 without <c>=</c>
/// padding, in the standard or the URL-safe alphabet. Encoding always writes the canonical form;
/// decoding is strict or lenient (see <see cref="Base64Strictness"/>) and reports failures as values.
/// </summary>
public static class UnpaddedBase64
{
    private const string StandardCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string UrlSafeCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>The unpadded base64 of <paramref name="bytes"/> in the standard alphabet.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Encode(bytes, Base64Alphabet.Standard);

    /// <summary>The unpadded base64 of <paramref name="bytes"/> in the URL-safe alphabet.</summary>
    public static string EncodeUrlSafe(ReadOnlySpan<byte> bytes) => Encode(bytes, Base64Alphabet.UrlSafe);

    /// <summary>The unpadded base64 of <paramref name="bytes"/> in <paramref name="alphabet"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, Base64Alphabet alphabet)
    {
        var characters = alphabet == Base64Alphabet.UrlSafe ? UrlSafeCharacters : StandardCharacters;
        var fullGroups = bytes.Length / 3;
        var remainder = bytes.Length % 3;
        var output = new char[(fullGroups * 4) + (remainder == 0 ? 0 : remainder + 1)];
        var o = 0;
        var i = 0;
        for (; i < fullGroups * 3; i += 3)
        {
            var group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
            output[o++] = characters[(group >> 18) & 0x3F];
            output[o++] = characters[(group >> 12) & 0x3F];
            output[o++] = characters[(group >> 6) & 0x3F];
            output[o++] = characters[group & 0x3F];
        }
        if (remainder == 1)
        {
            var group = bytes[i] << 16;
            output[o++] = characters[(group >> 18) & 0x3F];
            output[o] = characters[(group >> 12) & 0x3F];
        }
        else if (remainder == 2)
        {
            var group = (bytes[i] << 16) | (bytes[i + 1] << 8);
            output[o++] = characters[(group >> 18) & 0x3F];
            output[o++] = characters[(group >> 12) & 0x3F];
            output[o] = characters[(group >> 6) & 0x3F];
        }
        return new string(output);
    }

    /// <summary>
    /// Decodes <paramref name="text"/>. Strict decoding accepts only what <see cref="Encode(ReadOnlySpan{byte}, Base64Alphabet)"/>
    /// writes; lenient decoding also accepts correct <c>=</c> padding and non-zero unused trailing bits,
    /// as the spec asks of decoders. Both reject characters outside <paramref name="alphabet"/>. A failure's
    /// path is the root; callers that know where the text came from set their own with <c>with { Path = … }</c>.
    /// </summary>
    public static Result<byte[]> Decode(string text, Base64Alphabet alphabet, Base64Strictness strictness)
    {
        var strict = strictness == Base64Strictness.Strict;

        var dataLength = text.Length;
        while (dataLength > 0 && text[dataLength - 1] == '=') dataLength--;
        var padding = text.Length - dataLength;
        if (padding > 0)
        {
            if (strict) return Fail(CryptoError.Base64Padding, "padding '=' is not allowed in unpadded base64");
            // Padding, when present, must complete the last group of four exactly (RFC 4648 §3.2).
            if (padding > 2 || text.Length % 4 != 0 || (dataLength % 4) + padding != 4)
                return Fail(CryptoError.Base64Padding, $"{Count(padding)} padding character(s) do not complete the last group of four");
        }

        var remainder = dataLength % 4;
        if (remainder == 1)
        {
            // Characters before length: a stray character is the more useful diagnosis.
            for (var i = 0; i < dataLength; i++)
            {
                if (ValueOf(text[i], alphabet) < 0) return InvalidCharacter(text[i], i, alphabet);
            }
            return Fail(CryptoError.Base64InvalidLength, $"{Count(dataLength)} characters leave one character over, which encodes no whole byte");
        }

        var output = new byte[(dataLength / 4 * 3) + (remainder == 0 ? 0 : remainder - 1)];
        var accumulator = 0;
        var bits = 0;
        var o = 0;
        var last = 0;
        for (var i = 0; i < dataLength; i++)
        {
            var value = ValueOf(text[i], alphabet);
            if (value < 0) return InvalidCharacter(text[i], i, alphabet);
            last = value;
            accumulator = ((accumulator << 6) | value) & 0xFFFFFF;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output[o++] = (byte)(accumulator >> bits);
            }
        }

        // The last character of a partial group carries 4 (two characters) or 2 (three characters)
        // bits that belong to no byte; an encoder writes them as zero.
        var unusedMask = remainder switch { 2 => 0x0F, 3 => 0x03, _ => 0 };
        if (strict && (last & unusedMask) != 0)
            return Fail(CryptoError.Base64NonzeroTrailingBits, "the unused low bits of the last character are not zero");

        return Result<byte[]>.Ok(output);
    }

    // The value of every ASCII letter and digit, plus one (0: not one), which both alphabets share; they differ only in
    // the characters for 62 and 63.
    private static ReadOnlySpan<byte> LetterAndDigitValues =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 0, 0, 0, 0, 0, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 0, 0, 0, 0, 0,
        0, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
        42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 0, 0, 0, 0, 0,
    ];

    private static int ValueOf(char c, Base64Alphabet alphabet) => c switch
    {
        < (char)128 when LetterAndDigitValues[c] != 0 => LetterAndDigitValues[c] - 1,
        '+' when alphabet == Base64Alphabet.Standard => 62,
        '/' when alphabet == Base64Alphabet.Standard => 63,
        '-' when alphabet == Base64Alphabet.UrlSafe => 62,
        '_' when alphabet == Base64Alphabet.UrlSafe => 63,
        _ => -1,
    };

    private static Result<byte[]> InvalidCharacter(char c, int index, Base64Alphabet alphabet)
    {
        var at = Count(index);
        if (c == '=') return Fail(CryptoError.Base64Padding, $"padding '=' at index {at} is not at the end");
        var shown = c is >= ' ' and <= '~' ? $"'{c}'" : $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}";
        var name = alphabet == Base64Alphabet.UrlSafe ? "URL-safe" : "standard";
        return Fail(CryptoError.Base64InvalidCharacter, $"character {shown} at index {at} is not in the {name} base64 alphabet");
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Result<byte[]> Fail(CryptoError code, string message) => Result<byte[]>.Fail(code, JsonPath.Root, message);
}
