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
    /// it (<c>/state_ids</c>), each from the server that sent it, if that server can be reached.
    /// </summary>
    internal void ReceiveTransaction(JsonObject pdu, int from, StepEffects effects)
    {
        Receive(pdu, from, effects, 0);
    }

    private void Receive(JsonObject json, int from, StepEffects effects, int depth)
    {
        var receipt = Fault is null ? Transactions.Receive(Resident, json, _world.Verify) : ReceiveAsFaulty(json);
        switch (receipt.Outcome)
        {
            case DanceRule.TransactionAccepted:
            case DanceRule.TransactionSoftFailed:
            case DanceRule.TransactionRejected:
                Take(receipt, from, effects);
                return;
            case DanceRule.TransactionMissingEvents:
                if (depth >= FetchDepth || !_world.Reachable(Index, from))
                {
                    effects.Tell($"{Name} cannot place {Describe(receipt)}: it lacks {receipt.MissingEvents.Length} event(s) and cannot fetch them");
                    return;
                }
                Fetch(receipt.Event!, from, effects, depth);
                return;
            case DanceRule.TransactionStateUnknown:
                if (!_world.Reachable(Index, from)) return;
                ReceiveWithStateFrom(receipt.Event!, from, effects);
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

    private void Take(PduReceipt receipt, int from, StepEffects effects)
    {
        Resident = receipt.Server;
        var pdu = receipt.Event!;
        var held = Room(pdu.RoomId.Value)!.Find(pdu.EventId)!;
        effects.Add(new Taken(Index, pdu.RoomId.Value, held, Arrival.Transaction, from));
        if (receipt.Outcome != DanceRule.TransactionAccepted)
        {
            effects.Tell($"{Name} {(receipt.Outcome == DanceRule.TransactionRejected ? "rejects" : "soft-fails")} {World.Describe(pdu)}: {(receipt.AuthRule is { } r ? Reference.Errors.WireToken.Of(r) : "")}");
        }
    }

    // Prev events through get_missing_events (each received as part of the history), then auth events still
    // missing through /event_auth (as outliers), then the event again; when its history still cannot be placed,
    // the state at it through /state_ids.
    private void Fetch(Pdu pdu, int from, StepEffects effects, int depth)
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
        var again = Fault is null ? Transactions.Receive(Resident, pdu.Json, _world.Verify) : ReceiveAsFaulty(pdu.Json);
        switch (again.Outcome)
        {
            case DanceRule.TransactionAccepted:
            case DanceRule.TransactionSoftFailed:
            case DanceRule.TransactionRejected:
                Take(again, from, effects);
                return;
            case DanceRule.TransactionMissingEvents:
            case DanceRule.TransactionStateUnknown:
                ReceiveWithStateFrom(pdu, from, effects);
                return;
            default:
                return;
        }
    }

    // /state_ids at the event from the server that sent it; the state's events and their auth chain are fetched and
    // checked as outliers, and the event is received with the state they make.
    private void ReceiveWithStateFrom(Pdu pdu, int from, StepEffects effects)
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
        effects.Add(new Taken(Index, roomId, receipt.Room.Find(pdu.EventId)!, Arrival.Transaction, from));
        effects.Tell($"{Name} takes {World.Describe(pdu)} with the state {Cast.Server(from)} gave: {Reference.Errors.WireToken.Of(receipt.Status!.Value)}");
    }

    private void TakeFetched(string roomId, IEnumerable<JsonObject> events, int from, StepEffects effects)
    {
        var before = Room(roomId)!;
        var fetched = Fault is { UnverifiedFetches: true } ? TakeUnverified(roomId, events) : EventRetrieval.TakeOutliers(Resident, roomId, events.Select(e => (JsonValue)e));
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

    /// <summary><c>/event_auth</c>: the auth chain of <paramref name="pdu"/> as this server holds it.</summary>
    internal ImmutableArray<JsonObject> AnswerEventAuth(string origin, string roomId, Pdu pdu)
    {
        if (Room(roomId) is not { } room || !room.Knows(pdu.EventId)) return [];
        return [.. room.AuthChain([room.Get(pdu.EventId.Value)!]).Select(e => e.Json)];
    }

    // The depth of the first event of a room's history as this server holds it (its join, for a server that joined):
    // what it asks get_missing_events for goes no further back (the request's min_depth).
    private static long MinDepth(Reference.Rooms.Room room) =>
        room.Held.Values.Where(h => h.HasState).Select(h => h.Pdu.Depth).DefaultIfEmpty(0).Min();

    /// <summary>
    /// <c>get_missing_events</c>: up to <see cref="World.MissingEventsLimit"/> events before <paramref name="latest"/>
    /// that are not <paramref name="earliest"/>, nor shallower than <paramref name="minDepth"/>, nearest first in the
    /// walk, returned oldest first (spec v1.19, server-server API "Retrieving events").
    /// </summary>
    internal ImmutableArray<JsonObject> AnswerMissingEvents(string origin, string roomId, ImmutableArray<EventId> earliest, long minDepth, Pdu latest)
    {
        if (Room(roomId) is not { } room) return [];
        var stop = new HashSet<string>(earliest.Select(e => e.Value), StringComparer.Ordinal);
        var found = new List<Pdu>();
        var queue = new Queue<EventId>(latest.PrevEvents);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0 && found.Count < World.MissingEventsLimit)
        {
            var id = queue.Dequeue();
            if (!seen.Add(id.Value) || stop.Contains(id.Value)) continue;
            if (room.Find(id) is not { } held || held.Status == EventStatus.Outlier || held.Pdu.Depth < minDepth || _hidden.Contains(id.Value)) continue;
            found.Add(held.Pdu);
            foreach (var prev in held.Pdu.PrevEvents) queue.Enqueue(prev);
        }
        return [.. Reference.Rooms.Room.InStableOrder(found).Select(e => e.Json)];
    }

    /// <summary><c>/state_ids</c> then the events: the state before <paramref name="pdu"/> and its auth chain, or null when unknown here.</summary>
    internal (ImmutableArray<JsonObject>? State, ImmutableArray<JsonObject> AuthChain) AnswerState(string origin, string roomId, Pdu pdu)
    {
        if (Room(roomId) is not { } room || room.StateBefore(pdu.EventId) is not { } state) return (null, []);
        var events = Reference.Rooms.Room.InStableOrder(state.Events.Values);
        var chain = room.AuthChain(events);
        if (Strategy == Adversary.ResolutionProbes) return (Stale(room, events.Select(e => e.Json)).Cast<JsonObject>().ToImmutableArray(), [.. chain.Select(e => e.Json)]);
        if (Strategy == Adversary.PartialStateAnswer)
        {
            // A lying resident leaves out every member but its own users and the event's sender.
            events = [.. events.Where(e => e.Type != EventTypes.Member || e.StateKey == pdu.Sender.Value || World.ServerOfUser(e.StateKey ?? "") == Index)];
        }
        return ([.. events.Select(e => e.Json)], [.. chain.Select(e => e.Json)]);
    }
}
