using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Who created a room, as the authorisation rules use it: <c>content.creator</c> of the create event
/// in room versions 1–10, its <c>sender</c> from version 11 (MSC2175); in version 12 the sender and
/// every <c>content.additional_creators</c> entry are creators with infinite power (MSC4289;
/// `power_level.creators_infinite`).
/// </summary>
public sealed class RoomCreators
{
    /// <summary>A room whose state has no create event: it has no creator.</summary>
    public static readonly RoomCreators None = new(null, [], false);

    // The creators as read (a room has one, or a few in room version 12; possibly repeated), searched directly; the
    // sorted set is made only when asked for, once (the object is immutable; a reader racing another builds an equal
    // set, and a reference write is atomic).
    private readonly string[] _listed;
    private ImmutableSortedSet<string>? _all;

    private RoomCreators(string? creator, string[] listed, bool infinite)
    {
        Creator = creator;
        _listed = listed;
        IsPrivileged = infinite;
    }

    /// <summary>
    /// The creator the creator's-first-join rule names: <c>content.creator</c> (room versions 1–10, when
    /// it is a string) or the create event's sender (11+). Additional creators never count here.
    /// </summary>
    public string? Creator { get; }

    /// <summary>Every creator: the <see cref="Creator"/> and, in room version 12, the additional creators that are strings.</summary>
    public ImmutableSortedSet<string> All => _all ??= ImmutableSortedSet.CreateRange(StringComparer.Ordinal, _listed);

    /// <summary>True in room version 12, where creators have infinite power and may not be listed in <c>users</c>.</summary>
    public bool IsPrivileged { get; }

    /// <summary>The creators named by <paramref name="create"/> under <paramref name="version"/>.</summary>
    public static RoomCreators Of(Pdu? create, RoomVersion version)
    {
        if (create is null) return None;
        string? creator = version.CreatorInContent
            ? (create.Content["creator"] as JsonString)?.Value
            : create.Sender.Value;
        if (!version.PrivilegedCreators || create.Content["additional_creators"] is not JsonArray additional)
        {
            return new RoomCreators(creator, creator is null ? [] : [creator], version.PrivilegedCreators);
        }
        var all = new List<string>(additional.Count + 1);
        if (creator is not null) all.Add(creator);
        // Rule 1.4 rejected create events whose entries are not user IDs; an accepted create
        // event can only hold strings here, and anything else names nobody.
        foreach (var entry in additional)
        {
            if (entry is JsonString user) all.Add(user.Value);
        }
        return new RoomCreators(creator, [.. all], version.PrivilegedCreators);
    }

    /// <summary>
    /// True when <paramref name="users"/> has a key naming a creator: whether <see cref="All"/> holds one, found
    /// without making the sorted set (a room's creators are nearly never listed there).
    /// </summary>
    internal bool AnyListedIn(JsonObject users)
    {
        foreach (var listed in _listed)
        {
            if (users.ContainsKey(listed)) return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="userId"/> is one of <see cref="All"/>.</summary>
    public bool Contains(string userId)
    {
        // A long list (room version 12 allows many additional creators) is searched through the sorted set.
        if (_listed.Length > 8) return All.Contains(userId);
        foreach (var listed in _listed)
        {
            if (string.Equals(listed, userId, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
