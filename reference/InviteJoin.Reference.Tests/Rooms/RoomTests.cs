using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.Tests.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Rooms;

/// <summary>
/// One room as one server holds it: the state before and after every event, forward extremities, the current
/// state as the resolution of the extremities' states, and what rejection, soft failure and outliers do to them
/// (spec v1.19, server-server API "Checks performed on receipt of a PDU", "Rejection", "Soft failure",
/// "Room State Resolution").
/// </summary>
public sealed class RoomTests
{
    // Ben may set state (level 50) so that both servers can fork the history.
    private static readonly RoomBuilder Base = RoomBuilder.Federated(Version("10"),
        powerLevels: JsonValue.Object(("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Ben, JsonValue.Number(50)))))).Join(Ben);

    private static JsonObject Topic(string topic) => JsonValue.Object(("topic", JsonValue.String(topic)));

    private static LocalEventSent Send(ResidentServer server, string sender, string type, string? stateKey, JsonObject content, long at) =>
        Expect.Ok(LocalEvents.Send(server, Base.RoomId, sender, type, stateKey, content, at), DanceRule.LocalEventSent);

    private static Room Receive(ResidentServer server, Pdu pdu, DanceRule expected)
    {
        var receipt = Transactions.Receive(server, pdu.Json);
        Assert.True(expected == receipt.Outcome, $"expected {DanceRules.Token(expected)}, got {receipt.Token} {receipt.AuthRule}");
        return receipt.Server.Room(Base.RoomId)!;
    }

    [Fact]
    public void Start_HoldsTheCreateEventWithTheEmptyStateBeforeIt()
    {
        var create = Base.Room.Held.Values.Single(h => h.Pdu.Type == EventTypes.Create);
        var room = Room.Start(Base.Version, create.Pdu);

        Assert.Equal(EventStatus.Accepted, room.StatusOf(create.EventId));
        Assert.Empty(room.StateBefore(create.EventId)!.Events);
        Assert.Same(create.Pdu, room.StateAfter(create.EventId)!.Create);
        Assert.Equal([create.EventId], room.ForwardExtremities);
    }

    /// <summary>
    /// A server whose user left and joins again holds its own leave as a forward extremity; the room went on from it while
    /// it was away (a topic after the leave, which the join answer brings as an outlier). The join follows the leave through
    /// that outlier, so the leave is no longer an extremity: the current state is the join's, as on the resident, and not a
    /// resolution of the join's state with the stale one after the leave (which may keep the leave).
    /// </summary>
    [Fact]
    public void Rejoin_ReplacesTheOwnExtremitiesItsHistoryFollows_AndAgreesWithTheResident()
    {
        var leave = Send(ServerB(Base), Ben, EventTypes.Member, Ben, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Leave))), Now);
        var atA = Transactions.Receive(ServerA(Base), leave.Event.Json).Server;
        var topic = Send(atA, Ada, EventTypes.Topic, "", Topic("after ben left"), Now + 10);
        Assert.Equal([leave.Event.EventId], leave.Room.ForwardExtremities);

        var template = EventTemplates.Build(topic.Room, EventTypes.Member, Ben, Ben, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))), B, Now + 20);
        var join = PduParser.Parse(EventCompletion.Complete(template, Base.Version, B, leave.Server.SigningKey, Now + 20), Base.Version.Format, PduParseOptions.Federation).Value;
        var rejoined = leave.Room.WithJoin([.. topic.Room.Held.Values.Select(h => h.Pdu)], join, topic.Room.State);

        Assert.Equal([join.EventId], rejoined.ForwardExtremities);
        Assert.Equal(MembershipValues.Join, rejoined.MembershipOf(Ben));
        var resident = Transactions.Receive(topic.Server, join.Json);
        Assert.Equal(DanceRule.TransactionAccepted, resident.Outcome);
        Assert.True(Room.SameState(resident.Server.Room(Base.RoomId)!.State, rejoined.State), "the rejoined server and the resident disagree on the current state");
    }

    [Fact]
    public void LinearHistory_EachEventsStateBeforeIsTheStateAfterItsPrevEvent()
    {
        var room = Base.Room;
        foreach (var held in room.Held.Values.Where(h => h.Pdu.PrevEvents.Length == 1))
        {
            var prev = room.Find(held.Pdu.PrevEvents[0])!;
            Assert.True(Room.SameState(prev.StateAfter!, held.StateBefore!), $"{held.Pdu}: the state before is not the state after {prev.Pdu}");
            if (held.Pdu.StateKey is { } key) Assert.Same(held.Pdu, held.StateAfter!.Get(held.Pdu.Type, key));
        }
        var last = room.Find(room.ForwardExtremities.Single())!;
        Assert.True(Room.SameState(last.StateAfter!, room.State));
    }

    [Fact]
    public void ConcurrentStateEvents_ForkAndTheCurrentStateIsTheirResolution_TheSameOnBothServers()
    {
        // Ada on a.test and Ben on b.test set the topic on the same prev event, each unaware of the other.
        var byAda = Send(ServerA(Base), Ada, EventTypes.Topic, "", Topic("tea"), Now);
        var byBen = Send(ServerB(Base), Ben, EventTypes.Topic, "", Topic("coffee"), Now + 5);
        Assert.Equal(byAda.Event.PrevEvents, byBen.Event.PrevEvents);

        var atA = Receive(byAda.Server, byBen.Event, DanceRule.TransactionAccepted);
        var atB = Receive(byBen.Server, byAda.Event, DanceRule.TransactionAccepted);

        Assert.Equal(2, atA.ForwardExtremities.Length);
        Assert.Equal(atA.ForwardExtremities, atB.ForwardExtremities);
        Assert.True(Room.SameState(atA.State, atB.State), "servers holding the same events disagree on the current state");
        // State resolution v2 orders the two topics by mainline, then origin_server_ts: the later one applies last.
        Assert.Equal(byBen.Event.EventId, atA.State.Get(EventTypes.Topic, "")!.EventId);
    }

    [Fact]
    public void DelayedOlderEvent_IsResolvedWithTheRestAndDoesNotOverwriteTheCurrentState()
    {
        // a.test sets the topic twice; b.test sets it once on the first one's prev, earlier than both; a.test
        // receives b.test's topic late. It forks the history; the current state is resolved, not overwritten.
        var early = Send(ServerB(Base), Ben, EventTypes.Topic, "", Topic("early"), Now);
        var first = Send(ServerA(Base), Ada, EventTypes.Topic, "", Topic("first"), Now + 10);
        var second = Send(first.Server, Ada, EventTypes.Topic, "", Topic("second"), Now + 20);

        var room = Receive(second.Server, early.Event, DanceRule.TransactionAccepted);

        Assert.Equal(EventStatus.Accepted, room.StatusOf(early.Event.EventId));
        Assert.Contains(early.Event.EventId, room.ForwardExtremities);
        Assert.Contains(second.Event.EventId, room.ForwardExtremities);
        Assert.Equal(second.Event.EventId, room.State.Get(EventTypes.Topic, "")!.EventId);
        Assert.Equal(early.Event.EventId, room.StateAfter(early.Event.EventId)!.Get(EventTypes.Topic, "")!.EventId);
    }

    [Fact]
    public void EventThatFailsTheCurrentStateOnly_IsSoftFailed_HeldButNeverAnExtremityNorInTheState()
    {
        // Ben speaks on b.test while a.test bans him concurrently; the message passes the state before it
        // (Ben joined) but not a.test's current state (Ben banned).
        var hello = Send(ServerB(Base), Ben, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("hi"))), Now);
        var ban = Send(ServerA(Base), Ada, EventTypes.Member, Ben, JsonValue.Object(("membership", JsonValue.String("ban"))), Now + 1);

        var room = Receive(ban.Server, hello.Event, DanceRule.TransactionSoftFailed);

        Assert.Equal(EventStatus.SoftFailed, room.StatusOf(hello.Event.EventId));
        Assert.Contains(hello.Event.EventId.Value, room.SoftFailed);
        Assert.Equal([ban.Event.EventId], room.ForwardExtremities);
        Assert.Equal(MembershipValues.Join, room.StateBefore(hello.Event.EventId)!.MembershipOf(Ben));
        Assert.Equal(MembershipValues.Ban, room.MembershipOf(Ben));
    }

    [Fact]
    public void EventThatFailsTheStateBeforeIt_IsRejected_AndChangesNoState()
    {
        // Amy (a.test, never joined) sets the topic citing only the create and power levels: her own auth events
        // let nothing decide she is joined, so check 4 or 5 rejects; either way nothing enters any state.
        var topic = Base.Event(EventTypes.Topic, "", Amy, Topic("mine"));
        var room = Receive(ServerB(Base), topic, DanceRule.TransactionRejected);

        Assert.Equal(EventStatus.Rejected, room.StatusOf(topic.EventId));
        Assert.True(Room.SameState(room.StateBefore(topic.EventId)!, room.StateAfter(topic.EventId)!));
        Assert.Null(room.State.Get(EventTypes.Topic, ""));
        Assert.Equal(Base.Room.ForwardExtremities, room.ForwardExtremities);
    }

    [Fact]
    public void EventAfterAnOutlier_HasAnUnknownStateUntilOneIsGiven()
    {
        // x.test joins through a.test; then Ben speaks on a branch x.test holds only as outliers (b.test never
        // saw the join). x.test cannot know the state before it until it asks (state_ids) and takes that state.
        var (resident, joiner) = Handshake.Join(ServerA(Base), ServerX(), Base.RoomId, Xavier, Now);
        var hello = Send(ServerB(Base), Ben, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("hi"))), Now + 1);

        var receipt = Transactions.Receive(joiner.Server, hello.Event.Json);
        Assert.Equal(DanceRule.TransactionStateUnknown, receipt.Outcome);
        Assert.Equal([.. hello.Event.PrevEvents.Select(p => p.Value)], receipt.MissingEvents);

        var room = joiner.Server.Room(Base.RoomId)!;
        var stateBefore = room.StateAt(hello.Event.PrevEvents);
        Assert.Null(stateBefore);
        var given = Base.Room.State;
        var taken = room.ReceiveWithState(new InboundPdu(hello.Event, false, [B]), TestKeys.Ring, given);
        Assert.Equal(RoomReceiptKind.Taken, taken.Kind);
        // Accepted against the given state; the join and the message are the two extremities now.
        Assert.Equal(EventStatus.Accepted, taken.Status);
        Assert.Equal(2, taken.Room.ForwardExtremities.Length);
        Assert.Equal(MembershipValues.Join, taken.Room.MembershipOf(Xavier));
        Assert.Equal(resident.Join.EventId, joiner.Join.EventId);
    }

    [Fact]
    public void AlreadyHeldEvent_ChangesNothing()
    {
        var sent = Send(ServerA(Base), Ada, EventTypes.Topic, "", Topic("tea"), Now);
        var receipt = sent.Room.Receive(new InboundPdu(sent.Event, false, [A]), TestKeys.Ring);
        Assert.Equal(RoomReceiptKind.AlreadyHeld, receipt.Kind);
        Assert.Same(sent.Room, receipt.Room);
    }
}
