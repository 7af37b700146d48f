using System.Collections.Immutable;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 10 (v1–5) / 9 (v6–11) / 10 (v12), second part: a power-levels change may only touch levels at
/// or below the sender's own, and may not raise anything above it (spec v1.19, rooms v1–v12
/// "Authorisation rules"; <c>notifications</c> from v6 by MSC2209). See <c>spec/rules/11-power-levels.md</c>.
/// </summary>
/// <remarks>
/// "Current" and "new" values are the values present in the current and the new event, read as the room
/// version interprets them: an absent value is absent, never replaced by its default (so adding
/// <c>kick: 50</c> checks only the new value), and <c>"50"</c> and <c>50</c> are the same value in the
/// versions that accept strings. P is the sender's level in the current state.
/// </remarks>
internal static class PowerLevelsChangeRules
{
    public static AuthDecision Check(AuthCheck c)
    {
        // K5 (v1–5: 10.2; v6–9: 9.2; v10–11: 9.4; v12: 10.5): the room's first power-levels event.
        if (!c.Levels.HasEvent) return AuthDecision.Allow(Rule.PowerLevelsInitial);

        // The new values are read straight from the event's content, as PowerLevels.FromContent reads them
        // (a value the version cannot read is absent), without building maps that are each read once.
        var current = c.Levels;
        var content = c.Event.Content;
        var power = c.LevelOf(c.Sender);
        var sender = ("sender_level", power.ToString());

        // K6 (v1–5: 10.3; v6–9: 9.3; v10–11: 9.5; v12: 10.6): for each top-level level added, changed
        // or removed, neither the current nor the new value may be above the sender's level.
        foreach (var key in PowerLevels.TopLevelKeys)
        {
            var had = current.TopLevel.TryGetValue(key, out var before);
            var has = PowerLevelNumber.TryRead(content[key], c.Version, out var after);
            if (had == has && (!had || before == after)) continue;
            if (had && before > power)
            {
                return AuthDecision.Reject(Rule.PowerLevelsTopLevelChangeExceedsPower, sender, ("property", key), ("current_value", before.ToString()));
            }
            if (has && after > power)
            {
                return AuthDecision.Reject(Rule.PowerLevelsTopLevelChangeExceedsPower, sender, ("property", key), ("new_value", after.ToString()));
            }
        }

        var events = MapOf(content, "events");
        var notifications = c.Version.NotificationsPowerLevels ? MapOf(content, "notifications") : null;

        // K7 (v1–5: 10.4; v6–9: 9.4; v10–11: 9.6; v12: 10.7): for each events (v6+: and notifications)
        // entry changed or removed, the current value may not be above the sender's level.
        if (FirstChangedAbove(current.Events, events, c, power, orEqual: false, skip: null) is { } eventsEntry)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapChangeExceedsPower, sender, ("property", "events." + eventsEntry.Key), ("current_value", eventsEntry.Value.ToString()));
        }
        if (c.Version.NotificationsPowerLevels
            && FirstChangedAbove(current.Notifications, notifications, c, power, orEqual: false, skip: null) is { } notificationsEntry)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapChangeExceedsPower, sender, ("property", "notifications." + notificationsEntry.Key), ("current_value", notificationsEntry.Value.ToString()));
        }

        // K8 (v1–5: 10.5; v6–9: 9.5; v10–11: 9.7; v12: 10.8): for each events (v6+: and notifications)
        // entry added or changed, the new value may not be above the sender's level.
        if (FirstNewAbove(events, current.Events, c, power) is { } newEvent)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapValueExceedsPower, sender, ("property", "events." + newEvent.Key), ("new_value", newEvent.Value.ToString()));
        }
        if (c.Version.NotificationsPowerLevels && FirstNewAbove(notifications, current.Notifications, c, power) is { } newNotification)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapValueExceedsPower, sender, ("property", "notifications." + newNotification.Key), ("new_value", newNotification.Value.ToString()));
        }

        // K9 (v1–5: 10.6; v6–9: 9.6; v10–11: 9.8; v12: 10.9): for each users entry changed or removed,
        // other than the sender's own, the current value must be below the sender's level.
        var users = MapOf(content, "users");
        if (FirstChangedAbove(current.Users, users, c, power, orEqual: true, skip: c.Sender) is { } user)
        {
            return AuthDecision.Reject(Rule.PowerLevelsUserChangeNotLower, sender, ("user", user.Key), ("current_value", user.Value.ToString()));
        }

        // K10 (v1–5: 10.7; v6–9: 9.7; v10–11: 9.9; v12: 10.10): for each users entry added or changed
        // (the sender's own included), the new value may not be above the sender's level.
        if (FirstNewAbove(users, current.Users, c, power) is { } newUser)
        {
            return AuthDecision.Reject(Rule.PowerLevelsUserValueExceedsPower, sender, ("user", newUser.Key), ("new_value", newUser.Value.ToString()));
        }

        // K11 (v1–5: 10.8; v6–9: 9.8; v10–11: 9.10; v12: 10.11): otherwise, allow.
        return AuthDecision.Allow(Rule.PowerLevelsAllowed, sender);
    }

    // A map of the new content as PowerLevels.FromContent reads it: anything but an object is empty.
    private static JsonObject? MapOf(JsonObject content, string name) => content[name] as JsonObject;

    /// <summary>
    /// The first entry, in ordinal key order, of <paramref name="current"/> (other than <paramref name="skip"/>)
    /// whose value <paramref name="proposed"/> changes or removes and that is above (or, with
    /// <paramref name="orEqual"/>, at least) <paramref name="power"/>.
    /// </summary>
    private static KeyValuePair<string, PowerLevel>? FirstChangedAbove(ImmutableSortedDictionary<string, PowerLevel> current, JsonObject? proposed,
        AuthCheck c, PowerLevel power, bool orEqual, string? skip)
    {
        foreach (var entry in current)
        {
            if (skip is not null && string.Equals(entry.Key, skip, StringComparison.Ordinal)) continue;
            if (proposed is not null && PowerLevelNumber.TryRead(proposed[entry.Key], c.Version, out var next) && next == entry.Value) continue;
            if (orEqual ? entry.Value >= power : entry.Value > power) return entry;
        }
        return null;
    }

    /// <summary>
    /// The first entry, in ordinal key order, that <paramref name="proposed"/> adds or changes with a value
    /// above <paramref name="power"/>. The JSON object keeps code-point order, which differs from ordinal
    /// order for keys holding surrogates, so the smallest offending key is sought rather than the first met.
    /// </summary>
    private static KeyValuePair<string, PowerLevel>? FirstNewAbove(JsonObject? proposed, ImmutableSortedDictionary<string, PowerLevel> current,
        AuthCheck c, PowerLevel power)
    {
        if (proposed is null) return null;
        KeyValuePair<string, PowerLevel>? first = null;
        foreach (var (key, entry) in proposed)
        {
            if (!PowerLevelNumber.TryRead(entry, c.Version, out var value)) continue;
            if (current.TryGetValue(key, out var previous) && previous == value) continue;
            if (value > power && (first is null || string.CompareOrdinal(key, first.Value.Key) < 0)) first = KeyValuePair.Create(key, value);
        }
        return first;
    }
}
