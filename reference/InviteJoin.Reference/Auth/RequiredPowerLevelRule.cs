namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 8 (v1–5) / 7 (v6–11) / 8 (v12): the sender's power level reaches the level the event type
/// requires: its <c>events</c> entry, else <c>state_default</c> or <c>events_default</c> (spec v1.19,
/// rooms v1–v12 "Authorisation rules"; server-server API "Definitions"). See <c>spec/rules/09-power-level.md</c>.
/// </summary>
internal static class RequiredPowerLevelRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        // (profiles) the levels this rule reads, the required one first.
        if (LevelReads.First(Rule.EventInsufficientPower, LevelReads.Required(c), LevelReads.User(c, c.Sender)) is { } raised) return raised;

        // `event.insufficient_power` ("Authorisation rules" 8, v1–5; 7, v6–11; 8, v12):
        // the required level is greater than the sender's level.
        var required = c.Levels.RequiredLevel(c.Event.Type, c.Event.IsState);
        var level = c.LevelOf(c.Sender);
        if (required > level)
        {
            return AuthDecision.Reject(Rule.EventInsufficientPower, ("sender_level", level.ToString()), ("required_level", required.ToString()), ("type", c.Event.Type));
        }
        return null;
    }
}
