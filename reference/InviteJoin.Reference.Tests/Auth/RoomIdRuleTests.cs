using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 2 of room version 12: the room ID is "!" plus the ID of an accepted create event (spec v1.19, rooms
/// v12 "Authorisation rules" 2; MSC4291; page 02-room-id). Events do not cite the create event; the caller
/// supplies it beside their auth events, or it is in the state.
/// </summary>
public sealed class RoomIdRuleTests
{
    private const string Bob = RoomBuilder.Bob;

    private static RoomBuilder PublicRoom(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // The room ID is not of the form "!" + an event ID: a v1–11 style ID names no create event.
    [Theory, RoomVersions(12)]
    public void RoomIdWithServer_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!room:example.org")));
        Rejected(room, join, Rule.RoomNotCreateEventHash);
    }

    // The create event the room ID names is not known: not supplied, not in the state.
    [Theory, RoomVersions(12)]
    public void CreateEventUnknown_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        var supplied = room.AuthEventsFor(join).Remove(room.CreateEvent);
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(join, supplied, V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version));
        Rejected(EventAuthorizer.AuthorizeAgainstState(join, room.State.Without(StateKey.Create), V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version));
    }

    // The room ID names a create event of another room.
    [Theory, RoomVersions(12)]
    public void RoomIdOfAnotherCreateEvent_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!other")));
        Rejected(room, join, Rule.RoomNotCreateEventHash);
    }

    // The event with that ID is not a create event.
    [Theory, RoomVersions(12)]
    public void NamedEventIsNotACreateEvent_Rejected(int version)
    {
        var room = PublicRoom(version);
        var rules = room.State.JoinRules!;
        var impostor = AuthFixtures.MovedTo(rules, "!impostor", "$impostor", V(version));
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!impostor")).With("auth_events", JsonArray.Empty));
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(join, [impostor], V(version), AuthContext.Default), Rule.RoomNotCreateEventHash, V(version));
    }

    // The create event was rejected on receipt.
    [Theory, RoomVersions(12)]
    public void CreateEventRejected_Rejected(int version)
    {
        var room = PublicRoom(version) with { Context = AuthContext.Default.WithRejected(["$create"]) };
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.RoomNotCreateEventHash);
    }

    // The accepted create event is found among the supplied events without being cited.
    [Theory, RoomVersions(12)]
    public void AcceptedCreateEvent_PassesToTheLaterRules(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join");
        Assert.DoesNotContain(join.AuthEvents, id => id.Equals(room.CreateEvent.EventId));
        Allowed(room, join, Rule.MemberJoinPublic);
    }

    // Rule 2 comes before rule 3: a room ID naming nothing is the reason even when the citations are also wrong.
    [Theory, RoomVersions(12)]
    public void RoomIdCheckedBeforeAuthEvents_Rejected(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!other")).With("auth_events", JsonValue.Array(JsonValue.String("$missing"))));
        Rejected(room, join, Rule.RoomNotCreateEventHash);
    }
}
