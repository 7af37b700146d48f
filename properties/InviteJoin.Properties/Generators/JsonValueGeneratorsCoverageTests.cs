using System.Text;
using CsCheck;
using InviteJoin.Generators.Json;

namespace InviteJoin.Properties.Generators;

/// <summary>
/// Checks that the JSON generator really produces the inputs the differential tests rely on: a property
/// over values that never contain a control character or a code-point/UTF-16 ordering clash proves nothing.
/// The random stream is fixed (not CsCheck's per-run seed), so the sample and this test's verdict are the
/// same on every run.
/// </summary>
public sealed class JsonValueGeneratorsCoverageTests
{
    private const ulong Seed = 20261126;
    private const int Samples = 1000;

    [Fact]
    public void ThousandObjects_CoverEveryCharacterClassIntegerEdgeAndShape()
    {
        var stats = new Stats();
        var random = new PCG(1, Seed);
        var objects = JsonValueGenerators.Object();
        for (var i = 0; i < Samples; i++) stats.Add(objects.Generate(random, null, out _));

        var missingControls = Enumerable.Range(0, 0x20).Where(c => !stats.CodePointsInKeys.Contains(c) || !stats.CodePointsInStrings.Contains(c)).ToList();
        Assert.True(missingControls.Count == 0, "control characters never generated in both keys and strings: " + string.Join(", ", missingControls.Select(c => $"U+{c:X4}")));
        foreach (var special in new[] { '"', '\\', '/', 0x7F, 0x2028, 0x2029, 0xE000, 0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF })
            Assert.True(stats.CodePointsInStrings.Contains(special) || stats.CodePointsInKeys.Contains(special), $"U+{special:X4} never generated");
        Assert.True(stats.CodePointsInKeys.Any(c => c is >= 0x10000) && stats.CodePointsInKeys.Any(c => c is >= 0xE000 and <= 0xFFFF), "no supplementary or high-BMP keys");

        Assert.True(stats.ObjectsWhereOrdinalOrderDiffers >= 50, $"only {stats.ObjectsWhereOrdinalOrderDiffers} objects had keys whose UTF-16 order differs from code-point order");
        Assert.True(stats.MaxDepth >= 30, $"deepest value only {stats.MaxDepth} levels");
        foreach (var edge in new[] { 0, -1, JsonNumber.MaxSafeInteger, -JsonNumber.MaxSafeInteger })
            Assert.True(stats.Integers.Contains(edge), $"integer {edge} never generated");
        Assert.True(stats.Integers.Any(i => Math.Abs(i) > 1L << 40), "no large random integers");
        Assert.True(stats.EmptyArrays > 0 && stats.EmptyObjects > 0 && stats.Nulls > 0 && stats.Booleans > 0, "some shape never generated");
        Assert.Equal(0, stats.NonCanonicalNumbers);
        Assert.Equal(0, stats.LoneSurrogates);
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    private sealed class Stats
    {
        public HashSet<int> CodePointsInKeys { get; } = [];
        public HashSet<int> CodePointsInStrings { get; } = [];
        public HashSet<long> Integers { get; } = [];
        public int ObjectsWhereOrdinalOrderDiffers { get; private set; }
        public int MaxDepth { get; private set; }
        public int EmptyArrays { get; private set; }
        public int EmptyObjects { get; private set; }
        public int Nulls { get; private set; }
        public int Booleans { get; private set; }
        public int NonCanonicalNumbers { get; private set; }
        public int LoneSurrogates { get; private set; }

        public void Add(JsonValue value) => Visit(value, 1);

        private void Visit(JsonValue value, int depth)
        {
            MaxDepth = Math.Max(MaxDepth, depth);
            switch (value)
            {
                case JsonNull:
                    Nulls++;
                    break;
                case JsonBool:
                    Booleans++;
                    break;
                case JsonNumber n:
                    if (!n.IsCanonical || !n.TryGetInt64(out var i)) NonCanonicalNumbers++;
                    else Integers.Add(i);
                    break;
                case JsonString s:
                    Collect(s.Value, CodePointsInStrings);
                    break;
                case JsonArray a:
                    if (a.Count == 0) EmptyArrays++;
                    foreach (var item in a) Visit(item, depth + 1);
                    break;
                case JsonObject o:
                    if (o.Count == 0) EmptyObjects++;
                    // Judged by UTF-8 bytes (code-point order), not by the reference's CodePointOrder under test.
                    var keys = o.Keys.ToList();
                    if (!keys.Order(StringComparer.Ordinal).SequenceEqual(keys.OrderBy(Encoding.UTF8.GetBytes, Utf8Order.Instance))) ObjectsWhereOrdinalOrderDiffers++;
                    foreach (var (key, member) in o)
                    {
                        Collect(key, CodePointsInKeys);
                        Visit(member, depth + 1);
                    }
                    break;
            }
        }

        private void Collect(string text, HashSet<int> into)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (!Rune.TryGetRuneAt(text, i, out var rune))
                {
                    LoneSurrogates++;
                    continue;
                }
                into.Add(rune.Value);
                if (rune.Utf16SequenceLength == 2) i++;
            }
        }
    }
}
