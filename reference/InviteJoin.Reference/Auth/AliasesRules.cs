using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 4 (room versions 1–5 only): <c>m.room.aliases</c> is authorised by its state key naming the
/// sender's server, before and instead of any membership or power check (spec v1.19, rooms v1–v5
/// "Authorisation rules" 4; removed in v6 by MSC2432). See <c>spec/rules/05-aliases.md</c>.
/// </summary>
internal static class AliasesRules
{
    public static AuthDecision? Check(AuthCheck c)
    {
        if (!c.Version.SpecialCaseAliasesAuth || !string.Equals(c.Event.Type, EventTypes.Aliases, StringComparison.Ordinal)) return null;

        // `aliases.no_state_key` ("Authorisation rules" 4.1, v1–5): the event has a state key.
        if (c.Event.StateKey is not { } stateKey) return AuthDecision.Reject(Rule.AliasesNoStateKey);

        // `aliases.server_mismatch` ("Authorisation rules" 4.2, v1–5): the state key is the sender's server name.
        var server = c.Event.Sender.Server.Value;
        if (!string.Equals(stateKey, server, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.AliasesServerMismatch, ("state_key", stateKey), ("sender_server", server));
        }

        // `aliases.allowed` ("Authorisation rules" 4.3, v1–5): otherwise, allow.
        return AuthDecision.Allow(Rule.AliasesAllowed, ("sender_server", server));
    }
}
