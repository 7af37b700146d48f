using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The signature test of a third-party invite (spec v1.19, rooms v1–v12 "Authorisation rules", the
/// third-party-invite rule 7): "any signature in <c>signed</c> matches any public key in the
/// <c>m.room.third_party_invite</c> event". A signature counts whatever entity and key ID it is filed
/// under; the public keys are <c>content.public_key</c> and each <c>content.public_keys[i].public_key</c>,
/// in unpadded base64. The signed bytes are those of Signing JSON: the canonical JSON of <c>signed</c>
/// without <c>signatures</c> and <c>unsigned</c>.
/// </summary>
public static class ThirdPartyInviteSignature
{
    /// <summary>
    /// The first signature (as <c>entity key_id</c>, in code-point order) in <paramref name="signed"/> that
    /// verifies with a public key of <paramref name="thirdPartyInviteContent"/>, or null when none does.
    /// </summary>
    public static string? FindValid(JsonObject signed, JsonObject thirdPartyInviteContent)
    {
        var keys = PublicKeys(thirdPartyInviteContent);
        if (keys.IsEmpty || signed[JsonSigning.SignaturesKey] is not JsonObject signatures) return null;
        byte[]? message = null;
        foreach (var (entity, entityValue) in signatures)
        {
            if (entityValue is not JsonObject byKeyId) continue;
            foreach (var (keyId, signatureValue) in byKeyId)
            {
                if (signatureValue is not JsonString text || Decode(text.Value) is not { Length: Ed25519.SignatureLength } signature) continue;
                message ??= JsonSigning.SigningBytes(signed);
                foreach (var key in keys)
                {
                    if (Ed25519.Verify(key, message, signature)) return entity + " " + keyId;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Under <see cref="Profiles.Divergence.ThirdPartyInviteFirstSignature"/>: for each published key in turn
    /// (<c>public_key</c>, then each of <c>public_keys</c>), the first signature in <paramref name="signed"/>
    /// filed under an <c>ed25519:</c> key ID (entities and key IDs in code-point order, the order of canonical
    /// JSON) is verified with it; the first key that verifies it allows. Reading a key raises when the key
    /// entry is not an object with <c>public_key</c> (key_error, type_error), or, once a signature is found,
    /// when the key does not decode from base64 to 32 bytes (value_error; attribute_error for a non-string).
    /// </summary>
    public static (string? Verified, Profiles.ImplementationException? Raised) FirstSignatureOnly(JsonObject signed, JsonObject thirdPartyInviteContent)
    {
        var entries = new List<JsonValue>();
        if (thirdPartyInviteContent.TryGetValue("public_key", out var single)) entries.Add(JsonValue.Object(("public_key", single)));
        if (thirdPartyInviteContent.TryGetValue("public_keys", out var listed))
        {
            // The list of keys is extended with the value: an object adds its keys and a string its characters
            // (each raising when it is read as a key object); anything else cannot extend a list.
            switch (listed)
            {
                case JsonArray list:
                    entries.AddRange(list);
                    break;
                case JsonObject keys:
                    entries.AddRange(keys.Select(member => (JsonValue)JsonValue.String(member.Key)));
                    break;
                case JsonString text:
                    entries.AddRange(text.Value.Select(ch => (JsonValue)JsonValue.String(ch.ToString())));
                    break;
                default:
                    return (null, Profiles.ImplementationException.TypeError);
            }
        }
        byte[]? message = null;
        foreach (var entry in entries)
        {
            if (entry is not JsonObject keyObject) return (null, Profiles.ImplementationException.TypeError);
            if (!keyObject.TryGetValue("public_key", out var publicKey)) return (null, Profiles.ImplementationException.KeyError);
            if (signed[JsonSigning.SignaturesKey] is not JsonObject signatures) return (null, Profiles.ImplementationException.AttributeError);
            (string Entity, string KeyId, JsonValue Signature)? first = null;
            foreach (var (entity, block) in signatures)
            {
                if (block is not JsonObject byKeyId) return (null, Profiles.ImplementationException.AttributeError);
                foreach (var (keyId, signature) in byKeyId)
                {
                    if (keyId.StartsWith("ed25519:", StringComparison.Ordinal))
                    {
                        first = (entity, keyId, signature);
                        break;
                    }
                }
                if (first is not null) break;
            }
            if (first is not { } found) continue;
            if (publicKey is not JsonString keyText) return (null, Profiles.ImplementationException.AttributeError);
            if (DecodeAsPython(keyText.Value) is not { Length: Ed25519.PublicKeyLength } key) return (null, Profiles.ImplementationException.ValueError);
            if (found.Signature is not JsonString signatureText || Decode(signatureText.Value) is not { Length: Ed25519.SignatureLength } signatureBytes) continue;
            message ??= JsonSigning.SigningBytes(signed);
            if (Ed25519.Verify(key, message, signatureBytes)) return (found.Entity + " " + found.KeyId, null);
        }
        return (null, null);
    }

    // Python's lenient base64: both alphabets, characters outside them ignored; a length that padding cannot fix fails.
    private static byte[]? DecodeAsPython(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch > 0x7F) return null;
            if (char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/' or '-' or '_') kept.Append(ch);
        }
        if (kept.Length % 4 == 1) return null;
        return Decode(kept.ToString());
    }

    /// <summary>The 32-byte public keys <paramref name="content"/> publishes; entries that do not decode to a key are skipped.</summary>
    public static ImmutableArray<byte[]> PublicKeys(JsonObject content)
    {
        var keys = ImmutableArray.CreateBuilder<byte[]>();
        AddKey(keys, content["public_key"]);
        if (content["public_keys"] is JsonArray list)
        {
            foreach (var entry in list)
            {
                if (entry is JsonObject keyObject) AddKey(keys, keyObject["public_key"]);
            }
        }
        return keys.ToImmutable();
    }

    private static void AddKey(ImmutableArray<byte[]>.Builder keys, JsonValue? value)
    {
        if (value is JsonString text && Decode(text.Value) is { Length: Ed25519.PublicKeyLength } key) keys.Add(key);
    }

    // Keys and signatures are "unpadded base64" with no alphabet named, so both are accepted. A text
    // valid in both alphabets uses only their common characters and decodes to the same bytes, so
    // the choice never changes a verdict; it only avoids losing a key written URL-safe.
    private static byte[]? Decode(string text)
    {
        var standard = UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Lenient);
        if (standard.IsOk) return standard.Value;
        var urlSafe = UnpaddedBase64.Decode(text, Base64Alphabet.UrlSafe, Base64Strictness.Lenient);
        return urlSafe.IsOk ? urlSafe.Value : null;
    }
}
