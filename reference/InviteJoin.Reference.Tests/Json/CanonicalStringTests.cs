using System.Text;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>
/// Strings in canonical JSON (spec v1.19, appendices "Canonical JSON"): UTF-8, with only the quote, the backslash and
/// U+0000–U+001F escaped, the short forms where JSON has them. The encoder copies short printable ASCII byte for byte
/// and takes every other string down its general path: both must agree with the rule at every length and position.
/// </summary>
public sealed class CanonicalStringTests
{
    private static readonly string[] Specials = ["\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "\u2028", "😀", "~", " "];

    public static TheoryData<int> Lengths => [.. Enumerable.Range(0, 70).Concat([127, 128, 129, 300])];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryStringEncodes_AsTheRuleSays_WhereverItsSpecialCharacterStands(int length)
    {
        foreach (var special in Specials)
        {
            foreach (var at in new[] { 0, length / 2, length })
            {
                var text = new string('a', at) + special + new string('b', Math.Max(0, length - at));
                Assert.Equal(Expected(text), CanonicalJson.EncodeToString(JsonValue.String(text)));
                // As an object key too, which the writer encodes the same way.
                Assert.Equal("{" + Expected(text) + ":1}", CanonicalJson.EncodeToString(JsonValue.Object((text, JsonValue.Number(1)))));
            }
        }
        var plain = new string('x', length);
        Assert.Equal(Expected(plain), CanonicalJson.EncodeToString(JsonValue.String(plain)));
    }

    // The rule, written out character by character.
    private static string Expected(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\f' => "\\f",
                '\r' => "\\r",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
