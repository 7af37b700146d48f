using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.Tests.Dance.Endpoints;
using Xunit;
using static InviteJoin.Reference.Tests.Dance.Endpoints.DanceWorld;

namespace InviteJoin.Reference.Tests.Rooms;

/// <summary>
/// The resolver a room may carry in place of its room version's algorithm (<see cref="Room.WithResolver"/>): a hook
/// for simulations of deliberately broken servers, which must leave the room version's algorithm as the default.
/// </summary>
public sealed class RoomResolverTests
{
    private static readonly DanceRoom Base = DanceRoom.Create(Version("10"),
        powerLevels: JsonValue.Object(("users", JsonValue.Object((Alice, JsonValue.Number(100)), (Bob, JsonValue.Number(50)))))).Join(Bob);

    private static JsonObject Topic(string topic) => JsonValue.Object(("topic", JsonValue.String(topic)));

    private static LocalEventSent Send(ResidentServer server, string sender, string topic, long at) =>
        Expect.Ok(LocalEvents.Send(server, Base.RoomId, sender, EventTypes.Topic, "", Topic(topic), at), DanceRule.LocalEventSent);

    // Two topics on the same prev event: a.test holds Alice's, then receives Bob's, so it has two extremities to resolve.
    private static (Room Before, Pdu Bobs) Fork(RoomResolver? resolver)
    {
        var byAlice = Send(ServerA(Base), Alice, "tea", Now);
        var byBob = Send(ServerB(Base), Bob, "coffee", Now + 5);
        var atA = byAlice.Server.Room(Base.RoomId)!.WithResolver(resolver);
        return (atA, byBob.Event);
    }

    private static Room Receive(Room room, Pdu pdu)
    {
        var receipt = Transactions.Receive(ServerA(Base).With(room), pdu.Json);
        Assert.Equal(DanceRule.TransactionAccepted, receipt.Outcome);
        return receipt.Server.Room(Base.RoomId)!;
    }

    [Fact]
    public void NoResolver_TheRoomVersionsAlgorithmDecides()
    {
        var (room, bobs) = Fork(null);
        Assert.Null(Base.Room.Resolver);

        var after = Receive(room, bobs);

        Assert.Equal(2, after.ForwardExtremities.Length);
        Assert.Equal(bobs.EventId, after.State.Get(EventTypes.Topic, "")!.EventId);
    }

    [Fact]
    public void GivenResolver_ResolvesTheExtremitiesStates_WithTheirEventsAndRejections()
    {
        var calls = new List<(int States, int Events, int Rejected)>();
        // A resolver no room version has: the first state without its topic.
        AuthState DropTopic(RoomVersions.RoomVersion version, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected)
        {
            calls.Add((states.Count, events.Count, rejected.Count));
            return states[0].Without(new StateKey(EventTypes.Topic, ""));
        }
        var (room, bobs) = Fork(DropTopic);

        var after = Receive(room, bobs);

        // Both states, and every event they reach through auth events: create, both joins, power levels, join rules, both topics.
        Assert.Equal([(2, 7, 0)], calls);
        Assert.Null(after.State.Get(EventTypes.Topic, ""));
        Assert.NotNull(after.Resolver);
    }

    [Fact]
    public void WithResolverNull_GoesBackToTheRoomVersionsAlgorithm_AndChangesNothingHeld()
    {
        var (room, bobs) = Fork((_, states, _, _) => states[0]);
        var reset = room.WithResolver(null);

        Assert.Null(reset.Resolver);
        Assert.Same(room.Held, reset.Held);
        Assert.Same(room.State, reset.State);
        Assert.Equal(bobs.EventId, Receive(reset, bobs).State.Get(EventTypes.Topic, "")!.EventId);
    }
}
