namespace InviteJoin.Testing;

/// <summary>
/// The users of every test, each spelled once. Single-server tests use Alice (the usual creator), Bob, Charlie and
/// Dave of <see cref="TestServers.Home"/>, and Zara, who is foreign to the room. Multi-server tests use users whose
/// names start with their server's letter: Ada (the usual creator) and Amy of a.test, Ben of b.test, Carl of c.test,
/// Xavier and Xena of x.test, Mallory of m.test.
/// </summary>
public static class TestUsers
{
    public const string Alice = "@alice:" + TestServers.Home;
    public const string Bob = "@bob:" + TestServers.Home;
    public const string Charlie = "@charlie:" + TestServers.Home;
    public const string Dave = "@dave:" + TestServers.Home;

    /// <summary>A user of a server that takes no part in the room.</summary>
    public const string Zara = "@zara:" + TestServers.Elsewhere;

    public const string Ada = "@ada:" + TestServers.A;
    public const string Amy = "@amy:" + TestServers.A;
    public const string Ben = "@ben:" + TestServers.B;
    public const string Carl = "@carl:" + TestServers.C;
    public const string Xavier = "@xavier:" + TestServers.X;
    public const string Xena = "@xena:" + TestServers.X;
    public const string Mallory = "@mallory:" + TestServers.M;

    /// <summary>The four users of single-server tests, the creator first.</summary>
    public static readonly IReadOnlyList<string> OneServer = [Alice, Bob, Charlie, Dave];

    /// <summary>The server name of <paramref name="userId"/> (everything after the first colon).</summary>
    public static string ServerOf(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return userId[(userId.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }
}
