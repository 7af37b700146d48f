using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Membership <c>join</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.2, v6–7 4.2, v8–11
/// 4.3, v12 5.3). See <c>spec/rules/06a-member-join.md</c>.
/// </summary>
/// <remarks>
/// The spec does not say what happens when the room has no <c>m.room.join_rules</c> event. We follow
/// the maintainers' statement (matrix-org/matrix-spec issue #657): no join-rules event means
/// <c>invite</c>. A join-rules event whose <c>join_rule</c> is absent, not a string or not a rule this
/// room version knows matches no branch, so nobody can join (also per that statement).
/// </remarks>
internal static class MemberJoinRules
{
    public static AuthDecision Check(AuthCheck c, string target)
    {
        var e = c.Event;

        // `member.join.creator_first_join` ("Authorisation rules" v1–5: 5.2.1; v6–7: 4.2.1; v8–11: 4.3.1; v12: 5.3.1):
        // the only previous event is the create event and the target is the creator (content.creator to v10, the
        // create event's sender from v11). It looks at the event alone, before the sender and ban checks.
        if (CreatorFirstJoin(c, target) is { } first) return first;

        // `member.join.sender_not_target` ("Authorisation rules" v1–5: 5.2.2; v6–7: 4.2.2; v8–11: 4.3.2; v12: 5.3.2):
        // a user joins only themselves.
        if (!string.Equals(c.Sender, target, StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.MemberJoinSenderNotTarget, ("sender", c.Sender), ("state_key", target));
        }

        // `member.join.sender_banned` ("Authorisation rules" v1–5: 5.2.3; v6–7: 4.2.3; v8–11: 4.3.3; v12: 5.3.3):
        // a banned sender cannot join.
        // The sender's membership is looked up once for the checks below.
        var current = c.MembershipOf(c.Sender);
        var membership = current ?? MembershipValues.None;
        if (current == MembershipValues.Ban) return AuthDecision.Reject(Rule.MemberJoinSenderBanned, ("membership", membership));

        var invitedOrJoined = current is MembershipValues.Invite or MembershipValues.Join;

        // `member.join.missing_join_rules.*` (ours, v1–12; matrix-org/matrix-spec issue #657): no join-rules event
        // counts as "invite".
        if (c.State.JoinRules is not { } joinRules)
        {
            return invitedOrJoined
                ? AuthDecision.Allow(Rule.MemberJoinMissingJoinRulesInvitedOrJoined, ("membership", membership))
                : AuthDecision.Reject(Rule.MemberJoinMissingJoinRulesNotInvited, ("membership", membership));
        }

        // (profiles) under synapse.join_rule_absent_is_invite a join-rules event without join_rule reads as invite.
        var joinRule = !joinRules.Content.ContainsKey("join_rule") && c.Diverges(Divergence.JoinRuleAbsentIsInvite)
            ? JoinRuleValues.Invite
            : (joinRules.Content["join_rule"] as JsonString)?.Value;
        var shownRule = joinRule ?? "(absent or not a string)";

        // `member.join.invited_or_joined`, `member.join.not_invited` ("Authorisation rules" v1–5: 5.2.4; v6: 4.2.4,
        // invite; v7: 4.2.4 and v8–11: 4.3.4, invite or knock; v12: 5.3.4):
        // allow an invited or joined user; anyone else falls through to "otherwise, reject" (5.2.6 / 4.2.6 / 4.3.7 /
        // 5.3.7).
        if (joinRule == JoinRuleValues.Invite || (c.Version.Knocking && joinRule == JoinRuleValues.Knock))
        {
            return invitedOrJoined
                ? AuthDecision.Allow(Rule.MemberJoinInvitedOrJoined, ("join_rule", shownRule), ("membership", membership))
                : AuthDecision.Reject(Rule.MemberJoinNotInvited, ("join_rule", shownRule), ("membership", membership));
        }

        // `member.join.restricted.*` ("Authorisation rules" v8–9: 4.3.5, restricted; v10–11: 4.3.5, restricted or
        // knock_restricted; v12: 5.3.5).
        if ((c.Version.RestrictedJoins && joinRule == JoinRuleValues.Restricted)
            || (c.Version.KnockRestricted && joinRule == JoinRuleValues.KnockRestricted))
        {
            return Restricted(c, shownRule, membership, invitedOrJoined);
        }

        // `member.join.public` ("Authorisation rules" v1–5: 5.2.5; v6–7: 4.2.5; v8–11: 4.3.6; v12: 5.3.6):
        // anyone may join a public room.
        if (joinRule == JoinRuleValues.Public) return AuthDecision.Allow(Rule.MemberJoinPublic, ("join_rule", shownRule), ("membership", membership));

        // `member.join.forbidden_join_rule` ("Authorisation rules" v1–5: 5.2.6; v6–7: 4.2.6; v8–11: 4.3.7; v12: 5.3.7):
        // otherwise (private, unknown, or a rule this room version does not have), reject.
        return AuthDecision.Reject(Rule.MemberJoinForbiddenJoinRule, ("join_rule", shownRule), ("membership", membership));
    }

    /// <summary>`member.join.creator_first_join`: the room creator's first join, or null.</summary>
    public static AuthDecision? CreatorFirstJoin(AuthCheck c, string target)
    {
        var e = c.Event;
        if (c.State.Create is { } create
            && e.PrevEvents.Length == 1
            && e.PrevEvents[0].Equals(create.EventId)
            && string.Equals(c.Levels.Creators.Creator, target, StringComparison.Ordinal))
        {
            return AuthDecision.Allow(Rule.MemberJoinCreatorFirstJoin, ("creator", target), ("prev_event", create.EventId.Value));
        }
        return null;
    }

    private static AuthDecision Restricted(AuthCheck c, string joinRule, string membership, bool invitedOrJoined)
    {
        // `member.join.restricted.already_member` ("Authorisation rules" v8–11: 4.3.5.1; v12: 5.3.5.1):
        // an invited or joined user may join.
        if (invitedOrJoined) return AuthDecision.Allow(Rule.MemberJoinRestrictedAlreadyMember, ("join_rule", joinRule), ("membership", membership));

        // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`,
        // `member.join.restricted.authoriser_lacks_power` ("Authorisation rules" v8–11: 4.3.5.2; v12: 5.3.5.2):
        // join_authorised_via_users_server must name a joined member (checked first) at or above the invite level;
        // spec v1.17 made explicit that both are required.
        if (c.Event.Content[MemberContent.Authoriser] is not JsonString authoriserValue)
        {
            return AuthDecision.Reject(Rule.MemberJoinRestrictedNoAuthoriser, ("join_rule", joinRule), ("membership", membership));
        }
        var authoriser = authoriserValue.Value;
        if (!c.Is(authoriser, MembershipValues.Join))
        {
            return AuthDecision.Reject(Rule.MemberJoinRestrictedAuthoriserNotJoined,
                ("authoriser", authoriser), ("authoriser_membership", c.DescribeMembership(authoriser)));
        }
        var level = c.LevelOf(authoriser);
        var inviteLevel = c.Levels.InviteLevel;
        if (level < inviteLevel)
        {
            return AuthDecision.Reject(Rule.MemberJoinRestrictedAuthoriserLacksPower,
                ("authoriser", authoriser), ("authoriser_level", level.ToString()), ("invite_level", inviteLevel.ToString()));
        }

        // `member.join.restricted.authorised` ("Authorisation rules" v8–11: 4.3.5.3; v12: 5.3.5.3): otherwise, allow.
        return AuthDecision.Allow(Rule.MemberJoinRestrictedAuthorised,
            ("authoriser", authoriser), ("authoriser_level", level.ToString()), ("invite_level", inviteLevel.ToString()));
    }
}
