using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Membership <c>leave</c>: leaving, rejecting an invite, retracting a knock, kicking and unbanning
/// (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.4, v6–7 4.4, v8–11 4.5, v12 5.5).
/// See <c>spec/rules/06c-member-leave.md</c>.
/// </summary>
internal static class MemberLeaveRules
{
    public static AuthDecision Check(AuthCheck c, string target)
    {
        var membership = c.DescribeMembership(c.Sender);

        // `member.leave.self_allowed`, `member.leave.self_not_member` ("Authorisation rules" v1–5: 5.4.1; v6–7: 4.4.1; v8–11: 4.5.1; v12: 5.5.1):
        // a user leaving themselves is allowed if and only if they are invited or joined, or (v7+) knocking.
        if (string.Equals(c.Sender, target, StringComparison.Ordinal))
        {
            var mayLeave = c.Is(c.Sender, MembershipValues.Invite) || c.Is(c.Sender, MembershipValues.Join)
                || (c.Version.Knocking && c.Is(c.Sender, MembershipValues.Knock));
            return mayLeave
                ? AuthDecision.Allow(Rule.MemberLeaveSelfAllowed, ("membership", membership))
                : AuthDecision.Reject(Rule.MemberLeaveSelfNotMember, ("membership", membership));
        }

        // `member.leave.sender_not_joined` ("Authorisation rules" v1–5: 5.4.2; v6–7: 4.4.2; v8–11: 4.5.2; v12: 5.5.2):
        // removing someone else needs a joined sender.
        if (!c.Is(c.Sender, MembershipValues.Join)) return AuthDecision.Reject(Rule.MemberLeaveSenderNotJoined, ("membership", membership));

        var level = c.LevelOf(c.Sender);
        var targetLevel = c.LevelOf(target);

        // `member.leave.unban_insufficient_power` ("Authorisation rules" v1–5: 5.4.3; v6–7: 4.4.3; v8–11: 4.5.3; v12: 5.5.3):
        // unbanning needs the ban level.
        var banLevel = c.Levels.BanLevel;
        if (c.Is(target, MembershipValues.Ban) && level < banLevel)
        {
            return AuthDecision.Reject(Rule.MemberLeaveUnbanInsufficientPower, ("sender_level", level.ToString()), ("ban_level", banLevel.ToString()));
        }

        // (profiles) the kick level is read only here.
        if (LevelReads.First(Rule.MemberLeaveInsufficientPower, LevelReads.Named(c, "kick")) is { } raised) return raised;

        // `member.leave.kick_allowed` ("Authorisation rules" v1–5: 5.4.4; v6–7: 4.4.4; v8–11: 4.5.4; v12: 5.5.4):
        // the kick level, and strictly above the target.
        var kickLevel = c.Levels.KickLevel;
        if (level >= kickLevel && targetLevel < level)
        {
            return AuthDecision.Allow(Rule.MemberLeaveKickAllowed,
                ("sender_level", level.ToString()), ("kick_level", kickLevel.ToString()), ("target_level", targetLevel.ToString()));
        }

        // `member.leave.insufficient_power` ("Authorisation rules" v1–5: 5.4.5; v6–7: 4.4.5; v8–11: 4.5.5; v12: 5.5.5):
        // otherwise, reject.
        return AuthDecision.Reject(Rule.MemberLeaveInsufficientPower,
            ("sender_level", level.ToString()), ("kick_level", kickLevel.ToString()), ("target_level", targetLevel.ToString()));
    }
}
