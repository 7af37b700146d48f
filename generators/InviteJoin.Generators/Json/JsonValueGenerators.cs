using System.Numerics;
using System.Text;
using CsCheck;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Json;

/// <summary>
/// Bounds on generated JSON: how deep and wide the bushy part of a value may grow, how long a narrow
/// nested "spine" may be, and how long strings may be. The defaults keep one value to a few hundred
/// nodes at most, so a thousand samples run in well under a second.
/// </summary>
public sealed record JsonGenerationLimits
{
    /// <summary>The defaults: depth 4, five members per container, spines up to 40 deep, strings up to 12 code points.</summary>
    public static readonly JsonGenerationLimits Default = new();

    /// <summary>The deepest nesting of the bushy part of a value (every container may have several children).</summary>
    public int MaxDepth { get; init; } = 4;

    /// <summary>The most items in one array or members in one object.</summary>
    public int MaxMembers { get; init; } = 5;

    /// <summary>
    /// The deepest narrow chain of containers wrapped around a value (each layer has at most a couple of
    /// scalar siblings), which reaches nesting depths a bushy tree of bounded size cannot. Zero turns spines off.
    /// </summary>
    public int MaxSpineDepth { get; init; } = 40;

    /// <summary>The most code points in one generated string or key.</summary>
    public int MaxStringLength { get; init; } = 12;
}

/// <summary>
/// Seeded CsCheck generators of values that canonical JSON can carry (spec v1.19, appendices "Canonical
/// JSON"): integers within ±(2^53 − 1), no floats, strings of Unicode scalar values only (no lone
/// surrogates). Strings and keys are biased towards what canonical encoders get wrong: every control
/// character, the characters JSON escapes, characters it must not escape, and keys whose code-point order
/// differs from their UTF-16 code-unit order (a supplementary character against U+E000–U+FFFF).
/// </summary>
public static class JsonValueGenerators
{
    /// <summary>Hand-picked keys that stress code-point ordering and escaping, drawn often so objects share them.</summary>
    public static readonly IReadOnlyList<string> NastyKeys =
    [
        "", "a", "A", "b", "type", "content", "signatures", "unsigned",
        "\u0000", "a\u0000", "a\u001fb", "\u007f", "\"", "\\", "/", "\u00e9", "\u2028", "\u2029",
        "\ud7ff", "\ue000", "\ufeff", "\ufffd", "\uffff", "\U00010000", "\U0001F600", "\U0010FFFF",
        "a\ue000", "a\U0001F600", "a\uffff",
    ];

    /// <summary>
    /// One Unicode scalar value: mostly printable ASCII, with every control character U+0000–U+001F,
    /// <c>"</c> <c>\</c> <c>/</c> U+007F, two- and three-byte UTF-8, U+2028/U+2029 and other specials,
    /// U+E000–U+FFFF (private use, U+FFFD, U+FFFF), and supplementary characters up to U+10FFFF. Never a surrogate.
    /// </summary>
    public static readonly Gen<int> CodePoint = Gen.Frequency(
        (12, Gen.Int[0x20, 0x7E]),
        (4, Gen.Int[0x00, 0x1F]),
        (2, Gen.OneOf(Gen.Const(0x22), Gen.Const(0x5C), Gen.Const(0x2F), Gen.Const(0x7F))),
        (2, Gen.Int[0x80, 0x7FF]),
        (2, Gen.Int[0x800, 0xD7FF]),
        (1, Gen.OneOf(Gen.Const(0x85), Gen.Const(0xA0), Gen.Const(0x2028), Gen.Const(0x2029), Gen.Const(0xFEFF), Gen.Const(0xD7FF))),
        (2, Gen.Int[0xE000, 0xFFFF]),
        (1, Gen.OneOf(Gen.Const(0xE000), Gen.Const(0xF8FF), Gen.Const(0xFFFD), Gen.Const(0xFFFE), Gen.Const(0xFFFF))),
        (2, Gen.Int[0x10000, 0x10FFFF]),
        (1, Gen.OneOf(Gen.Const(0x10000), Gen.Const(0x1F600), Gen.Const(0x10FFFF))));

    /// <summary>Supplementary characters (encoded as surrogate pairs in UTF-16, which sort below U+E000 by code unit).</summary>
    public static readonly Gen<int> SupplementaryCodePoint = Gen.Frequency(
        (2, Gen.Int[0x10000, 0x10FFFF]),
        (1, Gen.OneOf(Gen.Const(0x10000), Gen.Const(0x1F600), Gen.Const(0x10FFFF))));

    /// <summary>Characters U+E000–U+FFFF (above every surrogate code unit in UTF-16, below every supplementary code point).</summary>
    public static readonly Gen<int> HighBmpCodePoint = Gen.Frequency(
        (2, Gen.Int[0xE000, 0xFFFF]),
        (1, Gen.OneOf(Gen.Const(0xE000), Gen.Const(0xFFFD), Gen.Const(0xFFFF))));

    /// <summary>
    /// Integers canonical JSON allows, weighted towards the edges: 0, ±1, ±(2^53 − 1), powers of two near
    /// the limit, small numbers, and uniformly random ones in range.
    /// </summary>
    public static readonly Gen<JsonNumber> Integer = Gen.Frequency(
        (2, Gen.OneOf(Gen.Const(0L), Gen.Const(-1L), Gen.Const(1L), Gen.Const(JsonNumber.MaxSafeInteger), Gen.Const(-JsonNumber.MaxSafeInteger))),
        (1, Gen.Select(Gen.Int[31, 52], Gen.Bool, Gen.Int[-1, 1], (power, negative, offset) => (negative ? -1 : 1) * ((1L << power) + offset))),
        (4, Gen.Long[-1000, 1000]),
        (3, Gen.Long[-JsonNumber.MaxSafeInteger, JsonNumber.MaxSafeInteger]))
        .Select(JsonNumber.FromInt64);

    /// <summary>
    /// Numbers the lenient reader takes beyond canonical JSON, mixed with canonical integers: any 64-bit integer,
    /// integers of 20–60 digits, and non-integral finite doubles (integral ones read back as exact integers, by design).
    /// </summary>
    public static readonly Gen<JsonNumber> AnyNumber = Gen.Frequency(
        (6, Integer),
        (1, Gen.Long.Select(JsonNumber.FromInt64)),
        (1, Gen.Int[20, 60].SelectMany(digits => Gen.Bool.Select(negative =>
            JsonNumber.FromInteger((negative ? -1 : 1) * BigInteger.Pow(7, digits), isIntegerLexeme: true)))),
        (2, Gen.Double.Where(d => double.IsFinite(d) && d != Math.Floor(d)).Select(JsonNumber.FromFraction)));

    /// <summary>A string of up to <see cref="JsonGenerationLimits.MaxStringLength"/> code points from <see cref="CodePoint"/>.</summary>
    public static Gen<string> Text(JsonGenerationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return CodePoint.Array[0, limits.MaxStringLength].Select(FromCodePoints);
    }

    /// <summary>An object key: a nasty key, a nasty key with a random suffix (so keys share prefixes), or random text.</summary>
    public static Gen<string> Key(JsonGenerationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var nasty = Gen.OneOf(NastyKeys.ToArray());
        return Gen.Frequency(
            (3, nasty),
            (2, Gen.Select(nasty, CodePoint.Array[1, 3], (prefix, suffix) => prefix + FromCodePoints(suffix))),
            (3, Text(limits)));
    }

    /// <summary>
    /// Two keys that agree up to one position, where one has a supplementary character and the other a
    /// character in U+E000–U+FFFF. Code-point order puts the supplementary key last; UTF-16 code-unit
    /// order (<see cref="StringComparer.Ordinal"/>) puts it first.
    /// </summary>
    public static Gen<(string Supplementary, string HighBmp)> ClashingKeys(JsonGenerationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var prefix = Gen.Frequency((2, Gen.Const("")), (1, Gen.OneOf("a", "key", "\u00e9", "\U0001F600")), (1, Text(limits)));
        var suffix = Gen.Frequency((3, Gen.Const("")), (1, CodePoint.Array[1, 3].Select(FromCodePoints)));
        return Gen.Select(prefix, SupplementaryCodePoint, HighBmpCodePoint, suffix, suffix,
            (p, supplementary, high, s1, s2) => (p + char.ConvertFromUtf32(supplementary) + s1, p + char.ConvertFromUtf32(high) + s2));
    }

    /// <summary>A scalar: null, a boolean, an integer or a string.</summary>
    public static Gen<JsonValue> Scalar(JsonGenerationLimits limits) => Scalar(limits, Integer);

    /// <summary>A scalar: null, a boolean, a number from <paramref name="numbers"/> or a string.</summary>
    public static Gen<JsonValue> Scalar(JsonGenerationLimits limits, Gen<JsonNumber> numbers)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(numbers);
        return Gen.Frequency(
            (1, Gen.Const<JsonValue>(JsonValue.Null)),
            (1, Gen.Bool.Select(b => (JsonValue)JsonValue.Bool(b))),
            (3, numbers.Select(n => (JsonValue)n)),
            (4, Text(limits).Select(s => (JsonValue)JsonValue.String(s))));
    }

    /// <summary>Any canonical-JSON value within <paramref name="limits"/>, sometimes wrapped in a deep narrow spine.</summary>
    public static Gen<JsonValue> Value(JsonGenerationLimits limits) => Value(limits, Integer);

    /// <summary>
    /// A value within <paramref name="limits"/> whose numbers come from <paramref name="numbers"/> (for example
    /// <see cref="AnyNumber"/>, for what only the lenient reader takes), sometimes wrapped in a deep narrow spine.
    /// </summary>
    public static Gen<JsonValue> Value(JsonGenerationLimits limits, Gen<JsonNumber> numbers)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(numbers);
        var bushy = Bushy(limits, limits.MaxDepth, numbers);
        if (limits.MaxSpineDepth <= 0) return bushy;
        return Gen.Frequency((9, bushy), (1, Spine(limits, Bushy(limits, Math.Min(1, limits.MaxDepth), numbers), numbers)));
    }

    /// <summary>A value from <see cref="Value(JsonGenerationLimits)"/> with the default limits.</summary>
    public static Gen<JsonValue> Value() => Value(JsonGenerationLimits.Default);

    /// <summary>
    /// A top-level object (what canonical JSON signs): random members, and often a pair of keys from
    /// <see cref="ClashingKeys"/> so that code-point ordering is tested at the top level as well as inside.
    /// </summary>
    public static Gen<JsonObject> Object(JsonGenerationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var value = Value(limits with { MaxDepth = Math.Max(0, limits.MaxDepth - 1) });
        var members = Gen.Select(Key(limits), value).Array[0, limits.MaxMembers];
        var clash = Gen.Select(ClashingKeys(limits), value, value).Array[0, 2];
        return Gen.Select(members, clash, (plain, clashes) =>
        {
            var all = plain.Select(m => KeyValuePair.Create(m.Item1, m.Item2)).ToList();
            foreach (var ((supplementary, high), v1, v2) in clashes)
            {
                all.Add(KeyValuePair.Create(supplementary, v1));
                all.Add(KeyValuePair.Create(high, v2));
            }
            return JsonValue.Object(all);
        });
    }

    /// <summary>A top-level object with the default limits.</summary>
    public static Gen<JsonObject> Object() => Object(JsonGenerationLimits.Default);

    /// <summary>Random bytes biased towards JSON punctuation, escapes, and UTF-8 lead and continuation bytes: input for a reader that must never throw.</summary>
    public static readonly Gen<byte[]> JsonishBytes = Gen.Frequency(
        (6, Gen.OneOf("{}[]\",: \\u0123456789-+.eEtrufalsn/dDbB\t\n\r"u8.ToArray().Select(Gen.Const).ToArray())),
        (2, Gen.Byte),
        (1, Gen.OneOf(Gen.Const((byte)0xC3), Gen.Const((byte)0xED), Gen.Const((byte)0xF0), Gen.Const((byte)0x80), Gen.Const((byte)0xBF))))
        .Array[0, 40];

    /// <summary>One random edit of <paramref name="original"/>: flip bits of a byte, cut it short, or insert a byte.</summary>
    public static Gen<byte[]> Mutate(byte[] original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Gen.Int[0, 2].SelectMany(kind => kind switch
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

    // Containers nest at most `depth` levels; each level is built once, so there is no unbounded recursion.
    private static Gen<JsonValue> Bushy(JsonGenerationLimits limits, int depth, Gen<JsonNumber> numbers)
    {
        var scalar = Scalar(limits, numbers);
        var key = Key(limits);
        var level = scalar;
        for (var d = 1; d <= depth; d++)
        {
            var child = level;
            var clash = ClashingKeys(limits);
            level = Gen.Frequency(
                (4, scalar),
                (2, child.Array[0, limits.MaxMembers].Select(items => (JsonValue)JsonValue.Array(items))),
                (2, Gen.Select(key, child).Array[0, limits.MaxMembers]
                    .Select(members => (JsonValue)JsonValue.Object(members.Select(m => KeyValuePair.Create(m.Item1, m.Item2))))),
                (1, Gen.Select(clash, child, child).Select(t => (JsonValue)JsonValue.Object(
                    (t.Item1.Supplementary, t.Item2), (t.Item1.HighBmp, t.Item3)))));
        }
        return level;
    }

    // A chain of 1..MaxSpineDepth single-path containers around a small core; each layer is an array or an
    // object holding the inner value next to at most two scalar siblings.
    private static Gen<JsonValue> Spine(JsonGenerationLimits limits, Gen<JsonValue> core, Gen<JsonNumber> numbers)
    {
        var scalar = Scalar(limits, numbers);
        var layer = Gen.Select(Gen.Bool, Key(limits), Gen.Select(Key(limits), scalar).Array[0, 2], Gen.Int[0, 2],
            (isArray, key, siblings, position) => (Func<JsonValue, JsonValue>)(inner =>
            {
                if (isArray)
                {
                    var items = siblings.Select(s => s.Item2).ToList();
                    items.Insert(Math.Min(position, items.Count), inner);
                    return JsonValue.Array(items);
                }
                // The inner value is added last, so it wins if a sibling drew the same key.
                return JsonValue.Object(siblings.Select(s => KeyValuePair.Create(s.Item1, s.Item2)).Append(KeyValuePair.Create(key, inner)));
            }));
        return Gen.Select(core, layer.Array[1, limits.MaxSpineDepth], (inner, layers) =>
        {
            var value = inner;
            foreach (var wrap in layers) value = wrap(value);
            return value;
        });
    }

    private static string FromCodePoints(int[] codePoints)
    {
        var builder = new StringBuilder(codePoints.Length * 2);
        foreach (var codePoint in codePoints) builder.Append(new Rune(codePoint).ToString());
        return builder.ToString();
    }
}
