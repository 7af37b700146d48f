using InviteJoin.Reference.Crypto;

namespace InviteJoin.Reference.Tests.Crypto;

/// <summary>Signing keys for tests, each from a seed of one repeated byte, so every run signs with the same keys.</summary>
internal static class TestKeys
{
    /// <summary>The key whose 32-byte seed is <paramref name="fill"/> repeated, under <paramref name="keyId"/>.</summary>
    public static Ed25519SigningKey Filled(byte fill, string keyId = "ed25519:1") =>
        Ed25519SigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray(), KeyId.Parse(keyId).Value).Value;
}
