using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// A resident sending its users' events, and another receiving them in a transaction (spec v1.19,
/// server-server API "Transactions", "Checks performed on receipt of a PDU", "Rejection", "Soft failure").
/// </summary>
public sealed class LocalEventsAndTransactionsTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("10")).Join(Ben);

    private static readonly JsonObject Hello = JsonValue.Object(("body", JsonValue.String("hello")), ("msgtype", JsonValue.String("m.text")));

    private static LocalEventSent Say(ResidentServer server, string sender, long at = Now) =>
        Expect.Ok(LocalEvents.Send(server, Room.RoomId, sender, "m.room.message", null, Hello, at), DanceRule.LocalEventSent);

    [Fact]
    public void LocalUsersEvent_IsSignedCheckedAndTakenIntoTheRoom()
    {
        var sent = Say(ServerA(Room), Ada);

        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(sent.Event, A));
        Assert.Equal(Room.Room.ForwardExtremities, sent.Event.PrevEvents);
        Assert.Equal([sent.Event.EventId], sent.Room.ForwardExtremities);
        Assert.Same(sent.Room, sent.Server.Room(Room.RoomId));
    }

    [Fact]
    public void LocalEventInAnUnknownRoom_IsNotFound() =>
        Expect.Refused(LocalEvents.Send(ServerA(), Room.RoomId, Ada, "m.room.message", null, Hello, Now), DanceRule.LocalEventUnknownRoom, MatrixErrorCode.NotFound, 404);

    [Fact]
    public void EventOfAnotherServersUser_IsNotSent() =>
        Expect.Refused(LocalEvents.Send(ServerA(Room), Room.RoomId, Ben, "m.room.message", null, Hello, Now), DanceRule.LocalEventSenderNotLocal, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void EventTheAuthRulesRefuse_IsNotSent()
    {
        var refused = Expect.Refused(LocalEvents.Send(ServerA(Room), Room.RoomId, Amy, "m.room.message", null, Hello, Now), DanceRule.LocalEventNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.SenderNotJoined, refused.AuthRule);
    }

    [Fact]
    public void EventTooLargeForAPdu_IsMalformed()
    {
        var huge = JsonValue.Object(("body", JsonValue.String(new string('x', 70_000))));
        Expect.Refused(LocalEvents.Send(ServerA(Room), Room.RoomId, Ada, "m.room.message", null, huge, Now), DanceRule.LocalEventMalformed, MatrixErrorCode.BadJson, 400);
    }

    [Fact]
    public void ReceivedEvent_IsAccepted()
    {
        var sent = Say(ServerA(Room), Ada);

        var receipt = Transactions.Receive(ServerB(Room), sent.Event.Json);

        Assert.Equal(DanceRule.TransactionAccepted, receipt.Outcome);
        Assert.False(receipt.ReplacedByRedaction);
        Assert.Equal([sent.Event.EventId], receipt.Server.Room(Room.RoomId)!.ForwardExtremities);
    }

    [Fact]
    public void EventWhoseContentHashFails_IsRedactedAndAccepted()
    {
        // Spec v1.19, server-server API "Checks performed on receipt of a PDU" step 3: a PDU that fails its
        // hash check is redacted before it is processed further. A message's body is redacted away, so the
        // signature and the event ID (both over the redacted event) still hold; only the content hash tells.
        var sent = Say(ServerA(Room), Ada);
        var tampered = sent.Event.Json.With("content", Hello.With("body", JsonValue.String("tampered")));

        var receipt = Transactions.Receive(ServerB(Room), tampered);

        Assert.Equal(DanceRule.TransactionAccepted, receipt.Outcome);
        Assert.True(receipt.ReplacedByRedaction);
        Assert.Equal(sent.Event.EventId, receipt.Event!.EventId);
        var held = receipt.Server.Room(Room.RoomId)!.Get(sent.Event.EventId.Value)!;
        Assert.Empty(held.Content);
        Assert.Equal([sent.Event.EventId], receipt.Server.Room(Room.RoomId)!.ForwardExtremities);
    }

    [Fact]
    public void EventOfAnUnknownRoom_IsIgnored()
    {
        var sent = Say(ServerA(Room), Ada);
        Assert.Equal(DanceRule.TransactionUnknownRoom, Transactions.Receive(ServerX(), sent.Event.Json).Outcome);
    }

    [Fact]
    public void EventWithABrokenSignature_IsDropped()
    {
        var sent = Say(ServerA(Room), Ada);
        var receipt = Transactions.Receive(ServerB(Room), sent.Event.Json.With("origin_server_ts", JsonValue.Number(1)));
        Assert.Equal(DanceRule.TransactionDropped, receipt.Outcome);
        Assert.Equal("crypto.signature_mismatch", receipt.Failure!.Token);
    }

    [Fact]
    public void EventAlreadyHeld_IsKnown()
    {
        var bensJoin = Room.Room.State.Member(Ben)!;
        Assert.Equal(DanceRule.TransactionAlreadyKnown, Transactions.Receive(ServerB(Room), bensJoin.Json).Outcome);
    }

    [Fact]
    public void EventFollowingAnUnseenEvent_AsksForIt()
    {
        var first = Say(ServerA(Room), Ada);
        var second = Say(first.Server, Ada, Now + 1);

        var receipt = Transactions.Receive(ServerB(Room), second.Event.Json);

        Assert.Equal(DanceRule.TransactionMissingEvents, receipt.Outcome);
        Assert.Equal([first.Event.EventId.Value], receipt.MissingEvents);
        Assert.Null(receipt.Server.Room(Room.RoomId)!.Get(second.Event.EventId.Value));
    }

    [Fact]
    public void EventItsAuthEventsRefuse_IsRejected()
    {
        var inviteOnly = Room.JoinRule(Ada, JoinRuleValues.Invite);
        var join = inviteOnly.Event(EventTypes.Member, Xavier, Xavier, JsonValue.Object(("membership", JsonValue.String("join"))));

        var receipt = Transactions.Receive(ServerB(inviteOnly), join.Json);

        Assert.Equal(DanceRule.TransactionRejected, receipt.Outcome);
        Assert.Equal(Rule.MemberJoinNotInvited, receipt.AuthRule);
        Assert.Contains(join.EventId.Value, receipt.Server.Room(inviteOnly.RoomId)!.Rejected);
    }

    [Fact]
    public void EventOnAnOlderBranchTheCurrentStateRefuses_IsSoftFailed()
    {
        // Ben speaks on the branch before his ban; the receiver has seen the ban.
        var message = Room.Event("m.room.message", null, Ben, Hello);
        var banned = Room.SetMembership(Ada, Ben, MembershipValues.Ban);

        var receipt = Transactions.Receive(ServerA(banned), message.Json);

        Assert.Equal(DanceRule.TransactionSoftFailed, receipt.Outcome);
        Assert.Equal(Rule.SenderNotJoined, receipt.AuthRule);
        var room = receipt.Server.Room(Room.RoomId)!;
        Assert.Contains(message.EventId.Value, room.SoftFailed);
        Assert.DoesNotContain(message.EventId, room.ForwardExtremities);
    }

    [Fact]
    public void EventOnTheCurrentExtremitiesCitingStaleAuthEvents_IsRejected()
    {
        // Ben builds on the ban but cites his old join as his membership: the state before it refuses it (check 5).
        var banned = Room.SetMembership(Ada, Ben, MembershipValues.Ban);
        var oldJoin = Room.Room.State.Member(Ben)!.EventId.Value;
        var message = banned.Event("m.room.message", null, Ben, Hello, e => e.With("auth_events", JsonValue.Array(
            JsonValue.String(Room.Room.Create!.EventId.Value), JsonValue.String(Room.Room.State.PowerLevels!.EventId.Value), JsonValue.String(oldJoin))));

        var receipt = Transactions.Receive(ServerA(banned), message.Json);

        Assert.Equal(DanceRule.TransactionRejected, receipt.Outcome);
        Assert.Equal(Rule.SenderNotJoined, receipt.AuthRule);
    }

    /// <summary>
    /// A delayed event does not overwrite the current state (spec v1.19, server-server API "Room State Resolution"; rooms v2
    /// "State resolution"): b.test's topic, set on an older part of the history and earlier than both of a.test's, reaches a.test
    /// after a.test's two topic changes. It becomes an extremity beside a.test's last topic and the current state is their
    /// resolution — the newer topic — so the next event a.test sends follows both and keeps the newer topic.
    /// </summary>
    [Fact]
    public void DelayedOlderTopic_IsResolvedWithTheNewerOne_AndTheNextEventFollowsBoth()
    {
        static JsonObject Topic(string text) => JsonValue.Object(("topic", JsonValue.String(text)));
        var levels = JsonValue.Object(("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Ben, JsonValue.Number(50)))));
        var room = RoomBuilder.Federated(Version("10"), name: "topics", powerLevels: levels).Join(Ben);
        var early = Expect.Ok(LocalEvents.Send(ServerB(room), room.RoomId, Ben, EventTypes.Topic, "", Topic("early"), Now), DanceRule.LocalEventSent);
        var first = Expect.Ok(LocalEvents.Send(ServerA(room), room.RoomId, Ada, EventTypes.Topic, "", Topic("first"), Now + 10), DanceRule.LocalEventSent);
        var second = Expect.Ok(LocalEvents.Send(first.Server, room.RoomId, Ada, EventTypes.Topic, "", Topic("second"), Now + 20), DanceRule.LocalEventSent);

        var late = Transactions.Receive(second.Server, early.Event.Json, origin: B);

        Assert.Equal(DanceRule.TransactionAccepted, late.Outcome);
        var held = late.Server.Room(room.RoomId)!;
        Assert.Equal(second.Event.EventId, held.State.Get(EventTypes.Topic, "")!.EventId);
        Assert.Equal([early.Event.EventId, second.Event.EventId], held.ForwardExtremities.OrderBy(e => e.Value == early.Event.EventId.Value ? 0 : 1));
        var next = Expect.Ok(LocalEvents.Send(late.Server, room.RoomId, Ada, "m.room.message", null, Hello, Now + 30), DanceRule.LocalEventSent);
        Assert.Equal(held.ForwardExtremities, next.Event.PrevEvents);
        Assert.Equal(second.Event.EventId, next.Room.State.Get(EventTypes.Topic, "")!.EventId);
    }
}
