using System.Buffers.Binary;
using System.Numerics;
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
    /// A symbolic signature: a 64-byte keyed digest (not a cryptographic hash) of the verification key and the signed
    /// bytes. It binds the signer to the exact bytes as a signature does — any change of the bytes or the key changes it
    /// but for a chance of 2^-64 — and in a simulation whose servers sign only with their own keys it is unforgeable
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
    /// <remarks>
    /// Eight 64-bit lanes absorb the key, its length and the message eight bytes at a time (each word taken by one
    /// lane, through a multiplication and a rotation: for a fixed word, a bijection of the lane), the last partial word
    /// carrying its length; each lane is then folded with every other through splitmix64's finaliser into eight bytes of
    /// the signature. Simulations sign and verify every event several times, and a hash through the platform's
    /// cryptography library costs far more than this for the same guarantee in the symbolic model.
    /// </remarks>
    public static byte[] Sign(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        Span<ulong> lanes = stackalloc ulong[Lanes];
        for (var i = 0; i < Lanes; i++) lanes[i] = (ulong)(i + 1) * Golden;
        var word = 0;
        Absorb(lanes, publicKey, ref word);
        Take(lanes, ref word, (ulong)publicKey.Length);
        Absorb(lanes, message, ref word);
        Take(lanes, ref word, (ulong)message.Length);

        var signature = new byte[Lanes * 8];
        for (var i = 0; i < Lanes; i++)
        {
            var h = lanes[i];
            for (var j = 1; j < Lanes; j++) h = Finalise(h ^ lanes[(i + j) % Lanes]);
            BinaryPrimitives.WriteUInt64LittleEndian(signature.AsSpan(i * 8), Finalise(h + (ulong)i));
        }
        return signature;
    }

    private const int Lanes = 8;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    private static void Absorb(Span<ulong> lanes, ReadOnlySpan<byte> bytes, ref int word)
    {
        var whole = bytes.Length / 8;
        for (var w = 0; w < whole; w++) Take(lanes, ref word, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(w * 8)..]));
        var tail = bytes[(whole * 8)..];
        if (tail.IsEmpty) return;
        ulong last = (ulong)tail.Length << 56;
        for (var k = 0; k < tail.Length; k++) last |= (ulong)tail[k] << (8 * k);
        Take(lanes, ref word, last);
    }

    private static void Take(Span<ulong> lanes, ref int word, ulong value)
    {
        ref var lane = ref lanes[word % Lanes];
        lane = BitOperations.RotateLeft(lane ^ (value * Prime2), 31) * Prime1;
        word++;
    }

    // splitmix64's finaliser: a bijection of 64-bit words in which every input bit reaches every output bit.
    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>True when <paramref name="signature"/> is the symbolic signature of <paramref name="message"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        publicKey.Length == Ed25519.PublicKeyLength
        && signature.Length == Ed25519.SignatureLength
        && CryptographicOperations.FixedTimeEquals(Sign(publicKey, message), signature);

    private static ReadOnlySpan<byte> Label => "invitejoin symbolic signing key "u8;
}
