using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The power levels of a room state, read as a room version interprets them, with the spec's defaults
/// (spec v1.19, <c>m.room.power_levels</c> and server-server API "Definitions"): who holds which level,
/// which level an event type requires, and the invite, kick, ban and redact levels.
/// </summary>
/// <remarks>
/// A value this room version cannot interpret (a string in version 10+, <c>"foo"</c> anywhere, a
/// boolean, a map that is not an object) is read as absent, so the default applies. A power-levels
/// event holding such a value is rejected when it is sent (rules K1–K3 and, for versions 1–9,
/// <see cref="Rule.PowerLevelsUnparseableValue"/>), so it can only be met in a state assembled by
/// hand; reading it as absent keeps every lookup total and deterministic without inventing a level.
/// </remarks>
public sealed class PowerLevels
{
    /// <summary>The top-level integer properties, in the order rule K lists them.</summary>
    public static readonly ImmutableArray<string> TopLevelKeys = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];

    private static readonly ImmutableSortedDictionary<string, PowerLevel> NoLevels =
        ImmutableSortedDictionary.Create<string, PowerLevel>(StringComparer.Ordinal);

    private PowerLevels(bool hasEvent, RoomCreators creators, ImmutableSortedDictionary<string, PowerLevel> topLevel,
        ImmutableSortedDictionary<string, PowerLevel> events, ImmutableSortedDictionary<string, PowerLevel> notifications,
        ImmutableSortedDictionary<string, PowerLevel> users)
    {
        HasEvent = hasEvent;
        Creators = creators;
        TopLevel = topLevel;
        Events = events;
        Notifications = notifications;
        Users = users;
    }

    /// <summary>True when the state has an <c>m.room.power_levels</c> event.</summary>
    public bool HasEvent { get; }

    /// <summary>The room's creators, who hold 100 without a power-levels event (versions 1–11) or infinite power (12).</summary>
    public RoomCreators Creators { get; }

    /// <summary>The top-level properties of <see cref="TopLevelKeys"/> that are present and interpretable.</summary>
    public ImmutableSortedDictionary<string, PowerLevel> TopLevel { get; }

    /// <summary>The interpretable entries of <c>events</c>.</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Events { get; }

    /// <summary>The interpretable entries of <c>notifications</c>.</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Notifications { get; }

    /// <summary>The interpretable entries of <c>users</c>.</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Users { get; }

    /// <summary><c>users_default</c>, default 0.</summary>
    public PowerLevel UsersDefault => Level("users_default", 0);

    /// <summary><c>events_default</c>, default 0.</summary>
    public PowerLevel EventsDefault => Level("events_default", 0);

    /// <summary><c>state_default</c>, default 50 (also when there is no power-levels event).</summary>
    public PowerLevel StateDefault => Level("state_default", 50);

    /// <summary>The invite level, default 0.</summary>
    public PowerLevel InviteLevel => Level("invite", 0);

    /// <summary>The kick level, default 50.</summary>
    public PowerLevel KickLevel => Level("kick", 50);

    /// <summary>The ban level, default 50.</summary>
    public PowerLevel BanLevel => Level("ban", 50);

    /// <summary>The redact level, default 50.</summary>
    public PowerLevel RedactLevel => Level("redact", 50);

    /// <summary>The power levels of <paramref name="state"/> under <paramref name="version"/>.</summary>
    public static PowerLevels FromState(AuthState state, RoomVersion version) =>
        FromContent(state.PowerLevels?.Content, RoomCreators.Of(state.Create, version), version);

    /// <summary>
    /// The power levels held by <paramref name="content"/> (null: the room has no power-levels event)
    /// in a room whose creators are <paramref name="creators"/>.
    /// </summary>
    public static PowerLevels FromContent(JsonObject? content, RoomCreators creators, RoomVersion version)
    {
        if (content is null) return new PowerLevels(false, creators, NoLevels, NoLevels, NoLevels, NoLevels);
        var topLevel = NoLevels.ToBuilder();
        foreach (var key in TopLevelKeys)
        {
            if (PowerLevelNumber.TryRead(content[key], version, out var level)) topLevel[key] = level;
        }
        return new PowerLevels(true, creators, topLevel.ToImmutable(),
            ReadMap(content["events"], version), ReadMap(content["notifications"], version), ReadMap(content["users"], version));
    }

    /// <summary>
    /// PL(<paramref name="userId"/>): infinite for a room version 12 creator; else the user's entry in
    /// <c>users</c>, else <c>users_default</c>, else 0; without a power-levels event, 100 for the
    /// creator in versions 1–11 and 0 for everyone else.
    /// </summary>
    public PowerLevel UserLevel(string userId)
    {
        if (Creators.IsPrivileged && Creators.Contains(userId)) return PowerLevel.Infinite;
        if (HasEvent) return Users.TryGetValue(userId, out var level) ? level : UsersDefault;
        return !Creators.IsPrivileged && Creators.Contains(userId) ? 100 : 0;
    }

    /// <summary>
    /// The level required to send an event of <paramref name="eventType"/>: its <c>events</c> entry, else
    /// <c>state_default</c> for state events and <c>events_default</c> for others.
    /// </summary>
    public PowerLevel RequiredLevel(string eventType, bool isState) =>
        Events.TryGetValue(eventType, out var level) ? level : isState ? StateDefault : EventsDefault;

    private PowerLevel Level(string key, long fallback) => TopLevel.TryGetValue(key, out var level) ? level : fallback;

    private static ImmutableSortedDictionary<string, PowerLevel> ReadMap(JsonValue? value, RoomVersion version)
    {
        if (value is not JsonObject map || map.Count == 0) return NoLevels;
        var builder = NoLevels.ToBuilder();
        foreach (var (key, entry) in map)
        {
            if (PowerLevelNumber.TryRead(entry, version, out var level)) builder[key] = level;
        }
        return builder.ToImmutable();
    }
}
