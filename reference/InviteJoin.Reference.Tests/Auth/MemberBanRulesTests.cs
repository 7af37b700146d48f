using InviteJoin.Reference.Auth;
using Xunit;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>ban</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.5, v6–7 4.5, v8–11 4.6,
/// v12 5.6; page 06d-member-ban).
/// </summary>
public sealed class MemberBanRulesTests
{
    private const string Alice = RoomBuilder.Alice;
    private const string Bob = RoomBuilder.Bob;
    private const string Charlie = RoomBuilder.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // `member.ban.sender_not_joined` (rooms v12 "Authorisation rules" 5.6.1):
    // "If the sender's current membership state is not join, reject."
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoined_Rejected(int version)
    {
        var room = Room(version).Join(Charlie).PowerLevels((Bob, 100));
        Rejected(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanSenderNotJoined);
        var invited = room.SetMembership(Alice, Bob, "invite");
        Rejected(invited, invited.Member(Bob, Charlie, "ban"), Rule.MemberBanSenderNotJoined);
    }

    // `member.ban.allowed` (rooms v12 "Authorisation rules" 5.6.2):
    // "If the sender's power level is greater than or equal to the ban level, and the target user's power level is
    // less than the sender's power level, allow."
    [Theory, RoomVersions(1, 12)]
    public void AtBanLevelAboveTarget_Allowed(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevels((Bob, 50), (Charlie, 49));
        Allowed(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed);
    }

    // A ban may target anyone: a user who never joined, a banned user (re-ban), an invited user.
    [Theory, RoomVersions(1, 12)]
    public void TargetNotInTheRoom_Allowed(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 50));
        Allowed(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed);
        var banned = room.SetMembership(Bob, Charlie, "ban");
        Allowed(banned, banned.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed);
    }

    // `member.ban.insufficient_power` (rooms v12 "Authorisation rules" 5.6.3):
    // "Otherwise, reject." Below the ban level, equal to the target, or banning oneself.
    [Theory, RoomVersions(1, 12)]
    public void BelowBanLevel_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevelsWith(JsonText("""{"ban": 75}"""), (Bob, 74));
        Rejected(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanInsufficientPower);
    }

    [Theory, RoomVersions(1, 12)]
    public void TargetAtSendersLevel_Rejected(int version)
    {
        var room = Room(version).Join(Bob).Join(Charlie).PowerLevels((Bob, 60), (Charlie, 60));
        Rejected(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanInsufficientPower);
    }

    [Theory, RoomVersions(1, 12)]
    public void BanningOneself_Rejected(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 100));
        Rejected(room, room.Member(Bob, Bob, "ban"), Rule.MemberBanInsufficientPower);
    }
}
