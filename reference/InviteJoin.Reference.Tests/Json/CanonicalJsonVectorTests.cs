using System.Text;
using static InviteJoin.Reference.Tests.Json.JsonTestHelpers;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>
/// The canonical JSON examples of the spec (spec v1.19, appendices, "Canonical JSON", Examples),
/// read by the strict reader and written by <see cref="CanonicalJson"/>, compared byte for byte;
/// then key order by code point and the escaping rules of the same appendix.
/// </summary>
public sealed class CanonicalJsonVectorTests
{
    private const string Vector5Input = """
        {
            "auth": {
                "success": true,
                "mxid": "@john.doe:example.com",
                "profile": {
                    "display_name": "John Doe",
                    "three_pids": [
                        {
                            "medium": "email",
                            "address": "john.doe@example.org"
                        },
                        {
                            "medium": "msisdn",
                            "address": "123456789"
                        }
                    ]
                }
            }
        }
        """;

    private const string Vector5Output =
        """{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}""";

    // spec v1.19, appendices, "Canonical JSON", Examples: (number, input, exact output).
    public static TheoryData<int, string, string> SpecVectors => new()
    {
        { 1, "{}", "{}" },
        { 2, """{"one": 1, "two": "Two"}""", """{"one":1,"two":"Two"}""" },
        { 3, """{"b": "2", "a": "1"}""", """{"a":"1","b":"2"}""" },
        { 4, """{"b":"2","a":"1"}""", """{"a":"1","b":"2"}""" },
        { 5, Vector5Input, Vector5Output },
        { 6, """{"a": "日本語"}""", """{"a":"日本語"}""" },
        { 7, """{"本": 2, "日": 1}""", """{"日":1,"本":2}""" },
        { 8, """{"a": "\u65E5"}""", """{"a":"日"}""" },
        { 9, """{"a": null}""", """{"a":null}""" },
        { 10, """{"a": -0, "b": 1e10}""", """{"a":0,"b":10000000000}""" },
    };

    [Theory]
    [MemberData(nameof(SpecVectors))]
    public void SpecExample_LenientParseThenEncode_IsExactOutput(int vector, string input, string output)
    {
        var parsed = StrictJsonReader.Parse(Encoding.UTF8.GetBytes(input), JsonReadOptions.Lenient);
        Assert.True(parsed.IsOk, $"vector {vector}: {parsed.Failure}");
        Assert.Equal(Encoding.UTF8.GetBytes(output), CanonicalJson.Encode(parsed.Value));
        // Canonical output is a fixed point.
        Assert.Equal(Encoding.UTF8.GetBytes(output), CanonicalJson.Encode(ParseOk(output, JsonReadOptions.Canonical)));
    }

    [Fact]
    public void SpecExample10_UnderCanonicalReading_RefusesTheExponent()
    {
        // Room versions 6+ enforce canonical JSON, and 1e10 is not an integer lexeme.
        var failure = ParseFails("""{"a": -0, "b": 1e10}""", JsonReadOptions.Canonical);
        Assert.Equal("json.float_not_allowed", failure.Token);
        Assert.Equal("$.b", failure.Path);
    }

    [Fact]
    public void SpecExample8_EscapeAndRawText_ParseEqual() =>
        Assert.Equal(ParseOk("""{"a": "日"}"""), ParseOk("""{"a": "\u65E5"}"""));

    [Fact]
    public void KeyOrder_IsCodePointOrderNotUtf16Order()
    {
        // U+1F600 is a surrogate pair (D83D DE00) in UTF-16, which ordinal comparison puts before
        // U+E000 and U+FFFD; by code point it comes after both.
        var parsed = ParseOk("{\"\U0001F600\":1,\"\uFFFD\":2,\"\uE000\":3,\"z\":4}");
        Assert.Equal("{\"z\":4,\"\uE000\":3,\"\uFFFD\":2,\"\U0001F600\":1}", Encoding.UTF8.GetString(CanonicalJson.Encode(parsed)));
        Assert.True(string.CompareOrdinal("\U0001F600", "\uE000") < 0, "the case this test guards: UTF-16 order differs");
    }

    [Fact]
    public void KeyOrder_MatchesUtf8ByteOrder()
    {
        string[] keys = ["\U0001F600", "\uFFFD", "\uE000", "\uD7FF", "é", "Z", "a", "", "\U00010000", "\u0800", "\u07FF"];
        var json = "{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{i}")) + "}";
        var parsed = Assert.IsType<JsonObject>(ParseOk(json));
        var byUtf8 = keys.OrderBy(k => Encoding.UTF8.GetBytes(k), Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToArray();
        Assert.Equal(byUtf8, parsed.Keys.ToArray());
    }

    [Fact]
    public void ControlCharacters_AreEscapedAsShortFormsOrLowerCaseHex()
    {
        var all = new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray());
        var expected = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"";
        Assert.Equal(expected, Canonical(JsonValue.String(all)));
        // And the reader reads the escaped form back to the same text, whatever case the input used.
        Assert.Equal(all, Assert.IsType<JsonString>(ParseOk(expected)).Value);
        Assert.Equal("\"\\u001a\\u000b\"", Canonical(ParseOk("\"\\u001A\\u000B\"")));
    }

    [Theory]
    [InlineData("\"\\u0008\\u0009\\u000A\\u000C\\u000D\"", "\"\\b\\t\\n\\f\\r\"")]
    [InlineData("\"\\u0022\\u005C\"", "\"\\\"\\\\\"")]
    [InlineData("\"\\/ / \\u002F\"", "\"/ / /\"")]
    [InlineData("\"\\u007F\"", "\"\u007f\"")]
    [InlineData("\"\\u00e9\\u65e5\\ud83d\\ude00\"", "\"é日\U0001F600\"")]
    [InlineData("\"\\u2028\\u2029\"", "\"\u2028\u2029\"")]
    [InlineData("\"<>&'+\"", "\"<>&'+\"")]
    public void Escaping_OnlyWhatJsonRequires(string input, string canonical)
    {
        Assert.Equal(canonical, Canonical(ParseOk(input)));
        Assert.Equal(Encoding.UTF8.GetBytes(canonical), CanonicalJson.Encode(ParseOk(input)));
    }

    [Fact]
    public void Numbers_AreWrittenAsIntegersWithoutFractionExponentOrNegativeZero()
    {
        Assert.Equal("[0,0,0,10000000000,-9007199254740991,2,100]", Canonical(ParseOk("[-0, -0.0, 0e7, 1e10, -9007199254740991, 2.0, 1E2]")));
    }
}
