using System.Collections.Immutable;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>canonical_json</c> suite: JSON texts and the canonical JSON each encodes to (spec v1.19, appendices
/// "Canonical JSON"), or that it cannot be encoded: not JSON (a duplicate key, a lone surrogate, trailing data), or
/// a number canonical JSON does not allow (a fraction, an integer outside ±(2^53−1)). The spec's own examples carry
/// the spec's answers; the rest are written here, each about one edge of the encoding.
/// </summary>
public static class CanonicalJsonVectors
{
    private const string Suite = "canonical_json";

    public static IEnumerable<VectorSource> Cases()
    {
        // The spec's examples, in its order, with the text it says each gives.
        var spec = new (string Input, string Canonical)[]
        {
            ("{}", "{}"),
            ("{\n    \"one\": 1,\n    \"two\": \"Two\"\n}", """{"one":1,"two":"Two"}"""),
            ("{\n    \"b\": \"2\",\n    \"a\": \"1\"\n}", """{"a":"1","b":"2"}"""),
            ("""{"b":"2","a":"1"}""", """{"a":"1","b":"2"}"""),
            ("""
             {
                 "auth": {
                     "success": true,
                     "mxid": "@john.doe:example.com",
                     "profile": {
                         "display_name": "John Doe",
                         "three_pids": [
                             {"medium": "email", "address": "john.doe@example.org"},
                             {"medium": "msisdn", "address": "123456789"}
                         ]
                     }
                 }
             }
             """,
             """{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"""),
            ("{\n    \"a\": \"日本語\"\n}", """{"a":"日本語"}"""),
            ("{\n    \"本\": 2,\n    \"日\": 1\n}", """{"日":1,"本":2}"""),
            ("{\n    \"a\": \"\\u65E5\"\n}", """{"a":"日"}"""),
            ("{\n    \"a\": null\n}", """{"a":null}"""),
            ("{\n    \"a\": -0,\n    \"b\": 1e10\n}", """{"a":0,"b":10000000000}"""),
        };
        for (var i = 0; i < spec.Length; i++)
        {
            yield return Case("spec", "spec/example-" + (i + 1), spec[i].Input, spec[i].Canonical, null, [], "spec v1.19, appendices, \"Canonical JSON\", example " + (i + 1));
        }

        foreach (var c in Strings()) yield return c;
        foreach (var c in Numbers()) yield return c;
        foreach (var c in Structure()) yield return c;
    }

    private static IEnumerable<VectorSource> Strings()
    {
        const string group = "strings";
        yield return Written(group, "escapes/quote-and-backslash", """{"a":"\"\\"}""", """{"a":"\"\\"}""", "a quote and a backslash stay escaped");
        yield return Written(group, "escapes/short-forms", """{"a":"\b\f\n\r\t"}""", """{"a":"\b\f\n\r\t"}""", "the five controls with a short escape keep it");
        yield return Written(group, "escapes/other-controls", """{"a":"\u0000\u0001\u001F\u000B"}""", """{"a":"\u0000\u0001\u001f\u000b"}""", "other controls are \\u00xx escapes with lower-case hex", "edge_case");
        yield return Written(group, "escapes/short-form-from-u-escape", """{"a":"\u0008\u000a"}""", """{"a":"\b\n"}""", "a \\u escape of a control that has a short form becomes the short form");
        yield return Written(group, "escapes/solidus-unescaped", """{"a":"\/"}""", """{"a":"/"}""", "an escaped solidus is written bare");
        yield return Written(group, "escapes/delete-unescaped", """{"a":"\u007F"}""", "{\"a\":\"\u007F\"}", "U+007F is not a control JSON escapes", "edge_case");
        yield return Written(group, "unicode/non-ascii-literal", """{"a":"\u00e9\u4e2d"}""", """{"a":"é中"}""", "characters outside ASCII are written as UTF-8, not escaped");
        yield return Written(group, "unicode/line-separators", """{"a":"\u2028\u2029"}""", "{\"a\":\"\u2028\u2029\"}", "U+2028 and U+2029 are written as they are (JSON, unlike JavaScript source, allows them)", "edge_case");
        yield return Written(group, "unicode/surrogate-pair", """{"a":"\ud83d\ude00"}""", """{"a":"😀"}""", "an escaped surrogate pair is one character, written as UTF-8");
        yield return Written(group, "unicode/astral-literal", """{"a":"😀"}""", """{"a":"😀"}""", "a character above U+FFFF written literally stays");
        yield return Written(group, "unicode/no-normalisation", "{\"a\":\"e\u0301\",\"b\":\"\u00e9\"}", "{\"a\":\"e\u0301\",\"b\":\"\u00e9\"}", "canonical JSON does not normalise Unicode: a decomposed é and a composed é differ", "malleability");
        yield return Written(group, "keys/code-point-order-astral", "{\"\uFF61\":1,\"\U0001F600\":2}", "{\"\uFF61\":1,\"\U0001F600\":2}",
            "keys sort by code point: U+FF61 before U+1F600, although UTF-16 code units put the surrogate 0xD83D first", "edge_case", "malleability");
        yield return Written(group, "keys/code-point-order-bmp", "{\"b\":1,\"B\":2,\"a\":3,\"\u00e9\":4,\"\":5}", "{\"\":5,\"B\":2,\"a\":3,\"b\":1,\"\u00e9\":4}", "the empty key first, upper case before lower case, é after z");
        yield return Written(group, "keys/escaped-keys", """{"\u0062":1,"\u0061":2}""", """{"a":2,"b":1}""", "keys are compared after their escapes are read");
        yield return Written(group, "keys/prefix-first", """{"ab":1,"a":2,"abc":3}""", """{"a":2,"ab":1,"abc":3}""", "a key sorts before every longer key it begins");
        yield return Invalid(group, "invalid/lone-high-surrogate", """{"a":"\ud83d"}""", "a lone surrogate escape is not a Unicode character: canonical JSON (UTF-8) cannot hold it", "bad_input");
        yield return Invalid(group, "invalid/lone-low-surrogate", """{"a":"\ude00x"}""", "a lone low surrogate is not a Unicode character", "bad_input");
        yield return Invalid(group, "invalid/raw-control", "{\"a\":\"\u0001\"}", "a raw control character inside a string is not JSON", "bad_input");
        yield return Invalid(group, "invalid/bad-escape", """{"a":"\x41"}""", "\\x is not a JSON escape", "bad_input");
    }

    private static IEnumerable<VectorSource> Numbers()
    {
        const string group = "numbers";
        yield return Written(group, "integers/zero-and-signs", """[0,-1,1,-0]""", """[0,-1,1,0]""", "negative zero is written 0", "edge_case");
        yield return Written(group, "integers/largest-safe", """[9007199254740991,-9007199254740991]""", """[9007199254740991,-9007199254740991]""", "±(2^53−1), the largest integers canonical JSON allows", "edge_case");
        yield return Written(group, "integers/exponent", """[1E2,2e+3,5000e-3,1.0,1.50e1]""", """[100,2000,5,1,15]""", "an integral value written with an exponent or a fraction part is an integer", "malleability");
        yield return Written(group, "integers/largest-safe-exponent", """[9.007199254740991e15]""", """[9007199254740991]""", "2^53−1 written with an exponent", "edge_case");
        yield return Invalid(group, "invalid/above-range", """[9007199254740992]""", "2^53 is outside ±(2^53−1): canonical JSON has no encoding for it", "edge_case");
        yield return Invalid(group, "invalid/below-range", """[-9007199254740992]""", "−2^53 is outside ±(2^53−1)", "edge_case");
        yield return Invalid(group, "invalid/far-above-range", """{"a":123456789012345678901234567890}""", "an integer far outside the range", "edge_case");
        yield return Invalid(group, "invalid/fraction", """{"a":1.5}""", "a fraction: \"Float values are not permitted by this encoding\"", "bad_input");
        yield return Invalid(group, "invalid/small-fraction", """{"a":-1.5e-7}""", "a small fraction written with an exponent", "bad_input");
        yield return Invalid(group, "invalid/beyond-double", """[1e400]""", "a number beyond the range of a double", "bad_input");
        yield return Invalid(group, "invalid/leading-zero", """[01]""", "a leading zero is not JSON", "bad_input");
        yield return Invalid(group, "invalid/plus-sign", """[+1]""", "a plus sign is not JSON", "bad_input");
        yield return Invalid(group, "invalid/nan", """[NaN]""", "NaN is not JSON", "bad_input");
    }

    private static IEnumerable<VectorSource> Structure()
    {
        const string group = "structure";
        yield return Written(group, "whitespace/all-kinds", " \t\r\n{ \"a\" :\t[ 1 ,\r\n2 ] } \n", """{"a":[1,2]}""", "the four whitespace characters JSON allows, anywhere between tokens");
        yield return Written(group, "values/top-level-array", """[ "b" , "a" ]""", """["b","a"]""", "arrays keep their order");
        yield return Written(group, "values/top-level-string", "\"x\"", "\"x\"", "any JSON value has a canonical form, not only objects", "edge_case");
        yield return Written(group, "values/literals", """{"t":true,"f":false,"n":null}""", """{"f":false,"n":null,"t":true}""", "the three literals");
        yield return Written(group, "values/empty-containers", """{"a":{},"b":[],"c":[{}],"d":""}""", """{"a":{},"b":[],"c":[{}],"d":""}""", "empty objects, arrays and strings");
        yield return Written(group, "values/nested-sorting", """{"z":{"b":{"d":1,"c":2},"a":[{"y":1,"x":2}]},"a":0}""", """{"a":0,"z":{"a":[{"x":2,"y":1}],"b":{"c":2,"d":1}}}""", "every object is sorted, however deep");
        yield return Written(group, "depth/deep-nesting", new string('[', 200) + new string(']', 200), new string('[', 200) + new string(']', 200), "200 levels of nesting", "edge_case");
        yield return Written(group, "size/long-string", "{\"a\":\"" + new string('x', 70000) + "\"}", "{\"a\":\"" + new string('x', 70000) + "\"}", "a string longer than an event may be: canonical JSON itself has no size limit", "edge_case");
        yield return Invalid(group, "invalid/duplicate-key", """{"a":1,"a":2}""", "a key twice: which value is meant is not defined, so two servers could sign different objects", "malleability", "bad_input");
        yield return Invalid(group, "invalid/duplicate-key-escaped", """{"a":1,"\u0061":2}""", "the same key twice, once escaped", "malleability", "bad_input");
        yield return Invalid(group, "invalid/trailing-data", """{"a":1} {}""", "two values", "bad_input");
        yield return Invalid(group, "invalid/trailing-comma", """{"a":1,}""", "a trailing comma is not JSON", "bad_input");
        yield return Invalid(group, "invalid/single-quotes", """{'a':1}""", "single quotes are not JSON", "bad_input");
        yield return Invalid(group, "invalid/truncated", """{"a":[1,2""", "the text ends inside an array", "bad_input");
        yield return Invalid(group, "invalid/empty", "", "no value at all", "bad_input");
        yield return Invalid(group, "invalid/byte-order-mark", "\uFEFF{}", "a byte order mark before the value (RFC 8259 §8.1: implementations must not add one)", "bad_input");
        yield return Invalid(group, "invalid/too-deep", new string('[', 300) + new string(']', 300), "300 levels of nesting: deeper than any implementation should follow (the reference stops at 256)", "edge_case", "bad_input");
    }

    private static VectorSource Written(string group, string name, string input, string canonical, string comment, params string[] flags) =>
        Case(group, group + "/" + name, input, canonical, comment, flags, "written for InviteJoin's vectors");

    private static VectorSource Invalid(string group, string name, string input, string comment, params string[] flags) =>
        Case(group, group + "/" + name, input, null, comment, flags, "written for InviteJoin's vectors");

    private static VectorSource Case(string group, string id, string input, string? canonical, string? comment, string[] flags, string source)
    {
        var declared = canonical is null
            ? Declared.Key("invalid", JsonValue.Bool(true))
            : Declared.Key("canonical", JsonValue.String(canonical));
        var allFlags = canonical is null && !flags.Contains("bad_input") && !flags.Contains("edge_case") ? [.. flags, "bad_input"] : flags;
        return new VectorSource(Suite, group, Suite + "/" + id, null, [], [.. allFlags], comment,
            JsonValue.Object(("input", JsonValue.String(input))), declared, source, null);
    }
}
