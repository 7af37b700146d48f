using static InviteJoin.Reference.Tests.Auth.PowerOverTarget;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>leave</c>: leaving, rejecting an invite, retracting a knock, kicking and unbanning (spec
/// v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.4, v6–7 4.4, v8–11 4.5, v12 5.5; page 06c-member-leave).
/// </summary>
public sealed class MemberLeaveRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // Bob, joined at `bob`, lifts the ban of Charlie (joined, then banned by Alice) under the given kick and ban levels.
    private static void BobUnbansCharlie(int version, long kick, long ban, long bob, AuthVerdict verdict, Rule rule, params (string, string)[] evidence)
    {
        var room = Room(version).Join(Bob).Join(Charlie).SetMembership(Alice, Charlie, "ban")
            .PowerLevelsWith(JsonText("{\"kick\": " + Text(kick) + ", \"ban\": " + Text(ban) + "}"), (Bob, bob));
        Both(room, room.Member(Bob, Charlie, "leave"), verdict, rule, evidence);
    }

    // `member.leave.self_allowed`, `member.leave.self_not_member` (rooms v12 "Authorisation rules" 5.5.1):
    // "If the sender matches state_key, allow if and only if that user's current membership state is invite or join"
    // (v7+: or knock).
    [Theory, RoomVersions(1, 12)]
    public void JoinedOrInvitedLeavesThemselves_Allowed(int version)
    {
        var joined = Room(version).Join(Bob);
        Allows(joined, joined.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed, ("membership", "join"));
        var invited = Room(version).SetMembership(Alice, Bob, "invite");
        Allows(invited, invited.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed, ("membership", "invite"));
    }

    [Theory, RoomVersions(7, 12)]
    public void KnockingRetractsTheKnock_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Allows(room, room.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed, ("membership", "knock"));
    }

    // `member.leave.self_not_member` (rooms v12 "Authorisation rules" 5.5.1, "... if and only if"): a user with no membership, who left, or who is banned cannot leave.
    [Theory, RoomVersions(1, 12)]
    public void NotAMemberLeavesThemselves_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember, ("membership", "none"));
        var left = room.Join(Bob).SetMembership(Bob, Bob, "leave");
        Rejects(left, left.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember, ("membership", "leave"));
        var banned = room.Join(Bob).SetMembership(Alice, Bob, "ban");
        Rejects(banned, banned.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember, ("membership", "ban"));
    }

    // `member.leave.sender_not_joined` (rooms v12 "Authorisation rules" 5.5.2):
    // "If the sender's current membership state is not join, reject."
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoinedRemovesSomeone_Rejected(int version)
    {
        var room = Room(version).Join(Charlie).PowerLevels((Bob, 100));
        Rejects(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveSenderNotJoined, ("membership", "none"));
    }

    // `member.leave.unban_insufficient_power` (rooms v12 "Authorisation rules" 5.5.3):
    // "If the target user's current membership state is ban, and the sender's power level is less than the ban level,
    // reject."
    [Theory, RoomVersions(1, 12)]
    public void UnbanBelowBanLevel_Rejected(int version) =>
        BobUnbansCharlie(version, kick: 10, ban: 60, bob: 59, AuthVerdict.Reject, Rule.MemberLeaveUnbanInsufficientPower, ("sender_level", "59"), ("ban_level", "60"));

    // `member.leave.unban_insufficient_power`, `member.leave.kick_allowed` (rooms v12 "Authorisation rules"
    // 5.5.3–5.5.4): unbanning needs the ban level, the kick level and more than the target.
    [Theory, RoomVersions(1, 12)]
    public void UnbanAtBanAndKickLevel_Allowed(int version) =>
        BobUnbansCharlie(version, kick: 60, ban: 60, bob: 60, AuthVerdict.Allow, Rule.MemberLeaveKickAllowed, ("sender_level", "60"), ("kick_level", "60"), ("target_level", "0"));

    [Theory, RoomVersions(1, 12)]
    public void UnbanAtBanLevelBelowKickLevel_Rejected(int version) =>
        BobUnbansCharlie(version, kick: 70, ban: 60, bob: 60, AuthVerdict.Reject, Rule.MemberLeaveInsufficientPower, ("sender_level", "60"), ("kick_level", "70"), ("target_level", "0"));

    // `member.leave.kick_allowed` (rooms v12 "Authorisation rules" 5.5.4):
    // "If the sender's power level is greater than or equal to the kick level, and the target user's power level is
    // less than the sender's power level, allow."
    [Theory, RoomVersions(1, 12)]
    public void KickAtKickLevelAboveTarget_Allowed(int version) =>
        BobSetsCharlie(version, "leave", "kick", required: null, bob: 50, charlie: 49, AuthVerdict.Allow, Rule.MemberLeaveKickAllowed);

    // Revoking an invite, denying a knock and "kicking" a user who is not in the room are kicks too.
    [Theory, RoomVersions(1, 12)]
    public void RevokeInviteOrKickAbsentUser_Allowed(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 50));
        (string, string)[] levels = [("sender_level", "50"), ("kick_level", "50"), ("target_level", "0")];
        Allows(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed, levels);
        var invited = room.SetMembership(Alice, Charlie, "invite");
        Allows(invited, invited.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed, levels);
    }

    [Theory, RoomVersions(7, 12)]
    public void DenyKnock_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Allows(room, room.Member(Alice, Bob, "leave"), Rule.MemberLeaveKickAllowed,
            ("sender_level", CreatorLevel(V(version))), ("kick_level", "50"), ("target_level", "0"));
    }

    // `member.leave.insufficient_power` (rooms v12 "Authorisation rules" 5.5.5):
    // "Otherwise, reject." Below the kick level, or not strictly above the target.
    [Theory, RoomVersions(1, 12)]
    public void KickBelowKickLevel_Rejected(int version) =>
        BobSetsCharlie(version, "leave", "kick", required: null, bob: 49, charlie: null, AuthVerdict.Reject, Rule.MemberLeaveInsufficientPower);

    [Theory, RoomVersions(1, 12)]
    public void KickOfAnEqual_Rejected(int version) =>
        BobSetsCharlie(version, "leave", "kick", required: null, bob: 50, charlie: 50, AuthVerdict.Reject, Rule.MemberLeaveInsufficientPower);
}
