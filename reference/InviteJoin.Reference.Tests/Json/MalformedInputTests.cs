using System.Text;
using CsCheck;
using InviteJoin.Generators.Json;
using static InviteJoin.Reference.Tests.Json.JsonTestHelpers;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>
/// Hostile and broken inputs: each gives its exact error token (and path where one is meaningful),
/// and none throws. The data-driven cases are followed by properties over random bytes, random
/// mutations of valid JSON, and round trips of generated values.
/// </summary>
public sealed class MalformedInputTests
{
    internal const string SamplePdu = """
        {"auth_events":["$create:example.org","$power_levels:example.org","$join_rules:example.org"],
         "content":{"displayname":"Alice","membership":"join","avatar_url":"mxc://example.org/abc"},
         "depth":12,"hashes":{"sha256":"2DCvXqEgqn5B7Ph4yO+1sCJZ3YwLxXkD3LzZr1cH0bE"},
         "origin_server_ts":1700000000000,"prev_events":["$previous:example.org"],
         "room_id":"!room:example.org","sender":"@alice:example.org","state_key":"@alice:example.org",
         "signatures":{"example.org":{"ed25519:1":"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"}},
         "type":"m.room.member","unsigned":{"age":4612,"note":"tab\tnewline\nquote\"slash\\u\u00e9"}}
        """;

    [Fact]
    public void SamplePdu_Parses()
    {
        var pdu = Assert.IsType<JsonObject>(ParseOk(SamplePdu, JsonReadOptions.Canonical));
        Assert.Equal(JsonValue.String("join"), ((JsonObject)pdu["content"]!)["membership"]);
    }

    [Fact]
    public void EveryProperPrefixOfSamplePdu_IsTruncated()
    {
        var bytes = Encoding.UTF8.GetBytes(SamplePdu);
        Assert.All(Enumerable.Range(0, bytes.Length), length =>
        {
            var failure = ParseFails(bytes[..length], JsonReadOptions.Canonical);
            Assert.True(failure.Token == "json.truncated", $"prefix of {length} bytes: {failure}");
        });
    }

    [Theory]
    [InlineData("{\"content\":{\"membership\":\"jo", "$.content.membership")]
    [InlineData("{\"content\":{\"membership\":", "$.content.membership")]
    [InlineData("{\"content\":{\"membership\"", "$.content.membership")]
    [InlineData("{\"content\":{", "$.content")]
    [InlineData("{\"prev_events\":[\"$a\",\"$", "$.prev_events[1]")]
    [InlineData("{\"prev_events\":[\"$a\",", "$.prev_events[1]")]
    [InlineData("{\"prev_events\":[\"$a\"", "$.prev_events")]
    [InlineData("{\"depth\":1", "$")]
    [InlineData("{\"depth\":-", "$.depth")]
    public void TruncatedPdu_ReportsWhereItStopped(string prefix, string path)
    {
        var failure = ParseFails(prefix, JsonReadOptions.Canonical);
        Assert.Equal("json.truncated", failure.Token);
        Assert.Equal(path, failure.Path);
    }

    public static TheoryData<string, byte[], string, string> MalformedCases => new()
    {
        // Duplicate keys, including keys equal only after unescaping.
        { "duplicate", Bytes("{\"type\":\"a\",\"type\":\"b\"}"), "json.duplicate_key", "$" },
        { "duplicate after unescaping", Bytes("{\"a\":1,\"\\u0061\":2}"), "json.duplicate_key", "$" },
        { "duplicate escaped slash", Bytes("{\"content\":{\"a/b\":1,\"a\\/b\":2}}"), "json.duplicate_key", "$.content" },
        { "duplicate nested", Bytes("{\"signatures\":{\"s\":{\"k\":\"x\",\"k\":\"y\"}}}"), "json.duplicate_key", "$.signatures.s" },
        // Lone surrogates written as escapes.
        { "lone high", Bytes("{\"displayname\":\"\\ud83d\"}"), "json.lone_surrogate", "$.displayname" },
        { "lone low", Bytes("[\"\\udc00\"]"), "json.lone_surrogate", "$[0]" },
        { "high then high", Bytes("[\"\\ud800\\udbff\"]"), "json.lone_surrogate", "$[0]" },
        { "lone in key", Bytes("{\"\\ud800\":1}"), "json.lone_surrogate", "$" },
        // Ill-formed UTF-8 inside strings (Unicode §3.9, table 3-7).
        { "overlong NUL", Bytes("[\"", 0xC0, 0x80, "\"]"), "json.invalid_utf8", "$[0]" },
        { "overlong C1", Bytes("[\"", 0xC1, 0xBF, "\"]"), "json.invalid_utf8", "$[0]" },
        { "overlong three bytes", Bytes("[\"", 0xE0, 0x80, 0xAF, "\"]"), "json.invalid_utf8", "$[0]" },
        { "overlong four bytes", Bytes("[\"", 0xF0, 0x8F, 0xBF, 0xBF, "\"]"), "json.invalid_utf8", "$[0]" },
        { "encoded high surrogate", Bytes("[\"", 0xED, 0xA0, 0x80, "\"]"), "json.invalid_utf8", "$[0]" },
        { "encoded low surrogate", Bytes("[\"", 0xED, 0xBF, 0xBF, "\"]"), "json.invalid_utf8", "$[0]" },
        { "above U+10FFFF", Bytes("[\"", 0xF4, 0x90, 0x80, 0x80, "\"]"), "json.invalid_utf8", "$[0]" },
        { "lead F5", Bytes("[\"", 0xF5, 0x80, 0x80, 0x80, "\"]"), "json.invalid_utf8", "$[0]" },
        { "byte FF", Bytes("[\"", 0xFF, "\"]"), "json.invalid_utf8", "$[0]" },
        { "byte FE", Bytes("[\"", 0xFE, "\"]"), "json.invalid_utf8", "$[0]" },
        { "lone continuation", Bytes("[\"a", 0x80, "\"]"), "json.invalid_utf8", "$[0]" },
        { "missing continuation", Bytes("[\"", 0xC3, "(\"]"), "json.invalid_utf8", "$[0]" },
        { "cut three bytes", Bytes("[\"", 0xE6, 0x97, "\"]"), "json.invalid_utf8", "$[0]" },
        { "cut four bytes", Bytes("[\"", 0xF0, 0x9F, 0x98, "\"]"), "json.invalid_utf8", "$[0]" },
        { "cut at end of input", Bytes("\"", 0xE6, 0x97), "json.invalid_utf8", "$" },
        { "invalid in key", Bytes("{\"k", 0xFF, "\":1}"), "json.invalid_utf8", "$" },
        { "invalid after escape", Bytes("[\"\\n", 0xC0, 0xAF, "\"]"), "json.invalid_utf8", "$[0]" },
        // Non-ASCII outside strings: ill-formed is invalid_utf8, well-formed is a syntax error.
        { "invalid outside string", Bytes("[", 0xC0, 0x80, "]"), "json.invalid_utf8", "$[0]" },
        { "valid outside string", Bytes("[", 0xC3, 0xA9, "]"), "json.syntax", "$[0]" },
        { "invalid after value", Bytes("[1", 0xFF, "]"), "json.invalid_utf8", "$" },
        // Bad escapes.
        { "unknown escape", Bytes("{\"a\":\"\\x41\"}"), "json.invalid_escape", "$.a" },
        { "short unicode escape", Bytes("[\"\\u41\"]"), "json.invalid_escape", "$[0]" },
        { "non-hex unicode escape", Bytes("[\"\\u00g0\"]"), "json.invalid_escape", "$[0]" },
        { "escaped non-ASCII", Bytes("[\"\\", 0xC3, 0xA9, "\"]"), "json.invalid_escape", "$[0]" },
        { "escaped invalid byte", Bytes("[\"\\", 0xFF, "\"]"), "json.invalid_utf8", "$[0]" },
        // Raw control characters inside strings.
        { "raw NUL", Bytes("[\"a", 0x00, "b\"]"), "json.control_character", "$[0]" },
        { "raw tab", Bytes("{\"a\":\"x\ty\"}"), "json.control_character", "$.a" },
        { "raw newline", Bytes("{\"a\":\"x\ny\"}"), "json.control_character", "$.a" },
        { "raw unit separator", Bytes("[\"", 0x1F, "\"]"), "json.control_character", "$[0]" },
        { "raw control in key", Bytes("{\"a\rb\":1}"), "json.control_character", "$" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void MalformedInput_FailsWithExactTokenAndPath(string name, byte[] input, string token, string path)
    {
        foreach (var options in new[] { JsonReadOptions.Lenient, JsonReadOptions.Canonical })
        {
            var failure = ParseFails(input, options);
            Assert.True(token == failure.Token && path == failure.Path, $"{name}: expected {token} at {path}, got {failure}");
        }
    }

    [Fact]
    public void RawDeleteCharacter_IsAllowedInStrings() =>
        Assert.Equal("a\u007fb", Assert.IsType<JsonString>(ParseOk(Bytes("\"a", 0x7F, "b\""))).Value);

    [Fact]
    public void OneMegabyteString_ParsesUnderDefaultLimit_AndIsTooLargeUnderSmallerLimit()
    {
        var text = new string('x', 1024 * 1024 - 7) + "é\U0001F600";
        var json = Encoding.UTF8.GetBytes("{\"body\":\"" + text + "\"}");
        var parsed = Assert.IsType<JsonObject>(ParseOk(json, JsonReadOptions.Canonical));
        Assert.Equal(text, Assert.IsType<JsonString>(parsed["body"]).Value);

        var limited = JsonReadOptions.Canonical with { MaxBytes = 65536 };
        var failure = ParseFails(json, limited);
        Assert.Equal("json.too_large", failure.Token);
        Assert.Equal("$", failure.Path);
        Assert.Equal("json.too_large", StrictJsonReader.Parse(Encoding.UTF8.GetString(json), limited).Failure!.Token);
    }

    [Fact]
    public void EscapeHeavyLongString_Parses()
    {
        var text = string.Concat(Enumerable.Repeat("\\n\\u00e9\\ud83d\\ude00x", 20_000));
        var value = Assert.IsType<JsonString>(ParseOk("\"" + text + "\""));
        Assert.Equal(string.Concat(Enumerable.Repeat("\né\U0001F600x", 20_000)), value.Value);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    [InlineData("[{\"k\":", "}]")]
    public void TenThousandDeepNesting_IsTooDeep(string open, string close)
    {
        var json = string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));
        var failure = ParseFails(json);
        Assert.Equal("json.too_deep", failure.Token);
        Assert.Contains("256", failure.Message);
        // Unclosed, the same depth still stops at the limit rather than reading on.
        Assert.Equal("json.too_deep", ParseFails(string.Concat(Enumerable.Repeat(open, 10_000))).Token);
    }

    [Fact]
    public void TenThousandDeepNesting_WithRaisedLimit_ParsesWithoutRecursion()
    {
        // The reader keeps open containers on a heap stack, so depth is a policy, not a crash.
        var json = new string('[', 10_000) + new string(']', 10_000);
        var value = ParseOk(json, JsonReadOptions.Lenient with { MaxDepth = 10_000 });
        Assert.IsType<JsonArray>(value);
        Assert.Equal("json.too_deep", ParseFails(json, JsonReadOptions.Lenient with { MaxDepth = 9_999 }).Token);
    }

    [Fact]
    public void Depth256_IsAcceptedAndDepth257_IsNot()
    {
        ParseOk(new string('[', 256) + new string(']', 256));
        var failure = ParseFails(new string('[', 257) + new string(']', 257));
        Assert.Equal("json.too_deep", failure.Token);
        Assert.Equal("$" + string.Concat(Enumerable.Repeat("[0]", 256)), failure.Path);
    }

    [Fact]
    public void JsonErrorTokens_AreUniqueAndWellFormed()
    {
        var all = WireToken.All<JsonError>();
        Assert.Equal(all.Count, AllJsonErrorTokens.Count);
        Assert.All(all, m => Assert.Matches("^json\\.[a-z0-9_]+$", m.Token));
    }

    [Fact]
    public void RandomBytes_NeverThrow_AndEitherParseOrFailWithJsonErrorToken() =>
        JsonValueGenerators.JsonishBytes.Sample(ParsesOrFailsWithJsonErrorToken, iter: 5_000);

    [Fact]
    public void RandomText_WithLoneSurrogates_NeverThrows_AndEitherParsesOrFailsWithJsonErrorToken() =>
        Gen.Frequency((4, Gen.OneOf("{}[]\",:\\u0123dD8eE-. tfn".Select(Gen.Const).ToArray())), (1, Gen.Char))
            .Array[0, 30].Select(chars => new string(chars))
            .Sample(text =>
            {
                var result = StrictJsonReader.Parse(text, JsonReadOptions.Lenient);
                if (!result.IsOk) AssertWellFormedFailure(result.Failure!);
            }, iter: 3_000);

    [Fact]
    public void MutatedValidJson_NeverThrows_AndEitherParsesOrFailsWithJsonErrorToken() =>
        JsonValueGenerators.Value(JsonGenerationLimits.Default, JsonValueGenerators.AnyNumber)
            .SelectMany(v => JsonValueGenerators.Mutate(CanonicalJson.Encode(v)))
            .Sample(ParsesOrFailsWithJsonErrorToken, iter: 3_000);

    [Fact]
    public void MutatedSamplePdu_NeverThrows_AndEitherParsesOrFailsWithJsonErrorToken() =>
        JsonValueGenerators.Mutate(Encoding.UTF8.GetBytes(SamplePdu))
            .Sample(ParsesOrFailsWithJsonErrorToken, iter: 3_000);

    [Fact]
    public void GeneratedValue_RoundTripsThroughCanonicalEncoding() =>
        JsonValueGenerators.Value(JsonGenerationLimits.Default, JsonValueGenerators.AnyNumber).Sample(value =>
        {
            var bytes = CanonicalJson.Encode(value);
            var parsed = StrictJsonReader.Parse(bytes, JsonReadOptions.Lenient);
            Assert.True(parsed.IsOk, parsed.Failure?.ToString());
            Assert.Equal(value, parsed.Value);
            Assert.Equal(value, StrictJsonReader.Parse(CanonicalJson.EncodeToString(value), JsonReadOptions.Lenient).Value);
        }, iter: 1_000, print: v => CanonicalJson.EncodeToString(v));

    [Fact]
    public void GeneratedCanonicalValue_RoundTripsUnderCanonicalReading() =>
        JsonValueGenerators.Value().Sample(value =>
        {
            var bytes = CanonicalJson.Encode(value);
            var parsed = StrictJsonReader.Parse(bytes, JsonReadOptions.Canonical);
            Assert.True(parsed.IsOk, parsed.Failure?.ToString());
            Assert.Equal(value, parsed.Value);
            Assert.Equal(bytes, CanonicalJson.Encode(parsed.Value));
        }, iter: 1_000, print: v => CanonicalJson.EncodeToString(v));

    // The check shared by the no-throw properties: a failure is one of ours and says where; a
    // success re-encodes to canonical JSON that is a fixed point of reading and writing.
    private static void ParsesOrFailsWithJsonErrorToken(byte[] input)
    {
        foreach (var options in new[] { JsonReadOptions.Lenient, JsonReadOptions.Canonical })
        {
            var result = StrictJsonReader.Parse(input, options);
            if (!result.IsOk)
            {
                AssertWellFormedFailure(result.Failure!);
                continue;
            }
            var encoded = CanonicalJson.Encode(result.Value);
            var again = StrictJsonReader.Parse(encoded, JsonReadOptions.Lenient);
            Assert.True(again.IsOk, again.Failure?.ToString());
            Assert.Equal(encoded, CanonicalJson.Encode(again.Value));
        }
    }

    private static void AssertWellFormedFailure(Failure failure)
    {
        Assert.Contains(failure.Token, AllJsonErrorTokens);
        Assert.StartsWith("$", failure.Path);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }
}
