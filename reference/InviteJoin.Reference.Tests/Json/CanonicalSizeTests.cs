using CsCheck;
using InviteJoin.Generators.Json;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>The size of a value's canonical encoding, computed without writing it, equals the written length.</summary>
public sealed class CanonicalSizeTests
{
    [Fact]
    public void Size_EqualsTheEncodedLength_ForAnyValue()
    {
        JsonValueGenerators.Value(JsonGenerationLimits.Default, JsonValueGenerators.AnyNumber).Sample(value =>
            Assert.Equal(CanonicalJson.Encode(value).Length, CanonicalJson.Size(value)));
    }

    /// <summary>
    /// Whether a value fits a size limit, answered by a bound when it can, is the exact answer: at the value's size, one below
    /// and one above, and at limits far from it.
    /// </summary>
    [Fact]
    public void FitsWithin_AnswersAsTheExactSize_AtEveryLimit()
    {
        JsonValueGenerators.Value(JsonGenerationLimits.Default, JsonValueGenerators.AnyNumber).SelectMany(v => Gen.Int[0, 6].Select(k => (v, k))).Sample(pair =>
        {
            var (value, k) = pair;
            var size = CanonicalJson.Size(value);
            var limit = k switch { 0 => size - 1, 1 => size, 2 => size + 1, 3 => size / 2, 4 => size * 6, 5 => 0, _ => 65536 };
            Assert.Equal(size <= limit, CanonicalJson.FitsWithin(value, limit));
        }, iter: 3_000, print: pair => pair.k + " " + CanonicalJson.EncodeToString(pair.v));
    }

    [Theory]
    [InlineData("\"\\u0000\\b\\t\\n\\f\\r\\u001f\\\"\\\\/\\u007f\"")]
    [InlineData("{\"日本\":[1,-9007199254740991,true,null,\"😀\"],\"a\":{}}")]
    [InlineData("[1.5, -0.0, 2.5e-7, 123456789012345678901234567890]")]
    public void Size_EqualsTheEncodedLength_ForEscapesAndNumbers(string text)
    {
        var value = StrictJsonReader.Parse(text, JsonReadOptions.Lenient).Value;

        Assert.Equal(CanonicalJson.Encode(value).Length, CanonicalJson.Size(value));
    }
}
