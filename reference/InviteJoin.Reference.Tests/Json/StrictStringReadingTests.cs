using System.Text;
using static InviteJoin.Reference.Tests.Json.JsonTestHelpers;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>
/// Strings as the strict reader reads them (RFC 8259 §7). The reader takes a string whose closing quote lies within the
/// next sixteen or thirty-two bytes down a path of its own (and looks it up among the strings Matrix events repeat),
/// and every other string down its general path: both must read what the text says at every length, wherever an
/// escape, a non-ASCII character or a forbidden byte stands, and however near the end of the input the string ends.
/// </summary>
public sealed class StrictStringReadingTests
{
    // JSON text inside the quotes, and what it stands for; null where the text is refused.
    private static readonly (string Json, string? Text)[] Specials =
    [
        ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\n", "\n"), ("\\u0041", "A"), ("\\ud83d\\ude00", "😀"),
        ("é", "é"), ("\u2028", "\u2028"), ("😀", "😀"), ("\u007f", "\u007f"), ("~", "~"), (" ", " "),
        ("\u0001", null), ("\t", null), ("\\x", null),
    ];

    // Strings the reader may share as common ones, and strings that differ from them by one character or in length.
    private static readonly string[] Common =
    [
        "type", "state_key", "m.room.member", "origin_server_ts", "m.room.power_levels", "m.room.join_rules",
        "history_visibility", "m.room.history_visibility", "join_authorised_via_users_server", "",
    ];

    public static TheoryData<int> Lengths => [.. Enumerable.Range(0, 70).Concat([127, 128, 129, 300])];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryString_ReadsAsItsTextSays_WhereverItsSpecialCharacterStands(int length)
    {
        foreach (var (json, text) in Specials)
        {
            foreach (var at in new[] { 0, length / 2, length })
            {
                var before = new string('a', at);
                var after = new string('b', Math.Max(0, length - at));
                // Either little after the string, or more than two vectors' worth.
                foreach (var (trailer, keyTrailer) in new[] { ("", ""), (string.Concat(Enumerable.Repeat(",0", 20)), ",\"z\":" + new string('1', 40)) })
                {
                    var document = "[\"" + before + json + after + "\"" + trailer + "]";
                    var asKey = "{\"" + before + json + after + "\":1" + keyTrailer + "}";
                    if (text is null)
                    {
                        var failure = ParseFails(document);
                        Assert.Equal(2 + at, Offset(failure.Message));
                        Assert.Equal(2 + at, Offset(ParseFails(asKey).Message));
                        continue;
                    }
                    var read = (JsonArray)ParseOk(document);
                    Assert.Equal(before + text + after, ((JsonString)read[0]).Value);
                    Assert.Equal(trailer.Length / 2 + 1, read.Count);
                    Assert.True(((JsonObject)ParseOk(asKey)).ContainsKey(before + text + after));
                }
                // Ending right at the end of the input, with nothing after the closing quote.
                if (text is not null) Assert.Equal(before + text + after, ((JsonString)ParseOk("\"" + before + json + after + "\"")).Value);
            }
        }
        var plain = new string('x', length);
        Assert.Equal(plain, ((JsonString)ParseOk("\"" + plain + "\"")).Value);
        Assert.Equal(plain, ((JsonString)((JsonArray)ParseOk("[\"" + plain + "\"," + new string('1', 40) + "]"))[0]).Value);
    }

    [Fact]
    public void CommonStringsAndTheirNearMisses_ReadAsWritten_AndOrderAsKeys()
    {
        var keys = new List<string>();
        foreach (var common in Common)
        {
            keys.Add(common);
            keys.Add(common + "x");
            if (common.Length > 0) keys.Add(common[..^1]);
            for (var i = 0; i < common.Length; i++)
            {
                keys.Add(common[..i] + (common[i] == 'z' ? 'y' : 'z') + common[(i + 1)..]);
            }
        }
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in distinct)
        {
            // As a value with plenty of input after it (the vector paths), at the very end, and as a key.
            var array = (JsonArray)ParseOk("[\"" + key + "\"," + new string('1', 40) + "]");
            Assert.Equal(key, ((JsonString)array[0]).Value);
            Assert.Equal(key, ((JsonString)ParseOk("\"" + key + "\"")).Value);
        }
        // Objects of a few keys each, written in reverse order: read back in code-point order, each with its own value.
        for (var start = 0; start < distinct.Count; start += 7)
        {
            var some = distinct.Skip(start).Take(7).ToList();
            // Padded past a kilobyte, the least a document needs for the reader to share its repeated strings.
            var written = "{" + string.Join(",", Enumerable.Reverse(some).Select(k => "\"" + k + "\":\"v" + k + "\"")) + ",\"pad\":\"" + new string('q', 1100) + "\"}";
            var read = (JsonObject)ParseOk(written);
            var expected = some.Append("pad").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, read.Members.Select(m => m.Key).ToList());
            foreach (var k in some) Assert.Equal("v" + k, ((JsonString)read[k]!).Value);
        }
    }

    [Fact]
    public void AKey_ReadsAsTheSameStringDoesAsAValue_CommonOrNot()
    {
        // Keys are first looked up among the common strings by a path of their own; values never take it. Each key, near
        // miss and special string is read both ways, with plenty of input after it and with the string ending the
        // document's last sixteen bytes: the same text, and the very instance when the string is common.
        var texts = Common.Concat(Common.Select(c => c + "x")).Concat(Common.Where(c => c.Length > 0).Select(c => c[..^1]))
            .Concat(Common.Select(c => "z" + c)).Concat(Specials.Where(s => s.Text is not null).Select(s => "ban" + s.Json))
            .Concat(["via", "ban", "join", "m.text", "ed25519:1", "content", "depth", "sender", "content\\u0073", "ab\\\"c", "ban\\u0061"]);
        foreach (var json in texts.Distinct(StringComparer.Ordinal))
        {
            foreach (var trailer in new[] { "", "," + new string('1', 40) })
            {
                var asValue = ((JsonString)((JsonArray)ParseOk("[\"" + json + "\"" + trailer + "]"))[0]).Value;
                var asKey = ((JsonObject)ParseOk("{\"" + json + "\":[0" + trailer + "]}")).Members[0].Key;
                Assert.Equal(asValue, asKey);
                if (Common.Contains(asValue)) Assert.Same(asValue, asKey);
            }
        }
    }

    [Fact]
    public void ObjectsOfCommonKeys_ReadInCodePointOrder_AndNameTheLeastKeyGivenTwice()
    {
        // Objects of 1 to 16 common keys (the reader orders these by their ranks), drawn with replacement so that some give
        // a key twice or more, in an order fixed by a seed. Each is also read with one key that is not common added last,
        // which sends it down the general path: both must keep the same members.
        string[] pool = [.. Common, "content", "depth", "event_id", "sender", "room_id", "auth_events", "prev_events", "membership", "join", "users", "ban", "m.room.create"];
        var random = new Random(11);
        for (var round = 0; round < 2000; round++)
        {
            var keys = Enumerable.Range(0, random.Next(1, 17)).Select(_ => pool[random.Next(pool.Length)]).ToList();
            var members = keys.Select((k, i) => "\"" + k + "\": " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var written = "{" + string.Join(", ", members) + "}";
            var general = "{" + string.Join(", ", members.Append("\"~not common\": -1")) + "}";
            var twice = keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
            if (twice.Count > 0)
            {
                var failure = ParseFails(written);
                Assert.Equal("json.duplicate_key", failure.Token);
                Assert.Contains("has the key \"" + twice[0] + "\" twice", failure.Message);
                Assert.Equal("json.duplicate_key", ParseFails(general).Token);
                continue;
            }
            var read = (JsonObject)ParseOk(written);
            Assert.Equal(keys.Order(StringComparer.Ordinal), read.Members.Select(m => m.Key));
            for (var i = 0; i < keys.Count; i++) Assert.Equal(JsonValue.Number(i), read[keys[i]]);
            Assert.Equal(read.Members, ((JsonObject)ParseOk(general)).Without("~not common").Members);
        }
    }

    [Fact]
    public void ADocumentRepeatingManyStrings_ReadsEachAsWritten()
    {
        // 200 strings of 3 to 31 characters, the longer ones sharing their first sixteen, each written three times in an
        // order fixed by a seed: more distinct strings than the reader remembers for one document.
        var strings = Enumerable.Range(0, 200)
            .Select(i => new string('p', Math.Max(0, (i % 31) - 2)) + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var random = new Random(7);
        var written = strings.Concat(strings).Concat(strings).OrderBy(_ => random.Next()).ToList();
        var read = (JsonArray)ParseOk("[" + string.Join(",", written.Select(t => "\"" + t + "\"")) + "]");
        Assert.Equal(written, read.Select(v => ((JsonString)v).Value).ToList());
    }

    // The byte offset a message names ("at byte N").
    private static int Offset(string message)
    {
        var at = message.IndexOf("at byte ", StringComparison.Ordinal);
        Assert.True(at >= 0, message);
        var digits = message[(at + 8)..].TakeWhile(char.IsAsciiDigit).ToArray();
        return int.Parse(new string(digits), System.Globalization.CultureInfo.InvariantCulture);
    }
}
