using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 10 (v1–5) / 9 (v6–11) / 10 (v12), first part: the content of a new <c>m.room.power_levels</c>
/// event must hold only values the room version can read (spec v1.19, rooms v1–v12 "Authorization
/// rules"; the legacy number formats of v1–9 and v1–5; MSC3667; MSC4289). See <c>spec/rules/11-power-levels.md</c>.
/// </summary>
/// <remarks>
/// Room versions 1–9 check only <c>users</c> in their rules, yet their number-format sections say which
/// strings and floats stand for integers and that a value outside them gets the event rejected (v1–5,
/// for floats). We read that as: a value the auth rules will interpret must be interpretable, so a
/// top-level level, an <c>events</c> entry or (v6–9, where the power-levels rule compares them) a <c>notifications</c>
/// entry that is none of integer, integer string or (v1–5) float is rejected with
/// <see cref="Rule.PowerLevelsUnparseableValue"/>. Absent <c>users</c> is an empty map, not a failure.
/// </remarks>
internal static class PowerLevelsContentRules
{
    public static AuthDecision? Check(AuthCheck c)
    {
        // (profiles) the implementation's own order, which decides every power-levels event itself.
        if (c.Diverges(Profiles.Divergence.PowerLevelsContentRaises)) return PowerLevelsPythonRules.Check(c);

        var content = c.Event.Content;

        if (c.Version.IntegerPowerLevels)
        {
            // `power_levels.non_integer_value` ("Authorisation rules" v10–11: 9.1; v12: 10.1):
            // the top-level levels that are present are integers.
            foreach (var key in PowerLevels.TopLevelKeys)
            {
                if (content.TryGetValue(key, out var value) && !IsInteger(value))
                {
                    return AuthDecision.Reject(Rule.PowerLevelsNonIntegerValue, ("property", key), ("value", value.ToString()));
                }
            }

            // `power_levels.non_integer_map` ("Authorisation rules" v10–11: 9.2; v12: 10.2):
            // events and notifications, when present, are objects of integers.
            foreach (var map in (ReadOnlySpan<string>)["events", "notifications"])
            {
                if (content.TryGetValue(map, out var value) && FirstNonInteger(value) is { } problem)
                {
                    return AuthDecision.Reject(Rule.PowerLevelsNonIntegerMap, ("property", map), ("entry", problem));
                }
            }
        }

        // `power_levels.invalid_users` ("Authorisation rules" v1–5: 10.1; v6–9: 9.1; v10–11: 9.3; v12: 10.3):
        // users is an object of valid user IDs to integers (v1–9: or integer strings; v1–5: or floats).
        if (content.TryGetValue("users", out var usersValue))
        {
            if (usersValue is not JsonObject users) return AuthDecision.Reject(Rule.PowerLevelsInvalidUsers, ("users", usersValue.ToString()));
            foreach (var (user, level) in users.Members)
            {
                if (!UserId.IsValid(user, UserIdGrammar.Historical))
                {
                    return AuthDecision.Reject(Rule.PowerLevelsInvalidUsers, ("user", user), ("problem", "not a user ID"));
                }
                if (!Readable(level, c))
                {
                    return AuthDecision.Reject(Rule.PowerLevelsInvalidUsers, ("user", user), ("value", level.ToString()));
                }
            }
        }

        // `power_levels.unparseable_value` (ours, v1–9):
        // every other value the rules interpret is one this room version can read.
        if (!c.Version.IntegerPowerLevels && FirstUnreadable(content, c) is { } unreadable)
        {
            return AuthDecision.Reject(Rule.PowerLevelsUnparseableValue, ("property", unreadable.Property), ("value", unreadable.Value));
        }

        // `power_levels.creator_in_users` ("Authorisation rules" v12: 10.4): no room creator is listed in users.
        // The creators are looked for in users as read, and in order only when one is there, to name the first.
        if (c.Version.PrivilegedCreators && content["users"] is JsonObject listed && c.Levels.Creators.AnyListedIn(listed))
        {
            foreach (var creator in c.Levels.Creators.All)
            {
                if (listed.ContainsKey(creator)) return AuthDecision.Reject(Rule.PowerLevelsCreatorInUsers, ("user", creator));
            }
        }

        return null;
    }

    private static bool IsInteger(JsonValue value) => value is JsonNumber { Integer: not null };

    private static bool Readable(JsonValue value, AuthCheck c) =>
        c.Version.IntegerPowerLevels ? IsInteger(value) : PowerLevelNumber.TryRead(value, c.Version, out _);

    private static string? FirstNonInteger(JsonValue map)
    {
        if (map is not JsonObject entries) return map.ToString();
        foreach (var (key, value) in entries.Members)
        {
            if (!IsInteger(value)) return key + "=" + value.ToString();
        }
        return null;
    }

    private static (string Property, string Value)? FirstUnreadable(JsonObject content, AuthCheck c)
    {
        foreach (var key in PowerLevels.TopLevelKeys)
        {
            if (content.TryGetValue(key, out var value) && !Readable(value, c)) return (key, value.ToString());
        }
        ReadOnlySpan<string> maps = c.Version.NotificationsPowerLevels ? ["events", "notifications"] : ["events"];
        foreach (var map in maps)
        {
            if (!content.TryGetValue(map, out var value)) continue;
            if (value is not JsonObject entries) return (map, value.ToString());
            foreach (var (key, entry) in entries.Members)
            {
                if (!Readable(entry, c)) return (map + "." + key, entry.ToString());
            }
        }
        return null;
    }
}
