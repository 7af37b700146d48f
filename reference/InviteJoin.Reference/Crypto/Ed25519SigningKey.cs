using System.Collections.Immutable;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using NSec.Cryptography;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// An entity's Ed25519 signing key with its key ID, made from a 32-byte seed. Keys are always
/// parameters (from test vectors or from a seeded generator), never generated here, so signing is a
/// pure function of seed and message: Ed25519 signatures are deterministic (RFC 8032 §5.1.6).
/// </summary>
public sealed class Ed25519SigningKey
{
    // NSec keeps the expanded key in memory it releases when the handle is finalised; holding it
    // here saves re-deriving the key pair on every signature.
    private readonly Key? _key;

    private Ed25519SigningKey(Key? key, KeyId keyId, ImmutableArray<byte> publicKey, SignatureScheme scheme)
    {
        _key = key;
        KeyId = keyId;
        PublicKey = publicKey;
        Scheme = scheme;
    }

    /// <summary>How this key signs: Ed25519, or the simulations' symbolic scheme.</summary>
    public SignatureScheme Scheme { get; }

    /// <summary>The identifier signatures are stored under, for example <c>ed25519:1</c>.</summary>
    public KeyId KeyId { get; }

    /// <summary>The 32-byte public (verification) key.</summary>
    public ImmutableArray<byte> PublicKey { get; }

    /// <summary>The public key as unpadded standard base64, the form published in <c>verify_keys</c>.</summary>
    public string PublicKeyBase64 => UnpaddedBase64.Encode(PublicKey.AsSpan());

    /// <summary>The key for <paramref name="seed"/>; fails unless the seed is 32 bytes and the key ID names <c>ed25519</c>.</summary>
    public static Result<Ed25519SigningKey> FromSeed(ReadOnlySpan<byte> seed, KeyId keyId)
    {
        if (!keyId.IsEd25519)
            return Result<Ed25519SigningKey>.Fail(CryptoError.UnknownAlgorithm, JsonPath.Root, $"key ID \"{keyId}\" does not name the ed25519 algorithm");
        if (seed.Length != Ed25519.SeedLength)
            return Result<Ed25519SigningKey>.Fail(CryptoError.BadSeedLength, JsonPath.Root, $"an ed25519 seed is {Ed25519.SeedLength} bytes, not {seed.Length}");
        var key = Key.Import(Ed25519.Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        var publicKey = ImmutableArray.Create(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        return Result<Ed25519SigningKey>.Ok(new Ed25519SigningKey(key, keyId, publicKey, SignatureScheme.Ed25519));
    }

    /// <summary>
    /// A symbolic key for <paramref name="seed"/> (<see cref="SignatureScheme.Symbolic"/>): it signs under an
    /// <c>ed25519</c> key ID like any key, so every check reads its signatures, but only a key ring that knows it as
    /// symbolic verifies them. For simulations only.
    /// </summary>
    public static Ed25519SigningKey Symbolic(ReadOnlySpan<byte> seed, KeyId keyId) =>
        new(null, keyId, ImmutableArray.Create(SymbolicSignature.PublicKeyOf(seed)), SignatureScheme.Symbolic);

    /// <summary>
    /// The key for a seed written as unpadded base64, decoded leniently: the spec's own test seed
    /// (appendices, "Cryptographic Test Vectors") has non-zero unused trailing bits.
    /// </summary>
    public static Result<Ed25519SigningKey> FromUnpaddedBase64Seed(string seed, KeyId keyId)
    {
        var decoded = UnpaddedBase64.Decode(seed, Base64Alphabet.Standard, Base64Strictness.Lenient);
        return decoded.IsOk ? FromSeed(decoded.Value, keyId) : Result<Ed25519SigningKey>.Fail(decoded.Failure!);
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) =>
        _key is null ? SymbolicSignature.Sign(PublicKey.AsSpan(), message) : Ed25519.Algorithm.Sign(_key, message);

    public override string ToString() => $"{KeyId} {PublicKeyBase64}";
}
