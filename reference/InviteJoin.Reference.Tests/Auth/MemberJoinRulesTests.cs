using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>join</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.2, v6–7 4.2, v8–11 4.3,
/// v12 5.3; page 06a-member-join), with our reading of a room without join rules (matrix-org/matrix-spec#657).
/// </summary>
public sealed class MemberJoinRulesTests
{
    private const string Alice = RoomBuilder.Alice;
    private const string Bob = RoomBuilder.Bob;
    private const string Charlie = RoomBuilder.Charlie;

    private static readonly JsonObject ViaAlice = JsonValue.Object(("join_authorised_via_users_server", JsonValue.String(Alice)));

    private static readonly JsonObject ViaCharlie = JsonValue.Object(("join_authorised_via_users_server", JsonValue.String(Charlie)));

    private static RoomBuilder Room(int version, string joinRule) => RoomBuilder.Create(V(version)).JoinRule(joinRule);

    // The restricted join rules of a version: restricted from v8, knock_restricted from v10.
    private static IEnumerable<string> RestrictedRules(int version) => version >= 10 ? ["restricted", "knock_restricted"] : ["restricted"];

    // `member.join.creator_first_join` (rooms v12 "Authorisation rules" 5.3.1):
    // "If the only previous event is an m.room.create and the state_key is the creator, allow."
    [Theory, RoomVersions(1, 12)]
    public void CreatorJoinsDirectlyAfterCreate_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version), joinCreator: false);
        Allowed(room, room.Member(Alice, Alice, "join"), Rule.MemberJoinCreatorFirstJoin);
    }

    // `member.join.creator_first_join` needs the create event to be the only previous event.
    [Theory, RoomVersions(1, 12)]
    public void CreatorJoinsLater_IsJudgedByTheJoinRule(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").SetMembership(Alice, Alice, "leave");
        Rejected(room, room.Member(Alice, Alice, "join"), Rule.MemberJoinNotInvited);
    }

    // `member.join.creator_first_join` names the creator only: another user whose only previous event is the create event gets no pass.
    [Theory, RoomVersions(1, 12)]
    public void NonCreatorDirectlyAfterCreate_IsJudgedByTheJoinRule(int version)
    {
        var room = RoomBuilder.Create(V(version), joinCreator: false);
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinMissingJoinRulesNotInvited);
    }

    // `member.join.sender_not_target` (rooms v12 "Authorisation rules" 5.3.2):
    // "If the sender does not match state_key, reject."
    [Theory, RoomVersions(1, 12)]
    public void JoiningSomeoneElse_Rejected(int version)
    {
        var room = Room(version, "public");
        Rejected(room, room.Member(Alice, Bob, "join"), Rule.MemberJoinSenderNotTarget);
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
            Rejected(room, room.Member(Bob, target, "join"), Rule.MemberJoinSenderNotTarget);
        }
    }

    // `member.join.sender_banned` (rooms v12 "Authorisation rules" 5.3.3):
    // "If the sender is banned, reject." Even in a public room.
    [Theory, RoomVersions(1, 12)]
    public void BannedSender_Rejected(int version)
    {
        var room = Room(version, "public").SetMembership(Alice, Bob, "ban");
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinSenderBanned);
    }

    // `member.join.invited_or_joined`, `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4):
    // invite (and, v7+, knock): "allow if membership state is invite or join".
    [Theory, RoomVersions(1, 12)]
    public void InvitedUnderInvite_Allowed(int version)
    {
        var room = Room(version, "invite").SetMembership(Alice, Bob, "invite");
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinInvitedOrJoined);
    }

    // `member.join.invited_or_joined`, `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4):
    // a joined member re-joins (a profile change) under invite.
    [Theory, RoomVersions(1, 12)]
    public void JoinedUnderInvite_Allowed(int version)
    {
        var room = Room(version, "invite").SetMembership(Alice, Bob, "invite").Join(Bob);
        Allowed(room, room.Member(Bob, Bob, "join", JsonText("""{"displayname": "Bob"}""")), Rule.MemberJoinInvitedOrJoined);
    }

    [Theory, RoomVersions(7, 12)]
    public void InvitedUnderKnock_Allowed(int version)
    {
        var room = Room(version, "knock").SetMembership(Alice, Bob, "invite");
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinInvitedOrJoined);
    }

    // `member.join.not_invited` (rooms v12 "Authorisation rules" 5.3.4 then 5.3.7): not invited, left, or knocking.
    [Theory, RoomVersions(1, 12)]
    public void NotInvitedUnderInvite_Rejected(int version)
    {
        var room = Room(version, "invite");
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinNotInvited);
        var left = room.SetMembership(Alice, Bob, "invite").SetMembership(Bob, Bob, "leave");
        Rejected(left, left.Member(Bob, Bob, "join"), Rule.MemberJoinNotInvited);
    }

    [Theory, RoomVersions(7, 12)]
    public void KnockingUnderKnock_Rejected(int version)
    {
        var room = Room(version, "knock").SetMembership(Bob, Bob, "knock");
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinNotInvited);
    }

    // (ours, matrix-org/matrix-spec#657): no join-rules event counts as invite.
    [Theory, RoomVersions(1, 12)]
    public void NoJoinRulesAndInvited_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).SetMembership(Alice, Bob, "invite");
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinMissingJoinRulesInvitedOrJoined);
    }

    [Theory, RoomVersions(1, 12)]
    public void NoJoinRulesAndNotInvited_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version));
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinMissingJoinRulesNotInvited);
    }

    // `member.join.restricted.already_member` (rooms v12 "Authorisation rules" 5.3.5.1):
    // restricted (v8+) or knock_restricted (v10+): "If membership state is join or invite, allow."
    [Theory, RoomVersions(8, 12)]
    public void InvitedUnderRestricted_Allowed(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            var room = Room(version, rule).SetMembership(Alice, Bob, "invite");
            Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinRestrictedAlreadyMember);
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // no join_authorised_via_users_server.
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithoutAuthoriser_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            var room = Room(version, rule);
            Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinRestrictedNoAuthoriser);
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // the authoriser is "not a joined member of the room" (here: invited only).
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithAuthoriserNotJoined_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            var room = Room(version, rule).SetMembership(Alice, Charlie, "invite");
            Rejected(room, room.Member(Bob, Bob, "join", ViaCharlie, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAuthoriserNotJoined);
        }
    }

    // `member.join.restricted.no_authoriser`, `member.join.restricted.authoriser_not_joined`, `member.join.restricted.authoriser_lacks_power` (rooms v12 "Authorisation rules" 5.3.5.2):
    // the authoriser is joined but "not a user with sufficient permission to invite".
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithAuthoriserBelowInviteLevel_Rejected(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            var room = Room(version, rule).Join(Charlie).PowerLevelsWith(JsonText("""{"invite": 10}"""), (Charlie, 9));
            Rejected(room, room.Member(Bob, Bob, "join", ViaCharlie, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAuthoriserLacksPower);
        }
    }

    // `member.join.restricted.authorised` (rooms v12 "Authorisation rules" 5.3.5.3):
    // a joined authoriser at the invite level (exactly), whose server signed: allow.
    [Theory, RoomVersions(8, 12)]
    public void RestrictedWithJoinedAuthoriserAtInviteLevel_Allowed(int version)
    {
        foreach (var rule in RestrictedRules(version))
        {
            var room = Room(version, rule).Join(Charlie).PowerLevelsWith(JsonText("""{"invite": 10}"""), (Charlie, 10));
            Allowed(room, room.Member(Bob, Bob, "join", ViaCharlie, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAuthorised);
            var creatorAuthorises = Room(version, rule);
            Allowed(creatorAuthorises, creatorAuthorises.Member(Bob, Bob, "join", ViaAlice, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAuthorised);
        }
    }

    // A knocking user may join a restricted room through an authoriser (the point of knock_restricted).
    [Theory, RoomVersions(10, 12)]
    public void KnockingUnderKnockRestrictedWithAuthoriser_Allowed(int version)
    {
        var room = Room(version, "knock_restricted").SetMembership(Bob, Bob, "knock");
        Allowed(room, room.Member(Bob, Bob, "join", ViaAlice, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAuthorised);
    }

    // `member.join.public` (rooms v12 "Authorisation rules" 5.3.6):
    // "If the join_rule is public, allow." Also for a user who left or was kicked.
    [Theory, RoomVersions(1, 12)]
    public void AnyoneUnderPublic_Allowed(int version)
    {
        var room = Room(version, "public");
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinPublic);
        var kicked = room.Join(Bob).SetMembership(Alice, Bob, "leave");
        Allowed(kicked, kicked.Member(Bob, Bob, "join"), Rule.MemberJoinPublic);
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
            var room = Room(version, rule).SetMembership(Alice, Bob, "invite");
            Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinForbiddenJoinRule);
        }
        var created = RoomBuilder.Create(V(version));
        foreach (var content in new[] { "{}", """{"join_rule": null}""", """{"join_rule": ["public"]}""" })
        {
            var room = created.Add(created.Event(StateKey.JoinRulesType, "", Alice, JsonText(content)));
            Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinForbiddenJoinRule);
        }
    }
}
