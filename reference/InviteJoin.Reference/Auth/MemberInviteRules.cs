using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Membership <c>invite</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.3, v6–7 4.3, v8–11
/// 4.4, v12 5.4). An invite carrying <c>third_party_invite</c> is decided by
/// <see cref="MemberThirdPartyInviteRules"/> alone. See <c>spec/rules/06b-member-invite.md</c>.
/// </summary>
internal static class MemberInviteRules
{
    public static AuthDecision Check(AuthCheck c, string target)
    {
        // `member.invite.third_party.*` ("Authorisation rules" v1–5: 5.3.1; v6–7: 4.3.1; v8–11: 4.4.1; v12: 5.4.1):
        // content has third_party_invite.
        if (c.Event.Content.ContainsKey(MemberThirdPartyInviteRules.ThirdPartyInviteKey)) return MemberThirdPartyInviteRules.Check(c, target);

        // `member.invite.sender_not_joined` ("Authorisation rules" v1–5: 5.3.2; v6–7: 4.3.2; v8–11: 4.4.2; v12: 5.4.2):
        // the sender is joined.
        if (!c.Is(c.Sender, MembershipValues.Join))
        {
            return AuthDecision.Reject(Rule.MemberInviteSenderNotJoined, ("membership", c.DescribeMembership(c.Sender)));
        }

        // `member.invite.target_joined_or_banned` ("Authorisation rules" v1–5: 5.3.3; v6–7: 4.3.3; v8–11: 4.4.3; v12: 5.4.3):
        // the target is not joined or banned.
        if (c.Is(target, MembershipValues.Join) || c.Is(target, MembershipValues.Ban))
        {
            return AuthDecision.Reject(Rule.MemberInviteTargetJoinedOrBanned, ("target_membership", c.DescribeMembership(target)));
        }

        // `member.invite.allowed` ("Authorisation rules" v1–5: 5.3.4; v6–7: 4.3.4; v8–11: 4.4.4; v12: 5.4.4):
        // the sender reaches the invite level.
        var level = c.LevelOf(c.Sender);
        var inviteLevel = c.Levels.InviteLevel;
        if (level >= inviteLevel)
        {
            return AuthDecision.Allow(Rule.MemberInviteAllowed, ("sender_level", level.ToString()), ("invite_level", inviteLevel.ToString()));
        }

        // `member.invite.insufficient_power` ("Authorisation rules" v1–5: 5.3.5; v6–7: 4.3.5; v8–11: 4.4.5; v12: 5.4.5):
        // otherwise, reject.
        return AuthDecision.Reject(Rule.MemberInviteInsufficientPower, ("sender_level", level.ToString()), ("invite_level", inviteLevel.ToString()));
    }
}
