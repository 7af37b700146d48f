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
