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
