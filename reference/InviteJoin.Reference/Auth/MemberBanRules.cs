using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Membership <c>ban</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.5, v6–7 4.5, v8–11
/// 4.6, v12 5.6). See <c>spec/rules/06d-member-ban.md</c>.
/// </summary>
internal static class MemberBanRules
{
    public static AuthDecision Check(AuthCheck c, string target)
    {
        // `member.ban.sender_not_joined` ("Authorisation rules" v1–5: 5.5.1; v6–7: 4.5.1; v8–11: 4.6.1; v12: 5.6.1):
        // the sender is joined.
        if (!c.Is(c.Sender, MembershipValues.Join))
        {
            return AuthDecision.Reject(Rule.MemberBanSenderNotJoined, ("membership", c.DescribeMembership(c.Sender)));
        }

        // `member.ban.allowed` ("Authorisation rules" v1–5: 5.5.2; v6–7: 4.5.2; v8–11: 4.6.2; v12: 5.6.2):
        // the ban level, and strictly above the target.
        var level = c.LevelOf(c.Sender);
        var targetLevel = c.LevelOf(target);
        var banLevel = c.Levels.BanLevel;
        if (level >= banLevel && targetLevel < level)
        {
            return AuthDecision.Allow(Rule.MemberBanAllowed,
                ("sender_level", level.ToString()), ("ban_level", banLevel.ToString()), ("target_level", targetLevel.ToString()));
        }

        // `member.ban.insufficient_power` ("Authorisation rules" v1–5: 5.5.3; v6–7: 4.5.3; v8–11: 4.6.3; v12: 5.6.3):
        // otherwise, reject.
        return AuthDecision.Reject(Rule.MemberBanInsufficientPower,
            ("sender_level", level.ToString()), ("ban_level", banLevel.ToString()), ("target_level", targetLevel.ToString()));
    }
}
