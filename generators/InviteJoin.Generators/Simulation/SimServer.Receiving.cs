using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

public sealed partial class SimServer
{
    /// <summary>How deep a chain of fetches for one received event may go before the server gives up on it.</summary>
    private const int FetchDepth = 3;

    /// <summary>
    /// Receives one PDU of a transaction from <paramref name="from"/>: the checks on receipt, and when it cites events
    /// this server lacks, the fetches a server makes (spec v1.19, server-server API "Retrieving events"): its auth
    /// chain (<c>/event_auth</c>), the events before it (<c>get_missing_events</c>), and failing those the state at
    /// it (<c>/state_ids</c>), each from the server that sent it, if that server can be reached. What the room's server
    /// ACL said of the sender when the PDU arrived goes with it for I-32.
    /// </summary>
    internal void ReceiveTransaction(JsonObject pdu, int from, StepEffects effects)
    {
        Receive(pdu, from, effects, 0, pdu["room_id"] is JsonString roomId ? AclNow(roomId.Value, from) : null);
    }

    // The PDU a transaction carried has its arrival's ACL verdict; the events fetched for it have none.
    private void Receive(JsonObject json, int from, StepEffects effects, int depth, AclDecision? arrival = null)
    {
        var receipt = Fault is null ? Transactions.Receive(Resident, json, Cast.Server(from), _world.Verify) : ReceiveAsFaulty(json, Cast.Server(from));
        switch (receipt.Outcome)
        {
            case DanceRule.TransactionAccepted:
            case DanceRule.TransactionSoftFailed:
            case DanceRule.TransactionRejected:
                Take(receipt, from, effects, arrival);
                return;
            case DanceRule.TransactionMissingEvents:
                if (depth >= FetchDepth || !_world.Reachable(Index, from))
                {
                    effects.Tell($"{Name} cannot place {Describe(receipt)}: it lacks {receipt.MissingEvents.Length} event(s) and cannot fetch them");
                    return;
                }
                Fetch(receipt.Event!, from, effects, depth, arrival);
                return;
            case DanceRule.TransactionStateUnknown:
                if (!_world.Reachable(Index, from)) return;
                ReceiveWithStateFrom(receipt.Event!, from, effects, arrival);
                return;
            case DanceRule.TransactionDropped:
                effects.Tell($"{Name} drops a PDU from {Cast.Server(from)}: {receipt.Failure?.Token}");
                return;
            default:
                // Already held, or a room this server does not hold: nothing to do.
                return;
        }
    }

    private static string Describe(PduReceipt receipt) => receipt.Event is { } e ? World.Describe(e) : "an event";

    private void Take(PduReceipt receipt, int from, StepEffects effects, AclDecision? arrival)
    {
        var pdu = receipt.Event!;
        var current = Room(pdu.RoomId.Value)?.State;
        Resident = receipt.Server;
        var held = Room(pdu.RoomId.Value)!.Find(pdu.EventId)!;
        effects.Add(new Taken(Index, pdu.RoomId.Value, held, Arrival.Transaction, from) { CurrentBefore = current, ArrivalAcl = arrival });
        if (receipt.Outcome != DanceRule.TransactionAccepted)
        {
            // A soft failure by check 7 names the policy server's verdict; the auth rule that let the event through says nothing of it.
            var why = held.Stage == ReceiptStage.PolicyServer && current is not null ? Reference.Errors.WireToken.Of(PolicyServer.Check(pdu, current))
                : receipt.AuthRule is { } r ? Reference.Errors.WireToken.Of(r) : "";
            effects.Tell($"{Name} {(receipt.Outcome == DanceRule.TransactionRejected ? "rejects" : "soft-fails")} {World.Describe(pdu)}: {why}");
        }
    }

    // Prev events through get_missing_events (each received as part of the history), then auth events still
    // missing through /event_auth (as outliers), then the event again; when its history still cannot be placed,
    // the state at it through /state_ids.
    private void Fetch(Pdu pdu, int from, StepEffects effects, int depth, AclDecision? arrival)
    {
        var roomId = pdu.RoomId.Value;
        var room = Room(roomId)!;
        var source = _world.Server(from);
        if (pdu.PrevEvents.Any(id => room.StateAfter(id) is null))
        {
            foreach (var missing in source.AnswerMissingEvents(Name, roomId, room.ForwardExtremities, MinDepth(room), pdu))
            {
                // The gap's events are received as history; one already held with its state is left as it is.
                var id = PduParser.Parse(missing, room.Version.Format, PduParseOptions.Federation);
                if (id.IsOk && Room(roomId)!.StateAfter(id.Value.EventId) is not null) continue;
                Receive(missing, from, effects, depth + 1);
            }
        }
        room = Room(roomId)!;
        if (pdu.AuthEventsWithImpliedCreate.Any(id => !room.Knows(id)))
        {
            var chain = source.AnswerEventAuth(Name, roomId, pdu);
            TakeFetched(roomId, chain, from, effects);
        }
        var again = Fault is null ? Transactions.Receive(Resident, pdu.Json, Cast.Server(from), _world.Verify) : ReceiveAsFaulty(pdu.Json, Cast.Server(from));
        switch (again.Outcome)
        {
            case DanceRule.TransactionAccepted:
            case DanceRule.TransactionSoftFailed:
            case DanceRule.TransactionRejected:
                Take(again, from, effects, arrival);
                return;
            case DanceRule.TransactionMissingEvents:
            case DanceRule.TransactionStateUnknown:
                ReceiveWithStateFrom(pdu, from, effects, arrival);
                return;
            default:
                return;
        }
    }

    // /state_ids at the event from the server that sent it; the state's events and their auth chain are fetched and
    // checked as outliers, and the event is received with the state they make.
    private void ReceiveWithStateFrom(Pdu pdu, int from, StepEffects effects, AclDecision? arrival)
    {
        var roomId = pdu.RoomId.Value;
        var source = _world.Server(from);
        var (answered, chain) = source.AnswerState(Name, roomId, pdu);
        if (answered is not { } state)
        {
            effects.Tell($"{Cast.Server(from)} does not give {Name} the state at {World.Describe(pdu)}");
            return;
        }
        TakeFetched(roomId, chain.Concat(state), from, effects);
        TookStateFrom(from, roomId);
        var room = Room(roomId)!;
        // Events of the state that this server rejected or could not take do not enter it.
        var stateEvents = state
            .Select(json => PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation))
            .Where(p => p.IsOk && room.Knows(p.Value.EventId) && !room.Rejected.Contains(p.Value.EventId.Value))
            .Select(p => room.Get(p.Value.EventId.Value)!);
        var (inbound, dropped) = _world.Verify(pdu.Json, room.Version.Format);
        if (dropped is not null) return;
        var receipt = room.ReceiveWithState(inbound!, Resident.Keys, AuthState.FromEvents(stateEvents));
        if (receipt.Kind != RoomReceiptKind.Taken)
        {
            effects.Tell($"{Name} still cannot place {World.Describe(pdu)} ({Reference.Errors.WireToken.Of(receipt.Kind)})");
            return;
        }
        Resident = Resident.With(receipt.Room);
        effects.Add(new Taken(Index, roomId, receipt.Room.Find(pdu.EventId)!, Arrival.Transaction, from) { CurrentBefore = room.State, ArrivalAcl = arrival });
        effects.Tell($"{Name} takes {World.Describe(pdu)} with the state {Cast.Server(from)} gave: {Reference.Errors.WireToken.Of(receipt.Status!.Value)}");
    }

    private void TakeFetched(string roomId, IEnumerable<JsonObject> events, int from, StepEffects effects)
    {
        var before = Room(roomId)!;
        var fetched = Fault is { UnverifiedFetches: true } ? TakeUnverified(roomId, events) : EventRetrieval.TakeOutliers(Resident, roomId, events.Select(e => (JsonValue)e), _world.Verify);
        Resident = fetched.Server;
        var after = Room(roomId)!;
        foreach (var (id, outcome) in fetched.Outcomes)
        {
            if (outcome is DanceRule.FetchedOutlier or DanceRule.FetchedRejected
                && EventId.Parse(id, EventIdFormat.TestName) is { IsOk: true } parsed
                && !before.Knows(parsed.Value) && after.Find(parsed.Value) is { } held)
            {
                effects.Add(new Taken(Index, roomId, held, Arrival.Fetched, from));
            }
        }
    }

    // ---- answering the fetches of others ----

    /// <summary><c>/event_auth</c>: the auth chain of <paramref name="pdu"/> as this server holds it (through the reference's handler).</summary>
    internal ImmutableArray<JsonObject> AnswerEventAuth(string origin, string roomId, Pdu pdu) =>
        EventRetrieval.EventAuth(Resident, origin, roomId, pdu.EventId.Value) is { IsOk: true } answer ? answer.Value!.AuthChain : [];

    // The depth of the first event of a room's history as this server holds it (its join, for a server that joined):
    // what it asks get_missing_events for goes no further back (the request's min_depth).
    private static long MinDepth(Reference.Rooms.Room room) =>
        room.Held.Values.Where(h => h.HasState).Select(h => h.Pdu.Depth).DefaultIfEmpty(0).Min();

    /// <summary>
    /// <c>get_missing_events</c> through the reference's handler: up to its default limit of events before
    /// <paramref name="latest"/> that are not <paramref name="earliest"/> nor shallower than <paramref name="minDepth"/>
    /// (spec v1.19, server-server API "Retrieving events").
    /// </summary>
    internal ImmutableArray<JsonObject> AnswerMissingEvents(string origin, string roomId, ImmutableArray<EventId> earliest, long minDepth, Pdu latest)
    {
        var body = JsonValue.Object(
            ("earliest_events", JsonValue.Array(earliest.Select(e => (JsonValue)JsonValue.String(e.Value)))),
            ("latest_events", JsonValue.Array(JsonValue.String(latest.EventId.Value))),
            ("limit", JsonValue.Number(World.MissingEventsLimit)),
            ("min_depth", JsonValue.Number(minDepth)));
        if (EventRetrieval.GetMissingEvents(Resident, origin, roomId, body) is not { IsOk: true } answer) return [];
        // A resolution prober keeps some events to itself: the gap they leave stays a gap.
        if (_hidden.Count == 0 || Room(roomId) is not { } room) return answer.Value!.Events;
        return [.. answer.Value!.Events.Where(e => PduParser.Parse(e, room.Version.Format, PduParseOptions.Federation) is not { IsOk: true } parsed || !_hidden.Contains(parsed.Value.EventId.Value))];
    }

    /// <summary><c>/state_ids</c> then the events: the state before <paramref name="pdu"/> and its auth chain, or null when unknown here.</summary>
    internal (ImmutableArray<JsonObject>? State, ImmutableArray<JsonObject> AuthChain) AnswerState(string origin, string roomId, Pdu pdu) =>
        AnswerStateAt(origin, roomId, pdu.EventId.Value, pdu.Sender.Value);

    /// <summary><c>/state</c> at <paramref name="eventId"/> through the reference's handler; a Byzantine server playing T2 leaves members out.</summary>
    internal (ImmutableArray<JsonObject>? State, ImmutableArray<JsonObject> AuthChain) AnswerStateAt(string origin, string roomId, string eventId, string? keep = null)
    {
        if (EventRetrieval.State(Resident, origin, roomId, eventId) is not { IsOk: true } answer) return (null, []);
        var pdus = answer.Value!.Pdus;
        if (Strategy == Adversary.ResolutionProbes && Room(roomId) is { } room) return ([.. Stale(room, pdus).Cast<JsonObject>()], answer.Value.AuthChain);
        if (Strategy == Adversary.PartialStateAnswer)
        {
            // A lying resident leaves out every member but its own users and the one asked about.
            pdus = [.. pdus.Where(e => e["type"] is not JsonString { Value: EventTypes.Member } || e["state_key"] is JsonString { Value: var key } && (key == keep || World.ServerOfUser(key) == Index))];
        }
        return (pdus, answer.Value.AuthChain);
    }

    /// <summary>
    /// Completes a partial state of <paramref name="roomId"/> (a join with members omitted; MSC3902): asks the next server to
    /// resync from for the state at the join (<c>/state</c>) and hands the answer to the reference, which judges every event
    /// taken under the partial state again (B16). True when the state is complete (or no longer partial).
    /// </summary>
    internal bool Resync(string roomId, int attempt, StepEffects effects)
    {
        if (PartialStateResync.NextRequest(Resident, roomId, attempt) is not { } request) return true;
        var source = Cast.ServerIndex(request.Server);
        if (source < 0 || !_world.Reachable(Index, source))
        {
            effects.Tell($"{Name} cannot reach {request.Server} to complete its partial state");
            return false;
        }
        var (pdus, chain) = _world.Server(source).AnswerStateAt(Name, roomId, request.EventId);
        if (pdus is not { } state)
        {
            effects.Tell($"{request.Server} does not give {Name} the state at its join");
            return false;
        }
        var before = Room(roomId)!;
        var answer = JsonValue.Object(("auth_chain", JsonValue.Array(chain)), ("pdus", JsonValue.Array(state)));
        var resynced = PartialStateResync.ApplyState(Resident, roomId, answer);
        if (!resynced.IsOk)
        {
            effects.Tell($"{Name} cannot complete its partial state from {request.Server}: {resynced.Error!.Rule.Token()}");
            return false;
        }
        Resident = Fault is { KeepsStatusesOnResync: true } ? resynced.Value!.Server.With(KeptStatuses(before, resynced.Value.Server.Room(roomId)!)) : resynced.Value!.Server;
        TookStateFrom(source, roomId);
        var after = Room(roomId)!;
        // Every event judged under the partial state is judged again now: the invariants see them all, with their full states.
        foreach (var held in after.Held.Values.Where(h => before.Find(h.EventId) is not { } was || was.PartialState || was.Status != h.Status))
        {
            effects.Add(new Taken(Index, roomId, held, before.Knows(held.EventId) ? Arrival.Resync : Arrival.Fetched, source));
        }
        var changes = string.Join(", ", resynced.Value.Resync.Changes.Select(c => $"{World.ShortId(c.EventId.Value)} {Reference.Errors.WireToken.Of(c.Before)} → {Reference.Errors.WireToken.Of(c.After)}"));
        effects.Tell($"{Name} completes its partial state from {request.Server}"
            + (changes.Length == 0 ? "" : Fault is { KeepsStatusesOnResync: true } ? $", keeping the statuses judging again would change ({changes})" : ": " + changes));
        return true;
    }
}
