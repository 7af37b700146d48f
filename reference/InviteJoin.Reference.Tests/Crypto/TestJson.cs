using System.Text.Json;

namespace InviteJoin.Reference.Tests.Crypto;

/// <summary>
/// Turns JSON text copied from the spec into <see cref="JsonValue"/>s for the crypto tests, through
/// System.Text.Json. Test-only and deliberately small: integers only, duplicate keys keep the last value.
/// The crypto tests must not depend on the reference's own strict reader, which is tested elsewhere.
/// </summary>
internal static class TestJson
{
    public static JsonObject Object(string text)
    {
        using var document = JsonDocument.Parse(text);
        return (JsonObject)Convert(document.RootElement);
    }

    private static JsonValue Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonValue.Object(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Convert(p.Value)))),
        JsonValueKind.Array => JsonValue.Array(element.EnumerateArray().Select(Convert).ToArray()),
        JsonValueKind.String => JsonValue.String(element.GetString()!),
        JsonValueKind.Number => JsonValue.Number(element.GetInt64()),
        JsonValueKind.True => JsonValue.Bool(true),
        JsonValueKind.False => JsonValue.Bool(false),
        JsonValueKind.Null => JsonValue.Null,
        _ => throw new ArgumentException($"unexpected JSON kind {element.ValueKind}"),
    };
}
