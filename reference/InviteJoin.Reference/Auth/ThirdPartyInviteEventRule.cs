using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 7 (v1–5) / 6 (v6–11) / 7 (v12): <c>m.room.third_party_invite</c> needs the invite level and
/// nothing else; it is decided here, before the required-level and state-key rules (spec v1.19, rooms
/// v1–v12 "Authorisation rules"). See <c>spec/rules/08-third-party-invite-event.md</c>.
/// </summary>
internal static class ThirdPartyInviteEventRule
{
    public static AuthDecision? Check(AuthCheck c)
    {
        if (!string.Equals(c.Event.Type, EventTypes.ThirdPartyInvite, StringComparison.Ordinal)) return null;

        // (profiles) the levels this rule reads.
        if (LevelReads.First(Rule.ThirdPartyInviteInsufficientPower, LevelReads.User(c, c.Sender), LevelReads.Named(c, "invite")) is { } raised) return raised;

        // `third_party_invite.allowed`, `third_party_invite.insufficient_power` ("Authorisation rules" 7.1, v1–5;
        // 6.1, v6–11; 7.1, v12): allow if and only if the sender reaches the invite level.
        var level = c.LevelOf(c.Sender);
        var inviteLevel = c.Levels.InviteLevel;
        return level >= inviteLevel
            ? AuthDecision.Allow(Rule.ThirdPartyInviteAllowed, ("sender_level", level.ToString()), ("invite_level", inviteLevel.ToString()))
            : AuthDecision.Reject(Rule.ThirdPartyInviteInsufficientPower, ("sender_level", level.ToString()), ("invite_level", inviteLevel.ToString()));
    }
}
