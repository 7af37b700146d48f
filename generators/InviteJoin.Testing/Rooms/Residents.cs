using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Testing;

/// <summary>
/// The servers of multi-server tests as the handshake handlers see them: each test server with its key, knowing every
/// test server's key (as a key notary would supply them), holding copies of rooms built with <see cref="RoomBuilder"/>.
/// </summary>
public static class Residents
{
    /// <summary>A time well after test rooms were built (<see cref="RoomBuilder.StartTime"/>); tests add to it.</summary>
    public const long Now = RoomBuilder.StartTime + 100_000;

    /// <summary><paramref name="server"/> holding <paramref name="rooms"/>.</summary>
    public static ResidentServer Holding(string server, params RoomBuilder[] rooms)
    {
        var result = ResidentServer.Create(server, TestKeys.Of(server), TestKeys.Ring);
        foreach (var room in rooms) result = result.With(room.Room);
        return result;
    }

    public static ResidentServer ServerA(params RoomBuilder[] rooms) => Holding(TestServers.A, rooms);

    public static ResidentServer ServerB(params RoomBuilder[] rooms) => Holding(TestServers.B, rooms);

    public static ResidentServer ServerX(params RoomBuilder[] rooms) => Holding(TestServers.X, rooms);

    public static ResidentServer ServerM(params RoomBuilder[] rooms) => Holding(TestServers.M, rooms);

    /// <summary>x.test answering invites for its users Xavier and Xena.</summary>
    public static InviteeServer InviteeX => InviteeServer.Create(TestServers.X, TestKeys.Of(TestServers.X), TestKeys.Ring, TestUsers.Xavier, TestUsers.Xena);

    /// <summary>The room version named <paramref name="id"/>.</summary>
    public static RoomVersion Version(string id) =>
        RoomVersionRegistry.Lookup(id) is { IsOk: true } version ? version.Value : throw new FixtureException("no room version " + id);
}
