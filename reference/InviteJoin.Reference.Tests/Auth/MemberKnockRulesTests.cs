using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>knock</c>, room versions 7+ (spec v1.19, rooms v7 4.6, v8–11 4.7, v12 5.7; MSC2403, and
/// MSC3787 for <c>knock_restricted</c> from v10; page 06e-member-knock).
/// </summary>
public sealed class MemberKnockRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static IEnumerable<string> KnockRules(int version) => version >= 10 ? ["knock", "knock_restricted"] : ["knock"];

    private static void BobKnocks(RoomBuilder room, AuthVerdict verdict, Rule rule, params (string, string)[] evidence) =>
        Both(room, room.Member(Bob, Bob, "knock"), verdict, rule, evidence);

    // `member.knock.join_rule_not_knock` (rooms v12 "Authorisation rules" 5.7.1):
    // "If the join_rule is anything other than knock (v10+: or knock_restricted), reject."
    [Theory, RoomVersions(7, 12)]
    public void JoinRuleNotKnock_Rejected(int version)
    {
        var other = new List<string> { "public", "invite", "private", "restricted", "frobnicate" };
        if (version < 10) other.Add("knock_restricted");
        foreach (var rule in other)
        {
            var room = RoomBuilder.Create(V(version)).JoinRule(rule);
            Rejects(room, room.Member(Bob, Bob, "knock"), Rule.MemberKnockJoinRuleNotKnock, ("join_rule", rule));
        }
    }

    // `member.knock.join_rule_not_knock` with no join-rules event (counted as invite, matrix-org/matrix-spec#657) or a join_rule that is not a string.
    [Theory, RoomVersions(7, 12)]
    public void NoOrUnreadableJoinRule_Rejected(int version)
    {
        var created = RoomBuilder.Create(V(version));
        Rejects(created, created.Member(Bob, Bob, "knock"), Rule.MemberKnockJoinRuleNotKnock, ("join_rule", "(no join rules: invite)"));
        var room = created.Add(created.Event(EventTypes.JoinRules, "", Alice, JsonValue.Object(("join_rule", JsonValue.Array(JsonValue.String("knock"))))));
        Rejects(room, room.Member(Bob, Bob, "knock"), Rule.MemberKnockJoinRuleNotKnock, ("join_rule", "(absent or not a string)"));
    }

    // `member.knock.join_rule_not_knock` (rooms v12 "Authorisation rules" 5.7.1) comes first: knocking for someone else under a public join rule is a join-rule failure.
    [Theory, RoomVersions(7, 12)]
    public void JoinRuleCheckedBeforeSender_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        Rejects(room, room.Member(Alice, Bob, "knock"), Rule.MemberKnockJoinRuleNotKnock, ("join_rule", "public"));
    }

    // `member.knock.sender_not_target` (rooms v12 "Authorisation rules" 5.7.2):
    // "If sender does not match state_key, reject."
    [Theory, RoomVersions(7, 12)]
    public void KnockingForSomeoneElse_Rejected(int version)
    {
        foreach (var rule in KnockRules(version))
        {
            var room = RoomBuilder.Create(V(version)).JoinRule(rule);
            Rejects(room, room.Member(Alice, Bob, "knock"), Rule.MemberKnockSenderNotTarget, ("sender", Alice), ("state_key", Bob));
        }
    }

    // `member.knock.allowed` (rooms v12 "Authorisation rules" 5.7.3):
    // "If the sender's current membership is not ban, invite, or join, allow." None, leave, or knock again.
    [Theory, RoomVersions(7, 12)]
    public void NotBannedInvitedOrJoined_Allowed(int version)
    {
        foreach (var rule in KnockRules(version))
        {
            var room = RoomBuilder.Create(V(version)).JoinRule(rule);
            BobKnocks(room, AuthVerdict.Allow, Rule.MemberKnockAllowed, ("join_rule", rule), ("membership", "none"));
            var knocked = room.SetMembership(Bob, Bob, "knock");
            BobKnocks(knocked, AuthVerdict.Allow, Rule.MemberKnockAllowed, ("join_rule", rule), ("membership", "knock"));
            BobKnocks(knocked.SetMembership(Bob, Bob, "leave"), AuthVerdict.Allow, Rule.MemberKnockAllowed, ("join_rule", rule), ("membership", "leave"));
        }
    }

    // `member.knock.already_member` (rooms v12 "Authorisation rules" 5.7.4):
    // "Otherwise, reject." Banned, invited (the informal membership table's invite→knock is refused) or joined.
    [Theory, RoomVersions(7, 12)]
    public void BannedInvitedOrJoined_Rejected(int version)
    {
        foreach (var rule in KnockRules(version))
        {
            var room = RoomBuilder.Create(V(version)).JoinRule(rule);
            foreach (var membership in new[] { "ban", "invite" })
            {
                BobKnocks(room.SetMembership(Alice, Bob, membership), AuthVerdict.Reject, Rule.MemberKnockAlreadyMember, ("membership", membership));
            }
            Rejects(room, room.Member(Alice, Alice, "knock"), Rule.MemberKnockAlreadyMember, ("membership", "join"));
        }
    }
}
