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
                foreach (var member in value.EnumerateObject()) members.Add((NameOf(member), member.Value));
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
                WriteString(StringOf(value), text);
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

    /// <summary>
    /// The text of a JSON string. A string holding an escaped lone surrogate (which no UTF-8 text can hold, but JSON's
    /// escapes can write, and some adapters do) is read code unit by code unit instead of refused.
    /// </summary>
    public static string StringOf(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Unescape(value.GetRawText());
        }
    }

    private static string NameOf(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            // The raw property text is "name": value; the name is the first JSON string of it.
            var raw = member.ToString();
            var end = 1;
            while (end < raw.Length && raw[end] != '"') end += raw[end] == '\\' ? 2 : 1;
            return Unescape(raw[..Math.Min(end + 1, raw.Length)]);
        }
    }

    // A quoted JSON string's code units, its escapes read (lone surrogates kept as the code units they name).
    private static string Unescape(string quoted)
    {
        var text = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\' || i + 1 >= quoted.Length - 1)
            {
                text.Append(c);
                continue;
            }
            var e = quoted[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when i + 4 < quoted.Length:
                    text.Append((char)int.Parse(quoted.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }
        return text.ToString();
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
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
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
                    // Controls as JSON requires; a lone surrogate (not text, so canonical JSON has no form for it) escaped likewise.
                    if (c < 0x20 || (char.IsSurrogate(c) && !IsPaired(value, i))) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    private static bool IsPaired(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) : i > 0 && char.IsHighSurrogate(s[i - 1]);
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
