using System.Text;
using CsCheck;

namespace InviteJoin.Reference.Tests.Crypto;

public sealed class Ed25519Tests
{
    // RFC 8032 §7.1, TEST 1: secret key, public key, empty message, signature.
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Test1Signature =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private static readonly KeyId KeyOne = KeyId.Parse("ed25519:1").Value;

    [Fact]
    public void Rfc8032Test1_GivesKnownPublicKeyAndSignature()
    {
        var key = Ed25519SigningKey.FromSeed(Convert.FromHexString(Rfc8032Test1Seed), KeyOne).Value;
        Assert.Equal(Rfc8032Test1PublicKey, Convert.ToHexStringLower(key.PublicKey.AsSpan()));
        Assert.Equal(Rfc8032Test1Signature, Convert.ToHexStringLower(key.Sign([])));
        Assert.True(Ed25519.Verify(Convert.FromHexString(Rfc8032Test1PublicKey), [], Convert.FromHexString(Rfc8032Test1Signature)));
    }

    [Fact]
    public void SpecSigningKeySeed_DerivesPublishedDerivedPublicKey()
    {
        // spec v1.19, appendices, "Cryptographic Test Vectors" gives the seed; the public key is derived, not printed there.
        var key = Ed25519SigningKey.FromUnpaddedBase64Seed(SpecVectors.Seed, KeyOne).Value;
        Assert.Equal(SpecVectors.PublicKey, key.PublicKeyBase64);
        Assert.Equal(KeyOne, key.KeyId);
    }

    [Fact]
    public void Rfc8032Test1_TamperedMessageOrSignature_DoesNotVerify()
    {
        var publicKey = Convert.FromHexString(Rfc8032Test1PublicKey);
        var signature = Convert.FromHexString(Rfc8032Test1Signature);
        Assert.False(Ed25519.Verify(publicKey, [0], signature));
        signature[10] ^= 0x01;
        Assert.False(Ed25519.Verify(publicKey, [], signature));
    }

    [Theory]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(0, 64)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    [InlineData(32, 0)]
    public void WrongLengths_DoNotVerify(int publicKeyLength, int signatureLength)
    {
        var publicKey = Convert.FromHexString(Rfc8032Test1PublicKey).AsSpan();
        var signature = Convert.FromHexString(Rfc8032Test1Signature).AsSpan();
        var key = new byte[publicKeyLength];
        publicKey[..Math.Min(32, publicKeyLength)].CopyTo(key);
        var sig = new byte[signatureLength];
        signature[..Math.Min(64, signatureLength)].CopyTo(sig);
        Assert.False(Ed25519.Verify(key, [], sig));
    }

    [Fact]
    public void IdentityPublicKeyWithIdentitySignature_DoesNotVerify()
    {
        // With A and R the neutral point and S = 0, the verification equation [S]B = R + [k]A holds for
        // every message; libsodium (like PyNaCl) rejects small-order keys and R, so no message verifies.
        var identity = new byte[32];
        identity[0] = 1;
        var signature = new byte[64];
        identity.CopyTo(signature, 0);
        Assert.False(Ed25519.Verify(identity, Encoding.ASCII.GetBytes("anything"), signature));
        Assert.False(Ed25519.Verify(identity, [], signature));
    }

    [Fact]
    public void NonCanonicalPublicKey_DoesNotVerify()
    {
        // y = 2^255 − 1 is not reduced modulo p = 2^255 − 19.
        var key = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var signature = Convert.FromHexString(Rfc8032Test1Signature);
        Assert.False(Ed25519.Verify(key, [], signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void SeedOfWrongLength_FailsWithBadSeedLength(int length)
    {
        var result = Ed25519SigningKey.FromSeed(new byte[length], KeyOne);
        Assert.Equal("crypto.bad_seed_length", result.Failure?.Token);
    }

    [Fact]
    public void KeyIdOfOtherAlgorithm_FailsWithUnknownAlgorithm()
    {
        var result = Ed25519SigningKey.FromSeed(new byte[32], KeyId.Parse("curve25519:1").Value);
        Assert.Equal("crypto.unknown_algorithm", result.Failure?.Token);
    }

    [Theory]
    [InlineData("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA!", "crypto.base64_invalid_character")]
    [InlineData("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1AB", "crypto.base64_invalid_length")]
    [InlineData("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA", "crypto.bad_seed_length")]
    public void BadBase64Seed_ReportsTheFirstProblem(string seed, string token)
    {
        Assert.Equal(token, Ed25519SigningKey.FromUnpaddedBase64Seed(seed, KeyOne).Failure?.Token);
    }

    [Fact]
    public void AnySeedAndMessage_SignatureIsDeterministicAndVerifiesOnlyForThatMessage()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[0, 300]).Sample((seed, message) =>
        {
            var key = Ed25519SigningKey.FromSeed(seed, KeyOne).Value;
            var signature = key.Sign(message);
            Assert.Equal(64, signature.Length);
            Assert.Equal(signature, Ed25519SigningKey.FromSeed(seed, KeyOne).Value.Sign(message));
            Assert.True(Ed25519.Verify(key.PublicKey.AsSpan(), message, signature));
            var other = message.Append((byte)0).ToArray();
            Assert.False(Ed25519.Verify(key.PublicKey.AsSpan(), other, signature));
        }, iter: 100);
    }
}
