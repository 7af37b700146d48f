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
        // `power_levels.initial` ("Authorisation rules" v1–5: 10.2; v6–9: 9.2; v10–11: 9.4; v12: 10.5):
        // the room's first power-levels event.
        if (!c.Levels.HasEvent || ComparedWithNone(c)) return AuthDecision.Allow(Rule.PowerLevelsInitial);

        // The current and new values are read straight from the two events' contents, as PowerLevels reads
        // them (a value the version cannot read is absent).
        var previous = c.Levels.Content;
        var content = c.Event.Content;
        var power = c.LevelOf(c.Sender);
        var sender = ("sender_level", power.ToString());

        // `power_levels.top_level_change_exceeds_power` ("Authorisation rules" v1–5: 10.3; v6–9: 9.3; v10–11: 9.5; v12: 10.6):
        // for each top-level level added, changed or removed, neither the current nor the new value may be above the
        // sender's level.
        foreach (var key in PowerLevels.TopLevelKeys)
        {
            var had = PowerLevelNumber.TryRead(previous?[key], c.Version, out var before);
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

        // One walk over each map of both events finds what rules 10.7–10.10 (v12 numbering) ask of it.
        var events = CompareMaps(previous, content, "events", c, power, orEqual: false, skip: null);
        var notifications = c.Version.NotificationsPowerLevels
            ? CompareMaps(previous, content, "notifications", c, power, orEqual: false, skip: null)
            : default;

        // `power_levels.map_change_exceeds_power` ("Authorisation rules" v1–5: 10.4; v6–9: 9.4; v10–11: 9.6; v12: 10.7):
        // for each events (v6+: and notifications) entry changed or removed, the current value may not be above the
        // sender's level.
        if (events.ChangedAbove is { } eventsEntry)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapChangeExceedsPower, sender, ("property", "events." + eventsEntry.Key), ("current_value", eventsEntry.Value.ToString()));
        }
        if (notifications.ChangedAbove is { } notificationsEntry)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapChangeExceedsPower, sender, ("property", "notifications." + notificationsEntry.Key), ("current_value", notificationsEntry.Value.ToString()));
        }

        // `power_levels.map_value_exceeds_power` ("Authorisation rules" v1–5: 10.5; v6–9: 9.5; v10–11: 9.7; v12: 10.8):
        // for each events (v6+: and notifications) entry added or changed, the new value may not be above the
        // sender's level.
        if (events.NewAbove is { } newEvent)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapValueExceedsPower, sender, ("property", "events." + newEvent.Key), ("new_value", newEvent.Value.ToString()));
        }
        if (notifications.NewAbove is { } newNotification)
        {
            return AuthDecision.Reject(Rule.PowerLevelsMapValueExceedsPower, sender, ("property", "notifications." + newNotification.Key), ("new_value", newNotification.Value.ToString()));
        }

        // `power_levels.user_change_not_lower` ("Authorisation rules" v1–5: 10.6; v6–9: 9.6; v10–11: 9.8; v12: 10.9):
        // for each users entry changed or removed, other than the sender's own, the current value must be below the
        // sender's level.
        var users = CompareMaps(previous, content, "users", c, power, orEqual: true, skip: c.Sender);
        if (users.ChangedAbove is { } user)
        {
            return AuthDecision.Reject(Rule.PowerLevelsUserChangeNotLower, sender, ("user", user.Key), ("current_value", user.Value.ToString()));
        }

        // `power_levels.user_value_exceeds_power` ("Authorisation rules" v1–5: 10.7; v6–9: 9.7; v10–11: 9.9; v12: 10.10):
        // for each users entry added or changed (the sender's own included), the new value may not be above the
        // sender's level.
        if (users.NewAbove is { } newUser)
        {
            return AuthDecision.Reject(Rule.PowerLevelsUserValueExceedsPower, sender, ("user", newUser.Key), ("new_value", newUser.Value.ToString()));
        }

        // `power_levels.allowed` ("Authorisation rules" v1–5: 10.8; v6–9: 9.8; v10–11: 9.10; v12: 10.11):
        // otherwise, allow.
        return AuthDecision.Allow(Rule.PowerLevelsAllowed, sender);
    }

    /// <summary>
    /// Under <see cref="Profiles.Divergence.PowerLevelsByOwnStateKey"/>: the event has a state key other than
    /// the empty one, and the state holds no power-levels event of that key to compare it with.
    /// </summary>
    internal static bool ComparedWithNone(AuthCheck c) =>
        c.Diverges(Profiles.Divergence.PowerLevelsByOwnStateKey) && c.Event.StateKey is { Length: > 0 } key
        && c.State.Get(Events.EventTypes.PowerLevels, key) is null;

    /// <summary>
    /// Compares the map <paramref name="name"/> of the current and the new content, each read as
    /// <see cref="PowerLevels"/> reads it (anything but an object is empty; a value the version
    /// cannot read is absent). Of the entries added, changed or removed it finds, in ordinal key order, the
    /// first whose current value is above (or, with <paramref name="orEqual"/>, at least) <paramref name="power"/>,
    /// other than <paramref name="skip"/>; and the first whose new value is above <paramref name="power"/>.
    /// </summary>
    /// <remarks>
    /// Both JSON objects keep their members in code-point order, so one merge walks them together. That order
    /// differs from ordinal order for keys holding surrogates, so the smallest key is sought rather than the first met.
    /// </remarks>
    private static MapChange CompareMaps(JsonObject? currentContent, JsonObject newContent, string name,
        AuthCheck c, PowerLevel power, bool orEqual, string? skip)
    {
        var before = (currentContent?[name] as JsonObject)?.Members ?? [];
        var after = (newContent[name] as JsonObject)?.Members ?? [];
        KeyValuePair<string, PowerLevel>? changedAbove = null;
        KeyValuePair<string, PowerLevel>? newAbove = null;
        int i = 0, j = 0;
        while (i < before.Length || j < after.Length)
        {
            // Below zero: the key is only in the current map; above: only in the new one; zero: in both.
            var order = i == before.Length ? 1 : j == after.Length ? -1 : CodePointOrder.Instance.Compare(before[i].Key, after[j].Key);
            if (order == 0 && before[i].Value.Equals(after[j].Value))
            {
                // The same JSON value reads as the same level: the entry is unchanged.
                i++;
                j++;
                continue;
            }
            string key;
            bool had = false, has = false;
            PowerLevel was = default, now = default;
            if (order <= 0)
            {
                key = before[i].Key;
                had = PowerLevelNumber.TryRead(before[i].Value, c.Version, out was);
                i++;
            }
            else
            {
                key = after[j].Key;
            }
            if (order >= 0)
            {
                has = PowerLevelNumber.TryRead(after[j].Value, c.Version, out now);
                j++;
            }
            if (had == has && (!had || was == now)) continue;
            if (had && (orEqual ? was >= power : was > power) && !string.Equals(key, skip, StringComparison.Ordinal))
            {
                changedAbove = Smaller(changedAbove, key, was);
            }
            if (has && now > power) newAbove = Smaller(newAbove, key, now);
        }
        return new MapChange(changedAbove, newAbove);
    }

    private static KeyValuePair<string, PowerLevel> Smaller(KeyValuePair<string, PowerLevel>? first, string key, PowerLevel value) =>
        first is { } known && string.CompareOrdinal(known.Key, key) < 0 ? known : KeyValuePair.Create(key, value);

    /// <summary>
    /// What one map's change touches above the sender's level: the first current value
    /// (`power_levels.map_change_exceeds_power`, `power_levels.user_change_not_lower`) and the first new value
    /// (`power_levels.map_value_exceeds_power`, `power_levels.user_value_exceeds_power`).
    /// </summary>
    private readonly record struct MapChange(KeyValuePair<string, PowerLevel>? ChangedAbove, KeyValuePair<string, PowerLevel>? NewAbove);
}
