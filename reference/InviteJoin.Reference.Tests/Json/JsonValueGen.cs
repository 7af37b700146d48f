using System.Numerics;
using System.Text;
using CsCheck;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>CsCheck generators of JSON values and of JSON-like byte strings, for the reader's properties.</summary>
internal static class JsonValueGen
{
    // Code points from every UTF-8 length class and the control range; never a surrogate.
    private static readonly Gen<int> CodePoint = Gen.Frequency(
        (8, Gen.Int[0x20, 0x7E]),
        (2, Gen.Int[0x00, 0x1F]),
        (1, Gen.Const(0x7F)),
        (2, Gen.Int[0x80, 0x7FF]),
        (2, Gen.Int[0x800, 0xD7FF]),
        (2, Gen.Int[0xE000, 0xFFFF]),
        (2, Gen.Int[0x10000, 0x10FFFF]));

    public static readonly Gen<string> Text = CodePoint.Array[0, 12].Select(points =>
    {
        var sb = new StringBuilder();
        foreach (var p in points) sb.Append(new Rune(p).ToString());
        return sb.ToString();
    });

    // Keys drawn from a small alphabet so that objects often share prefixes and reorder.
    private static readonly Gen<string> Key = Gen.Frequency(
        (3, Gen.OneOf("a", "b", "type", "content", "\uE000", "\uFFFD", "\U0001F600", "", "A", "a\u0000")),
        (2, Text));

    public static readonly Gen<JsonNumber> CanonicalNumber = Gen.Frequency(
        (4, Gen.Long[-1000, 1000]),
        (2, Gen.Long[-JsonNumber.MaxSafeInteger, JsonNumber.MaxSafeInteger]),
        (1, Gen.OneOf(Gen.Const(JsonNumber.MaxSafeInteger), Gen.Const(-JsonNumber.MaxSafeInteger))))
        .Select(JsonNumber.FromInt64);

    public static readonly Gen<JsonNumber> Number = Gen.Frequency(
        (6, CanonicalNumber),
        (1, Gen.Long.Select(JsonNumber.FromInt64)),
        (1, Gen.Int[20, 60].SelectMany(digits => Gen.Bool.Select(negative =>
            JsonNumber.FromInteger((negative ? -1 : 1) * BigInteger.Pow(7, digits), isIntegerLexeme: true)))),
        // Non-integral finite doubles: integral ones read back as exact integers, by design.
        (2, Gen.Double.Where(d => double.IsFinite(d) && d != Math.Floor(d)).Select(JsonNumber.FromFraction)));

    public static Gen<JsonValue> Value(Gen<JsonNumber> number) => Gen.Recursive<JsonValue>((depth, self) =>
    {
        var leaf = Gen.Frequency(
            (1, Gen.Const<JsonValue>(JsonValue.Null)),
            (1, Gen.Bool.Select(b => (JsonValue)JsonValue.Bool(b))),
            (3, number.Select(n => (JsonValue)n)),
            (3, Text.Select(s => (JsonValue)JsonValue.String(s))));
        if (depth >= 4) return leaf;
        return Gen.Frequency(
            (4, leaf),
            (1, self.Array[0, 5].Select(items => (JsonValue)JsonValue.Array(items))),
            (1, Gen.Select(Key, self).Array[0, 5].Select(members =>
                (JsonValue)JsonValue.Object(members.Select(m => KeyValuePair.Create(m.Item1, m.Item2))))));
    });

    /// <summary>Random bytes biased towards JSON punctuation, escapes and UTF-8 lead and continuation bytes.</summary>
    public static readonly Gen<byte[]> JsonishBytes = Gen.Frequency(
        (6, Gen.OneOf("{}[]\",: \\u0123456789-+.eEtrufalsn/dDbB\t\n\r"u8.ToArray().Select(Gen.Const).ToArray())),
        (2, Gen.Byte),
        (1, Gen.OneOf(Gen.Const((byte)0xC3), Gen.Const((byte)0xED), Gen.Const((byte)0xF0), Gen.Const((byte)0x80), Gen.Const((byte)0xBF))))
        .Array[0, 40];

    /// <summary>One random edit of a byte string: flip bits of a byte, cut it short, or insert a byte.</summary>
    public static Gen<byte[]> Mutate(byte[] original) => Gen.Int[0, 2].SelectMany(kind => kind switch
    {
        0 when original.Length > 0 => Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte[1, 255]).Select(t =>
        {
            var copy = (byte[])original.Clone();
            copy[t.Item1] ^= t.Item2;
            return copy;
        }),
        1 => Gen.Int[0, original.Length].Select(length => original[..length]),
        _ => Gen.Select(Gen.Int[0, original.Length], JsonishBytes.Select(b => b.Length == 0 ? (byte)0 : b[0])).Select(t =>
        {
            var copy = new byte[original.Length + 1];
            original.AsSpan(0, t.Item1).CopyTo(copy);
            copy[t.Item1] = t.Item2;
            original.AsSpan(t.Item1).CopyTo(copy.AsSpan(t.Item1 + 1));
            return copy;
        }),
    });
}
