using System.Text;

namespace InviteJoin.Reference.Json;

/// <summary>Renders locations inside a JSON document as JSONPath-style strings (<c>$.content["m.federate"]</c>, <c>$.prev_events[2]</c>).</summary>
public static class JsonPath
{
    public const string Root = "$";

    public static string Property(string parent, string key)
    {
        if (IsPlainName(key)) return parent + "." + key;
        var sb = new StringBuilder(parent.Length + key.Length + 6).Append(parent).Append("[\"");
        foreach (var c in key)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20 || char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append("\"]").ToString();
    }

    public static string Index(string parent, int index) =>
        parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static bool IsPlainName(string key)
    {
        if (key.Length == 0 || key.Length > 64) return false;
        foreach (var c in key)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
        }
        return true;
    }
}
