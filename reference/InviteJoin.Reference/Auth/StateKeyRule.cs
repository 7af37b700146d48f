namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 9 (v1–5) / 8 (v6–11) / 9 (v12): a state key that starts with <c>@</c> is reserved for the user
/// it names (spec v1.19, rooms v1–v12 "Authorisation rules"). See <c>spec/rules/10-state-key.md</c>.
/// </summary>
internal static class StateKeyRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        // `event.state_key_impersonation` ("Authorisation rules" 9, v1–5; 8, v6–11; 9, v12):
        // a state key starting with "@" must be the sender's user ID.
        if (c.Event.StateKey is { } key && key.StartsWith('@') && !string.Equals(key, c.Sender, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.EventStateKeyImpersonation, ("state_key", key), ("sender", c.Sender));
        }
        return null;
    }
}
