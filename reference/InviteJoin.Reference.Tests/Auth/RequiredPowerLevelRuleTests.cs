using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 8 (v1–5) / 7 (v6–11) / 8 (v12): "If the event type's required power level is greater than the
/// sender's power level, reject" (spec v1.19, rooms v1–v12 "Authorisation rules"; server-server API
/// "Definitions"; page 09-power-level).
/// </summary>
public sealed class RequiredPowerLevelRuleTests
{
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);

    private static readonly JsonObject Topic = JsonText("""{"topic": "x"}""");

    // The evidence of a refusal: Bob's level, the level the event type requires, and the type.
    private static (string, string)[] Below(long bob, long required, string type) =>
        [("sender_level", PowerOverTarget.Text(bob)), ("required_level", PowerOverTarget.Text(required)), ("type", type)];

    // state_default is 50 when absent, also when the room has no power-levels event.
    [Theory, RoomVersions(1, 12)]
    public void StateEventBelowStateDefault_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Event("m.room.topic", "", Bob, Topic), Rule.EventInsufficientPower, Below(0, 50, "m.room.topic"));
        var listed = room.PowerLevels((Bob, 49));
        Rejects(listed, listed.Event("m.room.topic", "", Bob, Topic), Rule.EventInsufficientPower, Below(49, 50, "m.room.topic"));
    }

    [Theory, RoomVersions(1, 12)]
    public void StateEventAtStateDefault_Allowed(int version)
    {
        var room = Room(version).PowerLevels((Bob, 50));
        Allows(room, room.Event("m.room.topic", "", Bob, Topic), Rule.EventAllowed);
    }

    // events_default applies to events without a state key.
    [Theory, RoomVersions(1, 12)]
    public void MessageBelowEventsDefault_Rejected(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"events_default": 10}"""), (Bob, 9));
        Rejects(room, room.Event("m.room.message", null, Bob, JsonObject.Empty), Rule.EventInsufficientPower, Below(9, 10, "m.room.message"));
    }

    // An events entry overrides both defaults, up or down.
    [Trait("token", "power_level.required")]
    [Theory, RoomVersions(1, 12)]
    public void EventsEntry_OverridesTheDefaults(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"events": {"m.room.topic": 0, "m.room.message": 30}}"""), (Bob, 29));
        Allows(room, room.Event("m.room.topic", "", Bob, Topic), Rule.EventAllowed);
        Rejects(room, room.Event("m.room.message", null, Bob, JsonObject.Empty), Rule.EventInsufficientPower, Below(29, 30, "m.room.message"));
    }

    // users_default gives the level of users who are not listed.
    [Trait("token", "power_level.user")]
    [Theory, RoomVersions(1, 12)]
    public void UsersDefault_IsTheLevelOfUnlistedUsers(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"users_default": 50}"""));
        Allows(room, room.Event("m.room.topic", "", Bob, Topic), Rule.EventAllowed);
        var lower = Room(version).PowerLevelsWith(JsonText("""{"users_default": 49}"""));
        Rejects(lower, lower.Event("m.room.topic", "", Bob, Topic), Rule.EventInsufficientPower, Below(49, 50, "m.room.topic"));
    }

    // The rule covers m.room.power_levels and m.room.join_rules themselves.
    [Theory, RoomVersions(1, 12)]
    public void PowerLevelsAndJoinRules_NeedTheirLevel(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"events": {"m.room.power_levels": 60, "m.room.join_rules": 60}}"""), (Bob, 59));
        Rejects(room, room.Event(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels!.Content), Rule.EventInsufficientPower, Below(59, 60, EventTypes.PowerLevels));
        Rejects(room, room.Event(EventTypes.JoinRules, "", Bob, JsonText("""{"join_rule": "invite"}""")), Rule.EventInsufficientPower, Below(59, 60, EventTypes.JoinRules));
    }
}
