using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>join</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.2, v6–7 4.2, v8–11 4.3,
/// v12 5.3; page 06a-member-join), with our reading of a room without join rules (matrix-org/matrix-spec#657).
/// </summary>
public sealed class MemberJoinRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static readonly JsonObject ViaAlice = JsonValue.Object(("join_authorised_via_users_server", JsonValue.String(Alice)));

    private static readonly JsonObject ViaCharlie = JsonValue.Object(("join_authorised_via_users_server", JsonValue.String(Charlie)));

    private static RoomBuilder Room(int version, string joinRule) => RoomBuilder.Create(V(version)).JoinRule(joinRule);

    // The restricted join rules of a version: restricted from v8, knock_restricted from v10.
    private static IEnumerable<string> RestrictedRules(int version) => version >= 10 ? ["restricted", "knock_restricted"] : ["restricted"];

    // Bob joins himself: most join decisions rest on the join rule and Bob's membership before the join.
    private static void BobJoins(RoomBuilder room, AuthVerdict verdict, Rule rule, params (string, string)[] evidence) =>
        Both(room, room.Member(Bob, Bob, "join"), verdict, rule, evidence);

    // Bob joins a restricted room through an authoriser whose server signed the join.
    private static void BobJoinsVia(RoomBuilder room, JsonObject via, AuthVerdict verdict, Rule rule, params (string, string)[] evidence) =>
        Both(room, room.Member(Bob, Bob, "join", via, AuthFixtures.SignedBy("example.org")), verdict, rule, evidence);

    // `member.join.creator_first_join` (rooms v12 "Authorisation rules" 5.3.1):
    // "If the only previous event is an m.room.create and the state_key is the creator, allow."
    [Theory, RoomVersions(1, 12)]
    public void CreatorJoinsDirectlyAfterCreate_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version), joinCreator: false);
        Allows(room, room.Member(Alice, Alice, "join"), Rule.MemberJoinCreatorFirstJoin, ("creator", Alice), ("prev_event", room.CreateEvent.EventId.Value));
    }

    // `member.join.creator_first_join` needs the create event to be the only previous event.
    [Theory, RoomVersions(1, 12)]
    public void CreatorJoinsLater_IsJudgedByTheJoinRule(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").SetMembership(Alice, Alice, "leave");
        Rejects(room, room.Member(Alice, Alice, "join"), Rule.MemberJoinNotInvited, ("join_rule", "invite"), ("membership", "leave"));
    }

    // `member.join.creator_first_join` names the creator only: another user whose only previous event is the create event gets no pass.
    [Theory, RoomVersions(1, 12)]
    public void NonCreatorDirectlyAfterCreate_IsJudgedByTheJoinRule(int version)
    {
        BobJoins(RoomBuilder.Create(V(version), joinCreator: false), AuthVerdict.Reject, Rule.MemberJoinMissingJoinRulesNotInvited, ("membership", "none"));
    }

    // `member.join.sender_not_target` (rooms v12 "Authorisation rules" 5.3.2):
    // "If the sender does not match state_key, reject."
    [Theory, RoomVersions(1, 12)]
    public void JoiningSomeoneElse_Rejected(int version)
    {
        var room = Room(version, "public");
        Rejects(room, room.Member(Alice, Bob, "join"), Rule.MemberJoinSenderNotTarget, ("sender", Alice), ("state_key", Bob));
    }

    // `member.join.sender_not_target` (rooms v12 "Authorisation rules" 5.3.2):
    // a user ID that differs from the sender only in case is another user (IDs compare exactly). A state key that is
    // not a user ID at all is refused earlier, by the event format (BadContentTests).
    [Theory, RoomVersions(1, 12)]
    public void StateKeyOfAnotherSpelling_Rejected(int version)
    {
        var room = Room(version, "public");
        foreach (var target in new[] { "@BOB:example.org", "@bob:EXAMPLE.org", "@bob:example.org:8448" })
        {
            Rejects(room, room.Member(Bob, target, "join"), Rule.MemberJoinSenderNotTarget, ("sender", Bob), ("state_key", target));
        }
    }

    // `member.join.sender_banned` (rooms v12 "Authorisation rules" 5.3.3):
    // "If the sender is banned, reject." Even in a public room.
    [Theory, RoomVersions(1, 12)]
    public void BannedSender_Rejected(int version)
    {
        BobJoins(Room(version, "public").SetMembership(Alice, Bob, "ban"), AuthVerdict.Reject, Rule.MemberJoinSenderBanned, ("membership", "ban"));
    }

    // `member.join.invited_or_joined`, `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4):
    // invite (and, v7+, knock): "allow if membership state is invite or join".
    [Theory, RoomVersions(1, 12)]
    public void InvitedUnderInvite_Allowed(int version)
    {
        BobJoins(Room(version, "invite").SetMembership(Alice, Bob, "invite"), AuthVerdict.Allow, Rule.MemberJoinInvitedOrJoined, ("join_rule", "invite"), ("membership", "invite"));
    }

    // `member.join.invited_or_joined`, `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4):
    // a joined member re-joins (a profile change) under invite.
    [Theory, RoomVersions(1, 12)]
    public void JoinedUnderInvite_Allowed(int version)
    {
        var room = Room(version, "invite").SetMembership(Alice, Bob, "invite").Join(Bob);
        Allows(room, room.Member(Bob, Bob, "join", JsonText("""{"displayname": "Bob"}""")), Rule.MemberJoinInvitedOrJoined, ("join_rule", "invite"), ("membership", "join"));
    }

    [Theory, RoomVersions(7, 12)]
    public void InvitedUnderKnock_Allowed(int version)
    {
        BobJoins(Room(version, "knock").SetMembership(Alice, Bob, "invite"), AuthVerdict.Allow, Rule.MemberJoinInvitedOrJoined, ("join_rule", "knock"), ("membership", "invite"));
    }

    // `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4 then 5.3.7): not invited, left, or knocking.
    [Theory, RoomVersions(1, 12)]
    public void NotInvitedUnderInvite_Rejected(int version)
    {
        var room = Room(version, "invite");
        BobJoins(room, AuthVerdict.Reject, Rule.MemberJoinNotInvited, ("join_rule", "invite"), ("membership", "none"));
        BobJoins(room.SetMembership(Alice, Bob, "invite").SetMembership(Bob, Bob, "leave"), AuthVerdict.Reject, Rule.MemberJoinNotInvited, ("join_rule", "invite"), ("membership", "leave"));
    }

    [Theory, RoomVersions(7, 12)]
    public void KnockingUnderKnock_Rejected(int version)
    {
        BobJoins(Room(version, "knock").SetMembership(Bob, Bob, "knock"), AuthVerdict.Reject, Rule.MemberJoinNotInvited, ("join_rule", "knock"), ("membership", "knock"));
    }

    // (ours, matrix-org/matrix-spec#657): no join-rules event counts as invite.
    [Theory, RoomVersions(1, 12)]
    public void NoJoinRulesAndInvited_Allowed(int version)
    {
        BobJoins(RoomBuilder.Create(V(version)).SetMembership(Alice, Bob, "invite"), AuthVerdict.Allow, Rule.MemberJoinMissingJoinRulesInvitedOrJoined, ("membership", "invite"));
    }

    [Theory, RoomVersions(1, 12)]
    public void NoJoinRulesAndNotInvited_Rejected(int version)
    {
        BobJoins(RoomBuilder.Create(V(version)), AuthVerdict.Reject, Rule.MemberJoinMissingJoinRulesNotInvited, ("membership", "none"));
    }

    // `member.join.restricted.already_member` (rooms v12 "Authorisation rules" 5.3.5.1):
    // restricted (v8+) or knock_restricted (v10+): "If membership state is join or invite, allow."
    [Theory, RoomVersions(8, 12)]
    public void InvitedUnderRestricted_Allowed(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            BobJoins(Room(version, rule).SetMembership(Alice, Bob, "invite"), AuthVerdict.Allow, Rule.MemberJoinRestrictedAlreadyMember, ("join_rule", rule), ("membership", "invite"));
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // no join_authorised_via_users_server.
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithoutAuthoriser_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            BobJoins(Room(version, rule), AuthVerdict.Reject, Rule.MemberJoinRestrictedNoAuthoriser, ("join_rule", rule), ("membership", "none"));
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // the authoriser is "not a joined member of the room" (here: invited only).
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithAuthoriserNotJoined_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            BobJoinsVia(Room(version, rule).SetMembership(Alice, Charlie, "invite"), ViaCharlie, AuthVerdict.Reject, Rule.MemberJoinRestrictedAuthoriserNotJoined,
                ("authoriser", Charlie), ("authoriser_membership", "invite"));
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // the authoriser is joined but "not a user with sufficient permission to invite".
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithAuthoriserBelowInviteLevel_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            BobJoinsVia(Room(version, rule).Join(Charlie).PowerLevelsWith(JsonText("""{"invite": 10}"""), (Charlie, 9)), ViaCharlie, AuthVerdict.Reject, Rule.MemberJoinRestrictedAuthoriserLacksPower,
                ("authoriser", Charlie), ("authoriser_level", "9"), ("invite_level", "10"));
        }
    }

    // `member.join.restricted.authorised` (rooms v12 "Authorisation rules" 5.3.5.3):
    // a joined authoriser at the invite level (exactly), whose server signed: allow.
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithJoinedAuthoriserAtInviteLevel_Allowed(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            BobJoinsVia(Room(version, rule).Join(Charlie).PowerLevelsWith(JsonText("""{"invite": 10}"""), (Charlie, 10)), ViaCharlie, AuthVerdict.Allow, Rule.MemberJoinRestrictedAuthorised,
                ("authoriser", Charlie), ("authoriser_level", "10"), ("invite_level", "10"));
            // Without power levels the creator holds 100 (v1–11; infinite in v12) and the invite level is 0.
            BobJoinsVia(Room(version, rule), ViaAlice, AuthVerdict.Allow, Rule.MemberJoinRestrictedAuthorised,
                ("authoriser", Alice), ("authoriser_level", CreatorLevel(V(version))), ("invite_level", "0"));
        }
    }

    // A knocking user may join a restricted room through an authoriser (the point of knock_restricted).
    [Theory, RoomVersions(10, 12)]
    public void KnockingUnderKnockRestrictedWithAuthoriser_Allowed(int version)
    {
        BobJoinsVia(Room(version, "knock_restricted").SetMembership(Bob, Bob, "knock"), ViaAlice, AuthVerdict.Allow, Rule.MemberJoinRestrictedAuthorised,
            ("authoriser", Alice), ("authoriser_level", CreatorLevel(V(version))), ("invite_level", "0"));
    }

    // `member.join.public` (rooms v12 "Authorisation rules" 5.3.6):
    // "If the join_rule is public, allow." Also for a user who left or was kicked.
    [Theory, RoomVersions(1, 12)]
    public void AnyoneUnderPublic_Allowed(int version)
    {
        var room = Room(version, "public");
        BobJoins(room, AuthVerdict.Allow, Rule.MemberJoinPublic, ("join_rule", "public"), ("membership", "none"));
        BobJoins(room.Join(Bob).SetMembership(Alice, Bob, "leave"), AuthVerdict.Allow, Rule.MemberJoinPublic, ("join_rule", "public"), ("membership", "leave"));
    }

    // `member.join.forbidden_join_rule` (rooms v12 "Authorisation rules" 5.3.7):
    // "Otherwise, reject": private, unknown values, rules the version lacks, and a join_rule that is not a string.
    [Theory, RoomVersions(1, 12)]
    public void OtherJoinRules_Rejected(int version)
    {
        var unknown = new List<string> { "private", "frobnicate", "Public", "" };
        if (version < 7) unknown.Add("knock");
        if (version < 8) unknown.Add("restricted");
        if (version < 10) unknown.Add("knock_restricted");
        foreach (var rule in unknown)
        {
            BobJoins(Room(version, rule).SetMembership(Alice, Bob, "invite"), AuthVerdict.Reject, Rule.MemberJoinForbiddenJoinRule, ("join_rule", rule), ("membership", "invite"));
        }
        var created = RoomBuilder.Create(V(version));
        foreach (var content in new[] { "{}", """{"join_rule": null}""", """{"join_rule": ["public"]}""" })
        {
            BobJoins(created.Add(created.Event(EventTypes.JoinRules, "", Alice, JsonText(content))), AuthVerdict.Reject, Rule.MemberJoinForbiddenJoinRule,
                ("join_rule", "(absent or not a string)"), ("membership", "none"));
        }
    }
}
