using InviteJoin.Reference.Crypto;

namespace InviteJoin.Generators.Vectors;

/// <summary>Signing keys of the vectors, each from a fixed seed so every signature in them is reproducible.</summary>
public static class VectorKeys
{
    /// <summary>The Matrix spec's test seed (appendices, "Cryptographic Test Vectors"); its last character leaves non-zero unused bits.</summary>
    public const string SpecSeed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    /// <summary>The spec's signing key: server <c>domain</c>, key ID <c>ed25519:1</c>.</summary>
    public static readonly Ed25519SigningKey Spec = Ed25519SigningKey.FromUnpaddedBase64Seed(SpecSeed, KeyId.Parse("ed25519:1").Value).Value;

    /// <summary>A key whose 32-byte seed is <paramref name="fill"/> repeated.</summary>
    public static Ed25519SigningKey Filled(byte fill, string keyId = "ed25519:1") =>
        Ed25519SigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray(), KeyId.Parse(keyId).Value).Value;

    /// <summary>The unpadded base64 seed of <see cref="Filled"/>.</summary>
    public static string FilledSeed(byte fill) => UnpaddedBase64.Encode(Enumerable.Repeat(fill, 32).ToArray());
}
