using InviteJoin.Reference.Crypto;

namespace InviteJoin.Testing;

/// <summary>
/// Signing keys for tests, each from a fixed seed of one repeated byte, so every run signs with the same keys and
/// every room version 3+ event ID is the same reference hash. Each test server has its key (<see cref="Of"/>), and
/// <see cref="Ring"/> holds them all, as a key notary would supply them.
/// </summary>
public static class TestKeys
{
    /// <summary>The key a test server signs with: its seed byte per server, key ID <c>ed25519:1</c> (the identity server's <c>ed25519:0</c>).</summary>
    public static Ed25519SigningKey Of(string server) => server switch
    {
        TestServers.Home => Home,
        TestServers.Elsewhere => Elsewhere,
        TestServers.A => A,
        TestServers.B => B,
        TestServers.C => C,
        TestServers.X => X,
        TestServers.M => M,
        TestServers.IdentityServer => IdentityServer,
        TestServers.SpecResident => SpecResident,
        TestServers.SpecInvitee => SpecInvitee,
        _ => throw new FixtureException("no test key for " + server + "; the test servers are " + string.Join(", ", TestServers.All)),
    };

    /// <summary>Every test server's verification key.</summary>
    public static KeyRing Ring => LazyRing.Value;

    /// <summary>The identity server's key, which signs third-party invites.</summary>
    public static Ed25519SigningKey IdentityServer { get; } = Filled(0xE5, "ed25519:0");

    /// <summary>A key no room or server published.</summary>
    public static Ed25519SigningKey Stranger { get; } = Filled(0x09, "ed25519:0");

    private static Ed25519SigningKey Home { get; } = Filled(0x0E);

    private static Ed25519SigningKey Elsewhere { get; } = Filled(0xEE);

    private static Ed25519SigningKey A { get; } = Filled(0xA1);

    private static Ed25519SigningKey B { get; } = Filled(0xB2);

    private static Ed25519SigningKey C { get; } = Filled(0xC3);

    private static Ed25519SigningKey X { get; } = Filled(0xD4);

    private static Ed25519SigningKey M { get; } = Filled(0xDE);

    private static Ed25519SigningKey SpecResident { get; } = Filled(0x21);

    private static Ed25519SigningKey SpecInvitee { get; } = Filled(0x23);

    private static readonly Lazy<KeyRing> LazyRing = new(() => TestServers.All.Aggregate(KeyRing.Empty, (ring, server) => ring.With(server, Of(server))));

    /// <summary>The key whose 32-byte seed is <paramref name="fill"/> repeated, under <paramref name="keyId"/>: for a test that needs a key of its own.</summary>
    public static Ed25519SigningKey Filled(byte fill, string keyId = "ed25519:1") =>
        Ed25519SigningKey.FromSeed(Enumerable.Repeat(fill, 32).ToArray(), KeyId.Parse(keyId).Value).Value;
}
