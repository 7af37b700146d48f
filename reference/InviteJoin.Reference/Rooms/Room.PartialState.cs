using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Rooms;

/// <summary>What a resync did (<see cref="Room.Resync"/>).</summary>
public enum RoomResyncKind
{
    /// <summary>The full state was taken: every event held since the join was judged again against it, and the room's state is full.</summary>
    [WireToken("resync.completed")] Completed,

    /// <summary>The room's state was already full: nothing to do.</summary>
    [WireToken("resync.not_partial")] NotPartial,

    /// <summary>An event of the given state is not held: fetch it (and its auth chain) first, as outliers.</summary>
    [WireToken("resync.missing_events")] MissingEvents,

    /// <summary>An event of the given state was rejected (it failed its own auth events): a state with it is no state of this room.</summary>
    [WireToken("resync.rejected_state_event")] RejectedStateEvent,

    /// <summary>The given state holds no create event, or another than the room's.</summary>
    [WireToken("resync.wrong_create_event")] WrongCreateEvent,
}

/// <summary>An event whose status the resync changed: what partial-state processing made of it, and what full-state processing makes of it.</summary>
public sealed record StatusChange(EventId EventId, EventStatus Before, EventStatus After);

/// <summary>The room after a resync, what happened, the events to fetch first, and the statuses the resync changed.</summary>
public sealed record RoomResync(Room Room, RoomResyncKind Kind, ImmutableArray<string> Missing, ImmutableArray<StatusChange> Changes)
{
    public string Token => WireToken.Of(Kind);
}

public sealed partial class Room
{
    /// <summary>
    /// The room as a joining server holds it after a join answer that omitted the members (spec v1.19, joins-v2.yaml
    /// <c>omit_members</c>, <c>members_omitted</c>; MSC3706): as <see cref="FromJoin"/>, with the state marked partial and
    /// <paramref name="resyncFrom"/> the servers to ask for the full state.
    /// </summary>
    public static Room FromPartialJoin(RoomVersion version, IEnumerable<Pdu> outliers, Pdu join, AuthState partialStateBefore, IEnumerable<string> resyncFrom, AuthDecision? decision = null) =>
        Empty(version, join.RoomId).WithPartialJoin(outliers, join, partialStateBefore, resyncFrom, decision);

    /// <summary>As <see cref="WithJoin"/> for a join answer that omitted the members: the room's state becomes partial.</summary>
    public Room WithPartialJoin(IEnumerable<Pdu> outliers, Pdu join, AuthState partialStateBefore, IEnumerable<string> resyncFrom, AuthDecision? decision = null)
    {
        var partial = new PartialState(join.EventId, [.. resyncFrom.Distinct(StringComparer.Ordinal)]);
        return WithPartial(partial).WithJoin(outliers, join, partialStateBefore, decision);
    }

    /// <summary>
    /// Completes a partial state with the full state before the join, <paramref name="fullStateBeforeJoin"/> — the answer of
    /// <c>/state</c> or <c>/state_ids</c> at the join (the state its prev events lead to) from one of the servers to resync from,
    /// whose events the caller fetched and took as outliers (spec v1.19, events.yaml; MSC3902). Every event held with a state is
    /// judged again in the order the server took it, against states that now derive from the full one: the join against the full
    /// state, the events after it by checks 4–7 as on receipt. What was accepted or rejected under the partial state gets the
    /// status full-state processing gives (B16: an event rejected under partial state must not stay rejected, nor a wrongly
    /// accepted one stay accepted, once the full state says otherwise). The changes are listed.
    /// </summary>
    public RoomResync Resync(AuthState fullStateBeforeJoin, KeyRing keys)
    {
        if (Partial is not { } partial) return new RoomResync(this, RoomResyncKind.NotPartial, [], []);

        var missing = MissingFromAuthClosure(fullStateBeforeJoin.Events.Values);
        if (!missing.IsEmpty) return new RoomResync(this, RoomResyncKind.MissingEvents, missing, []);
        if (fullStateBeforeJoin.Events.Values.FirstOrDefault(e => Rejected.Contains(e.EventId.Value)) is { } rejected)
        {
            return new RoomResync(this, RoomResyncKind.RejectedStateEvent, [rejected.EventId.Value], []);
        }
        if (fullStateBeforeJoin.Create is not { } create || Find(partial.Join)?.StateBefore?.Create is not { } ours || !create.EventId.Equals(ours.EventId))
        {
            return new RoomResync(this, RoomResyncKind.WrongCreateEvent, [], []);
        }

        // Replay: first every event held without a state (outliers, and those rejected by their own auth events) as it is,
        // then in the order the server took them the events with a state: those judged before the partial join as they are,
        // the join against the full state before it, and every event judged under the partial state again, as on receipt.
        var ordered = Held.Values.OrderBy(h => h.Order).ToList();
        var room = Empty(Version, RoomId).WithProfile(Profile);
        foreach (var held in ordered.Where(h => h.StateBefore is null)) room = room.Restore(held);
        foreach (var held in ordered.Where(h => h.StateBefore is not null))
        {
            // The state an event is judged against, and the states it is resolved with, may hold events this server took
            // only later (their history arrived after): they wait for their turn as outliers, so that the states and their
            // auth chains are at hand.
            var state = held.EventId.Equals(partial.Join) ? fullStateBeforeJoin : held.StateBefore!;
            var extremityStates = room.ForwardExtremities.Select(room.StateAfter).OfType<AuthState>().SelectMany(s => s.Events.Values);
            room = room.WithOutliersFrom(this, state.Events.Values.Concat(extremityStates).Concat(held.Pdu.AuthEventsWithImpliedCreate.Select(id => Get(id.Value)).OfType<Pdu>()));
            room = !held.PartialState ? room.Restore(held)
                : held.EventId.Equals(partial.Join) ? room.JudgeJoin(held.Pdu, keys, fullStateBeforeJoin)
                : room.Replay(held, keys, fullStateBeforeJoin);
        }

        var changes = ordered
            .Where(h => room.StatusOf(h.EventId) is { } now && now != h.Status)
            .Select(h => new StatusChange(h.EventId, h.Status, room.StatusOf(h.EventId)!.Value))
            .ToImmutableArray();
        return new RoomResync(room, RoomResyncKind.Completed, [], changes);
    }

    // The events of the state and of its auth chain that this room does not hold: a state the server cannot resolve with.
    private ImmutableArray<string> MissingFromAuthClosure(IEnumerable<Pdu> state)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var known = new List<Pdu>();
        foreach (var pdu in state)
        {
            if (Knows(pdu.EventId)) known.Add(pdu);
            else missing.Add(pdu.EventId.Value);
        }
        ClosureOf(known, missing);
        return [.. missing];
    }

    // This room with the events of <paramref name="starts"/> and their auth chains as <paramref name="source"/> holds them
    // taken in as outliers where this room does not know them yet (rejected ones as rejected).
    private Room WithOutliersFrom(Room source, IEnumerable<Pdu> starts)
    {
        var room = this;
        foreach (var pdu in source.ClosureOf(starts))
        {
            if (!room.Knows(pdu.EventId)) room = room.WithOutlier(pdu, rejected: source.Rejected.Contains(pdu.EventId.Value));
        }
        return room;
    }

    // The join against the full state before it, which was the current state when the join was made: checks 4–7.
    private Room JudgeJoin(Pdu join, KeyRing keys, AuthState fullStateBefore)
    {
        var outcome = ReceiptCheck.Check(Inbound(join), Version, keys, new ReceiptContext
        {
            AuthEvents = Events,
            Rejected = Rejected,
            StateBefore = fullStateBefore,
            CurrentState = fullStateBefore,
            Profile = Profile,
        });
        return Take(join, StatusOf(outcome), fullStateBefore, outcome.Decision, outcome.Stage);
    }

    // A held event taken again as it was: same status, same state before.
    private Room Restore(HeldEvent held) => Take(held.Pdu, held.Status, held.StateBefore, held.Rule, held.Stage);

    // One held event taken again, as on receipt: from its prev events' states, or (when a prev event is an outlier) with the
    // state it was received with, which another server gave. An event the replay cannot place stays as it was held.
    // A state it was held with that was partial lacks what the join's state lacked (the omitted members): the full state
    // before the join fills those keys, the held state's own entries standing (they are as recent or more).
    private Room Replay(HeldEvent held, KeyRing keys, AuthState fullStateBeforeJoin)
    {
        var receipt = Receive(Inbound(held.Pdu), keys);
        if (receipt.Kind == RoomReceiptKind.StateUnknown)
        {
            var state = fullStateBeforeJoin;
            foreach (var entry in held.StateBefore!.Events.Values) state = state.With(entry);
            receipt = ReceiveWithState(Inbound(held.Pdu), keys, state);
        }
        return receipt.Kind == RoomReceiptKind.Taken ? receipt.Room : Restore(held);
    }

    // A held event passed checks 1–3 when it arrived; the servers whose signatures those checks required verified then.
    private static InboundPdu Inbound(Pdu pdu) => new(pdu, ReplacedByRedaction: false, EventSigning.RequiredSigners(pdu));

    /// <summary>
    /// The partial state before <paramref name="pdu"/>, completed with the event's own auth events at the keys the partial
    /// state lacks (its members were omitted): what check 5 runs against while the state is partial. Synapse resolves the two
    /// (its "faster joins" notes); we only fill the gaps, so the partial state keeps every key it has.
    /// </summary>
    private AuthState CompletedByAuthEvents(AuthState before, Pdu pdu)
    {
        var completed = before;
        foreach (var id in pdu.AuthEventsWithImpliedCreate)
        {
            if (Get(id.Value) is { StateKey: { } key } cited && !Rejected.Contains(id.Value) && completed.Get(cited.Type, key) is null)
            {
                completed = completed.With(cited);
            }
        }
        return completed;
    }

    private Room WithPartial(PartialState? partial) =>
        new(Version, RoomId, Held, Events, Rejected, SoftFailed, ForwardExtremities, State, Followed, partial) { Profile = Profile, Resolver = Resolver };
}
