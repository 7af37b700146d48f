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
/// event holding such a value is rejected when it is sent (`power_levels.non_integer_value`,
/// `power_levels.non_integer_map`, `power_levels.invalid_users` and, for versions 1–9,
/// <see cref="Rule.PowerLevelsUnparseableValue"/>), so it can only be met in a state assembled by
/// hand; reading it as absent keeps every lookup total and deterministic without inventing a level.
/// The <c>users</c> and <c>events</c> entries are read from the event's content when asked for, not copied
/// into sorted maps first: a state is read for every event state resolution checks, and a large room's
/// <c>users</c> map is large.
/// </remarks>
public sealed class PowerLevels
{
    /// <summary>The top-level integer properties, in the order the power-levels rule lists them (spec v1.19, rooms v12 "Authorisation rules" 10.1).</summary>
    public static readonly ImmutableArray<string> TopLevelKeys = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];

    private readonly RoomVersion _version;
    private readonly bool _pythonInt;

    // The maps every auth check looks into, found once (null when absent or not an object); the top-level
    // levels are read once too, when first asked for (see TopLevels).
    private readonly JsonObject? _users;
    private readonly JsonObject? _events;

    private PowerLevels(JsonObject? content, RoomCreators creators, RoomVersion version, bool pythonInt)
    {
        Content = content;
        Creators = creators;
        _version = version;
        _pythonInt = pythonInt;
        _users = content?["users"] as JsonObject;
        _events = content?["events"] as JsonObject;
    }

    /// <summary>True when the state has an <c>m.room.power_levels</c> event.</summary>
    public bool HasEvent => Content is not null;

    /// <summary>The content the levels are read from, or null without a power-levels event.</summary>
    internal JsonObject? Content { get; }

    /// <summary>The room's creators, who hold 100 without a power-levels event (versions 1–11) or infinite power (12).</summary>
    public RoomCreators Creators { get; }

    /// <summary>The top-level properties of <see cref="TopLevelKeys"/> that are present and interpretable (built on each access).</summary>
    public ImmutableSortedDictionary<string, PowerLevel> TopLevel
    {
        get
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, PowerLevel>(StringComparer.Ordinal);
            foreach (var key in TopLevelKeys)
            {
                if (TryRead(Content?[key], out var level)) builder[key] = level;
            }
            return builder.ToImmutable();
        }
    }

    /// <summary>The interpretable entries of <c>events</c> (built on each access; the rules use <see cref="RequiredLevel"/>).</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Events => ReadMap("events");

    /// <summary>The interpretable entries of <c>notifications</c> (built on each access).</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Notifications => ReadMap("notifications");

    /// <summary>The interpretable entries of <c>users</c> (built on each access; the rules use <see cref="UserLevel"/>).</summary>
    public ImmutableSortedDictionary<string, PowerLevel> Users => ReadMap("users");

    /// <summary><c>users_default</c>, default 0.</summary>
    public PowerLevel UsersDefault => TopLevels.UsersDefault;

    /// <summary><c>events_default</c>, default 0.</summary>
    public PowerLevel EventsDefault => TopLevels.EventsDefault;

    /// <summary><c>state_default</c>, default 50 (also when there is no power-levels event).</summary>
    public PowerLevel StateDefault => TopLevels.StateDefault;

    /// <summary>The invite level, default 0.</summary>
    public PowerLevel InviteLevel => TopLevels.InviteLevel;

    /// <summary>The kick level, default 50.</summary>
    public PowerLevel KickLevel => TopLevels.KickLevel;

    /// <summary>The ban level, default 50.</summary>
    public PowerLevel BanLevel => TopLevels.BanLevel;

    /// <summary>The redact level, default 50.</summary>
    public PowerLevel RedactLevel => TopLevels.RedactLevel;

    /// <summary>
    /// The power levels of <paramref name="state"/> under <paramref name="version"/>; with
    /// <paramref name="pythonInt"/> each value is read as Python's <c>int()</c> converts it
    /// (<see cref="Profiles.Divergence.PowerLevelsPythonInt"/>), one that does not convert reading as absent.
    /// </summary>
    public static PowerLevels FromState(AuthState state, RoomVersion version, bool pythonInt = false) =>
        FromContent(state.PowerLevels?.Content, RoomCreators.Of(state.Create, version), version, pythonInt);

    /// <summary>
    /// The power levels held by <paramref name="content"/> (null: the room has no power-levels event)
    /// in a room whose creators are <paramref name="creators"/>.
    /// </summary>
    public static PowerLevels FromContent(JsonObject? content, RoomCreators creators, RoomVersion version, bool pythonInt = false) =>
        new(content, creators, version, pythonInt);

    /// <summary>
    /// PL(<paramref name="userId"/>) (`power_level.user`): infinite for a room version 12 creator
    /// (`power_level.creators_infinite`); else the user's entry in <c>users</c>, else <c>users_default</c>,
    /// else 0; without a power-levels event, 100 for the creator in versions 1–11 and 0 for everyone else.
    /// </summary>
    public PowerLevel UserLevel(string userId)
    {
        if (Creators.IsPrivileged && Creators.Contains(userId)) return PowerLevel.Infinite;
        if (HasEvent) return TryReadEntry(_users, userId, out var level) ? level : UsersDefault;
        return !Creators.IsPrivileged && Creators.Contains(userId) ? 100 : 0;
    }

    /// <summary>
    /// The level required to send an event of <paramref name="eventType"/> (`power_level.required`): its <c>events</c> entry, else
    /// <c>state_default</c> for state events and <c>events_default</c> for others.
    /// </summary>
    public PowerLevel RequiredLevel(string eventType, bool isState) =>
        TryReadEntry(_events, eventType, out var level) ? level : isState ? StateDefault : EventsDefault;

    // The top-level levels, read together the first time one is asked for (a sender listed in `users` needs none of
    // them), once: the object is immutable, so a reader racing another reads equal values, and a reference write is atomic.
    private TopLevelLevels? _topLevels;

    private TopLevelLevels TopLevels => _topLevels ??= new TopLevelLevels(
        Level("users_default", 0), Level("events_default", 0), Level("state_default", 50), Level("invite", 0),
        Level("kick", 50), Level("ban", 50), Level("redact", 50));

    private sealed record TopLevelLevels(
        PowerLevel UsersDefault, PowerLevel EventsDefault, PowerLevel StateDefault, PowerLevel InviteLevel,
        PowerLevel KickLevel, PowerLevel BanLevel, PowerLevel RedactLevel);

    private PowerLevel Level(string key, long fallback) => TryRead(Content?[key], out var level) ? level : fallback;

    // An entry of a map: absent when there is no map, or the entry is absent or not a level here.
    private bool TryReadEntry(JsonObject? map, string key, out PowerLevel level)
    {
        level = default;
        return map is not null && map.TryGetValue(key, out var value) && TryRead(value, out level);
    }

    private bool TryRead(JsonValue? value, out PowerLevel level)
    {
        if (!_pythonInt) return PowerLevelNumber.TryRead(value, _version, out level);
        level = default;
        return value is not null && PythonInt.TryConvert(value, out level, out _);
    }

    private ImmutableSortedDictionary<string, PowerLevel> ReadMap(string name)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, PowerLevel>(StringComparer.Ordinal);
        if (Content?[name] is JsonObject map)
        {
            foreach (var (key, entry) in map.Members)
            {
                if (TryRead(entry, out var level)) builder[key] = level;
            }
        }
        return builder.ToImmutable();
    }
}
