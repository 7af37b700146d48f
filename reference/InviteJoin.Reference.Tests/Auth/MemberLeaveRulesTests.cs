using InviteJoin.Reference.Auth;
using Xunit;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>leave</c>: leaving, rejecting an invite, retracting a knock, kicking and unbanning (spec
/// v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.4, v6–7 4.4, v8–11 4.5, v12 5.5; page 06c-member-leave).
/// </summary>
public sealed class MemberLeaveRulesTests
{
    private const string Alice = RoomBuilder.Alice;
    private const string Bob = RoomBuilder.Bob;
    private const string Charlie = RoomBuilder.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // `member.leave.self_allowed`, `member.leave.self_not_member` (rooms v12 "Authorisation rules" 5.5.1):
    // "If the sender matches state_key, allow if and only if that user's current membership state is invite or join"
    // (v7+: or knock).
    [Theory, RoomVersions(1, 12)]
    public void JoinedOrInvitedLeavesThemselves_Allowed(int version)
    {
        var joined = Room(version).Join(Bob);
        Allowed(joined, joined.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed);
        var invited = Room(version).SetMembership(Alice, Bob, "invite");
        Allowed(invited, invited.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed);
    }

    [Theory, RoomVersions(7, 12)]
    public void KnockingRetractsTheKnock_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Allowed(room, room.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfAllowed);
    }

    // `member.leave.self_not_member` (rooms v12 "Authorisation rules" 5.5.1, "... if and only if"): a user with no membership, who left, or who is banned cannot leave.
    [Theory, RoomVersions(1, 12)]
    public void NotAMemberLeavesThemselves_Rejected(int version)
    {
        var room = Room(version);
        Rejected(room, room.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember);
        var left = room.Join(Bob).SetMembership(Bob, Bob, "leave");
        Rejected(left, left.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember);
        var banned = room.Join(Bob).SetMembership(Alice, Bob, "ban");
        Rejected(banned, banned.Member(Bob, Bob, "leave"), Rule.MemberLeaveSelfNotMember);
    }

    // `member.leave.sender_not_joined` (rooms v12 "Authorisation rules" 5.5.2):
    // "If the sender's current membership state is not join, reject."
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoinedRemovesSomeone_Rejected(int version)
    {
        var room = Room(version).Join(Charlie).PowerLevels((Bob, 100));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveSenderNotJoined);
    }

    // `member.leave.unban_insufficient_power` (rooms v12 "Authorisation rules" 5.5.3):
    // "If the target user's current membership state is ban, and the sender's power level is less than the ban level,
    // reject."
    [Theory, RoomVersions(1, 12)]
    public void UnbanBelowBanLevel_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).SetMembership(Alice, Charlie, "ban").PowerLevelsWith(JsonText("""{"kick": 10, "ban": 60}"""), (Bob, 59));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveUnbanInsufficientPower);
    }

    // `member.leave.unban_insufficient_power`, `member.leave.kick_allowed` (rooms v12 "Authorisation rules"
    // 5.5.3–5.5.4): unbanning needs the ban level, the kick level and more than the target.
    [Theory, RoomVersions(1, 12)]
    public void UnbanAtBanAndKickLevel_Allowed(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).SetMembership(Alice, Charlie, "ban").PowerLevelsWith(JsonText("""{"kick": 60, "ban": 60}"""), (Bob, 60));
        Allowed(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
    }

    [Theory, RoomVersions(1, 12)]
    public void UnbanAtBanLevelBelowKickLevel_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).SetMembership(Alice, Charlie, "ban").PowerLevelsWith(JsonText("""{"kick": 70, "ban": 60}"""), (Bob, 60));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
    }

    // `member.leave.kick_allowed` (rooms v12 "Authorisation rules" 5.5.4):
    // "If the sender's power level is greater than or equal to the kick level, and the target user's power level is
    // less than the sender's power level, allow."
    [Theory, RoomVersions(1, 12)]
    public void KickAtKickLevelAboveTarget_Allowed(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevels((Bob, 50), (Charlie, 49));
        Allowed(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
    }

    // Revoking an invite, denying a knock and "kicking" a user who is not in the room are kicks too.
    [Theory, RoomVersions(1, 12)]
    public void RevokeInviteOrKickAbsentUser_Allowed(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 50));
        Allowed(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
        var invited = room.SetMembership(Alice, Charlie, "invite");
        Allowed(invited, invited.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
    }

    [Theory, RoomVersions(7, 12)]
    public void DenyKnock_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Allowed(room, room.Member(Alice, Bob, "leave"), Rule.MemberLeaveKickAllowed);
    }

    // `member.leave.insufficient_power` (rooms v12 "Authorisation rules" 5.5.5):
    // "Otherwise, reject." Below the kick level, or not strictly above the target.
    [Theory, RoomVersions(1, 12)]
    public void KickBelowKickLevel_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevels((Bob, 49));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
    }

    [Theory, RoomVersions(1, 12)]
    public void KickOfAnEqual_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevels((Bob, 50), (Charlie, 50));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
    }
}
