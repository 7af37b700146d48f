using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>Finds numbers that canonical JSON forbids (spec v1.19, appendices "Canonical JSON"), for the room versions that enforce it.</summary>
internal static class CanonicalNumbers
{
    /// <summary>The path of the first non-canonical number in <paramref name="value"/> (in key order), or null.</summary>
    public static string? FirstViolation(JsonValue value, string path)
    {
        switch (value)
        {
            case JsonNumber n:
                return n.IsCanonical ? null : path;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (FirstViolation(a[i], JsonPath.Index(path, i)) is { } found) return found;
                }
                return null;
            case JsonObject o:
                foreach (var (key, member) in o)
                {
                    if (FirstViolation(member, JsonPath.Property(path, key)) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }
}
