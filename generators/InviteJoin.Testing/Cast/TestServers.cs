using System.Collections.Immutable;

namespace InviteJoin.Testing;

/// <summary>
/// The servers of every test, each named once. Single-server tests (the auth rules, state resolution, the
/// membership machine) put the room's creator and its members on <see cref="Home"/>; multi-server tests (the
/// handshakes, rooms, the checks on receipt) give each party its own server, named by a letter that its users'
/// names start with. All names are reserved for examples and tests (RFC 2606), but the two the spec's OpenAPI examples
/// name, which the tests that run those examples need (<see cref="SpecResident"/>, <see cref="SpecInvitee"/>).
/// </summary>
public static class TestServers
{
    /// <summary>The home server of single-server tests: the creator's, and its members'.</summary>
    public const string Home = "example.org";

    /// <summary>A server that takes no part in the room: its users are foreign to it.</summary>
    public const string Elsewhere = "elsewhere.test";

    /// <summary>The first resident of multi-server tests: the room's creator's server.</summary>
    public const string A = "a.test";

    /// <summary>A second resident.</summary>
    public const string B = "b.test";

    /// <summary>A third server, whose user joins or sends.</summary>
    public const string C = "c.test";

    /// <summary>The server of users who are invited or join from outside.</summary>
    public const string X = "x.test";

    /// <summary>A malicious server.</summary>
    public const string M = "m.test";

    /// <summary>An identity server, which signs third-party invites.</summary>
    public const string IdentityServer = "identity.example.com";

    /// <summary>
    /// The resident server of the spec's OpenAPI examples of the federation endpoints (spec v1.19, data/api/server-server):
    /// their rooms are <c>!abc123:matrix.org</c> and the like; the requesting server they name is <see cref="Home"/>.
    /// </summary>
    public const string SpecResident = "matrix.org";

    /// <summary>The invited server of the spec's invite examples (spec v1.19, data/api/server-server, invites-v1.yaml and invites-v2.yaml).</summary>
    public const string SpecInvitee = "elsewhere.com";

    /// <summary>Every test server, in ordinal order.</summary>
    public static readonly ImmutableArray<string> All = [.. new[] { Home, Elsewhere, A, B, C, X, M, IdentityServer, SpecResident, SpecInvitee }.Order(StringComparer.Ordinal)];
}
