using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 3 (v1–11) / 4 (v12): <c>m.federate: false</c> admits only senders on the create event's sender's
/// server (spec v1.19, rooms v1–v12 "Authorisation rules"; page 04-federate).
/// </summary>
public sealed class FederateRuleTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Zara = TestUsers.Zara;

    private static RoomBuilder LocalRoom(int version, JsonValue federate) =>
        RoomBuilder.Create(V(version), createContent: JsonValue.Object(("m.federate", federate))).JoinRule("public");

    // 3 / 4: m.federate false and the sender's domain is not the create event sender's domain.
    [Theory, RoomVersions(1, 12)]
    public void ForeignSender_Rejected(int version)
    {
        var room = LocalRoom(version, JsonValue.Bool(false));
        Rejects(room, room.Member(Zara, Zara, "join"), Rule.FederateForeignSender, ("sender_server", "elsewhere.test"), ("create_sender_server", "example.org"));
    }

    // The rule is checked before everything but rules 1–2 / 1–3: even a joined foreign member's message fails.
    [Theory, RoomVersions(1, 12)]
    public void ForeignMembersMessage_Rejected(int version)
    {
        var room = LocalRoom(version, JsonValue.Bool(false));
        room = room.Add(room.Member(Zara, Zara, "join"));
        Rejects(room, room.Event("m.room.message", null, Zara, JsonObject.Empty), Rule.FederateForeignSender, ("sender_server", "elsewhere.test"), ("create_sender_server", "example.org"));
    }

    // The spec compares the sender's domain only: a local sender may invite a foreign user.
    [Theory, RoomVersions(1, 12)]
    public void LocalSenderInvitingForeignTarget_Allowed(int version)
    {
        var room = LocalRoom(version, JsonValue.Bool(false));
        Allowed(room, room.Member(Alice, Zara, "invite"), Rule.MemberInviteAllowed);
    }

    [Theory, RoomVersions(1, 12)]
    public void LocalSender_Allowed(int version)
    {
        var room = LocalRoom(version, JsonValue.Bool(false));
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinPublic);
    }

    // Only the boolean false restricts; true, the string "false" and null do not.
    [Theory, RoomVersions(1, 12)]
    public void FederateNotFalse_Allowed(int version)
    {
        foreach (var value in new JsonValue[] { JsonValue.Bool(true), JsonValue.String("false"), JsonValue.Null, JsonValue.Number(0) })
        {
            var room = LocalRoom(version, value);
            Allowed(room, room.Member(Zara, Zara, "join"), Rule.MemberJoinPublic);
        }
    }
}
