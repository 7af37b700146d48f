using System.Collections.Immutable;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// Signing JSON objects and checking their signatures (spec v1.19, appendices "Signing Details" and
/// "Checking for a Signature"). The signature covers the canonical JSON of the object without its
/// <c>signatures</c> and <c>unsigned</c> members, so others can add signatures and unsigned data later.
/// </summary>
public static class JsonSigning
{
    /// <summary>The member holding signatures: <c>{entity: {key ID: unpadded base64 signature}}</c>.</summary>
    public const string SignaturesKey = "signatures";

    /// <summary>The member holding data that is not signed.</summary>
    public const string UnsignedKey = "unsigned";

    /// <summary>The bytes a signature covers: the canonical JSON of <paramref name="value"/> without <c>signatures</c> and <c>unsigned</c>.</summary>
    public static byte[] SigningBytes(JsonObject value)
    {
        return CanonicalJson.EncodeWithout(value, SignaturesKey, UnsignedKey);
    }

    /// <summary>
    /// <paramref name="value"/> with <paramref name="key"/>'s signature added under
    /// <c>signatures[entity][key ID]</c>. Other signatures and <c>unsigned</c> are kept as they were; a
    /// <c>signatures</c> member (or entity entry) that is not an object cannot hold a signature and is replaced.
    /// </summary>
    public static JsonObject Sign(JsonObject value, string entity, Ed25519SigningKey key) => AddSignature(value, entity, key, SigningBytes(value));

    /// <summary>
    /// <paramref name="value"/> with <paramref name="key"/>'s signature of <paramref name="signedBytes"/> added, as
    /// <see cref="Sign(JsonObject, string, Ed25519SigningKey)"/> adds it; the caller computed the bytes the signature must
    /// cover (an event's are those of its redacted form, whose signatures are the event's own).
    /// </summary>
    internal static JsonObject AddSignature(JsonObject value, string entity, Ed25519SigningKey key, byte[] signedBytes)
    {
        var signature = UnpaddedBase64.Encode(key.Sign(signedBytes));
        var signatures = value[SignaturesKey] as JsonObject ?? JsonObject.Empty;
        var entitySignatures = signatures[entity] as JsonObject ?? JsonObject.Empty;
        var updated = signatures.With(entity, entitySignatures.With(key.KeyId.ToString(), JsonValue.String(signature)));
        return value.With(SignaturesKey, updated);
    }

    /// <summary>
    /// Checks that <paramref name="entity"/> signed <paramref name="value"/>, following the spec's steps:
    /// the entity must have a <c>signatures</c> entry; key IDs of algorithms other than <c>ed25519</c> are
    /// dropped; key IDs without a key in <paramref name="verifyKeys"/> are skipped (federation ignores
    /// signatures by unknown keys); every remaining signature must decode and verify, and at least one must remain.
    /// </summary>
    /// <param name="value">The signed object.</param>
    /// <param name="entity">The signer's name (a server name for federation).</param>
    /// <param name="verifyKeys">Known verification keys of <paramref name="entity"/>, by key ID (<c>ed25519:…</c>), each 32 bytes.</param>
    public static SignatureCheck Verify(JsonObject value, string entity, ImmutableSortedDictionary<string, byte[]> verifyKeys) =>
        Verify(value, entity, verifyKeys, null);

    /// <summary>As <see cref="Verify(JsonObject, string, ImmutableSortedDictionary{string, byte[]})"/>, with keys that name their scheme (<see cref="KeyRing.VerifyKeysFor"/>).</summary>
    public static SignatureCheck Verify(JsonObject value, string entity, ImmutableSortedDictionary<string, VerifyKey> verifyKeys) =>
        Verify(value, entity, verifyKeys, null);

    internal static SignatureCheck Verify(JsonObject value, string entity, ImmutableSortedDictionary<string, byte[]> verifyKeys, byte[]? precomputedSigningBytes) =>
        Verify(value, entity, verifyKeys.ToImmutableSortedDictionary(kv => kv.Key, kv => new VerifyKey(kv.Value is null ? default : ImmutableArray.Create(kv.Value)), StringComparer.Ordinal), precomputedSigningBytes);

    /// <summary>
    /// As <see cref="Verify(JsonObject, string, ImmutableSortedDictionary{string, byte[]})"/>, with the signed bytes
    /// already computed by the caller (who must have computed them as <see cref="SigningBytes"/> of <paramref name="value"/>),
    /// so that checking an event does not encode its redacted form twice.
    /// </summary>
    internal static SignatureCheck Verify(JsonObject value, string entity, ImmutableSortedDictionary<string, VerifyKey> verifyKeys, byte[]? precomputedSigningBytes)
    {

        // The paths a failure names are built only for a failure.
        static string SignaturesPath() => JsonPath.Property(JsonPath.Root, SignaturesKey);
        string EntityPath() => JsonPath.Property(SignaturesPath(), entity);
        if (!value.TryGetValue(SignaturesKey, out var signaturesValue))
            return Invalid(CryptoError.MissingSignature, SignaturesPath(), "the object has no signatures");
        if (signaturesValue is not JsonObject signatures)
            return Invalid(CryptoError.NotAnObject, SignaturesPath(), "signatures is not an object");

        // Step 1: the entity must have an entry.
        if (!signatures.TryGetValue(entity, out var entityValue))
            return Invalid(CryptoError.MissingSignature, EntityPath(), $"there is no signature by {entity}");
        if (entityValue is not JsonObject entitySignatures)
            return Invalid(CryptoError.NotAnObject, EntityPath(), $"the signatures of {entity} are not an object");

        var understood = 0;
        var verified = ImmutableArray.CreateBuilder<KeyId>();
        var signingBytes = precomputedSigningBytes;
        // Members are in code-point order, so the first failure reported is the same on every run.
        foreach (var (keyIdText, signatureValue) in entitySignatures.Members)
        {
            // Step 2: drop key IDs whose algorithm we do not understand (a malformed key ID names no algorithm we know).
            var parsed = KeyId.Parse(keyIdText);
            if (!parsed.IsOk || !parsed.Value.IsEd25519) continue;
            understood++;

            // Step 3: a signature by a key we do not know is skipped, not failed (server-server API, "Validating
            // hashes and signatures on received events"); the caller decides whose keys are known.
            if (!verifyKeys.TryGetValue(keyIdText, out var verifyKey)) continue;

            string SignaturePath() => JsonPath.Property(EntityPath(), keyIdText);
            var keyLength = verifyKey?.PublicKey.IsDefault != false ? 0 : verifyKey.PublicKey.Length;
            if (keyLength != Ed25519.PublicKeyLength)
                return Invalid(CryptoError.BadPublicKey, SignaturePath(), $"the verification key for {keyIdText} is {keyLength} bytes, not {Ed25519.PublicKeyLength}");
            if (signatureValue is not JsonString signatureText)
                return Invalid(CryptoError.NotAString, SignaturePath(), $"the signature by {keyIdText} is not a string");

            // Step 4: decode the signature.
            var decoded = UnpaddedBase64.Decode(signatureText.Value, Base64Alphabet.Standard, Base64Strictness.Lenient);
            if (!decoded.IsOk)
                return Invalid(CryptoError.BadSignatureEncoding, SignaturePath(), $"the signature by {keyIdText} is not unpadded base64: {decoded.Failure!.Message}");
            if (decoded.Value.Length != Ed25519.SignatureLength)
                return Invalid(CryptoError.BadSignatureLength, SignaturePath(), $"the signature by {keyIdText} is {decoded.Value.Length} bytes, not {Ed25519.SignatureLength}");

            // Steps 5–7: canonical JSON without signatures and unsigned, then verify.
            signingBytes ??= SigningBytes(value);
            if (!verifyKey!.Verifies(signingBytes, decoded.Value))
                return Invalid(CryptoError.SignatureMismatch, SignaturePath(), $"the signature by {keyIdText} does not match the object");
            verified.Add(parsed.Value);
        }

        if (understood == 0)
            return Invalid(CryptoError.UnknownAlgorithm, EntityPath(), $"{entity} has no signature with an ed25519 key ID");
        if (verified.Count == 0)
            return Invalid(CryptoError.NoKnownKey, EntityPath(), $"none of the ed25519 keys {entity} signed with is known");
        return SignatureCheck.Valid(verified.ToImmutable());
    }

    private static SignatureCheck Invalid(CryptoError code, string path, string message) =>
        SignatureCheck.Invalid(new Failure(code, path, message));
}
