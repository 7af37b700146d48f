using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Rooms;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// <c>/state_ids</c>, <c>/event_auth</c>, and a server taking what it fetched as outliers (spec v1.19, server-server
/// API "Retrieving events"; B33: every fetched event is verified before it is used).
/// </summary>
public sealed class EventRetrievalTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");

    private static Pdu Last => Room.Room.Get(Room.Room.ForwardExtremities.Single().Value)!;

    [Fact]
    public void StateIds_IsTheStateBeforeTheEventWithItsAuthChain()
    {
        var answer = Expect.Ok(EventRetrieval.StateIds(ServerA(Room), B, Room.RoomId, Last.EventId.Value), DanceRule.StateIdsAnswered);

        var before = Room.Room.StateBefore(Last.EventId)!;
        Assert.Equal(before.Events.Values.Select(e => e.EventId.Value).Order(StringComparer.Ordinal), answer.PduIds.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Last.EventId.Value, answer.PduIds);
        Assert.Contains(before.Create!.EventId.Value, answer.AuthChainIds);
    }

    [Fact]
    public void StateIds_ForAServerWithNobodyInTheRoom_IsForbidden() =>
        Expect.Refused(EventRetrieval.StateIds(ServerA(Room), M, Room.RoomId, Last.EventId.Value), DanceRule.StateIdsForbidden, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void StateIds_OfAnUnknownEventOrRoom_IsNotFound()
    {
        Expect.Refused(EventRetrieval.StateIds(ServerA(Room), B, Room.RoomId, "$nothing"), DanceRule.StateIdsUnknownEvent, MatrixErrorCode.NotFound, 404);
        Expect.Refused(EventRetrieval.StateIds(ServerA(), B, Room.RoomId, Last.EventId.Value), DanceRule.StateIdsUnknownRoom, MatrixErrorCode.NotFound, 404);
    }

    [Fact]
    public void EventAuth_IsTheAuthChain()
    {
        var answer = Expect.Ok(EventRetrieval.EventAuth(ServerA(Room), B, Room.RoomId, Last.EventId.Value), DanceRule.EventAuthAnswered);
        Assert.Equal(Room.Room.AuthChain([Last]).Select(e => e.Json), answer.AuthChain);
    }

    [Fact]
    public void FetchedEvents_AreVerifiedAndTakenAsOutliers()
    {
        // x.test fetches the name event's auth chain from a.test without holding the room's history: it keeps a
        // copy of the room with the create event only.
        var chain = Expect.Ok(EventRetrieval.EventAuth(ServerA(Room), B, Room.RoomId, Last.EventId.Value), DanceRule.EventAuthAnswered).AuthChain;
        var create = Room.Room.State.Create!;
        var x = ServerX().With(Reference.Rooms.Room.Start(Room.Version, create));

        // One event's signature is tampered with (B33): dropped; those citing it then lack an auth event.
        var powerLevels = Room.Room.State.PowerLevels!;
        var badSignature = JsonValue.Object((A, JsonValue.Object(("ed25519:1", JsonValue.String("AAAA")))));
        var forged = chain.Append(Last.Json).Select(e => e.Equals(powerLevels.Json) ? e.With("signatures", badSignature) : e).ToList();
        var fetched = EventRetrieval.TakeOutliers(x, Room.RoomId, forged);

        Assert.Contains((powerLevels.EventId.Value, DanceRule.FetchedDropped), fetched.Outcomes);
        Assert.Contains((create.EventId.Value, DanceRule.FetchedAlreadyHeld), fetched.Outcomes);
        Assert.Contains((Last.EventId.Value, DanceRule.FetchedMissingAuthEvent), fetched.Outcomes);
        Assert.False(fetched.Server.Room(Room.RoomId)!.Knows(powerLevels.EventId));

        // Untampered, every event is held as an outlier: known, but with no state of its own.
        var clean = EventRetrieval.TakeOutliers(x, Room.RoomId, chain);
        var room = clean.Server.Room(Room.RoomId)!;
        Assert.All(chain.Select(e => RoomBuilder.ParseSigned(e, Room.Version)).Where(e => !e.EventId.Equals(create.EventId)),
            e => Assert.Equal(EventStatus.Outlier, room.StatusOf(e.EventId)));
        Assert.Null(room.StateAfter(powerLevels.EventId));
    }

    /// <summary>A linear history of five messages after the room's setup, as Synapse's get_missing_events tests build it.</summary>
    private static readonly RoomBuilder Chat = Enumerable.Range(1, 5).Aggregate(RoomBuilder.Federated(Version("10"), name: "chat").Join(Ben),
        (room, i) => room.Send(EventTypes.Message, null, Ada, JsonValue.Object(("body", JsonValue.String("m" + i)))));

    private static readonly RoomBuilder OtherChat = RoomBuilder.Federated(Version("10"), name: "other").Send(EventTypes.Message, null, Ada, JsonValue.Object(("body", JsonValue.String("elsewhere"))));

    private static string[] Messages(RoomBuilder room) => [.. Reference.Rooms.Room.InStableOrder(room.Room.Events.Values).Where(e => e.Type == EventTypes.Message).Select(e => e.EventId.Value)];

    private static string[] Returned(JsonObject answer, string key) =>
        [.. ((JsonArray)answer[key]!).Select(e => RoomBuilder.ParseSigned((JsonObject)e, Chat.Version).EventId.Value)];

    private static JsonObject MissingRequest(string[] earliest, string[] latest, int? limit = 10) =>
        JsonValue.Object(
            ("earliest_events", JsonValue.Array(earliest.Select(e => (JsonValue)JsonValue.String(e)))),
            ("latest_events", JsonValue.Array(latest.Select(e => (JsonValue)JsonValue.String(e)))))
        .With("limit", JsonValue.Number(limit ?? 10));

    private static EndpointResult<MissingEventsResponse> Missing(JsonValue body, string origin = B) =>
        EventRetrieval.GetMissingEvents(ServerA(Chat, OtherChat), origin, Chat.RoomId, body);

    /// <summary>
    /// get_missing_events walks the prev_events of <c>latest_events</c> breadth first, skipping <c>earliest_events</c>, up to
    /// <c>limit</c> (spec v1.19, backfill.yaml). The cases are Synapse's (element-hq/synapse tests/federation/
    /// test_federation_server.py, GetMissingEventsRoomCheckTests, a regression suite for GHSA-27p5-4f45-gx76).
    /// </summary>
    [Fact]
    public void GetMissingEvents_ReturnsWhatLiesBetweenEarliestAndLatest()
    {
        var m = Messages(Chat);
        var answer = Expect.Ok(Missing(MissingRequest([m[1]], [m[3]])), DanceRule.GetMissingEventsAnswered).ToJson();
        Assert.Equal([m[2]], Returned(answer, "events"));
    }

    [Fact]
    public void GetMissingEvents_WithoutOrWithUnknownEarliestEvents_WalksBackUpToTheLimit()
    {
        var m = Messages(Chat);
        var all = Returned(Expect.Ok(Missing(MissingRequest([], [m[4]], limit: 100)), DanceRule.GetMissingEventsAnswered).ToJson(), "events");
        Assert.Equal(Chat.Room.Count - 1, all.Length);
        Assert.Subset(all.ToHashSet(), m[..4].ToHashSet());
        Assert.DoesNotContain(m[4], all);
        Assert.Equal(all, Returned(Expect.Ok(Missing(MissingRequest(["$unknown"], [m[4]], limit: 100)), DanceRule.GetMissingEventsAnswered).ToJson(), "events"));
        // The limit caps the walk: the nearest events first.
        Assert.Equal([m[2], m[3]], Returned(Expect.Ok(Missing(MissingRequest([], [m[4]], limit: 2)), DanceRule.GetMissingEventsAnswered).ToJson(), "events"));
    }

    [Fact]
    public void GetMissingEvents_IgnoresEventsOfAnotherRoom()
    {
        var m = Messages(Chat);
        var other = Messages(OtherChat);
        Assert.Empty(Returned(Expect.Ok(Missing(MissingRequest([], [])), DanceRule.GetMissingEventsAnswered).ToJson(), "events"));
        Assert.Empty(Returned(Expect.Ok(Missing(MissingRequest(["$x"], ["$unknown"])), DanceRule.GetMissingEventsAnswered).ToJson(), "events"));
        Assert.Empty(Returned(Expect.Ok(Missing(MissingRequest([m[0]], [other[0]])), DanceRule.GetMissingEventsAnswered).ToJson(), "events"));
        // An earliest event of another room is no stopping point.
        var walked = Returned(Expect.Ok(Missing(MissingRequest([other[0]], [m[4]], limit: 100)), DanceRule.GetMissingEventsAnswered).ToJson(), "events");
        Assert.Equal(Chat.Room.Count - 1, walked.Length);
    }

    [Fact]
    public void GetMissingEvents_RefusesABodyWithoutItsRequiredLists()
    {
        Expect.Refused(Missing(JsonValue.Object(("latest_events", JsonArray.Empty))), DanceRule.GetMissingEventsBadRequest, MatrixErrorCode.BadJson, 400);
        Expect.Refused(Missing(JsonValue.Array()), DanceRule.GetMissingEventsBadRequest, MatrixErrorCode.BadJson, 400);
        Expect.Refused(Missing(MissingRequest([], []), origin: M), DanceRule.GetMissingEventsForbidden, MatrixErrorCode.Forbidden, 403);
    }

    /// <summary>backfill: the events in <c>v</c> and those before them, up to <c>limit</c> including <c>v</c>, as a transaction (backfill.yaml).</summary>
    [Fact]
    public void Backfill_ReturnsTheGivenEventsAndTheirPredecessorsUpToTheLimit()
    {
        var m = Messages(Chat);
        var answer = Expect.Ok(EventRetrieval.Backfill(ServerA(Chat, OtherChat), B, Chat.RoomId, [m[4]], 3, Now), DanceRule.BackfillAnswered).ToJson();
        Assert.Equal(JsonValue.String(A), answer["origin"]);
        Assert.Equal(JsonValue.Number(Now), answer["origin_server_ts"]);
        Assert.Equal([m[4], m[3], m[2]], Returned(answer, "pdus"));

        // Events of another room are not this room's history.
        var other = Messages(OtherChat);
        Assert.Empty(Returned(Expect.Ok(EventRetrieval.Backfill(ServerA(Chat, OtherChat), B, Chat.RoomId, [other[0]], 10, Now), DanceRule.BackfillAnswered).ToJson(), "pdus"));
        Expect.Refused(EventRetrieval.Backfill(ServerA(Chat), B, Chat.RoomId, [m[4]], 0, Now), DanceRule.BackfillBadLimit, MatrixErrorCode.InvalidParam, 400);
        Expect.Refused(EventRetrieval.Backfill(ServerA(Chat), M, Chat.RoomId, [m[4]], 10, Now), DanceRule.BackfillForbidden, MatrixErrorCode.Forbidden, 403);
    }

    /// <summary>/state: the full events of the state before the event, and their auth chain (events.yaml), as /state_ids names them.</summary>
    [Fact]
    public void State_IsTheFullEventsOfWhatStateIdsNames()
    {
        var ids = Expect.Ok(EventRetrieval.StateIds(ServerA(Room), B, Room.RoomId, Last.EventId.Value), DanceRule.StateIdsAnswered);
        var state = Expect.Ok(EventRetrieval.State(ServerA(Room), B, Room.RoomId, Last.EventId.Value), DanceRule.StateAnswered);

        Assert.Equal(ids.PduIds, state.Pdus.Select(e => RoomBuilder.ParseSigned(e, Room.Version).EventId.Value));
        Assert.Equal(ids.AuthChainIds, state.AuthChain.Select(e => RoomBuilder.ParseSigned(e, Room.Version).EventId.Value));
        Assert.Equal(["auth_chain", "pdus"], state.ToJson().Keys);
        Expect.Refused(EventRetrieval.State(ServerA(Room), M, Room.RoomId, Last.EventId.Value), DanceRule.StateForbidden, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(EventRetrieval.State(ServerA(Room), B, Room.RoomId, "$nothing"), DanceRule.StateUnknownEvent, MatrixErrorCode.NotFound, 404);
    }

    /// <summary>An event of another room named in the path of event_auth is an unknown event (Synapse GHSA-qcjr-46gf-7f4r regression).</summary>
    [Fact]
    public void EventAuth_OfAnotherRoomsEvent_IsNotFound()
    {
        var other = Messages(OtherChat)[0];
        Expect.Refused(EventRetrieval.EventAuth(ServerA(Chat, OtherChat), B, Chat.RoomId, other), DanceRule.EventAuthUnknownEvent, MatrixErrorCode.NotFound, 404);
    }
}
