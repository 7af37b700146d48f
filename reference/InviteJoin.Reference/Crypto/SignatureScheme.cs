using System.Security.Cryptography;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// How a signing key signs. Matrix defines only Ed25519; the symbolic scheme exists for simulations of many
/// servers, where signing and verifying thousands of events a second with Ed25519 would cost most of the time and
/// prove nothing more: it is never on the wire and no parser produces a symbolic key.
/// </summary>
public enum SignatureScheme
{
    /// <summary>Ed25519 (RFC 8032), the spec's algorithm.</summary>
    Ed25519,

    /// <summary>
    /// A symbolic signature: SHA-512 over the verification key and the signed bytes. It binds the signer to the exact
    /// bytes as a signature does, and in a simulation whose servers sign only with their own keys it is unforgeable
    /// (the symbolic model of cryptography); anyone holding the verification key could compute it, so it protects nothing real.
    /// </summary>
    Symbolic,
}

/// <summary>The symbolic signature scheme's two operations.</summary>
public static class SymbolicSignature
{
    /// <summary>The verification key of a symbolic key made from <paramref name="seed"/>: SHA-256 of a label and the seed.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        Span<byte> input = stackalloc byte[Label.Length + seed.Length];
        Label.CopyTo(input);
        seed.CopyTo(input[Label.Length..]);
        return SHA256.HashData(input);
    }

    /// <summary>The 64-byte symbolic signature of <paramref name="message"/> by the key whose verification key is <paramref name="publicKey"/>.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(publicKey);
        sha.AppendData(message);
        return sha.GetHashAndReset();
    }

    /// <summary>True when <paramref name="signature"/> is the symbolic signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        publicKey.Length == Ed25519.PublicKeyLength
        && signature.Length == Ed25519.SignatureLength
        && CryptographicOperations.FixedTimeEquals(Sign(publicKey, message), signature);

    private static ReadOnlySpan<byte> Label => "invitejoin symbolic signing key "u8;
}
