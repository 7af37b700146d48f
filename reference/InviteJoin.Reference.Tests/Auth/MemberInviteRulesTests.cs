using InviteJoin.Reference.Auth;
using Xunit;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>invite</c> without a third-party invite (spec v1.19, rooms v1–v12 "Authorisation rules":
/// v1–5 5.3.2–5.3.5, v6–7 4.3.2–4.3.5, v8–11 4.4.2–4.4.5, v12 5.4.2–5.4.5; page 06b-member-invite).
/// </summary>
public sealed class MemberInviteRulesTests
{
    private const string Alice = RoomBuilder.Alice;
    private const string Bob = RoomBuilder.Bob;
    private const string Charlie = RoomBuilder.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("invite");

    // `member.invite.sender_not_joined` (rooms v12 "Authorisation rules" 5.4.2):
    // "If the sender's current membership state is not join, reject." Invited, left or absent.
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoined_Rejected(int version)
    {
        var room = Room(version);
        Rejected(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteSenderNotJoined);
        var invited = room.SetMembership(Alice, Bob, "invite");
        Rejected(invited, invited.Member(Bob, Charlie, "invite"), Rule.MemberInviteSenderNotJoined);
    }

    // `member.invite.sender_not_joined` (rooms v12 "Authorisation rules" 5.4.2) holds for creators too: a v12 creator with infinite power who left cannot invite.
    [Theory, RoomVersions(1, 12)]
    public void CreatorWhoLeft_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Alice, "leave");
        Rejected(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteSenderNotJoined);
    }

    // `member.invite.target_joined_or_banned` (rooms v12 "Authorisation rules" 5.4.3):
    // "If target user's current membership state is join or ban, reject."
    [Theory, RoomVersions(1, 12)]
    public void TargetJoined_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob);
        Rejected(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteTargetJoinedOrBanned);
    }

    [Theory, RoomVersions(1, 12)]
    public void TargetBanned_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "ban");
        Rejected(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteTargetJoinedOrBanned);
    }

    // `member.invite.allowed` (rooms v12 "Authorisation rules" 5.4.4):
    // "If the sender's power level is greater than or equal to the invite level, allow." The default invite level is
    // 0.
    [Theory, RoomVersions(1, 12)]
    public void SenderAtInviteLevel_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 0));
        Allowed(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed);
        var raised = room.PowerLevelsWith(JsonText("""{"invite": 30}"""), (Bob, 30));
        Allowed(raised, raised.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed);
    }

    // Re-inviting an invited user, inviting a user who left, and accepting a knock are invites like any other.
    [Theory, RoomVersions(1, 12)]
    public void TargetInvitedOrLeft_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite");
        Allowed(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteAllowed);
        var left = room.SetMembership(Bob, Bob, "leave");
        Allowed(left, left.Member(Alice, Bob, "invite"), Rule.MemberInviteAllowed);
    }

    [Theory, RoomVersions(7, 12)]
    public void TargetKnocking_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Allowed(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteAllowed);
    }

    // `member.invite.insufficient_power` (rooms v12 "Authorisation rules" 5.4.5):
    // "Otherwise, reject." One below the invite level.
    [Theory, RoomVersions(1, 12)]
    public void SenderBelowInviteLevel_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevelsWith(JsonText("""{"invite": 30}"""), (Bob, 29));
        Rejected(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteInsufficientPower);
    }

    // The invite rule never compares with the target's level: a level-0 sender may invite a user listed at 100.
    [Theory, RoomVersions(1, 12)]
    public void TargetAboveSender_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 0), (Charlie, 100));
        Allowed(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed);
    }
}
