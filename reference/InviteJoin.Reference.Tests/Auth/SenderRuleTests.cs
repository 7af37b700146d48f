using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 6 (v1–5) / 5 (v6–11) / 6 (v12): "If the sender's current membership state is not join, reject"
/// (spec v1.19, rooms v1–v12 "Authorisation rules"; page 07-sender).
/// </summary>
public sealed class SenderRuleTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    [Theory, RoomVersions(1, 12)]
    public void NoMembership_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Event("m.room.message", null, Bob, JsonText("""{"body": "hi"}""")), Rule.SenderNotJoined, ("membership", "none"));
    }

    // Invited, knocking, left and banned users are not joined either.
    [Theory, RoomVersions(1, 12)]
    public void InvitedLeftOrBanned_Rejected(int version)
    {
        foreach (var membership in new[] { "invite", "leave", "ban" })
        {
            var room = Room(version).SetMembership(Alice, Bob, membership);
            Rejects(room, room.Event("m.room.message", null, Bob, JsonObject.Empty), Rule.SenderNotJoined, ("membership", membership));
        }
    }

    [Theory, RoomVersions(7, 12)]
    public void Knocking_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock").SetMembership(Bob, Bob, "knock");
        Rejects(room, room.Event("m.room.message", null, Bob, JsonObject.Empty), Rule.SenderNotJoined, ("membership", "knock"));
    }

    // A v12 creator with infinite power still has to be joined.
    [Theory, RoomVersions(1, 12)]
    public void CreatorWhoLeft_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Alice, "leave");
        Rejects(room, room.Event("m.room.topic", "", Alice, JsonText("""{"topic": "x"}""")), Rule.SenderNotJoined, ("membership", "leave"));
    }

    // Every non-member event type reaches this rule, state or not, including power levels and join rules.
    [Theory, RoomVersions(1, 12)]
    public void AnyEventType_Rejected(int version)
    {
        var room = Room(version).PowerLevels((Bob, 100));
        Rejects(room, room.Event(EventTypes.PowerLevels, "", Bob, JsonObject.Empty), Rule.SenderNotJoined, ("membership", "none"));
        Rejects(room, room.Event(EventTypes.JoinRules, "", Bob, JsonText("""{"join_rule": "public"}""")), Rule.SenderNotJoined, ("membership", "none"));
        Rejects(room, room.Event(EventTypes.ThirdPartyInvite, "tok", Bob, ThirdPartyInvites.Content()), Rule.SenderNotJoined, ("membership", "none"));
    }
}
