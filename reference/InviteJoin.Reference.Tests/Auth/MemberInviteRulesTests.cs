using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Membership <c>invite</c> without a third-party invite (spec v1.19, rooms v1–v12 "Authorisation rules":
/// v1–5 5.3.2–5.3.5, v6–7 4.3.2–4.3.5, v8–11 4.4.2–4.4.5, v12 5.4.2–5.4.5; page 06b-member-invite).
/// </summary>
public sealed class MemberInviteRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("invite");

    // Alice, the creator, invites Bob.
    private static void AliceInvitesBob(RoomBuilder room, AuthVerdict verdict, Rule rule, params (string, string)[] evidence) =>
        Both(room, room.Member(Alice, Bob, "invite"), verdict, rule, evidence);

    // Without power levels the creator holds 100 (v1–11; infinite in v12) and the invite level is 0.
    private static (string, string)[] AliceAtDefaultInviteLevel(int version) => [("sender_level", CreatorLevel(V(version))), ("invite_level", "0")];

    // `member.invite.sender_not_joined` (rooms v12 "Authorisation rules" 5.4.2):
    // "If the sender's current membership state is not join, reject." Invited, left or absent.
    [Theory, RoomVersions(1, 12)]
    public void SenderNotJoined_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteSenderNotJoined, ("membership", "none"));
        var invited = room.SetMembership(Alice, Bob, "invite");
        Rejects(invited, invited.Member(Bob, Charlie, "invite"), Rule.MemberInviteSenderNotJoined, ("membership", "invite"));
    }

    // `member.invite.sender_not_joined` (rooms v12 "Authorisation rules" 5.4.2) holds for creators too: a v12 creator with infinite power who left cannot invite.
    [Theory, RoomVersions(1, 12)]
    public void CreatorWhoLeft_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Alice, "leave");
        Rejects(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteSenderNotJoined, ("membership", "leave"));
    }

    // `member.invite.target_joined_or_banned` (rooms v12 "Authorisation rules" 5.4.3):
    // "If target user's current membership state is join or ban, reject."
    [Theory, RoomVersions(1, 12)]
    public void TargetJoined_Rejected(int version) =>
        AliceInvitesBob(Room(version).SetMembership(Alice, Bob, "invite").Join(Bob), AuthVerdict.Reject, Rule.MemberInviteTargetJoinedOrBanned, ("target_membership", "join"));

    [Theory, RoomVersions(1, 12)]
    public void TargetBanned_Rejected(int version) =>
        AliceInvitesBob(Room(version).SetMembership(Alice, Bob, "ban"), AuthVerdict.Reject, Rule.MemberInviteTargetJoinedOrBanned, ("target_membership", "ban"));

    // `member.invite.allowed` (rooms v12 "Authorisation rules" 5.4.4):
    // "If the sender's power level is greater than or equal to the invite level, allow." The default invite level is
    // 0.
    [Theory, RoomVersions(1, 12)]
    public void SenderAtInviteLevel_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 0));
        Allows(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed, ("sender_level", "0"), ("invite_level", "0"));
        var raised = room.PowerLevelsWith(JsonText("""{"invite": 30}"""), (Bob, 30));
        Allows(raised, raised.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed, ("sender_level", "30"), ("invite_level", "30"));
    }

    // Re-inviting an invited user, inviting a user who left, and accepting a knock are invites like any other.
    [Theory, RoomVersions(1, 12)]
    public void TargetInvitedOrLeft_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite");
        AliceInvitesBob(room, AuthVerdict.Allow, Rule.MemberInviteAllowed, AliceAtDefaultInviteLevel(version));
        AliceInvitesBob(room.SetMembership(Bob, Bob, "leave"), AuthVerdict.Allow, Rule.MemberInviteAllowed, AliceAtDefaultInviteLevel(version));
    }

    [Theory, RoomVersions(7, 12)]
    public void TargetKnocking_Allowed(int version)
    {
        AliceInvitesBob(RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock"), AuthVerdict.Allow, Rule.MemberInviteAllowed, AliceAtDefaultInviteLevel(version));
    }

    // `member.invite.insufficient_power` (rooms v12 "Authorisation rules" 5.4.5):
    // "Otherwise, reject." One below the invite level.
    [Theory, RoomVersions(1, 12)]
    public void SenderBelowInviteLevel_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevelsWith(JsonText("""{"invite": 30}"""), (Bob, 29));
        Rejects(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteInsufficientPower, ("sender_level", "29"), ("invite_level", "30"));
    }

    // The invite rule never compares with the target's level: a level-0 sender may invite a user listed at 100.
    [Theory, RoomVersions(1, 12)]
    public void TargetAboveSender_Allowed(int version)
    {
        var room = Room(version).SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 0), (Charlie, 100));
        Allows(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed, ("sender_level", "0"), ("invite_level", "0"));
    }
}
