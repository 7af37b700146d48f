using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Membership <c>knock</c>, room versions 7+ (spec v1.19, rooms v7 4.6, v8–11 4.7, v12 5.7; MSC2403,
/// <c>knock_restricted</c> from v10 by MSC3787). Before v7 a knock is an unknown membership.
/// See <c>spec/rules/06e-member-knock.md</c>.
/// </summary>
internal static class MemberKnockRules
{
    public static AuthDecision Check(AuthCheck c, string target)
    {
        // `member.knock.join_rule_not_knock` ("Authorisation rules" v7: 4.6.1; v8–11: 4.7.1; v12: 5.7.1):
        // the join rule is knock, or (v10+) knock_restricted. A room without join rules counts as invite-only
        // (matrix-org/matrix-spec issue #657).
        var joinRule = (c.State.JoinRules?.Content["join_rule"] as JsonString)?.Value;
        var knockable = joinRule == JoinRuleValues.Knock || (c.Version.KnockRestricted && joinRule == JoinRuleValues.KnockRestricted);
        if (!knockable)
        {
            var shown = c.State.JoinRules is null ? "(no join rules: invite)" : joinRule ?? "(absent or not a string)";
            return AuthDecision.Reject(Rule.MemberKnockJoinRuleNotKnock, ("join_rule", shown));
        }

        // `member.knock.sender_not_target` ("Authorisation rules" v7: 4.6.2; v8–11: 4.7.2; v12: 5.7.2):
        // a user knocks only for themselves.
        if (!string.Equals(c.Sender, target, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.MemberKnockSenderNotTarget, ("sender", c.Sender), ("state_key", target));
        }

        // `member.knock.allowed` ("Authorisation rules" v7: 4.6.3; v8–11: 4.7.3; v12: 5.7.3):
        // allow unless banned, invited or joined.
        var membership = c.DescribeMembership(c.Sender);
        if (!c.Is(c.Sender, MembershipValues.Ban) && !c.Is(c.Sender, MembershipValues.Invite) && !c.Is(c.Sender, MembershipValues.Join))
        {
            return AuthDecision.Allow(Rule.MemberKnockAllowed, ("join_rule", joinRule!), ("membership", membership));
        }

        // `member.knock.already_member` ("Authorisation rules" v7: 4.6.4; v8–11: 4.7.4; v12: 5.7.4): otherwise, reject.
        return AuthDecision.Reject(Rule.MemberKnockAlreadyMember, ("membership", membership));
    }
}
