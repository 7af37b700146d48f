using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using InviteJoin.Reference.Crypto;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// The servers and users of a simulated federation, with readable names so that a counterexample reads like a
/// story: up to seven servers <c>a.test</c> … <c>g.test</c>, two users each whose names start with the server's
/// letter (<c>@ada:a.test</c>, <c>@amy:a.test</c>, <c>@ben:b.test</c>, …), spelled as the test kit's multi-server
/// users are, and apart from its single-server users of <c>example.org</c> (Alice, Bob, Charlie, Dave). Signing keys
/// come from fixed seeds, so a run signs the same bytes on every machine.
/// </summary>
public static class Cast
{
    /// <summary>The most servers a federation may have.</summary>
    public const int MaxServers = 7;

    /// <summary>Users per server.</summary>
    public const int UsersPerServer = 2;

    private static readonly string[] ServerNames = ["a.test", "b.test", "c.test", "d.test", "e.test", "f.test", "g.test"];

    private static readonly string[][] UserNames =
    [
        ["ada", "amy"], ["ben", "bea"], ["carl", "cy"], ["dan", "dora"], ["erin", "eli"], ["frank", "fay"], ["grace", "gus"],
    ];

    private static readonly ImmutableArray<Ed25519SigningKey> Keys = [.. ServerNames.Select(KeyFor)];

    private static readonly ImmutableArray<Ed25519SigningKey> SymbolicKeys = [.. ServerNames.Select(SymbolicKeyFor)];

    /// <summary>The name of server <paramref name="index"/>.</summary>
    public static string Server(int index) => ServerNames[index];

    /// <summary>The index of server <paramref name="name"/>, or −1.</summary>
    public static int ServerIndex(string name) => Array.IndexOf(ServerNames, name);

    /// <summary>User <paramref name="user"/> of server <paramref name="server"/>.</summary>
    public static string User(int server, int user) => AllUsers[server][user];

    /// <summary>The users of server <paramref name="server"/>, in order.</summary>
    public static ImmutableArray<string> UsersOf(int server) => AllUsers[server];

    private static readonly ImmutableArray<ImmutableArray<string>> AllUsers =
        [.. ServerNames.Select((name, s) => UserNames[s].Take(UsersPerServer).Select(user => "@" + user + ":" + name).ToImmutableArray())];

    /// <summary>The signing key of server <paramref name="index"/> under <paramref name="mode"/>.</summary>
    public static Ed25519SigningKey Key(int index, SignatureMode mode = SignatureMode.Real) => mode == SignatureMode.Symbolic ? SymbolicKeys[index] : Keys[index];

    /// <summary>Every server's verification key under <paramref name="mode"/>, as a key notary would supply them.</summary>
    public static KeyRing KeyRing(int servers, SignatureMode mode = SignatureMode.Real) =>
        (mode == SignatureMode.Symbolic ? SymbolicRings : Rings)[servers];

    // The rings of the first n servers, n = 0 .. every server, made once for each mode.
    private static readonly ImmutableArray<KeyRing> Rings = RingsOf(SignatureMode.Real);
    private static readonly ImmutableArray<KeyRing> SymbolicRings = RingsOf(SignatureMode.Symbolic);

    private static ImmutableArray<KeyRing> RingsOf(SignatureMode mode)
    {
        var rings = ImmutableArray.CreateBuilder<KeyRing>();
        var ring = Reference.Crypto.KeyRing.Empty;
        rings.Add(ring);
        for (var i = 0; i < ServerNames.Length; i++) rings.Add(ring = ring.With(ServerNames[i], Key(i, mode)));
        return rings.DrainToImmutable();
    }

    private static readonly ImmutableArray<Ed25519SigningKey> PolicyKeys = [.. ServerNames.Select(PolicyKeyFor)];

    /// <summary>
    /// The key server <paramref name="index"/> signs with as a room's policy server (<c>ed25519:policy_server</c>): always
    /// real Ed25519, since check 7 verifies it with the bare key an <c>m.room.policy</c> event names, and apart from the
    /// server's published signing key, as the spec asks (v1.18+, server-server API "Validating Policy Server signatures").
    /// </summary>
    public static Ed25519SigningKey PolicyKey(int index) => PolicyKeys[index];

    private static Ed25519SigningKey PolicyKeyFor(string server) =>
        Ed25519SigningKey.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("invitejoin simulated policy server " + server)), KeyId.Parse(Reference.Auth.PolicyServer.KeyId).Value).Value;

    private static byte[] SeedFor(string server) => SHA256.HashData(Encoding.UTF8.GetBytes("invitejoin simulated server " + server));

    private static Ed25519SigningKey KeyFor(string server) => Ed25519SigningKey.FromSeed(SeedFor(server), KeyId.Parse("ed25519:sim").Value).Value;

    private static Ed25519SigningKey SymbolicKeyFor(string server) => Ed25519SigningKey.Symbolic(SeedFor(server), KeyId.Parse("ed25519:sim").Value);
}
