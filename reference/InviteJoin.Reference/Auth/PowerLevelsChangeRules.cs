using System.Collections.Immutable;

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

        var current = c.Levels;
        var proposed = PowerLevels.FromContent(c.Event.Content, current.Creators, c.Version);
        var power = c.LevelOf(c.Sender);
        var sender = ("sender_level", power.ToString());

        // K6 (v1–5: 10.3; v6–9: 9.3; v10–11: 9.5; v12: 10.6): for each top-level level added, changed
        // or removed, neither the current nor the new value may be above the sender's level.
        foreach (var key in PowerLevels.TopLevelKeys)
        {
            var had = current.TopLevel.TryGetValue(key, out var before);
            var has = proposed.TopLevel.TryGetValue(key, out var after);
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

        // K7 (v1–5: 10.4; v6–9: 9.4; v10–11: 9.6; v12: 10.7): for each events (v6+: and notifications)
        // entry changed or removed, the current value may not be above the sender's level.
        foreach (var (name, before, after) in Maps(c, current, proposed))
        {
            foreach (var (key, value) in before)
            {
                if (after.TryGetValue(key, out var next) && next == value) continue;
                if (value > power)
                {
                    return AuthDecision.Reject(Rule.PowerLevelsMapChangeExceedsPower, sender, ("property", name + "." + key), ("current_value", value.ToString()));
                }
            }
        }

        // K8 (v1–5: 10.5; v6–9: 9.5; v10–11: 9.7; v12: 10.8): for each events (v6+: and notifications)
        // entry added or changed, the new value may not be above the sender's level.
        foreach (var (name, before, after) in Maps(c, current, proposed))
        {
            foreach (var (key, value) in after)
            {
                if (before.TryGetValue(key, out var previous) && previous == value) continue;
                if (value > power)
                {
                    return AuthDecision.Reject(Rule.PowerLevelsMapValueExceedsPower, sender, ("property", name + "." + key), ("new_value", value.ToString()));
                }
            }
        }

        // K9 (v1–5: 10.6; v6–9: 9.6; v10–11: 9.8; v12: 10.9): for each users entry changed or removed,
        // other than the sender's own, the current value must be below the sender's level.
        foreach (var (user, value) in current.Users)
        {
            if (string.Equals(user, c.Sender, StringComparison.Ordinal)) continue;
            if (proposed.Users.TryGetValue(user, out var next) && next == value) continue;
            if (value >= power)
            {
                return AuthDecision.Reject(Rule.PowerLevelsUserChangeNotLower, sender, ("user", user), ("current_value", value.ToString()));
            }
        }

        // K10 (v1–5: 10.7; v6–9: 9.7; v10–11: 9.9; v12: 10.10): for each users entry added or changed
        // (the sender's own included), the new value may not be above the sender's level.
        foreach (var (user, value) in proposed.Users)
        {
            if (current.Users.TryGetValue(user, out var previous) && previous == value) continue;
            if (value > power)
            {
                return AuthDecision.Reject(Rule.PowerLevelsUserValueExceedsPower, sender, ("user", user), ("new_value", value.ToString()));
            }
        }

        // K11 (v1–5: 10.8; v6–9: 9.8; v10–11: 9.10; v12: 10.11): otherwise, allow.
        return AuthDecision.Allow(Rule.PowerLevelsAllowed, sender);
    }

    private static IEnumerable<(string Name, ImmutableSortedDictionary<string, PowerLevel> Current, ImmutableSortedDictionary<string, PowerLevel> Proposed)> Maps(
        AuthCheck c, PowerLevels current, PowerLevels proposed)
    {
        yield return ("events", current.Events, proposed.Events);
        if (c.Version.NotificationsPowerLevels) yield return ("notifications", current.Notifications, proposed.Notifications);
    }
}
