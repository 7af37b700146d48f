using static InviteJoin.Reference.Tests.Auth.PowerOverTarget;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>ban</c> (spec v1.19, rooms v1–v12 "Authorisation rules": v1–5 5.5, v6–7 4.5, v8–11 4.6,
/// v12 5.6; page 06d-member-ban).
/// </summary>
public sealed class MemberBanRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // `member.ban.sender_not_joined` (rooms v12 "Authorisation rules" 5.6.1):
    // "If the sender's current membership state is not join, reject."
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoined_Rejected(int version)
    {
        var room = Room(version).Join(Charlie).PowerLevels((Bob, 100));
        Rejects(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanSenderNotJoined, ("membership", "none"));
        var invited = room.SetMembership(Alice, Bob, "invite");
        Rejects(invited, invited.Member(Bob, Charlie, "ban"), Rule.MemberBanSenderNotJoined, ("membership", "invite"));
    }

    // `member.ban.allowed` (rooms v12 "Authorisation rules" 5.6.2):
    // "If the sender's power level is greater than or equal to the ban level, and the target user's power level is
    // less than the sender's power level, allow."
    [Theory, RoomVersions(1, 12)]
    public void AtBanLevelAboveTarget_Allowed(int version) =>
        BobSetsCharlie(version, "ban", "ban", required: null, bob: 50, charlie: 49, AuthVerdict.Allow, Rule.MemberBanAllowed);

    // A ban may target anyone: a user who never joined, a banned user (re-ban), an invited user.
    [Theory, RoomVersions(1, 12)]
    public void TargetNotInTheRoom_Allowed(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 50));
        (string, string)[] levels = [("sender_level", "50"), ("ban_level", "50"), ("target_level", "0")];
        Allows(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed, levels);
        var banned = room.SetMembership(Bob, Charlie, "ban");
        Allows(banned, banned.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed, levels);
    }

    // `member.ban.insufficient_power` (rooms v12 "Authorisation rules" 5.6.3):
    // "Otherwise, reject." Below the ban level, equal to the target, or banning oneself.
    [Theory, RoomVersions(1, 12)]
    public void BelowBanLevel_Rejected(int version) =>
        BobSetsCharlie(version, "ban", "ban", required: 75, bob: 74, charlie: null, AuthVerdict.Reject, Rule.MemberBanInsufficientPower);

    [Theory, RoomVersions(1, 12)]
    public void TargetAtSendersLevel_Rejected(int version) =>
        BobSetsCharlie(version, "ban", "ban", required: null, bob: 60, charlie: 60, AuthVerdict.Reject, Rule.MemberBanInsufficientPower);

    [Theory, RoomVersions(1, 12)]
    public void BanningOneself_Rejected(int version)
    {
        var room = Room(version).Join(Bob).PowerLevels((Bob, 100));
        Rejects(room, room.Member(Bob, Bob, "ban"), Rule.MemberBanInsufficientPower, ("sender_level", "100"), ("ban_level", "50"), ("target_level", "100"));
    }
}
