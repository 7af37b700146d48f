using BenchmarkDotNet.Attributes;
using NSec.Cryptography;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using BcPrivateKey = Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters;
using BcPublicKey = Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters;
using BcSigner = Org.BouncyCastle.Crypto.Signers.Ed25519Signer;
using ReferenceEd25519 = InviteJoin.Reference.Crypto.Ed25519;

namespace InviteJoin.Benchmarks;

/// <summary>
/// The raw Ed25519 verify rate of the candidate libraries on a 1 KiB message (about the size of a
/// redacted membership event), which is the yardstick for the inbound-PDU target. Setup also checks
/// that both libraries produce byte-identical signatures, as deterministic Ed25519 requires.
/// </summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private const int MessageLength = 1024;

    private byte[] _seed = [];
    private byte[] _message = [];
    private byte[] _publicKey = [];
    private byte[] _signature = [];
    private PublicKey _nsecPublicKey = null!;
    private BcPublicKey _bouncyCastlePublicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Fixed inputs: the seed of RFC 8032 §7.1 TEST 1 and a patterned message.
        _seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        _message = Enumerable.Range(0, MessageLength).Select(i => (byte)(i * 31 % 251)).ToArray();

        using var nsecKey = Key.Import(SignatureAlgorithm.Ed25519, _seed, KeyBlobFormat.RawPrivateKey);
        _nsecPublicKey = nsecKey.PublicKey;
        _publicKey = nsecKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var nsecSignature = SignatureAlgorithm.Ed25519.Sign(nsecKey, _message);

        var bcPublicKey = new byte[BcEd25519.PublicKeySize];
        BcEd25519.GeneratePublicKey(_seed, 0, bcPublicKey, 0);
        var bcSignature = new byte[BcEd25519.SignatureSize];
        BcEd25519.Sign(_seed, 0, _message, 0, _message.Length, bcSignature, 0);

        var signer = new BcSigner();
        signer.Init(true, new BcPrivateKey(_seed));
        signer.BlockUpdate(_message, 0, _message.Length);
        var bcSignerSignature = signer.GenerateSignature();

        Require(_publicKey.AsSpan().SequenceEqual(bcPublicKey), "NSec and BouncyCastle derive different public keys");
        Require(nsecSignature.AsSpan().SequenceEqual(bcSignature), "NSec and BouncyCastle Rfc8032 signatures differ");
        Require(nsecSignature.AsSpan().SequenceEqual(bcSignerSignature), "NSec and BouncyCastle Ed25519Signer signatures differ");
        _signature = nsecSignature;
        _bouncyCastlePublicKey = new BcPublicKey(_publicKey);

        Require(NSecVerify() && ReferenceVerify() && BouncyCastleRfc8032Verify() && BouncyCastleSignerVerify(), "a library rejects the shared signature");
        Console.WriteLine("Ed25519 setup: NSec and BouncyCastle (Rfc8032 and Ed25519Signer) signatures are byte-identical; all verify.");
    }

    /// <summary>NSec with the public key already imported: the libsodium verify itself.</summary>
    [Benchmark(Baseline = true)]
    public bool NSecVerify() => SignatureAlgorithm.Ed25519.Verify(_nsecPublicKey, _message, _signature);

    /// <summary>The reference's entry point: NSec plus importing the 32-byte key on every call.</summary>
    [Benchmark]
    public bool ReferenceVerify() => ReferenceEd25519.Verify(_publicKey, _message, _signature);

    /// <summary>BouncyCastle's low-level RFC 8032 routine on byte arrays.</summary>
    [Benchmark]
    public bool BouncyCastleRfc8032Verify() => BcEd25519.Verify(_signature, 0, _publicKey, 0, _message, 0, _message.Length);

    /// <summary>BouncyCastle's ISigner interface, a fresh signer per message as a server would use it.</summary>
    [Benchmark]
    public bool BouncyCastleSignerVerify()
    {
        var signer = new BcSigner();
        signer.Init(false, _bouncyCastlePublicKey);
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.VerifySignature(_signature);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
