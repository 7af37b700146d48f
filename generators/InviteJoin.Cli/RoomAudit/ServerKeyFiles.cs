using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>
/// Reads servers' verification keys for an audit: <c>/_matrix/key/v2/server</c> responses (one, an array, JSON
/// lines, or a notary's <c>/_matrix/key/v2/query</c> answer <c>{server_keys: [...]}</c>), each checked to be signed by
/// its own server (spec v1.19, server-server API "Retrieving server keys"), or a plain map
/// <c>{server: {key_id: unpadded base64 public key}}</c>. Keys from <c>verify_keys</c> carry the response's
/// <c>valid_until_ts</c>; keys from <c>old_verify_keys</c> their <c>expired_ts</c>, so each verifies only the events
/// the spec lets it verify.
/// </summary>
internal static class ServerKeyFiles
{
    private static readonly JsonReadOptions Options = new() { MaxBytes = 64 * 1024 * 1024 };

    /// <summary>The keys of every file, in order; a server's key named twice keeps the later one.</summary>
    public static KeyRing Read(IEnumerable<string> paths)
    {
        var ring = KeyRing.Empty;
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            string text;
            try
            {
                text = File.ReadAllText(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
            {
                throw new ExportInputException("audit_room.unreadable_keys", $"{name}: cannot read the keys file: {e.Message}");
            }
            var whole = StrictJsonReader.Parse(text, Options);
            if (whole.IsOk)
            {
                ring = Add(ring, whole.Value, name);
                continue;
            }
            var lines = text.Split('\n');
            var any = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                var line = StrictJsonReader.Parse(lines[i].TrimEnd('\r'), Options);
                if (!line.IsOk)
                {
                    var failure = any || i > 0 ? line.Failure! : whole.Failure!;
                    throw new ExportInputException("audit_room.bad_keys", $"{name}{(any || i > 0 ? ":" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}: not JSON: {failure.Token} at {failure.Path}: {failure.Message}");
                }
                ring = Add(ring, line.Value, name + ":" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                any = true;
            }
        }
        return ring;
    }

    private static KeyRing Add(KeyRing ring, JsonValue value, string where)
    {
        switch (value)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) ring = Add(ring, array[i], where + " [" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                return ring;
            case JsonObject { } notary when notary["server_keys"] is JsonArray keys:
                return Add(ring, keys, where + " server_keys");
            case JsonObject response when response.ContainsKey("server_name") && response.ContainsKey("verify_keys"):
                return AddResponse(ring, response, where);
            case JsonObject map when map.Count > 0 && map.Members.All(m => m.Value is JsonObject keys && keys.Members.All(k => k.Value is JsonString)):
                foreach (var (server, keys) in map)
                {
                    foreach (var (keyId, key) in (JsonObject)keys) ring = ring.With(server, CheckKeyId(keyId, where), new VerifyKey(Decode(((JsonString)key).Value, where + " " + server + " " + keyId)));
                }
                return ring;
            default:
                throw new ExportInputException("audit_room.bad_keys",
                    $"{where}: expected a /_matrix/key/v2/server response, a /_matrix/key/v2/query response, or a map {{server: {{key_id: public key}}}}");
        }
    }

    private static KeyRing AddResponse(KeyRing ring, JsonObject response, string where)
    {
        if (response["server_name"] is not JsonString { Value: var server }) throw Bad(where, "server_name is not a string");
        where += " (" + server + ")";
        if (response["verify_keys"] is not JsonObject verifyKeys) throw Bad(where, "verify_keys is not an object");
        long? validUntil = response["valid_until_ts"] is JsonNumber n && n.TryGetInt64(out var until) ? until : null;
        var own = ImmutableSortedDictionary.CreateBuilder<string, VerifyKey>(StringComparer.Ordinal);
        foreach (var (keyId, entry) in verifyKeys)
        {
            if (entry is not JsonObject { } keyObject || keyObject["key"] is not JsonString key) throw Bad(where, $"verify_keys.{keyId} has no key");
            own[CheckKeyId(keyId, where)] = new VerifyKey(Decode(key.Value, where + " " + keyId), ValidUntilTs: validUntil);
        }
        // The response must carry a valid signature of its own server by one of the keys it publishes.
        var signed = JsonSigning.Verify(response, server, own.ToImmutable());
        if (!signed.IsValid) throw Bad(where, "the response is not signed by its own server's key: " + signed.Failure);
        foreach (var (keyId, key) in own) ring = ring.With(server, keyId, key);
        if (response["old_verify_keys"] is JsonObject oldKeys)
        {
            foreach (var (keyId, entry) in oldKeys)
            {
                if (entry is not JsonObject { } keyObject || keyObject["key"] is not JsonString key) throw Bad(where, $"old_verify_keys.{keyId} has no key");
                long? expired = keyObject["expired_ts"] is JsonNumber e && e.TryGetInt64(out var ts) ? ts : null;
                ring = ring.With(server, CheckKeyId(keyId, where), new VerifyKey(Decode(key.Value, where + " " + keyId), ExpiredTs: expired));
            }
        }
        return ring;
    }

    private static string CheckKeyId(string keyId, string where)
    {
        var parsed = KeyId.Parse(keyId);
        if (!parsed.IsOk) throw Bad(where, $"\"{keyId}\" is not a key ID: {parsed.Failure!.Message}");
        return keyId;
    }

    private static ImmutableArray<byte> Decode(string key, string where)
    {
        var decoded = UnpaddedBase64.Decode(key, Base64Alphabet.Standard, Base64Strictness.Lenient);
        if (!decoded.IsOk) throw Bad(where, "the key is not unpadded base64: " + decoded.Failure!.Message);
        if (decoded.Value.Length != 32) throw Bad(where, $"the key is {decoded.Value.Length} bytes; an Ed25519 public key is 32");
        return [.. decoded.Value];
    }

    private static ExportInputException Bad(string where, string message) => new("audit_room.bad_keys", where + ": " + message);
}
