using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.Tests.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Rooms;

/// <summary>
/// The resolver a room may carry in place of its room version's algorithm (<see cref="Room.WithResolver"/>): a hook
/// for simulations of deliberately broken servers, which must leave the room version's algorithm as the default.
/// </summary>
public sealed class RoomResolverTests
{
    private static readonly RoomBuilder Base = RoomBuilder.Federated(Version("10"),
        powerLevels: JsonValue.Object(("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Ben, JsonValue.Number(50)))))).Join(Ben);

    private static JsonObject Topic(string topic) => JsonValue.Object(("topic", JsonValue.String(topic)));

    private static LocalEventSent Send(ResidentServer server, string sender, string topic, long at) =>
        Expect.Ok(LocalEvents.Send(server, Base.RoomId, sender, EventTypes.Topic, "", Topic(topic), at), DanceRule.LocalEventSent);

    // Two topics on the same prev event: a.test holds Ada's, then receives Ben's, so it has two extremities to resolve.
    private static (Room Before, Pdu Bens) Fork(RoomResolver? resolver)
    {
        var byAda = Send(ServerA(Base), Ada, "tea", Now);
        var byBen = Send(ServerB(Base), Ben, "coffee", Now + 5);
        var atA = byAda.Server.Room(Base.RoomId)!.WithResolver(resolver);
        return (atA, byBen.Event);
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
        var (room, bens) = Fork(null);
        Assert.Null(Base.Room.Resolver);

        var after = Receive(room, bens);

        Assert.Equal(2, after.ForwardExtremities.Length);
        Assert.Equal(bens.EventId, after.State.Get(EventTypes.Topic, "")!.EventId);
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
        var (room, bens) = Fork(DropTopic);

        var after = Receive(room, bens);

        // Both states, and every event they reach through auth events: create, both joins, power levels, join rules, both topics.
        Assert.Equal([(2, 7, 0)], calls);
        Assert.Null(after.State.Get(EventTypes.Topic, ""));
        Assert.NotNull(after.Resolver);
    }

    [Fact]
    public void WithResolverNull_GoesBackToTheRoomVersionsAlgorithm_AndChangesNothingHeld()
    {
        var (room, bens) = Fork((_, states, _, _) => states[0]);
        var reset = room.WithResolver(null);

        Assert.Null(reset.Resolver);
        Assert.Same(room.Held, reset.Held);
        Assert.Same(room.State, reset.State);
        Assert.Equal(bens.EventId, Receive(reset, bens).State.Get(EventTypes.Topic, "")!.EventId);
    }
}
