using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 2 (v1–11) / 3 (v12), the event's own auth events (spec v1.19, rooms v1–v12 "Authorisation rules"
/// 2.1–2.5 / 3.1–3.5; MSC4307 for 2.5 in every version; page 03-auth-events). These rules read only the
/// citations, so they are judged on the auth-events path; the state path does not apply them.
/// </summary>
public sealed class AuthEventsRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder PublicRoom(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    private static JsonArray Cite(int version, IEnumerable<Pdu> events) => AuthFixtures.References(V(version), [.. events.Select(e => e.EventId.Value)]);

    // What a correct event cites: the builder's selection, without the create event in room version 12 (where it is implied).
    private static IEnumerable<Pdu> CitedBy(RoomBuilder room, Pdu e) =>
        room.AuthEventsFor(e).Where(cited => room.Version.CreateEventInAuthEvents || !cited.Equals(room.CreateEvent));

    private static AuthDecision AgainstAuthEvents(RoomBuilder room, Pdu e, IReadOnlyList<Pdu> supplied) =>
        EventAuthorizer.AuthorizeAgainstAuthEvents(e, supplied, room.Version, room.Context);

    // (ours, v1–12): a cited auth event the caller did not supply cannot be judged.
    [Theory, RoomVersions(1, 12)]
    public void CitedEventNotSupplied_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        var supplied = room.AuthEventsFor(join).Remove(room.State.JoinRules!);
        Rejects(AgainstAuthEvents(room, join, supplied), Rule.AuthEventsMissing, V(version), ("auth_event", room.State.JoinRules!.EventId.Value));
    }

    // (ours, v1–12): an event cannot cite itself. Only test inputs (and v1–2 events) can name themselves,
    // since elsewhere the ID is the event's hash; a join citing itself would otherwise count as Bob's membership.
    [Theory, RoomVersions(1, 12)]
    public void EventCitingItself_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite");
        var join = room.Member(Bob, Bob, "join");
        // The builder names events by position, so this event gets the same ID as `join`: it cites itself.
        var selfCiting = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events",
            AuthFixtures.References(V(version), [.. CitedBy(room, join).Select(e => e.EventId.Value), join.EventId.Value])));
        Assert.Equal(join.EventId, selfCiting.EventId);
        Rejects(AgainstAuthEvents(room, selfCiting, [.. room.Events, selfCiting]), Rule.AuthEventsCitesItself, V(version), ("auth_event", join.EventId.Value));
    }

    // 2.1 / 3.1: "If there are duplicate entries for a given type and state_key pair, reject."
    [Theory, RoomVersions(1, 12)]
    public void TwoEventsForOneKey_Rejected(int version)
    {
        var room = PublicRoom(version).JoinRule("invite");
        var oldRules = room.Events.First(e => e.Type == EventTypes.JoinRules);
        var newRules = room.State.JoinRules!;
        var join = room.Member(Bob, Bob, "join");
        var twice = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", Cite(version, [.. CitedBy(room, join), oldRules])));
        // The evidence names the later citation (the old join rules, cited last) and the earlier one it duplicates.
        Rejects(AgainstAuthEvents(room, twice, [.. room.Events]), Rule.AuthEventsDuplicate, V(version),
            ("auth_event", oldRules.EventId.Value), ("duplicate_of", newRules.EventId.Value), ("type", EventTypes.JoinRules), ("state_key", ""));
        Assert.NotEqual(oldRules.EventId, newRules.EventId);
    }

    // 2.2 / 3.2: a citation that auth-events selection would not pick (a message never needs the join rules).
    [Theory, RoomVersions(1, 12)]
    public void KeyNotSelected_Rejected(int version)
    {
        var room = PublicRoom(version);
        var plain = room.Event("m.room.message", null, Alice, JsonText("""{"body": "hi"}"""));
        var message = room.Event("m.room.message", null, Alice, JsonText("""{"body": "hi"}"""),
            json => json.With("auth_events", Cite(version, [.. CitedBy(room, plain), room.State.JoinRules!])));
        Rejects(AgainstAuthEvents(room, message, [.. room.Events]), Rule.AuthEventsUnexpected, V(version),
            ("auth_event", room.State.JoinRules!.EventId.Value), ("type", EventTypes.JoinRules), ("state_key", ""));
    }

    // 3.2 (v12): the create event "MUST NOT be selected"; citing it is an unexpected entry.
    [Theory, RoomVersions(12)]
    public void CreateEventCited_Rejected(int version)
    {
        var room = PublicRoom(version);
        var message = room.Event("m.room.message", null, Alice, JsonObject.Empty,
            json => json.With("auth_events", JsonValue.Array(((JsonArray)json["auth_events"]!).Items.Add(JsonValue.String(room.CreateEvent.EventId.Value)))));
        Rejects(AgainstAuthEvents(room, message, [.. room.Events]), Rule.AuthEventsUnexpected, V(version),
            ("auth_event", room.CreateEvent.EventId.Value), ("type", EventTypes.Create), ("state_key", ""));
    }

    // 2.3 / 3.3: "If there are entries which were themselves rejected ..., reject."
    [Theory, RoomVersions(1, 12)]
    public void CitedEventWasRejected_Rejected(int version)
    {
        var room = PublicRoom(version);
        room = room with { Context = AuthContext.Default.WithRejected([room.State.JoinRules!.EventId.Value]) };
        var join = room.Member(Bob, Bob, "join");
        Rejects(room.CheckAgainstAuthEvents(join), Rule.AuthEventsRejected, V(version), ("auth_event", room.State.JoinRules!.EventId.Value));
    }

    // 2.4 (v1–11): "If there is no m.room.create event among the entries, reject."
    [Theory, RoomVersions(1, 11)]
    public void CreateEventNotCited_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        var withoutCreate = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", Cite(version, CitedBy(room, join).Where(e => !e.Equals(room.CreateEvent)))));
        Rejects(AgainstAuthEvents(room, withoutCreate, [.. room.Events]), Rule.AuthEventsMissingCreate, V(version));
    }

    // 2.5 / 3.5 (every version, MSC4307): "If any event in auth_events has a room_id which does not match ..., reject."
    [Theory, RoomVersions(1, 12)]
    public void CitedEventFromAnotherRoom_Rejected(int version)
    {
        var room = PublicRoom(version);
        var foreignId = version <= 2 ? "$foreign:example.org" : "$foreign";
        var foreignRules = AuthFixtures.MovedTo(room.State.JoinRules!, version == 12 ? "!other" : "!other:example.org", foreignId, V(version));
        var join = room.Member(Bob, Bob, "join");
        var cited = CitedBy(room, join).Select(e => e.Equals(room.State.JoinRules) ? foreignRules : e).ToList();
        var foreignJoin = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", Cite(version, cited)));
        Rejects(AgainstAuthEvents(room, foreignJoin, [.. cited, room.CreateEvent]), Rule.AuthEventsOtherRoom, V(version),
            ("auth_event", foreignId), ("auth_event_room_id", foreignRules.RoomId.Value), ("room_id", room.RoomId));
    }

    // Supplied events the event does not cite are ignored (except the v12 create event the room ID names).
    [Theory, RoomVersions(1, 12)]
    public void UncitedSuppliedEvents_AreIgnored(int version)
    {
        var room = PublicRoom(version);
        var message = room.Event("m.room.message", null, Alice, JsonObject.Empty);
        var rejectedJoinRules = room with { Context = AuthContext.Default.WithRejected([room.State.JoinRules!.EventId.Value]) };
        Allows(AgainstAuthEvents(rejectedJoinRules, message, [.. room.Events]), Rule.EventAllowed, V(version));
    }

    // The state path does not judge citations: against the state the same event is decided by the later rules.
    [Theory, RoomVersions(1, 12)]
    public void StatePath_DoesNotApplyRuleC(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", JsonArray.Empty));
        Allowed(room.Check(join), Rule.MemberJoinPublic, V(version));
        // Against its own (empty) citations it fails: rule 2.4 before v12; in v12 the implied create event is its only state, with no join rules.
        var expected = version < 12 ? Rule.AuthEventsMissingCreate : Rule.MemberJoinMissingJoinRulesNotInvited;
        Rejected(room.CheckAgainstAuthEvents(join), expected, V(version));
    }
}
