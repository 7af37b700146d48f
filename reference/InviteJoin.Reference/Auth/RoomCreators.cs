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
    public static readonly RoomCreators None = new(null, ImmutableSortedSet.Create<string>(StringComparer.Ordinal), false);

    private RoomCreators(string? creator, ImmutableSortedSet<string> all, bool infinite)
    {
        Creator = creator;
        All = all;
        IsPrivileged = infinite;
    }

    /// <summary>
    /// The creator the creator's-first-join rule names: <c>content.creator</c> (room versions 1–10, when
    /// it is a string) or the create event's sender (11+). Additional creators never count here.
    /// </summary>
    public string? Creator { get; }

    /// <summary>Every creator: the <see cref="Creator"/> and, in room version 12, the additional creators that are strings.</summary>
    public ImmutableSortedSet<string> All { get; }

    /// <summary>True in room version 12, where creators have infinite power and may not be listed in <c>users</c>.</summary>
    public bool IsPrivileged { get; }

    /// <summary>The creators named by <paramref name="create"/> under <paramref name="version"/>.</summary>
    public static RoomCreators Of(Pdu? create, RoomVersion version)
    {
        if (create is null) return None;
        string? creator = version.CreatorInContent
            ? (create.Content["creator"] as JsonString)?.Value
            : create.Sender.Value;
        var all = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        if (creator is not null) all.Add(creator);
        if (version.PrivilegedCreators && create.Content["additional_creators"] is JsonArray additional)
        {
            // Rule 1.4 rejected create events whose entries are not user IDs; an accepted create
            // event can only hold strings here, and anything else names nobody.
            foreach (var entry in additional)
            {
                if (entry is JsonString user) all.Add(user.Value);
            }
        }
        return new RoomCreators(creator, all.ToImmutable(), version.PrivilegedCreators);
    }

    /// <summary>True when <paramref name="userId"/> is one of <see cref="All"/>.</summary>
    public bool Contains(string userId) => All.Contains(userId);
}
