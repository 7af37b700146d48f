using System.Globalization;
using System.Text;
using System.Text.Json;

namespace InviteJoin.Conformance.Json;

/// <summary>
/// Canonical JSON text of a parsed value (spec v1.19, appendices "Canonical JSON"): object keys in Unicode
/// code-point order, no insignificant whitespace, strings escaped only where JSON requires. Answers are
/// compared in this form, so an adapter's key order and spacing never decide a case. A number that is an
/// integer is written as one (an adapter's <c>1.0</c> and <c>1</c> compare equal); any other number keeps its text.
/// </summary>
public static class CanonicalText
{
    /// <summary>The canonical text of <paramref name="value"/>.</summary>
    public static string Of(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    /// <summary>The canonical text of a JSON string holding <paramref name="value"/>.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder();
        WriteString(value, text);
        return text.ToString();
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same JSON value.</summary>
    public static bool Same(JsonElement a, JsonElement b) => string.Equals(Of(a), Of(b), StringComparison.Ordinal);

    private static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Key, JsonElement Value)>();
                foreach (var member in value.EnumerateObject()) members.Add((member.Name, member.Value));
                members.Sort((x, y) => CodePoints.Compare(x.Key, y.Key));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    WriteString(members[i].Key, text);
                    text.Append(':');
                    Write(members[i].Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) text.Append(',');
                    first = false;
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, text);
                break;
            case JsonValueKind.Number:
                text.Append(Number(value));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static string Number(JsonElement value)
    {
        if (value.TryGetInt64(out var integer)) return integer.ToString(CultureInfo.InvariantCulture);
        var raw = value.GetRawText();
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) && exact == decimal.Truncate(exact))
        {
            return decimal.Truncate(exact).ToString(CultureInfo.InvariantCulture);
        }
        return raw;
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}

/// <summary>Orders strings by Unicode code point, the order of canonical JSON's object keys.</summary>
public static class CodePoints
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</summary>
    public static int Compare(string a, string b)
    {
        var i = 0;
        var j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Next(a, ref i);
            var y = Next(b, ref j);
            if (x != y) return x < y ? -1 : 1;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    private static int Next(string s, ref int index)
    {
        // A lone surrogate (not valid Unicode text) sorts as its code unit.
        var c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            var code = char.ConvertToUtf32(c, s[index + 1]);
            index += 2;
            return code;
        }
        index++;
        return c;
    }
}
