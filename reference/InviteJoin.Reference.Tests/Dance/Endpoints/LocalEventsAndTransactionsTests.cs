using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Reference.Tests.Dance.Endpoints.DanceWorld;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// A resident sending its users' events, and another receiving them in a transaction (spec v1.19,
/// server-server API "Transactions", "Checks performed on receipt of a PDU", "Rejection", "Soft failure").
/// </summary>
public sealed class LocalEventsAndTransactionsTests
{
    private static readonly DanceRoom Room = DanceRoom.Create(Version("10")).Join(Bob);

    private static readonly JsonObject Hello = JsonValue.Object(("body", JsonValue.String("hello")), ("msgtype", JsonValue.String("m.text")));

    private static LocalEventSent Say(ResidentServer server, string sender, long at = Now) =>
        Expect.Ok(LocalEvents.Send(server, Room.RoomId, sender, "m.room.message", null, Hello, at), DanceRule.LocalEventSent);

    [Fact]
    public void LocalUsersEvent_IsSignedCheckedAndTakenIntoTheRoom()
    {
        var sent = Say(ServerA(Room), Alice);

        Assert.True(AuthContext.VerifiesWith(Keys)(sent.Event, A));
        Assert.Equal(Room.Room.ForwardExtremities, sent.Event.PrevEvents);
        Assert.Equal([sent.Event.EventId], sent.Room.ForwardExtremities);
        Assert.Same(sent.Room, sent.Server.Room(Room.RoomId));
    }

    [Fact]
    public void LocalEventInAnUnknownRoom_IsNotFound() =>
        Expect.Refused(LocalEvents.Send(ServerA(), Room.RoomId, Alice, "m.room.message", null, Hello, Now), DanceRule.LocalEventUnknownRoom, MatrixErrorCode.NotFound, 404);

    [Fact]
    public void EventOfAnotherServersUser_IsNotSent() =>
        Expect.Refused(LocalEvents.Send(ServerA(Room), Room.RoomId, Bob, "m.room.message", null, Hello, Now), DanceRule.LocalEventSenderNotLocal, MatrixErrorCode.Forbidden, 403);

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
        Expect.Refused(LocalEvents.Send(ServerA(Room), Room.RoomId, Alice, "m.room.message", null, huge, Now), DanceRule.LocalEventMalformed, MatrixErrorCode.BadJson, 400);
    }

    [Fact]
    public void ReceivedEvent_IsAccepted()
    {
        var sent = Say(ServerA(Room), Alice);

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
        var sent = Say(ServerA(Room), Alice);
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
        var sent = Say(ServerA(Room), Alice);
        Assert.Equal(DanceRule.TransactionUnknownRoom, Transactions.Receive(ServerX(), sent.Event.Json).Outcome);
    }

    [Fact]
    public void EventWithABrokenSignature_IsDropped()
    {
        var sent = Say(ServerA(Room), Alice);
        var receipt = Transactions.Receive(ServerB(Room), sent.Event.Json.With("origin_server_ts", JsonValue.Number(1)));
        Assert.Equal(DanceRule.TransactionDropped, receipt.Outcome);
        Assert.Equal("crypto.signature_mismatch", receipt.Failure!.Token);
    }

    [Fact]
    public void EventAlreadyHeld_IsKnown()
    {
        var bobsJoin = Room.Room.State.Member(Bob)!;
        Assert.Equal(DanceRule.TransactionAlreadyKnown, Transactions.Receive(ServerB(Room), bobsJoin.Json).Outcome);
    }

    [Fact]
    public void EventFollowingAnUnseenEvent_AsksForIt()
    {
        var first = Say(ServerA(Room), Alice);
        var second = Say(first.Server, Alice, Now + 1);

        var receipt = Transactions.Receive(ServerB(Room), second.Event.Json);

        Assert.Equal(DanceRule.TransactionMissingEvents, receipt.Outcome);
        Assert.Equal([first.Event.EventId.Value], receipt.MissingEvents);
        Assert.Null(receipt.Server.Room(Room.RoomId)!.Get(second.Event.EventId.Value));
    }

    [Fact]
    public void EventItsAuthEventsRefuse_IsRejected()
    {
        var inviteOnly = Room.JoinRule(Alice, JoinRuleValues.Invite);
        var join = inviteOnly.Build(Xavier, EventTypes.Member, Xavier, JsonValue.Object(("membership", JsonValue.String("join"))));

        var receipt = Transactions.Receive(ServerB(inviteOnly), join.Json);

        Assert.Equal(DanceRule.TransactionRejected, receipt.Outcome);
        Assert.Equal(Rule.MemberJoinNotInvited, receipt.AuthRule);
        Assert.Contains(join.EventId.Value, receipt.Server.Room(inviteOnly.RoomId)!.Rejected);
    }

    [Fact]
    public void EventOnAnOlderBranchTheCurrentStateRefuses_IsSoftFailed()
    {
        // Bob speaks on the branch before his ban; the receiver has seen the ban.
        var message = Room.Build(Bob, "m.room.message", null, Hello);
        var banned = Room.Membership(Alice, Bob, MembershipValues.Ban);

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
        // Bob builds on the ban but cites his old join as his membership: the state before it refuses it (check 5).
        var banned = Room.Membership(Alice, Bob, MembershipValues.Ban);
        var oldJoin = Room.Room.State.Member(Bob)!.EventId.Value;
        var message = banned.Build(Bob, "m.room.message", null, Hello, e => e.With("auth_events", JsonValue.Array(
            JsonValue.String(Room.Room.Create!.EventId.Value), JsonValue.String(Room.Room.State.PowerLevels!.EventId.Value), JsonValue.String(oldJoin))));

        var receipt = Transactions.Receive(ServerA(banned), message.Json);

        Assert.Equal(DanceRule.TransactionRejected, receipt.Outcome);
        Assert.Equal(Rule.SenderNotJoined, receipt.AuthRule);
    }
}
