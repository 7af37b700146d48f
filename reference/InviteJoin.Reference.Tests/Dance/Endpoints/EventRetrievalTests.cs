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
}
