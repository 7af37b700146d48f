using System.Numerics;
using System.Text;
using static InviteJoin.Reference.Tests.Json.JsonTestHelpers;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>The strict reader's grammar (RFC 8259), number modes, escapes, duplicate keys and error paths.</summary>
public sealed class StrictJsonReaderTests
{
    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("0", "0")]
    [InlineData("-7", "-7")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("\"plain\"", "\"plain\"")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    [InlineData(" \t\r\n[ 1 ,\t2 ,\r\n3 ] \n", "[1,2,3]")]
    [InlineData("{ \"a\" : [ { \"b\" : null } , [ ] , { } ] }", "{\"a\":[{\"b\":null},[],{}]}")]
    [InlineData("[[[[[]]]]]", "[[[[[]]]]]")]
    [InlineData("\"\\/\"", "\"/\"")]
    [InlineData("[true,false,null,\"x\",-0,12]", "[true,false,null,\"x\",0,12]")]
    public void ValidJson_ParsesToExpectedValue(string json, string canonical)
    {
        Assert.Equal(canonical, Canonical(ParseOk(json)));
        Assert.Equal(canonical, Canonical(ParseOk(json, JsonReadOptions.Canonical)));
    }

    [Theory]
    [InlineData("", "json.truncated")]
    [InlineData(" \n\t ", "json.truncated")]
    [InlineData("[", "json.truncated")]
    [InlineData("{", "json.truncated")]
    [InlineData("{\"a\"", "json.truncated")]
    [InlineData("{\"a\":", "json.truncated")]
    [InlineData("[1,", "json.truncated")]
    [InlineData("\"abc", "json.truncated")]
    [InlineData("tru", "json.truncated")]
    [InlineData("nul", "json.truncated")]
    [InlineData("-", "json.truncated")]
    [InlineData("1.", "json.truncated")]
    [InlineData("1e", "json.truncated")]
    [InlineData("1e+", "json.truncated")]
    [InlineData("[1,]", "json.syntax")]
    [InlineData("{\"a\":1,}", "json.syntax")]
    [InlineData("[,1]", "json.syntax")]
    [InlineData("[1 2]", "json.syntax")]
    [InlineData("{\"a\" 1}", "json.syntax")]
    [InlineData("{\"a\":}", "json.syntax")]
    [InlineData("{\"a\":1 \"b\":2}", "json.syntax")]
    [InlineData("{1:2}", "json.syntax")]
    [InlineData("{'a':1}", "json.syntax")]
    [InlineData("{a:1}", "json.syntax")]
    [InlineData("['a']", "json.syntax")]
    [InlineData("01", "json.syntax")]
    [InlineData("-01", "json.syntax")]
    [InlineData("[00]", "json.syntax")]
    [InlineData("+1", "json.syntax")]
    [InlineData(".5", "json.syntax")]
    [InlineData("1.e5", "json.syntax")]
    [InlineData("1e+x", "json.syntax")]
    [InlineData("-a", "json.syntax")]
    [InlineData("NaN", "json.syntax")]
    [InlineData("Infinity", "json.syntax")]
    [InlineData("-Infinity", "json.syntax")]
    [InlineData("trux", "json.syntax")]
    [InlineData("True", "json.syntax")]
    [InlineData("nulL", "json.syntax")]
    [InlineData("// comment\n1", "json.syntax")]
    [InlineData("/* comment */ 1", "json.syntax")]
    [InlineData("\f1", "json.syntax")]
    [InlineData("\v1", "json.syntax")]
    [InlineData("\u00a01", "json.syntax")]
    [InlineData("\ufeff{}", "json.syntax")]
    [InlineData("[1]]", "json.trailing_data")]
    [InlineData("1 2", "json.trailing_data")]
    [InlineData("{}{}", "json.trailing_data")]
    [InlineData("[1] // comment", "json.trailing_data")]
    [InlineData("truefalse", "json.trailing_data")]
    [InlineData("0x10", "json.trailing_data")]
    public void InvalidJson_FailsWithToken(string json, string token)
    {
        Assert.Equal(token, ParseFails(json).Token);
        Assert.Equal(token, ParseFails(json, JsonReadOptions.Canonical).Token);
    }

    [Fact]
    public void ByteOrderMark_IsSyntaxErrorAtByteZero()
    {
        var failure = ParseFails(Bytes(0xEF, 0xBB, 0xBF, "{}"));
        Assert.Equal("json.syntax", failure.Token);
        Assert.Contains("byte 0", failure.Message);
    }

    [Theory]
    [InlineData("9007199254740991", 9007199254740991L)]
    [InlineData("-9007199254740991", -9007199254740991L)]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("100", 100L)]
    [InlineData("123456789012", 123456789012L)]
    public void CanonicalNumbers_IntegersWithinSafeRange_AreAccepted(string json, long expected)
    {
        var number = Assert.IsType<JsonNumber>(ParseOk(json, JsonReadOptions.Canonical));
        Assert.True(number.TryGetInt64(out var value));
        Assert.Equal(expected, value);
        Assert.True(number.IsIntegerLexeme);
        Assert.True(number.IsCanonical);
    }

    [Theory]
    [InlineData("9007199254740992", "json.integer_out_of_range")]
    [InlineData("-9007199254740992", "json.integer_out_of_range")]
    [InlineData("99999999999999999", "json.integer_out_of_range")]
    [InlineData("9223372036854775808", "json.integer_out_of_range")]
    [InlineData("123456789012345678901234567890", "json.integer_out_of_range")]
    [InlineData("1.5", "json.float_not_allowed")]
    [InlineData("1.0", "json.float_not_allowed")]
    [InlineData("-0.0", "json.float_not_allowed")]
    [InlineData("1e10", "json.float_not_allowed")]
    [InlineData("1E400", "json.float_not_allowed")]
    [InlineData("0e0", "json.float_not_allowed")]
    public void CanonicalNumbers_FractionsExponentsAndLargeIntegers_AreRefused(string json, string token)
    {
        var failure = ParseFails(json, JsonReadOptions.Canonical);
        Assert.Equal(token, failure.Token);
        Assert.Equal("$", failure.Path);
    }

    [Theory]
    [InlineData("9007199254740992", "9007199254740992", true)]
    [InlineData("-9007199254740992", "-9007199254740992", true)]
    [InlineData("9223372036854775807", "9223372036854775807", true)]
    [InlineData("-9223372036854775808", "-9223372036854775808", true)]
    [InlineData("9223372036854775808", "9223372036854775808", true)]
    [InlineData("-123456789012345678901234567890", "-123456789012345678901234567890", true)]
    [InlineData("1e10", "10000000000", false)]
    [InlineData("1E+10", "10000000000", false)]
    [InlineData("2.0", "2", false)]
    [InlineData("-0.0", "0", false)]
    [InlineData("0e999999999999999999", "0", false)]
    [InlineData("1.25e2", "125", false)]
    [InlineData("-1500e-3", "-1.5", false)]
    [InlineData("120e-1", "12", false)]
    [InlineData("0.000e5", "0", false)]
    public void LenientNumbers_IntegralValues_AreExact(string json, string expected, bool isIntegerLexeme)
    {
        var number = Assert.IsType<JsonNumber>(ParseOk(json));
        if (expected.Contains('.'))
        {
            Assert.False(number.IsIntegral);
            return;
        }
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), number.Integer);
        Assert.Equal(isIntegerLexeme, number.IsIntegerLexeme);
        Assert.Equal(expected, Canonical(number));
    }

    [Fact]
    public void LenientNumbers_LargeExponent_IsExactInteger()
    {
        var number = Assert.IsType<JsonNumber>(ParseOk("1e308"));
        Assert.Equal(BigInteger.Pow(10, 308), number.Integer);
        var max = Assert.IsType<JsonNumber>(ParseOk("1.7976931348623157e308"));
        Assert.Equal(BigInteger.Parse("17976931348623157", System.Globalization.CultureInfo.InvariantCulture) * BigInteger.Pow(10, 292), max.Integer);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e-7", 1e-7)]
    [InlineData("12.5e-1", 1.25)]
    [InlineData("3.141592653589793", 3.141592653589793)]
    public void LenientNumbers_Fractions_AreDoubles(string json, double expected)
    {
        var number = Assert.IsType<JsonNumber>(ParseOk(json));
        Assert.False(number.IsIntegral);
        Assert.Equal(expected, number.Fraction!.Value);
        Assert.False(number.IsCanonical);
    }

    [Theory]
    [InlineData("1e-400", "0")]
    [InlineData("-1e-400", "0")]
    [InlineData("123456789012345678901.5", "123456789012345683968")]
    [InlineData("-4.0000000000000000001", "-4")]
    public void LenientNumbers_NonIntegralLexemeWithWholeDoubleValue_IsThatInteger(string json, string expected)
    {
        // Such a number means the double it rounds to; when that double is whole it is held as an
        // integer, so that its canonical text reads back to the same value.
        var number = Assert.IsType<JsonNumber>(ParseOk(json));
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), number.Integer);
        Assert.False(number.IsIntegerLexeme);
        Assert.Equal(expected, Canonical(number));
    }

    [Theory]
    [InlineData("1E400")]
    [InlineData("-1e400")]
    [InlineData("1.8e308")]
    [InlineData("[1e99999999999999999999]")]
    public void LenientNumbers_BeyondDoubleRange_AreNumberOutOfRange(string json) =>
        Assert.Equal("json.number_out_of_range", ParseFails(json).Token);

    [Fact]
    public void LenientNumbers_IntegerDigitBound_IsEnforced()
    {
        var longest = "9" + new string('0', 999);
        Assert.Equal(BigInteger.Pow(10, 999) * 9, Assert.IsType<JsonNumber>(ParseOk(longest)).Integer);
        var failure = ParseFails("[" + longest + "0]");
        Assert.Equal("json.number_out_of_range", failure.Token);
        Assert.Equal("$[0]", failure.Path);
    }

    [Theory]
    [InlineData("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t")]
    [InlineData("\"\\u0041\\u00e9\\u00E9\"", "Aéé")]
    [InlineData("\"\\u0000\"", "\0")]
    [InlineData("\"\\u65E5\\u672c\"", "日本")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("\"\\uD83D\\uDE00\"", "\U0001F600")]
    [InlineData("\"a\\ud83d\\ude00b\\n\"", "a\U0001F600b\n")]
    [InlineData("\"\\uDBFF\\uDFFF\"", "\U0010FFFF")]
    [InlineData("\"\u007f é 日 \U0001F600\"", "\u007f é 日 \U0001F600")]
    public void Escapes_DecodeToExpectedText(string json, string expected)
    {
        Assert.Equal(expected, Assert.IsType<JsonString>(ParseOk(json)).Value);
        Assert.Equal(expected, Assert.IsType<JsonString>(StrictJsonReader.Parse(json, JsonReadOptions.Lenient).Value).Value);
    }

    [Theory]
    [InlineData("\"\\ud800\"", "json.lone_surrogate")]
    [InlineData("\"\\udc00\"", "json.lone_surrogate")]
    [InlineData("\"\\ude00\\ud83d\"", "json.lone_surrogate")]
    [InlineData("\"\\ud800\\u0041\"", "json.lone_surrogate")]
    [InlineData("\"\\ud800\\ud800\"", "json.lone_surrogate")]
    [InlineData("\"\\ud800x\"", "json.lone_surrogate")]
    [InlineData("\"\\ud800\\n\"", "json.lone_surrogate")]
    [InlineData("\"\\ud83d", "json.truncated")]
    [InlineData("\"\\ud83d\\", "json.truncated")]
    [InlineData("\"\\ud83d\\ude", "json.truncated")]
    [InlineData("\"\\ud800\\uzzzz\"", "json.invalid_escape")]
    [InlineData("\"\\x\"", "json.invalid_escape")]
    [InlineData("\"\\U0041\"", "json.invalid_escape")]
    [InlineData("\"\\'\"", "json.invalid_escape")]
    [InlineData("\"\\a\"", "json.invalid_escape")]
    [InlineData("\"\\u12\"", "json.invalid_escape")]
    [InlineData("\"\\u-123\"", "json.invalid_escape")]
    [InlineData("\"\\u12", "json.truncated")]
    [InlineData("\"\\", "json.truncated")]
    public void BadEscapes_FailWithToken(string json, string token) =>
        Assert.Equal(token, ParseFails(json).Token);

    [Fact]
    public void LoneSurrogateInDotNetString_IsReportedWithPath()
    {
        var inValue = StrictJsonReader.Parse("{\"k\":[\"ok\",\"a\uD800b\"]}", JsonReadOptions.Lenient);
        Assert.Equal("json.lone_surrogate", inValue.Failure!.Token);
        Assert.Equal("$.k[1]", inValue.Failure.Path);
        Assert.Contains("U+D800", inValue.Failure.Message);

        var inKey = StrictJsonReader.Parse("{\"a\":{\"\uDC00\":1}}", JsonReadOptions.Lenient);
        Assert.Equal("json.lone_surrogate", inKey.Failure!.Token);
        Assert.Equal("$.a", inKey.Failure.Path);

        var outsideString = StrictJsonReader.Parse("[\uDBFF]", JsonReadOptions.Lenient);
        Assert.Equal("json.lone_surrogate", outsideString.Failure!.Token);

        var reversedPair = StrictJsonReader.Parse("\"\uDE00\uD83D\"", JsonReadOptions.Lenient);
        Assert.Equal("json.lone_surrogate", reversedPair.Failure!.Token);
    }

    [Fact]
    public void SurrogatePairInDotNetString_Parses() =>
        Assert.Equal("\U0001F600", Assert.IsType<JsonString>(StrictJsonReader.Parse("\"\U0001F600\"", JsonReadOptions.Lenient).Value).Value);

    [Fact]
    public void EncodedSurrogateInUtf8Bytes_IsInvalidUtf8() =>
        Assert.Equal("json.invalid_utf8", ParseFails(Bytes("\"", 0xED, 0xA0, 0x80, "\"")).Token);

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "$", "\"a\"")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "$", "\"a\"")]
    [InlineData("{\"z\":1,\"a\":2,\"z\":3}", "$", "\"z\"")]
    [InlineData("{\"\":1,\"\":2}", "$", "\"\"")]
    [InlineData("{\"b\":{\"x\":1,\"y\":2,\"x\":3}}", "$.b", "\"x\"")]
    [InlineData("{\"list\":[{},{\"k\":[],\"k\":{}}]}", "$.list[1]", "\"k\"")]
    [InlineData("{\"\\ud83d\\ude00\":1,\"\U0001F600\":2}", "$", "\"\\ud83d\\ude00\"")]
    public void DuplicateKeys_FailNamingKeyAndObjectPath(string json, string path, string quotedKey)
    {
        var failure = ParseFails(json);
        Assert.Equal("json.duplicate_key", failure.Token);
        Assert.Equal(path, failure.Path);
        Assert.Contains(quotedKey, failure.Message);
    }

    [Theory]
    [InlineData("{\"a\":1,\"A\":2}")]
    [InlineData("{\"\u00e9\":1,\"e\u0301\":2}")]
    [InlineData("{\"a\":{\"a\":{\"a\":1}}}")]
    public void KeysThatDifferAsCodePoints_AreNotDuplicates(string json) => ParseOk(json);

    [Fact]
    public void ObjectMembers_AreHeldInCodePointOrder()
    {
        var value = Assert.IsType<JsonObject>(ParseOk("{\"b\":1,\"\U0001F600\":2,\"\uFFFD\":3,\"a\":4,\"B\":5}"));
        Assert.Equal(["B", "a", "b", "\uFFFD", "\U0001F600"], value.Keys.ToArray());
        Assert.Equal(JsonValue.Number(4), value["a"]);
        Assert.Equal(JsonValue.Object(("a", JsonValue.Number(4)), ("b", JsonValue.Number(1)), ("B", JsonValue.Number(5)),
            ("\uFFFD", JsonValue.Number(3)), ("\U0001F600", JsonValue.Number(2))), value);
    }

    [Theory]
    [InlineData("{\"content\":{\"membership\":tru}}", "json.syntax", "$.content.membership")]
    [InlineData("{\"content\":{\"membership\":\"jo", "json.truncated", "$.content.membership")]
    [InlineData("{\"prev_events\":[\"$a\",\"$b\",1.5]}", "json.float_not_allowed", "$.prev_events[2]")]
    [InlineData("{\"depth\":9007199254740992}", "json.integer_out_of_range", "$.depth")]
    [InlineData("{\"a\":[1,2,}", "json.syntax", "$.a[2]")]
    [InlineData("[[1],[2,3x]]", "json.syntax", "$[1]")]
    [InlineData("{\"a b\":\"\\q\"}", "json.invalid_escape", "$[\"a b\"]")]
    [InlineData("{\"m.federate\":[\"\\ud800\"]}", "json.lone_surrogate", "$[\"m.federate\"][0]")]
    [InlineData("{\"a\":1 \"b\":2}", "json.syntax", "$")]
    [InlineData("{\"a\":1,\"b\":2,}", "json.syntax", "$")]
    [InlineData("{\"a\":{\"b\" 1}}", "json.syntax", "$.a.b")]
    [InlineData("{\"a\":{\"\\x\":1}}", "json.invalid_escape", "$.a")]
    [InlineData("[{\"x\":[[{\"y\":0.5}]]}]", "json.float_not_allowed", "$[0].x[0][0].y")]
    [InlineData("[1,2,3", "json.truncated", "$")]
    [InlineData("[1,2,3,", "json.truncated", "$[3]")]
    [InlineData("\"\\u00", "json.truncated", "$")]
    public void Failures_CarryTheJsonPathWhereTheyHappened(string json, string token, string path)
    {
        var failure = ParseFails(json, JsonReadOptions.Canonical);
        Assert.Equal(token, failure.Token);
        Assert.Equal(path, failure.Path);
    }

    [Theory]
    [InlineData("[1,2,x]", "json.syntax", "byte 5")]
    [InlineData("{\"a\":1,\"a\":2}", "json.duplicate_key", "bytes 1 and 7")]
    [InlineData("[\"abc", "json.truncated", "byte 5")]
    [InlineData("[1] x", "json.trailing_data", "byte 4")]
    [InlineData("[\"\\q\"]", "json.invalid_escape", "byte 2")]
    public void FailureMessages_NameTheByteOffset(string json, string token, string offset)
    {
        var failure = ParseFails(json);
        Assert.Equal(token, failure.Token);
        Assert.Contains(offset, failure.Message);
    }

    [Fact]
    public void SyntaxMessage_SaysWhatWasFoundAndWhatWasExpected()
    {
        var failure = ParseFails("{\"a\":1;}");
        Assert.Equal("unexpected ';' at byte 6; expected ',' or '}'", failure.Message);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"event\"", "a string")]
    [InlineData("null", "null")]
    [InlineData("7", "a number")]
    public void ParseObject_NonObjectTopLevel_IsNotAnObject(string json, string found)
    {
        var result = StrictJsonReader.ParseObject(Encoding.UTF8.GetBytes(json), JsonReadOptions.Canonical);
        Assert.Equal("json.not_an_object", result.Failure!.Token);
        Assert.Equal("$", result.Failure.Path);
        Assert.Contains(found, result.Failure.Message);
    }

    [Fact]
    public void ParseObject_ObjectOrMalformed_ReportsTheRightThing()
    {
        Assert.Equal(JsonValue.Object(("a", JsonValue.Number(1))), StrictJsonReader.ParseObject("{\"a\":1}"u8, JsonReadOptions.Canonical).Value);
        Assert.Equal(JsonValue.Object(("a", JsonValue.Number(1))), StrictJsonReader.ParseObject("{\"a\":1}", JsonReadOptions.Canonical).Value);
        Assert.Equal("json.truncated", StrictJsonReader.ParseObject("[1,"u8, JsonReadOptions.Canonical).Failure!.Token);
    }

    [Fact]
    public void MaxDepth_BoundsNestingOfArraysAndObjects()
    {
        var options = JsonReadOptions.Lenient with { MaxDepth = 3 };
        ParseOk("[{\"a\":[]}]", options);
        ParseOk("[1,[2,[3]]]", options);
        var failure = ParseFails("[{\"a\":[{}]}]", options);
        Assert.Equal("json.too_deep", failure.Token);
        Assert.Equal("$[0].a[0]", failure.Path);
        Assert.Equal("json.too_deep", ParseFails("[]", JsonReadOptions.Lenient with { MaxDepth = 0 }).Token);
        ParseOk("7", JsonReadOptions.Lenient with { MaxDepth = 0 });
    }

    [Fact]
    public void MaxBytes_IsInclusive()
    {
        var json = "[1,2,3]";
        ParseOk(json, JsonReadOptions.Lenient with { MaxBytes = json.Length });
        Assert.Equal("json.too_large", ParseFails(json, JsonReadOptions.Lenient with { MaxBytes = json.Length - 1 }).Token);
        // Bytes, not UTF-16 code units, are what count: "é" is one char and two bytes.
        var accented = "\"é\"";
        Assert.True(StrictJsonReader.Parse(accented, JsonReadOptions.Lenient with { MaxBytes = 4 }).IsOk);
        Assert.Equal("json.too_large", StrictJsonReader.Parse(accented, JsonReadOptions.Lenient with { MaxBytes = 3 }).Failure!.Token);
    }

    [Fact]
    public void StringAndBytesOverloads_Agree()
    {
        var json = "{\"type\":\"m.room.member\",\"content\":{\"membership\":\"join\",\"displayname\":\"Zoë \U0001F600\"},\"depth\":12}";
        Assert.Equal(ParseOk(json), StrictJsonReader.Parse(json, JsonReadOptions.Canonical).Value);
    }
}
