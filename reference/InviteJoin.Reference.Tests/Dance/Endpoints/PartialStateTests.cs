using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Rooms;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// Partial-state joins (spec v1.19, joins-v2.yaml <c>omit_members</c>, <c>members_omitted</c>, <c>servers_in_room</c>; MSC3706,
/// MSC3902): a server that joined with the members omitted holds a partial state, does not act as a resident for others until it
/// resynced, resyncs from the servers the answer named with <c>/state</c> or <c>/state_ids</c> at its join, and then judges every
/// event it took under the partial state again (B16).
/// </summary>
public sealed class PartialStateTests
{
    private const string Yves = "@yves:m.test";

    private static readonly RoomBuilder Public = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");

    /// <summary>x.test joins <paramref name="room"/> through a.test with omit_members=true.</summary>
    private static (SendJoinAccepted Resident, JoinedRoom Joiner) PartialJoin(RoomBuilder room)
    {
        var resident = ServerA(room);
        var join = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Join, Now);
        var accepted = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join, "true")), DanceRule.SendJoinAccepted);
        Assert.True(accepted.Response.MembersOmitted);
        var joined = Expect.Ok(SendJoinResponses.Apply(ServerX(), room.Version, join, accepted.Response.ToJson(), resident: A), DanceRule.SendJoinResponseAcceptedPartial);
        return (accepted, joined);
    }

    [Fact]
    public void JoinWithMembersOmitted_HoldsAPartialStateAndTheServersToResyncFrom()
    {
        var (_, joined) = PartialJoin(Public);

        Assert.True(joined.Room.IsPartialState);
        Assert.Equal(joined.Join.EventId, joined.Room.Partial!.Join);
        // The resident first, then servers_in_room (the servers with joined members before the join), never x.test itself.
        Assert.Equal([A, B], joined.Room.Partial.ResyncFrom);
        Assert.True(joined.Room.Find(joined.Join.EventId)!.PartialState);
        Assert.Null(joined.Room.State.Member(Ben));
    }

    [Fact]
    public void JoinWithFullState_IsNotPartial()
    {
        var resident = ServerA(Public);
        var (_, joined) = Handshake.Join(resident, ServerX(), Public.RoomId, Xavier, Now);
        Assert.False(joined.Room.IsPartialState);
        Assert.False(joined.Room.Find(joined.Join.EventId)!.PartialState);
    }

    /// <summary>
    /// The defect: x.test, partially joined, answered m.test's send_join with <c>members_omitted: false</c>, a state without Ben and
    /// <c>servers_in_room</c> naming only itself. A server holding a partial state is no resident for others (Synapse answers
    /// 404 "not fully joined"; we answer with each endpoint's status: 404 where the definition lists it, else 403 or 400).
    /// </summary>
    [Fact]
    public void PartiallyJoinedServer_DoesNotActAsAResident()
    {
        var (_, joined) = PartialJoin(Public);
        var x = joined.Server;

        Expect.Refused(MakeJoin.Handle(x, new MakeJoinRequest(M, Public.RoomId, Yves, Handshake.AllVersions), Now), DanceRule.MakeJoinPartialState, MatrixErrorCode.NotFound, 404);
        Expect.Refused(MakeKnock.Handle(x, new MakeKnockRequest(M, Public.RoomId, Yves, Handshake.AllVersions), Now), DanceRule.MakeKnockPartialState, MatrixErrorCode.NotFound, 404);
        Expect.Refused(MakeLeave.Handle(x, new MakeLeaveRequest(M, Public.RoomId, Yves), Now), DanceRule.MakeLeavePartialState, MatrixErrorCode.Forbidden, 403);

        // A join built on x.test's own view (as a joiner that skipped make_join would send it).
        var joinedView = Public with { Room = joined.Room, Clock = Now + 10 };
        var yves = joinedView.Event(EventTypes.Member, Yves, Yves, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        Expect.Refused(SendJoin.Handle(x, Handshake.SendJoinRequest(yves)), DanceRule.SendJoinPartialState, MatrixErrorCode.NotFound, 400);
        var leave = joinedView.Event(EventTypes.Member, Yves, Yves, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Leave))));
        Expect.Refused(SendLeave.Handle(x, new SendLeaveRequest(M, Public.RoomId, leave.EventId.Value, leave.Json)), DanceRule.SendLeavePartialState, MatrixErrorCode.NotFound, 400);
        var knock = joinedView.Event(EventTypes.Member, Yves, Yves, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Knock))));
        Expect.Refused(SendKnock.Handle(x, new SendKnockRequest(M, Public.RoomId, knock.EventId.Value, knock.Json)), DanceRule.SendKnockPartialState, MatrixErrorCode.NotFound, 404);

        // Nor does it answer for the state at events whose state it holds only in part.
        Expect.Refused(EventRetrieval.StateIds(x, A, Public.RoomId, joined.Join.EventId.Value), DanceRule.StateIdsUnknownEvent, MatrixErrorCode.NotFound, 404);
    }

    [Fact]
    public void Resync_FromTheStateAtTheJoin_MakesTheStateFullAndTheServerAResidentAgain()
    {
        var (resident, joined) = PartialJoin(Public);

        var state = Expect.Ok(EventRetrieval.State(resident.Server, X, Public.RoomId, joined.Join.EventId.Value), DanceRule.StateAnswered);
        var resynced = Expect.Ok(PartialStateResync.ApplyState(joined.Server, Public.RoomId, state.ToJson()), DanceRule.ResyncCompleted);

        var room = resynced.Server.Room(Public.RoomId)!;
        Assert.False(room.IsPartialState);
        Assert.Equal(MembershipValues.Join, room.MembershipOf(Ben));
        Assert.Equal(resident.Room.State.Events.Keys, room.State.Events.Keys);
        Assert.All(room.Held.Values, h => Assert.False(h.PartialState));
        Assert.Empty(resynced.Resync.Changes);

        // It answers as a resident now, with the whole state and every server in the room.
        var yves = RoomBuilder.ParseSigned(EventCompletion.Complete(
            (JsonObject)Handshake.Template(resynced.Server, Public.RoomId, Yves, MembershipValues.Join, Now + 20)["event"]!, Public.Version, M, TestKeys.Of(M), Now + 20), Public.Version);
        var answer = Expect.Ok(SendJoin.Handle(resynced.Server, Handshake.SendJoinRequest(yves)), DanceRule.SendJoinAccepted).Response;
        Assert.False(answer.MembersOmitted);
        Assert.Equal([A, B, X], answer.ServersInRoom);
    }

    [Fact]
    public void Resync_WithAStateThatLacksEventsOrIsNotTheRooms_IsRefused()
    {
        var (resident, joined) = PartialJoin(Public);
        var state = Expect.Ok(EventRetrieval.State(resident.Server, X, Public.RoomId, joined.Join.EventId.Value), DanceRule.StateAnswered).ToJson();

        Expect.Refused(PartialStateResync.ApplyState(joined.Server, Public.RoomId, JsonValue.Array()), DanceRule.ResyncMalformed, MatrixErrorCode.InvalidParam, 502);
        // A state event with a bad signature is dropped when fetched; the state is then incomplete.
        var pdus = (JsonArray)state["pdus"]!;
        var tampered = state.With("pdus", JsonValue.Array(pdus.Select(e => (JsonValue)((JsonObject)e).With("origin_server_ts", JsonValue.Number(1)))));
        Expect.Refused(PartialStateResync.ApplyState(joined.Server, Public.RoomId, tampered), DanceRule.ResyncBadEvent, MatrixErrorCode.InvalidParam, 502);
        // Another room's state.
        var other = RoomBuilder.Federated(Version("10"), name: "other");
        var otherState = JsonValue.Object(("pdus", JsonValue.Array(other.Room.State.Events.Values.Select(e => (JsonValue)e.Json))), ("auth_chain", JsonArray.Empty));
        Expect.Refused(PartialStateResync.ApplyState(joined.Server, Public.RoomId, otherState), DanceRule.ResyncBadEvent, MatrixErrorCode.InvalidParam, 502);
        // A server with a full state has nothing to resync.
        Expect.Refused(PartialStateResync.ApplyState(ServerA(Public), Public.RoomId, state), DanceRule.ResyncNotPartial, MatrixErrorCode.InvalidParam, 400);
    }

    /// <summary>
    /// B16 (matrix-org/synapse#13411, #13006; PRs #13413, #13459; Complement "State accepted/rejected incorrectly", "Rejected
    /// events remain rejected after resync"): after the resync every event's status is what full-state processing gives.
    /// Mallory (power 50) was banned before x.test joined; the partial state does not hold the ban. Mallory's server then sends
    /// K, a kick of Ben citing her old join: under the partial state (completed by K's auth events) it passes, and Ben's next
    /// message M, which follows K, fails (Ben has been kicked). With the full state K fails (Mallory is banned) and M passes.
    /// A server that joined with the full state and took the same events agrees with the resynced one, event by event.
    /// </summary>
    [Fact]
    public void Resync_JudgesEventsTakenUnderThePartialStateAgain_B16()
    {
        var levels = JsonValue.Object(("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Mallory, JsonValue.Number(50)))));
        var room = RoomBuilder.Federated(Version("10"), powerLevels: levels).Join(Ben).Join(Mallory).Name(Ada, "Tea");
        var bobsJoin = room.Room.State.Member(Ben)!;
        var mallorysJoin = room.Room.State.Member(Mallory)!;
        room = room.SetMembership(Ada, Mallory, MembershipValues.Ban);

        var (resident, partial) = PartialJoin(room);
        var atResident = room with { Room = resident.Room, Clock = Now + 100 };
        var create = room.Room.State.Create!;
        var powerLevels = room.Room.State.PowerLevels!;

        // The kick: Mallory's kick of Ben on x.test's join, citing her join from before the ban.
        var kick = atResident.Event(EventTypes.Member, Ben, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Leave))), e => e.With("auth_events", EventTemplates.References(room.Room, [create.EventId, powerLevels.EventId, mallorysJoin.EventId, bobsJoin.EventId])));
        // The message: Ben's, following the kick (b.test took the kick before it learnt of the ban), citing Ben's join.
        var message = atResident.Event(EventTypes.Message, null, Ben, JsonValue.Object(("body", JsonValue.String("still here"))), e => e.With("prev_events", EventTemplates.References(room.Room, [kick.EventId])).With("depth", JsonValue.Number(kick.Depth + 1))
                  .With("auth_events", EventTemplates.References(room.Room, [create.EventId, powerLevels.EventId, bobsJoin.EventId])));

        static ResidentServer Deliver(ResidentServer server, string roomId, params Pdu[] events)
        {
            foreach (var pdu in events)
            {
                var receipt = Transactions.Receive(server, pdu.Json, origin: pdu.Sender.Server.Value);
                Assert.True(receipt.Outcome is not DanceRule.TransactionMissingEvents and not DanceRule.TransactionStateUnknown, receipt.Token + " for " + pdu.EventId);
                server = receipt.Server;
            }
            return server;
        }

        // x.test, partial: it fetches the members K and M cite (they were omitted), then takes K and M.
        var x = EventRetrieval.TakeOutliers(partial.Server, room.RoomId, [bobsJoin.Json, mallorysJoin.Json]).Server;
        x = Deliver(x, room.RoomId, kick, message);
        var underPartial = x.Room(room.RoomId)!;
        Assert.Equal(EventStatus.Accepted, underPartial.StatusOf(kick.EventId));
        Assert.Equal(EventStatus.Rejected, underPartial.StatusOf(message.EventId));

        // The resync from a.test's /state at the join.
        var state = Expect.Ok(EventRetrieval.State(resident.Server, X, room.RoomId, partial.Join.EventId.Value), DanceRule.StateAnswered);
        var resynced = Expect.Ok(PartialStateResync.ApplyState(x, room.RoomId, state.ToJson()), DanceRule.ResyncCompleted);
        var full = resynced.Server.Room(room.RoomId)!;
        Assert.Equal(EventStatus.Rejected, full.StatusOf(kick.EventId));
        Assert.Equal(EventStatus.Accepted, full.StatusOf(message.EventId));
        Assert.Equal(
            [new StatusChange(kick.EventId, EventStatus.Accepted, EventStatus.Rejected), new StatusChange(message.EventId, EventStatus.Rejected, EventStatus.Accepted)],
            resynced.Resync.Changes.OrderBy(c => c.EventId.Value == kick.EventId.Value ? 0 : 1));
        Assert.Equal(MembershipValues.Join, full.MembershipOf(Ben));
        Assert.Equal(MembershipValues.Ban, full.MembershipOf(Mallory));

        // Full-state processing: x.test joins without omitting members and takes the same events.
        var fullJoin = Expect.Ok(SendJoinResponses.Apply(ServerX(), room.Version, partial.Join, Expect.Ok(
            SendJoin.Handle(ServerA(room), Handshake.SendJoinRequest(partial.Join)), DanceRule.SendJoinAccepted).Response.ToJson()), DanceRule.SendJoinResponseAccepted);
        var reference = Deliver(fullJoin.Server, room.RoomId, kick, message).Room(room.RoomId)!;
        foreach (var held in reference.Held.Values.Where(h => h.HasState))
        {
            Assert.Equal(held.Status, full.StatusOf(held.EventId));
        }
        Assert.Equal(reference.State.Events.Keys, full.State.Events.Keys);
        Assert.Equal(reference.State.Events.Values.Select(e => e.EventId), full.State.Events.Values.Select(e => e.EventId));
    }
}
