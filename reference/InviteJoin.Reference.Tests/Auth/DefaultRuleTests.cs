using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The last rule (v1–2: 12; v3–5: 11; v6–11: 10; v12: 11): "Otherwise, allow" (spec v1.19, rooms v1–v12
/// "Authorisation rules"; page 13-default).
/// </summary>
public sealed class DefaultRuleTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    [Theory, RoomVersions(1, 12)]
    public void MessageByJoinedMember_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);
        Allows(room, room.Event("m.room.message", null, Bob, JsonText("""{"body": "hello"}""")), Rule.EventAllowed);
    }

    // Unknown event types and arbitrary content are allowed once the earlier rules pass.
    [Theory, RoomVersions(1, 12)]
    public void UnknownTypeAndContent_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        Allows(room, room.Event("org.example.anything", "key", Alice, JsonText("""{"nested": {"a": [1, "x", null, true]}}""")), Rule.EventAllowed);
        Allows(room, room.Event("org.example.anything", null, Alice, JsonObject.Empty), Rule.EventAllowed);
    }

    // Join rules and third-party invites are state like any other once rule 7 / 6 is passed.
    [Theory, RoomVersions(1, 12)]
    public void JoinRulesByCreator_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        Allows(room, room.Event(EventTypes.JoinRules, "", Alice, JsonText("""{"join_rule": "invite"}""")), Rule.EventAllowed);
    }
}
