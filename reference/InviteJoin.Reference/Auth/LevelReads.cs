using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Under <see cref="Divergence.PowerLevelsPythonInt"/>: the points at which the profiled implementation
/// reads a level from the state's power-levels event, and what such a read raises when the value does
/// not convert (<see cref="PythonInt"/>). A read of an absent or null value takes its default, except
/// <c>state_default</c> and <c>events_default</c>, whose null is converted and raises. The rules ask
/// these where the implementation reads, so a raise is reported only if no earlier step decided.
/// </summary>
internal static class LevelReads
{
    /// <summary>The sender's or another user's level.</summary>
    public static ImplementationException? User(AuthCheck c, string userId)
    {
        if (!c.Diverges(Divergence.PowerLevelsPythonInt) || c.State.PowerLevels?.Content is not { } content) return null;
        var creators = c.Levels.Creators;
        if (creators.IsPrivileged && creators.Contains(userId)) return null;
        var users = content["users"];
        if (users is not null and not JsonObject) return ImplementationException.AttributeError;
        if ((users as JsonObject)?[userId] is { } entry and not JsonNull) return PythonInt.Raises(entry);
        return content["users_default"] is { } fallback and not JsonNull ? PythonInt.Raises(fallback) : null;
    }

    /// <summary>One of the top-level named levels (<c>invite</c>, <c>kick</c>, <c>ban</c>, <c>redact</c>).</summary>
    public static ImplementationException? Named(AuthCheck c, string name)
    {
        if (!c.Diverges(Divergence.PowerLevelsPythonInt) || c.State.PowerLevels?.Content is not { } content) return null;
        return content[name] is { } value and not JsonNull ? PythonInt.Raises(value) : null;
    }

    /// <summary>The level the event's type requires.</summary>
    public static ImplementationException? Required(AuthCheck c)
    {
        if (!c.Diverges(Divergence.PowerLevelsPythonInt) || c.State.PowerLevels?.Content is not { } content) return null;
        var events = content["events"];
        if (events is not null and not JsonObject) return ImplementationException.AttributeError;
        if ((events as JsonObject)?[c.Event.Type] is { } entry and not JsonNull) return PythonInt.Raises(entry);
        var fallback = content[c.Event.IsState ? "state_default" : "events_default"];
        return fallback is null ? null : PythonInt.Raises(fallback);
    }

    /// <summary>The first read of <paramref name="reads"/> that raises, as the decision at <paramref name="rule"/>.</summary>
    public static AuthDecision? First(Rule rule, params ReadOnlySpan<ImplementationException?> reads)
    {
        foreach (var raised in reads)
        {
            if (raised is { } kind) return AuthDecision.Raise(rule, kind, Divergence.PowerLevelsPythonInt);
        }
        return null;
    }
}
