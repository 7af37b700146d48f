using System.Collections.Immutable;
using System.Text.Json;
using InviteJoin.Conformance.Json;

namespace InviteJoin.Conformance.Adapters;

/// <summary>
/// The first line an adapter writes (spec/vectors/adapter-protocol.md): who answers, in which version, which
/// suites it supports and which one this process answers; optionally the room versions it knows.
/// </summary>
public sealed record AdapterHandshake(
    string Protocol,
    string Implementation,
    string Version,
    ImmutableArray<string> Suites,
    string? Suite,
    string? Profile,
    ImmutableArray<string>? RoomVersions,
    string Text)
{
    /// <summary>The protocol this runner speaks; an adapter of an older draft (no <c>protocol</c> key) is read alike.</summary>
    public const string CurrentProtocol = "invitejoin-adapter/2";

    /// <summary>Reads a handshake line; a problem is returned as a sentence.</summary>
    public static (AdapterHandshake? Handshake, string? Problem) Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return (null, "the adapter's first line is not JSON: " + Clip(line));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "the adapter's first line is not a JSON object: " + Clip(line));
            if (!root.TryGetProperty("suites", out var suites) || suites.ValueKind != JsonValueKind.Array)
            {
                return (null, "the adapter's handshake has no \"suites\" array: " + Clip(line));
            }
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var s in suites.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.String) names.Add(CanonicalText.StringOf(s));
            }
            ImmutableArray<string>? versions = null;
            if (root.TryGetProperty("room_versions", out var rv) && rv.ValueKind == JsonValueKind.Array)
            {
                versions = [.. rv.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(CanonicalText.StringOf)];
            }
            return (new AdapterHandshake(
                Field(root, "protocol") ?? "invitejoin-adapter/1",
                Field(root, "implementation") ?? "unknown",
                Field(root, "version") ?? "unknown",
                names.ToImmutable(),
                Field(root, "suite"),
                Field(root, "profile"),
                versions,
                CanonicalText.Of(root)), null);
        }
    }

    private static string? Field(JsonElement root, string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? CanonicalText.StringOf(value) : null;

    internal static string Clip(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
