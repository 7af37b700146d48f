using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 2 of room version 12: the room ID is "!" plus the ID of an accepted create event (spec v1.19, rooms
/// v12 "Authorisation rules" 2; MSC4291; page 02-room-id). Events do not cite the create event; the caller
/// supplies it beside their auth events, or it is in the state.
/// </summary>
public sealed class RoomIdRuleTests
{
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder PublicRoom(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // Bob's join to a public room, with its room ID replaced by `roomId`, is rejected for the `problem` the evidence names.
    private static void JoinWithRoomIdRejected(int version, string roomId, string problem, Func<JsonObject, JsonObject>? alsoEdit = null)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", edit: json => (alsoEdit ?? (edited => edited))(json.With("room_id", JsonValue.String(roomId))));
        Rejects(room, join, Rule.RoomNotCreateEventHash, ("room_id", roomId), ("problem", problem));
    }

    // The room ID is not of the form "!" + an event ID: a v1–11 style ID names no create event.
    [Theory, RoomVersions(12)]
    public void RoomIdWithServer_Rejected(int version) =>
        JoinWithRoomIdRejected(version, "!room:example.org", "the room ID does not have the form of a create event's ID");

    // The create event the room ID names is not known: not supplied, not in the state.
    [Theory, RoomVersions(12)]
    public void CreateEventUnknown_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        var supplied = room.AuthEventsFor(join).Remove(room.CreateEvent);
        (string, string)[] unknown = [("room_id", "!create"), ("problem", "the create event $create is not known")];
        Rejects(EventAuthorizer.AuthorizeAgainstAuthEvents(join, supplied, V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version), unknown);
        Rejects(EventAuthorizer.AuthorizeAgainstState(join, room.State.Without(StateKey.Create), V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version), unknown);
    }

    // The room ID names a create event of another room.
    [Theory, RoomVersions(12)]
    public void RoomIdOfAnotherCreateEvent_Rejected(int version) =>
        JoinWithRoomIdRejected(version, "!other", "the create event $other is not known");

    // The event with that ID is not a create event.
    [Theory, RoomVersions(12)]
    public void NamedEventIsNotACreateEvent_Rejected(int version)
    {
        var room = PublicRoom(version);
        var rules = room.State.JoinRules!;
        var impostor = AuthFixtures.MovedTo(rules, "!impostor", "$impostor", V(version));
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!impostor")).With("auth_events", JsonArray.Empty));
        Rejects(EventAuthorizer.AuthorizeAgainstAuthEvents(join, [impostor], V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version),
            ("room_id", "!impostor"), ("problem", "$impostor is not an m.room.create state event"));
    }

    // The create event was rejected on receipt.
    [Theory, RoomVersions(12)]
    public void CreateEventRejected_Rejected(int version)
    {
        var room = PublicRoom(version) with { Context = AuthContext.Default.WithRejected(["$create"]) };
        Rejects(room, room.Member(Bob, Bob, "join"), Rule.RoomNotCreateEventHash, ("room_id", "!create"), ("problem", "the create event $create was rejected"));
    }

    // The accepted create event is found among the supplied events without being cited.
    [Theory, RoomVersions(12)]
    public void AcceptedCreateEvent_PassesToTheLaterRules(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        Assert.DoesNotContain(join.AuthEvents, id => id.Equals(room.CreateEvent.EventId));
        Allows(room, join, Rule.MemberJoinPublic, ("join_rule", "public"), ("membership", "none"));
    }

    // Rule 2 comes before rule 3: a room ID naming nothing is the reason even when the citations are also wrong.
    [Theory, RoomVersions(12)]
    public void RoomIdCheckedBeforeAuthEvents_Rejected(int version) =>
        JoinWithRoomIdRejected(version, "!other", "the create event $other is not known", json => json.With("auth_events", JsonValue.Array(JsonValue.String("$missing"))));
    // The rule sees that a create event is the one the room ID names by comparing texts (RoomId.IsNamedAfter) without
    // building the named ID; it must say yes exactly where the built ID is the event's.
    [Fact]
    public void NamesTheCreateEvent_OnlyWhereTheRoomIdNamesIt()
    {
        const string hash = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN_-0";
        const string otherHash = "0bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN_-0";
        RoomId[] rooms =
        [
            RoomId.Parse("!" + hash, RoomIdFormat.CreateEventHash).Value,
            RoomId.Parse("!" + hash, RoomIdFormat.TestName).Value,
            RoomId.Parse("!create", RoomIdFormat.TestName).Value,
            RoomId.Parse("!room:example.org", RoomIdFormat.WithServer).Value,
            default,
        ];
        var ids = new List<EventId>();
        foreach (var text in new[] { "$" + hash, "$" + otherHash, "$create", "$creat", "$createx", "$room:example.org", "!" + hash })
        {
            foreach (var format in new[] { EventIdFormat.UrlSafeBase64Hash, EventIdFormat.StandardBase64Hash, EventIdFormat.TestName, EventIdFormat.ServerScoped })
            {
                if (EventId.TryParse(text, format, out var id)) ids.Add(id);
            }
        }
        ids.Add(default);
        var named = 0;
        foreach (var room in rooms)
        {
            foreach (var id in ids)
            {
                var asBuilt = room.CreateEventId is { } built && built.Equals(id);
                Assert.True(room.IsNamedAfter(id) == asBuilt, $"{room} and {id}: by text {room.IsNamedAfter(id)}, as built {asBuilt}");
                if (asBuilt) named++;
            }
            if (room.CreateEventId is { } own) Assert.True(room.IsNamedAfter(own), $"{room} does not name its own create event {own}");
        }
        // "$" + hash (read as a URL-safe hash and as a test name) for both rooms of that text, and "$create".
        Assert.Equal(5, named);
    }
}
