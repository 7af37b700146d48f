using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The power-levels rules as the profiled implementation applies them under
/// <see cref="Divergence.PowerLevelsContentRaises"/> (the `power_levels.*` rules of
/// <see cref="PowerLevelsContentRules"/> and <see cref="PowerLevelsChangeRules"/>, in its order): the
/// <c>users</c> map is checked in every room version (keys need only an <c>@</c> and a colon, values
/// must convert with Python's <c>int()</c>), then in room version 12 the creators, then in room
/// versions 10+ the integer types; each of these raises <c>synapse_error</c> instead of rejecting.
/// Without a current power-levels event the event is allowed. Otherwise every level is compared as
/// Python's <c>int()</c> converts it, where a value that does not convert raises: the top-level levels
/// in the order `power_levels.top_level_change_exceeds_power` lists them, then <c>users</c>, <c>events</c> and (v6+) <c>notifications</c>, each map in code-point
/// order (the implementation's order within a map is its set order, so inputs where it could matter are
/// not generated; see spec/divergences.md).
/// </summary>
internal static class PowerLevelsPythonRules
{
    private static readonly System.Collections.Immutable.ImmutableArray<string> Maps = ["users", "events", "notifications"];

    public static AuthDecision Check(AuthCheck c)
    {
        var content = c.Event.Content;
        var version = c.Version;

        if (content.TryGetValue("users", out var usersValue))
        {
            if (usersValue is not JsonObject users) return Raise(Rule.PowerLevelsInvalidUsers, ImplementationException.AttributeError, ("users", usersValue.ToString()));
            foreach (var (user, level) in users.Members)
            {
                if (!user.StartsWith('@') || user.IndexOf(':', 1) < 0) return Raise(Rule.PowerLevelsInvalidUsers, ImplementationException.SynapseError, ("user", user), ("problem", "not a user ID"));
                if (PythonInt.Raises(level) is not null) return Raise(Rule.PowerLevelsInvalidUsers, ImplementationException.SynapseError, ("user", user), ("value", level.ToString()));
            }
        }

        if (version.PrivilegedCreators)
        {
            if (c.State.Create is null) return Raise(Rule.PowerLevelsCreatorInUsers, ImplementationException.SynapseError, ("problem", "no create event"));
            if (content["users"] is JsonObject listed && c.Levels.Creators.AnyListedIn(listed))
            {
                foreach (var creator in c.Levels.Creators.All)
                {
                    if (listed.ContainsKey(creator)) return Raise(Rule.PowerLevelsCreatorInUsers, ImplementationException.SynapseError, ("user", creator));
                }
            }
        }

        if (version.IntegerPowerLevels)
        {
            foreach (var (key, value) in content.Members)
            {
                if (PowerLevels.TopLevelKeys.Contains(key) && value is not JsonNumber { Integer: not null })
                {
                    return Raise(Rule.PowerLevelsNonIntegerValue, ImplementationException.SynapseError, ("property", key), ("value", value.ToString()));
                }
                if (Maps.Contains(key) && (value is not JsonObject map || map.Members.Any(m => m.Value is not JsonNumber { Integer: not null })))
                {
                    return Raise(Rule.PowerLevelsNonIntegerMap, ImplementationException.SynapseError, ("property", key), ("value", value.ToString()));
                }
            }
        }

        if (!c.Levels.HasEvent || PowerLevelsChangeRules.ComparedWithNone(c)) return AuthDecision.Allow(Rule.PowerLevelsInitial);
        if (LevelReads.First(Rule.PowerLevelsAllowed, LevelReads.User(c, c.Sender)) is { } unreadable) return unreadable;

        // Where every level of both events is a JSON integer, the comparisons cannot raise and reach the same
        // verdict in any order, so the rules' own order (`power_levels.top_level_change_exceeds_power` to `power_levels.allowed`) decides, naming the same rule as the spec.
        if (AllIntegers(c.Levels.Content!, version) && AllIntegers(content, version)) return PowerLevelsChangeRules.Check(c);
        var power = c.LevelOf(c.Sender);
        var previous = c.Levels.Content!;
        var sender = ("sender_level", power.ToString());

        foreach (var key in PowerLevels.TopLevelKeys)
        {
            if (Compare(previous, content, key, power, orEqual: false) is { } decision)
            {
                return decision.Raised is { } raised ? Raise(Rule.PowerLevelsTopLevelChangeExceedsPower, raised, ("property", key))
                    : AuthDecision.Reject(Rule.PowerLevelsTopLevelChangeExceedsPower, sender, ("property", key));
            }
        }

        foreach (var map in Maps)
        {
            if (map == "notifications" && !version.NotificationsPowerLevels) continue;
            var before = MapOf(previous, map);
            var after = MapOf(content, map);
            if ((before.Raised ?? after.Raised) is { } notAMap) return Raise(Rule.PowerLevelsMapChangeExceedsPower, notAMap, ("property", map));
            var keys = new SortedSet<string>(CodePointOrder.Instance);
            keys.UnionWith(before.Map.Keys);
            keys.UnionWith(after.Map.Keys);
            foreach (var key in keys)
            {
                var users = map == "users";
                var skip = users && string.Equals(key, c.Sender, StringComparison.Ordinal);
                if (Compare(before.Map, after.Map, key, power, orEqual: users && !skip) is not { } decision) continue;
                if (decision.Raised is { } raised) return Raise(Rule.PowerLevelsMapChangeExceedsPower, raised, ("property", map + "." + key));
                var rule = users
                    ? decision.NewValue ? Rule.PowerLevelsUserValueExceedsPower : Rule.PowerLevelsUserChangeNotLower
                    : decision.NewValue ? Rule.PowerLevelsMapValueExceedsPower : Rule.PowerLevelsMapChangeExceedsPower;
                return AuthDecision.Reject(rule, sender, ("property", map + "." + key));
            }
        }

        return AuthDecision.Allow(Rule.PowerLevelsAllowed, sender);
    }

    private static bool AllIntegers(JsonObject content, Reference.RoomVersions.RoomVersion version)
    {
        foreach (var key in PowerLevels.TopLevelKeys)
        {
            if (content[key] is { } value and not JsonNumber { Integer: not null }) return false;
        }
        foreach (var map in Maps)
        {
            if (map == "notifications" && !version.NotificationsPowerLevels) continue;
            if (content[map] is { } value && (value is not JsonObject entries || entries.Members.Any(m => m.Value is not JsonNumber { Integer: not null }))) return false;
        }
        return true;
    }

    // One level compared: null when unchanged or within the sender's power; otherwise the raise or which value is too high.
    private static Outcome? Compare(JsonObject before, JsonObject after, string key, PowerLevel power, bool orEqual)
    {
        PowerLevel? old = null, @new = null;
        if (before.TryGetValue(key, out var oldValue))
        {
            if (!PythonInt.TryConvert(oldValue, out var level, out var raised)) return new Outcome(raised, false);
            old = level;
        }
        if (after.TryGetValue(key, out var newValue))
        {
            if (!PythonInt.TryConvert(newValue, out var level, out var raised)) return new Outcome(raised, true);
            @new = level;
        }
        if (old is { } o && @new is { } n && o == n) return null;
        if (old is { } current && (orEqual ? current >= power : current > power)) return new Outcome(null, false);
        if (@new is { } proposed && proposed > power) return new Outcome(null, true);
        return null;
    }

    // A map of a content as the comparison reads it: absent, an empty string or an empty array is empty; any
    // other value that is not an object cannot be read as a map.
    private static (JsonObject Map, ImplementationException? Raised) MapOf(JsonObject content, string name) => content[name] switch
    {
        null => (JsonObject.Empty, null),
        JsonObject map => (map, null),
        JsonString { Value.Length: 0 } or JsonArray { Count: 0 } => (JsonObject.Empty, null),
        _ => (JsonObject.Empty, ImplementationException.TypeError),
    };

    private static AuthDecision Raise(Rule rule, ImplementationException raised, params ReadOnlySpan<(string Key, string Value)> evidence) =>
        AuthDecision.Raise(rule, raised, Divergence.PowerLevelsContentRaises, evidence);

    private readonly record struct Outcome(ImplementationException? Raised, bool NewValue);
}
