using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 11 (room versions 1–2 only): <c>m.room.redaction</c> needs the redact level, or must come from
/// the server that the redacted event's ID names (spec v1.19, rooms v1–v2 "Authorisation rules" 11).
/// From v3 a redaction is authorised like any event and the redact level only decides whether it is
/// applied. See <c>spec/rules/12-redaction.md</c>.
/// </summary>
internal static class RedactionAuthRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        if (!string.Equals(c.Event.Type, EventTypes.Redaction, StringComparison.Ordinal)) return null;

        // (profiles) the levels the implementation reads for a redaction, in every room version.
        if (LevelReads.First(Rule.RedactionInsufficientPower, LevelReads.User(c, c.Sender), LevelReads.Named(c, "redact")) is { } raised) return raised;
        if (!c.Version.RedactionAuthRule) return null;

        // `redaction.allowed_power` ("Authorisation rules" 11.1, v1–2): the sender reaches the redact level.
        var level = c.LevelOf(c.Sender);
        var redactLevel = c.Levels.RedactLevel;
        if (level >= redactLevel)
        {
            return AuthDecision.Allow(Rule.RedactionAllowedPower, ("sender_level", level.ToString()), ("redact_level", redactLevel.ToString()));
        }

        // `redaction.allowed_same_server` ("Authorisation rules" 11.2, v1–2):
        // the redacted event's ID and the redaction's ID name the same server.
        var ownServer = c.Event.EventId.Server?.Value;
        var redactedServer = c.Event.Redacts is { } redacts && EventId.Parse(redacts, EventIdFormat.ServerScoped) is { IsOk: true } redacted
            ? redacted.Value.Server?.Value
            : null;
        if (ownServer is not null && string.Equals(ownServer, redactedServer, StringComparison.Ordinal))
        {
            return AuthDecision.Allow(Rule.RedactionAllowedSameServer, ("server", ownServer));
        }

        // `redaction.insufficient_power` ("Authorisation rules" 11.3, v1–2): otherwise, reject.
        return AuthDecision.Reject(Rule.RedactionInsufficientPower, ("sender_level", level.ToString()), ("redact_level", redactLevel.ToString()),
            ("redaction_server", ownServer ?? "(none)"), ("redacted_server", redactedServer ?? "(none)"));
    }
}
