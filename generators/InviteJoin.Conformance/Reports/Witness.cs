using System.Text;
using System.Text.Json;
using InviteJoin.Conformance.Json;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Reports;

/// <summary>
/// A case's request told so a person can read it in a minute: one line per event (ID, type and state key, sender,
/// content, cited auth events), state sets as lists of IDs, any other field as clipped JSON.
/// </summary>
public static class Witness
{
    private const int Clip = 160;

    /// <summary>The readable witness of <paramref name="vector"/>'s request.</summary>
    public static string Of(VectorCase vector)
    {
        using var document = JsonDocument.Parse(vector.RequestText);
        var text = new StringBuilder();
        if (vector.RoomVersion is { } version) text.Append("room version ").Append(version).Append('\n');
        if (vector.Comment is { } comment) text.Append(comment).Append('\n');
        Describe(document.RootElement, "", text);
        return text.ToString().TrimEnd('\n');
    }

    private static void Describe(JsonElement request, string indent, StringBuilder text)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            text.Append(indent).Append(Short(CanonicalText.Of(request), Clip * 4)).Append('\n');
            return;
        }
        foreach (var member in request.EnumerateObject())
        {
            var value = member.Value;
            if (member.Name == "room_version") continue;
            if (IsPdu(value))
            {
                text.Append(indent).Append(member.Name).Append(": ").Append(Pdu(value)).Append('\n');
            }
            else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(IsPdu))
            {
                text.Append(indent).Append(member.Name).Append(":\n");
                foreach (var e in value.EnumerateArray()) text.Append(indent).Append("  ").Append(Pdu(e)).Append('\n');
            }
            else if (member.Name == "state_sets" && value.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var set in value.EnumerateArray())
                {
                    text.Append(indent).Append("state set ").Append(i++).Append(": ").Append(Ids(set)).Append('\n');
                }
            }
            else if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any(m => IsPdu(m.Value) || m.Value.ValueKind == JsonValueKind.Array))
            {
                text.Append(indent).Append(member.Name).Append(":\n");
                Describe(value, indent + "  ", text);
            }
            else
            {
                text.Append(indent).Append(member.Name).Append(": ").Append(Short(CanonicalText.Of(value), Clip * 2)).Append('\n');
            }
        }
    }

    private static bool IsPdu(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && (value.TryGetProperty("sender", out _) || value.TryGetProperty("content", out _));

    private static string Pdu(JsonElement e)
    {
        var line = new StringBuilder();
        line.Append(Field(e, "event_id") ?? "(no event_id)").Append(' ').Append(Field(e, "type"));
        if (e.TryGetProperty("state_key", out var key)) line.Append('[').Append(key.ValueKind == JsonValueKind.String ? CanonicalText.StringOf(key) : CanonicalText.Of(key)).Append(']');
        line.Append(" by ").Append(Field(e, "sender") ?? "?");
        if (e.TryGetProperty("content", out var content)) line.Append(' ').Append(Short(CanonicalText.Of(content), Clip));
        if (e.TryGetProperty("auth_events", out var auth)) line.Append(" auth=").Append(Ids(auth));
        if (e.TryGetProperty("prev_events", out var prev)) line.Append(" prev=").Append(Ids(prev));
        return line.ToString();
    }

    // Event IDs of a list; room versions 1–2 cite [id, hashes] pairs.
    private static string Ids(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array) return Short(CanonicalText.Of(list), Clip);
        var ids = list.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => CanonicalText.StringOf(item),
            JsonValueKind.Array when item.GetArrayLength() > 0 && item[0].ValueKind == JsonValueKind.String => CanonicalText.StringOf(item[0]),
            _ => CanonicalText.Of(item),
        });
        return "[" + string.Join(", ", ids) + "]";
    }

    private static string? Field(JsonElement e, string key) =>
        e.TryGetProperty(key, out var value) ? value.ValueKind == JsonValueKind.String ? CanonicalText.StringOf(value) : CanonicalText.Of(value) : null;

    private static string Short(string text, int length) => text.Length > length ? text[..length] + "…" : text;
}
