using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Whom a server accepts invites from, as data (spec v1.19, <c>invites-v2.yaml</c> 403 reasons; client-server
/// API "Invite permission"): servers and inviters it refuses, rooms it will not take part in, and its users
/// who block invites (<c>m.invite_permission_config</c> with <c>default_action: "block"</c>).
/// </summary>
public sealed record InvitePolicy
{
    private static readonly ImmutableSortedSet<string> None = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Accepts every invite.</summary>
    public static readonly InvitePolicy AcceptAll = new();

    /// <summary>Servers whose users may not invite this server's users (403 M_FORBIDDEN).</summary>
    public ImmutableSortedSet<string> RefusedServers { get; init; } = None;

    /// <summary>Users who may not invite this server's users (403 M_FORBIDDEN).</summary>
    public ImmutableSortedSet<string> RefusedSenders { get; init; } = None;

    /// <summary>Rooms this server refuses to take part in (403 M_FORBIDDEN).</summary>
    public ImmutableSortedSet<string> RefusedRooms { get; init; } = None;

    /// <summary>Local users who block all invites (403 M_INVITE_BLOCKED, spec v1.18+).</summary>
    public ImmutableSortedSet<string> UsersBlockingInvites { get; init; } = None;
}

/// <summary>
/// A homeserver as the invite endpoint sees it: its name and signing key (to countersign), the
/// verification keys it knows (to check the inviter's signature and <c>invite_room_state</c>), the room
/// versions it supports, its users, and its invite policy.
/// </summary>
public sealed record InviteeServer
{
    public required string ServerName { get; init; }

    public required Ed25519SigningKey SigningKey { get; init; }

    /// <summary>The verification keys this server knows.</summary>
    public required KeyRing Keys { get; init; }

    /// <summary>The users of this server.</summary>
    public required ImmutableSortedSet<string> LocalUsers { get; init; }

    /// <summary>The room versions this server supports; every version 1–12 unless narrowed.</summary>
    public ImmutableSortedSet<string> SupportedRoomVersions { get; init; } =
        RoomVersionRegistry.All.Select(v => v.Id).ToImmutableSortedSet(StringComparer.Ordinal);

    public InvitePolicy Policy { get; init; } = InvitePolicy.AcceptAll;

    /// <summary>
    /// The rooms this server holds, by room ID (none unless given): an invite to one of them is refused when the room's
    /// server ACL denies the inviting server (spec v1.19, server-server API "Server Access Control Lists (ACLs)").
    /// </summary>
    public ImmutableSortedDictionary<string, Rooms.Room> Rooms { get; init; } =
        ImmutableSortedDictionary.Create<string, Rooms.Room>(StringComparer.Ordinal);

    /// <summary>A server named <paramref name="serverName"/> with users <paramref name="localUsers"/>; <paramref name="keys"/> gains its own key.</summary>
    public static InviteeServer Create(string serverName, Ed25519SigningKey signingKey, KeyRing keys, params IEnumerable<string> localUsers) => new()
    {
        ServerName = serverName,
        SigningKey = signingKey,
        Keys = keys.With(serverName, signingKey),
        LocalUsers = localUsers.ToImmutableSortedSet(StringComparer.Ordinal),
    };
}
