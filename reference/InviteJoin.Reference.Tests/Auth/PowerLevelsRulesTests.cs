using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 10 (v1–5) / 9 (v6–11) / 10 (v12), <c>m.room.power_levels</c> (spec v1.19, rooms v1–v12 "Authorisation
/// rules"; the legacy number formats of v1–9 and v1–5; MSC2209, MSC3667, MSC4289; page 11-power-levels). Bob,
/// at level 50, edits the current power levels; "P" below is his level.
/// </summary>
public sealed class PowerLevelsRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static RoomBuilder Room(int version, string topLevel = "{}", long charlie = 0) =>
        RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie).PowerLevelsWith(JsonText(topLevel), (Bob, 50), (Charlie, charlie));

    /// <summary>Bob's power-levels event: the current content with <paramref name="edit"/> applied.</summary>
    private static Pdu Change(RoomBuilder room, Func<JsonObject, JsonObject> edit) =>
        room.Event(EventTypes.PowerLevels, "", Bob, edit(room.State.PowerLevels!.Content));

    private static JsonObject Users(JsonObject content) => (JsonObject)content["users"]!;

    private static Func<JsonObject, JsonObject> SetUser(string user, JsonValue level) => content => content.With("users", Users(content).With(user, level));

    // The evidence of a change judged against Bob's level: his level (50), then what was compared with it.
    private static (string, string)[] ByBob(params (string, string)[] compared) => [("sender_level", "50"), .. compared];

    // `power_levels.non_integer_value` ("Authorisation rules" v10–11: 9.1; v12: 10.1):
    // the top-level levels, when present, are integers.
    [Theory, RoomVersions(10, 12)]
    public void TopLevelNotAnInteger_Rejected(int version)
    {
        var room = Room(version);
        // Each value with the JSON text the evidence shows it as.
        foreach (var (value, text) in new (JsonValue, string)[] { (JsonValue.String("50"), "\"50\""), (JsonValue.Bool(true), "true"), (JsonValue.Null, "null"), (JsonArray.Empty, "[]"), (JsonObject.Empty, "{}") })
        {
            foreach (var key in PowerLevels.TopLevelKeys)
            {
                Rejects(room, Change(room, c => c.With(key, value)), Rule.PowerLevelsNonIntegerValue, ("property", key), ("value", text));
            }
        }
    }

    // `power_levels.non_integer_map` ("Authorisation rules" v10–11: 9.2; v12: 10.2):
    // events and notifications, when present, are objects of integers.
    [Theory, RoomVersions(10, 12)]
    public void MapNotAnObjectOfIntegers_Rejected(int version)
    {
        var room = Room(version);
        foreach (var map in new[] { "events", "notifications" })
        {
            // Each map with the entry the evidence names: the first entry that is not an integer, or the whole value when it is no object.
            foreach (var (value, entry) in new[] { ("""{"m.room.name": "50"}""", "m.room.name=\"50\""), ("""{"room": null}""", "room=null"), ("5", "5"), ("\"x\"", "\"x\""), ("[]", "[]"), ("null", "null") })
            {
                Rejects(room, Change(room, c => c.With(map, StrictJsonReader.Parse(value, JsonReadOptions.Lenient).Value)), Rule.PowerLevelsNonIntegerMap, ("property", map), ("entry", entry));
            }
        }
    }

    // `power_levels.invalid_users` ("Authorisation rules" v1–5: 10.1; v6–9: 9.1; v10–11: 9.3; v12: 10.3):
    // users is an object of valid user IDs to integers.
    [Theory, RoomVersions(1, 12)]
    public void UsersNotAnObjectOfUserIdsToIntegers_Rejected(int version)
    {
        var room = Room(version);
        // Each value with the JSON text the evidence shows it as.
        foreach (var (users, text) in new (JsonValue, string)[] { (JsonArray.Empty, "[]"), (JsonValue.Null, "null"), (JsonValue.String("x"), "\"x\""), (JsonValue.Number(5), "5") })
        {
            Rejects(room, Change(room, c => c.With("users", users)), Rule.PowerLevelsInvalidUsers, ("users", text));
        }
        foreach (var user in new[] { "bob", "@bob", "@bob:", "", "!bob:example.org", "@bob:exa mple.org" })
        {
            Rejects(room, Change(room, SetUser(user, JsonValue.Number(0))), Rule.PowerLevelsInvalidUsers, ("user", user), ("problem", "not a user ID"));
        }
        foreach (var (level, text) in new (JsonValue, string)[] { (JsonValue.String("fifty"), "\"fifty\""), (JsonValue.Bool(false), "false"), (JsonValue.Null, "null"), (JsonObject.Empty, "{}"), (JsonValue.Array(JsonValue.Number(1)), "[1]") })
        {
            Rejects(room, Change(room, SetUser(Charlie, level)), Rule.PowerLevelsInvalidUsers, ("user", Charlie), ("value", text));
        }
    }

    // `power_levels.invalid_users` in v10+ (MSC3667): integer strings are no longer integers.
    [Theory, RoomVersions(10, 12)]
    public void UserLevelAsString_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, SetUser(Charlie, JsonValue.String("0"))), Rule.PowerLevelsInvalidUsers, ("user", Charlie), ("value", "\"0\""));
    }

    // Rooms v12 "Authorisation rules" 10.3 reads an absent users as an empty map (our reading; matrix-org/synapse
    // does the same): it passes, and removing every entry is then judged by 10.9 (`power_levels.user_change_not_lower`).
    [Theory, RoomVersions(1, 12)]
    public void UsersAbsent_IsAnEmptyMap(int version)
    {
        var room = Room(version, charlie: 0);
        var expected = version == 12 ? Rule.PowerLevelsAllowed : Rule.PowerLevelsUserChangeNotLower;
        var decision = room.Check(Change(room, c => c.Without("users")));
        // v1–11: removing Alice's 100 needs more than Bob's 50; v12: Alice is not listed, Bob may drop himself and Charlie.
        if (expected == Rule.PowerLevelsAllowed) Allows(decision, expected, V(version), ByBob());
        else Rejects(decision, expected, V(version), ByBob(("user", Alice), ("current_value", "100")));
    }

    // (ours, v1–9): a top-level level, an events entry or (v6–9) a notifications entry that no legacy form reads.
    [Theory, RoomVersions(1, 9)]
    public void UnreadableValue_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, c => c.With("ban", JsonValue.String("fifty"))), Rule.PowerLevelsUnparseableValue, ("property", "ban"), ("value", "\"fifty\""));
        Rejects(room, Change(room, c => c.With("kick", JsonValue.Bool(true))), Rule.PowerLevelsUnparseableValue, ("property", "kick"), ("value", "true"));
        Rejects(room, Change(room, c => c.With("events", JsonText("""{"m.room.name": "1.5"}"""))), Rule.PowerLevelsUnparseableValue, ("property", "events.m.room.name"), ("value", "\"1.5\""));
        Rejects(room, Change(room, c => c.With("events", JsonValue.String("x"))), Rule.PowerLevelsUnparseableValue, ("property", "events"), ("value", "\"x\""));
        if (version >= 6)
        {
            Rejects(room, Change(room, c => c.With("notifications", JsonText("""{"room": null}"""))), Rule.PowerLevelsUnparseableValue, ("property", "notifications.room"), ("value", "null"));
        }
    }

    // The legacy forms are readable where they exist: integer strings in v1–9, floats in v1–5.
    [Theory, RoomVersions(1, 9)]
    public void LegacyNumberForms_Allowed(int version)
    {
        var room = Room(version);
        Allows(room, Change(room, c => c.With("ban", JsonValue.String(" +0050 ")).With("events", JsonText("""{"m.room.name": "-5"}"""))), Rule.PowerLevelsAllowed, ByBob());
        if (version <= 5)
        {
            Allows(room, Change(room, c => c.With("kick", JsonText("""{"v": 49.99}""")["v"]!).With("users", Users(c).With(Charlie, JsonText("""{"v": 5.0E1}""")["v"]!))), Rule.PowerLevelsAllowed, ByBob());
        }
    }

    // `power_levels.creator_in_users` ("Authorisation rules" v12: 10.4):
    // users may not list the create event's sender or an additional creator.
    [Theory, RoomVersions(12)]
    public void CreatorListed_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, SetUser(Alice, JsonValue.Number(100))), Rule.PowerLevelsCreatorInUsers, ("user", Alice));
        var twoCreators = RoomBuilder.Create(V(version), createContent: JsonValue.Object(("additional_creators", JsonValue.Array(JsonValue.String(Charlie))))).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        Rejects(twoCreators, Change(twoCreators, SetUser(Charlie, JsonValue.Number(0))), Rule.PowerLevelsCreatorInUsers, ("user", Charlie));
    }

    // `power_levels.initial` (rooms v12 "Authorisation rules" 10.5):
    // "If there is no previous m.room.power_levels event in the room, allow." Whatever it sets.
    [Theory, RoomVersions(1, 12)]
    public void FirstPowerLevels_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);
        Allows(room, room.Event(EventTypes.PowerLevels, "", Alice, JsonText("""{"users": {"@bob:example.org": 1000000}, "ban": 1000000}""")), Rule.PowerLevelsInitial);
    }

    // `power_levels.top_level_change_exceeds_power` (rooms v12 "Authorisation rules" 10.6):
    // a top-level level added, changed or removed whose new value is above P.
    [Theory, RoomVersions(1, 12)]
    public void TopLevelNewValueAboveSender_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, c => c.With("ban", JsonValue.Number(51))), Rule.PowerLevelsTopLevelChangeExceedsPower, ByBob(("property", "ban"), ("new_value", "51")));
    }

    // `power_levels.top_level_change_exceeds_power` (rooms v12 "Authorisation rules" 10.6):
    // ... whose current value is above P, even when lowered or removed.
    [Theory, RoomVersions(1, 12)]
    public void TopLevelCurrentValueAboveSender_Rejected(int version)
    {
        var room = Room(version, """{"kick": 75}""");
        Rejects(room, Change(room, c => c.With("kick", JsonValue.Number(50))), Rule.PowerLevelsTopLevelChangeExceedsPower, ByBob(("property", "kick"), ("current_value", "75")));
        Rejects(room, Change(room, c => c.Without("kick")), Rule.PowerLevelsTopLevelChangeExceedsPower, ByBob(("property", "kick"), ("current_value", "75")));
    }

    // `power_levels.map_change_exceeds_power` (rooms v12 "Authorisation rules" 10.7):
    // an events entry changed or removed whose current value is above P.
    [Theory, RoomVersions(1, 12)]
    public void EventsEntryCurrentValueAboveSender_Rejected(int version)
    {
        var room = Room(version, """{"events": {"m.room.name": 75}}""");
        Rejects(room, Change(room, c => c.With("events", JsonText("""{"m.room.name": 50}"""))), Rule.PowerLevelsMapChangeExceedsPower, ByBob(("property", "events.m.room.name"), ("current_value", "75")));
        Rejects(room, Change(room, c => c.With("events", JsonObject.Empty)), Rule.PowerLevelsMapChangeExceedsPower, ByBob(("property", "events.m.room.name"), ("current_value", "75")));
    }

    // `power_levels.map_change_exceeds_power` ("Authorisation rules" v6+, MSC2209): notifications too.
    [Theory, RoomVersions(6, 12)]
    public void NotificationsEntryCurrentValueAboveSender_Rejected(int version)
    {
        var room = Room(version, """{"notifications": {"room": 75}}""");
        Rejects(room, Change(room, c => c.With("notifications", JsonText("""{"room": 50}"""))), Rule.PowerLevelsMapChangeExceedsPower, ByBob(("property", "notifications.room"), ("current_value", "75")));
    }

    // `power_levels.map_change_exceeds_power` and `power_levels.user_change_not_lower` report the first offending entry in ordinal key order, the order of the state's maps. The JSON
    // objects keep code-point order, which puts U+E000 before U+1F600 (a surrogate pair), so the two orders disagree.
    [Theory, RoomVersions(1, 12)]
    public void SeveralCurrentValuesAboveSender_TheOrdinallyFirstIsReported(int version)
    {
        const string PrivateUse = "@\uE000x:example.org";
        const string Emoji = "@\U0001F600:example.org";
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50), (PrivateUse, 50), (Emoji, 50));
        var events = JsonValue.Object(("\uE000x", JsonValue.Number(75)), ("\U0001F600", JsonValue.Number(75)));
        room = room.PowerLevels(room.State.PowerLevels!.Content.With("events", events));

        var eventsRemoved = room.Check(Change(room, c => c.With("events", JsonObject.Empty)));
        var usersRemoved = room.Check(Change(room, c => c.With("users", Users(c).Without(PrivateUse).Without(Emoji))));

        Assert.Equal(Rule.PowerLevelsMapChangeExceedsPower, eventsRemoved.Rule);
        Assert.Equal("events.\U0001F600", eventsRemoved.Evidence["property"]);
        Assert.Equal(Rule.PowerLevelsUserChangeNotLower, usersRemoved.Rule);
        Assert.Equal(Emoji, usersRemoved.Evidence["user"]);
    }

    // `power_levels.map_value_exceeds_power` (rooms v12 "Authorisation rules" 10.8):
    // an events entry added or changed whose new value is above P.
    [Theory, RoomVersions(1, 12)]
    public void EventsEntryNewValueAboveSender_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, c => c.With("events", JsonText("""{"m.room.topic": 51}"""))), Rule.PowerLevelsMapValueExceedsPower, ByBob(("property", "events.m.room.topic"), ("new_value", "51")));
    }

    [Theory, RoomVersions(6, 12)]
    public void NotificationsEntryNewValueAboveSender_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, Change(room, c => c.With("notifications", JsonText("""{"room": 51}"""))), Rule.PowerLevelsMapValueExceedsPower, ByBob(("property", "notifications.room"), ("new_value", "51")));
    }

    // `power_levels.user_change_not_lower` (rooms v12 "Authorisation rules" 10.9):
    // another user's entry changed or removed whose current value is at or above P.
    [Theory, RoomVersions(1, 12)]
    public void OtherUserAtSendersLevelChanged_Rejected(int version)
    {
        var room = Room(version, charlie: 50);
        Rejects(room, Change(room, SetUser(Charlie, JsonValue.Number(0))), Rule.PowerLevelsUserChangeNotLower, ByBob(("user", Charlie), ("current_value", "50")));
        Rejects(room, Change(room, c => c.With("users", Users(c).Without(Charlie))), Rule.PowerLevelsUserChangeNotLower, ByBob(("user", Charlie), ("current_value", "50")));
    }

    // `power_levels.user_value_exceeds_power` (rooms v12 "Authorisation rules" 10.10):
    // an entry added or changed (the sender's own included) whose new value is above P.
    [Theory, RoomVersions(1, 12)]
    public void NewUserValueAboveSender_Rejected(int version)
    {
        var room = Room(version);
        foreach (var user in new[] { Charlie, Bob, "@dave:example.org" })
        {
            Rejects(room, Change(room, SetUser(user, JsonValue.Number(51))), Rule.PowerLevelsUserValueExceedsPower, ByBob(("user", user), ("new_value", "51")));
        }
    }

    // `power_levels.allowed` (rooms v12 "Authorisation rules" 10.11):
    // "Otherwise, allow." Up to P, lowering oneself, lowering someone below P, adding a level at P.
    [Theory, RoomVersions(1, 12)]
    public void ChangesWithinSendersLevel_Allowed(int version)
    {
        var room = Room(version, charlie: 49);
        Allows(room, Change(room, SetUser(Charlie, JsonValue.Number(50))), Rule.PowerLevelsAllowed, ByBob());
        Allows(room, Change(room, SetUser(Charlie, JsonValue.Number(0))), Rule.PowerLevelsAllowed, ByBob());
        Allows(room, Change(room, SetUser(Bob, JsonValue.Number(10))), Rule.PowerLevelsAllowed, ByBob());
        Allows(room, Change(room, c => c.With("kick", JsonValue.Number(50)).With("events", JsonText("""{"m.room.topic": 50}"""))), Rule.PowerLevelsAllowed, ByBob());
        Allows(room, Change(room, c => c), Rule.PowerLevelsAllowed, ByBob());
    }

    // v1–5 do not compare notifications (MSC2209 came with v6): raising one above P is allowed.
    [Theory, RoomVersions(1, 5)]
    public void NotificationsAboveSender_BeforeVersion6_Allowed(int version)
    {
        var room = Room(version, """{"notifications": {"room": 75}}""");
        Allows(room, Change(room, c => c.With("notifications", JsonText("""{"room": 100}"""))), Rule.PowerLevelsAllowed, ByBob());
    }
}
