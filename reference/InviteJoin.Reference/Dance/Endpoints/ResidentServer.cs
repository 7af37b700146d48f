using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// A homeserver as the handshakes see it when it answers for rooms: its name and signing key, the
/// verification keys it knows (its own included), and the rooms it holds by room ID. "Rooms the server
/// knows" for a restricted room's allow conditions are exactly the rooms held here where it is resident.
/// </summary>
public sealed record ResidentServer
{
    public required string ServerName { get; init; }

    public required Ed25519SigningKey SigningKey { get; init; }

    /// <summary>The verification keys this server knows, including its own.</summary>
    public required KeyRing Keys { get; init; }

    /// <summary>The rooms this server holds, by room ID.</summary>
    public ImmutableSortedDictionary<string, Room> Rooms { get; init; } =
        ImmutableSortedDictionary.Create<string, Room>(StringComparer.Ordinal);

    /// <summary>A server holding no rooms; <paramref name="keys"/> gains its own key.</summary>
    public static ResidentServer Create(string serverName, Ed25519SigningKey signingKey, KeyRing keys) => new()
    {
        ServerName = serverName,
        SigningKey = signingKey,
        Keys = keys.With(serverName, signingKey),
    };

    /// <summary>The room with ID <paramref name="roomId"/>, or null.</summary>
    public Room? Room(string roomId) => Rooms.TryGetValue(roomId, out var room) ? room : null;

    /// <summary>This server holding <paramref name="room"/> (replacing any earlier copy).</summary>
    public ResidentServer With(Room room) => this with { Rooms = Rooms.SetItem(room.RoomId.Value, room) };

    /// <summary>True when <paramref name="userId"/> is one of this server's users.</summary>
    public bool IsLocal(string userId) => Identifiers.IsOn(userId, ServerName);

    /// <summary>This server's users whose current membership in <paramref name="room"/> is <c>join</c>, in ordinal order.</summary>
    public ImmutableArray<string> LocalJoinedMembers(Room room) => [.. room.JoinedMembers().Where(IsLocal)];

    /// <summary>
    /// True when some local user is joined in the room's current state. A server whose users have all
    /// left holds the room's history but is no longer resident (B31: deciding residency from past membership desyncs).
    /// </summary>
    public bool IsResidentIn(Room room)
    {
        // Asked on every request and event a server handles: one look along the current state, nothing listed or sorted.
        foreach (var e in room.State.Events.Values)
        {
            if (e.Type == EventTypes.Member && e.StateKey is { } user && e.Membership == MembershipValues.Join && IsLocal(user)) return true;
        }
        return false;
    }
}
