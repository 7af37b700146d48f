using NSec.Cryptography;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// Ed25519 signature verification (RFC 8032), the only signing algorithm Matrix defines. Backed by
/// libsodium through NSec: the same verifier family as PyNaCl, which the Matrix team's own signing
/// library uses, so edge cases (non-canonical encodings, small-order keys) are judged alike.
/// </summary>
public static class Ed25519
{
    /// <summary>Length of a seed (the private key as stored and exchanged).</summary>
    public const int SeedLength = 32;

    /// <summary>Length of a public (verification) key.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of a signature.</summary>
    public const int SignatureLength = 64;

    internal static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    /// <summary>
    /// True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> by
    /// <paramref name="publicKey"/>. Wrong lengths and keys that are not curve points are simply false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength) return false;
        if (!PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        return Algorithm.Verify(key, message, signature);
    }
}
