using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Rooms;

public sealed partial class Room
{
    /// <summary>
    /// This room with <paramref name="pdu"/> taken in with <paramref name="status"/> and the state before it
    /// (null only for an outlier). An accepted event replaces the extremities it follows and the current state
    /// becomes the resolution of the states after the new extremities; other statuses leave both alone. The
    /// caller decided the status (<see cref="Receive"/>, or a resident's own event it authorised).
    /// </summary>
    internal Room Take(Pdu pdu, EventStatus status, AuthState? stateBefore, AuthDecision? decision = null, ReceiptStage? stage = null) =>
        Take(pdu, status, stateBefore, decision?.Rule, stage);

    private Room Take(Pdu pdu, EventStatus status, AuthState? stateBefore, Rule? rule, ReceiptStage? stage)
    {
        var stateAfter = stateBefore is null ? null
            : status == EventStatus.Rejected ? stateBefore
            : stateBefore.With(pdu);
        var held = new HeldEvent
        {
            Pdu = pdu,
            Status = status,
            StateBefore = stateBefore,
            StateAfter = stateAfter,
            Rule = rule,
            Stage = stage,
            Order = Held.TryGetValue(pdu.EventId.Value, out var earlier) ? earlier.Order : Held.Count,
            PartialState = Partial is not null && stateBefore is not null,
        };
        var id = pdu.EventId.Value;
        var heldEvents = Held.SetItem(id, held);
        var events = Events.SetItem(id, pdu);
        var rejected = status == EventStatus.Rejected ? Rejected.Add(id) : Rejected.Remove(id);
        var softFailed = status == EventStatus.SoftFailed ? SoftFailed.Add(id) : SoftFailed.Remove(id);
        if (status != EventStatus.Accepted)
        {
            return new Room(Version, RoomId, heldEvents, events, rejected, softFailed, ForwardExtremities, State, Followed, Partial) { Profile = Profile, Resolver = Resolver };
        }

        // The event replaces the extremities it follows; it is one itself unless an accepted event already follows
        // it (an older event whose history arrived late, as when an outlier's history becomes known).
        var followed = Followed.Union(pdu.PrevEvents.Select(e => e.Value));
        var remaining = ForwardExtremities.Where(e => !pdu.PrevEvents.Contains(e) && !e.Equals(pdu.EventId));
        var extremities = (followed.Contains(id) ? remaining : remaining.Append(pdu.EventId))
            .OrderBy(e => e.Value, StringComparer.Ordinal)
            .ToImmutableArray();
        var taken = new Room(Version, RoomId, heldEvents, events, rejected, softFailed, extremities, State, followed, Partial) { Profile = Profile, Resolver = Resolver };
        var current = extremities.Length == 1 && extremities[0].Equals(pdu.EventId)
            ? stateAfter!
            : taken.ResolveStates([.. extremities.Select(e => taken.StateAfter(e)!)]);
        return new Room(Version, RoomId, heldEvents, events, rejected, softFailed, extremities, current, followed, Partial) { Profile = Profile, Resolver = Resolver };
    }

    /// <summary>
    /// This room holding <paramref name="pdu"/> as an outlier: an event whose history the server does not know
    /// (an auth-chain event, or a state event a join answer carried). The caller has checked it against its own
    /// auth events; <paramref name="rejected"/> records that it failed them. An event already held is left as it is.
    /// </summary>
    public Room WithOutlier(Pdu pdu, bool rejected = false, AuthDecision? decision = null) =>
        Knows(pdu.EventId) ? this : Take(pdu, rejected ? EventStatus.Rejected : EventStatus.Outlier, null, decision, ReceiptStage.AuthEvents);

    /// <summary>
    /// The room as a joining server first holds it (spec v1.19, server-server API "Joining Rooms"): the state and
    /// auth chain of the join answer as outliers, and the join accepted with <paramref name="stateBefore"/> — the
    /// state the resident vouched for — as the state before it. The caller has checked every event.
    /// </summary>
    public static Room FromJoin(RoomVersion version, IEnumerable<Pdu> outliers, Pdu join, AuthState stateBefore, AuthDecision? decision = null) =>
        Empty(version, join.RoomId).WithJoin(outliers, join, stateBefore, decision);

    /// <summary>
    /// This room after a join answer, for a server that held the room before (it left and joins again): the answer's
    /// events it did not hold become outliers, the ones it held keep their status (a store decision stands), and the
    /// join is accepted with <paramref name="stateBefore"/> as the state before it. The forward extremities the join
    /// follows — directly, or through the events the server holds, the answer's outliers among them (the room went on
    /// from its own last events while it was away) — are replaced by it; those it does not follow stay, and the current
    /// state is resolved over all of them.
    /// </summary>
    public Room WithJoin(IEnumerable<Pdu> outliers, Pdu join, AuthState stateBefore, AuthDecision? decision = null)
    {
        var room = this;
        foreach (var pdu in InStableOrder(outliers))
        {
            if (!pdu.EventId.Equals(join.EventId)) room = room.WithOutlier(pdu);
        }
        return room.WithoutExtremitiesFollowedBy(join).Take(join, EventStatus.Accepted, stateBefore, decision, decision is null ? null : ReceiptStage.StateBefore);
    }

    // This room without the forward extremities that are ancestors of pdu through the events it holds (each counted as
    // followed). Its state is left as it is: taking pdu, accepted, makes the current state again.
    private Room WithoutExtremitiesFollowedBy(Pdu pdu)
    {
        if (ForwardExtremities.IsEmpty) return this;
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Stack<EventId>(pdu.PrevEvents);
        while (frontier.Count > 0)
        {
            var id = frontier.Pop();
            if (!ancestors.Add(id.Value) || Get(id.Value) is not { } held) continue;
            foreach (var prev in held.PrevEvents) frontier.Push(prev);
        }
        var followed = ForwardExtremities.Where(e => ancestors.Contains(e.Value) && !pdu.PrevEvents.Contains(e)).ToImmutableArray();
        if (followed.IsEmpty) return this;
        return new Room(Version, RoomId, Held, Events, Rejected, SoftFailed, [.. ForwardExtremities.Except(followed)], State, Followed.Union(followed.Select(e => e.Value)), Partial) { Profile = Profile, Resolver = Resolver };
    }

    /// <summary>
    /// This room with an event of the server's own users taken in: built on (some of) the forward extremities and
    /// authorised by the server before it sent it. The state before it is computed from its prev events.
    /// </summary>
    public Room Accept(Pdu pdu, AuthDecision? decision = null)
    {
        var before = StateAt(pdu.PrevEvents) ?? throw new InvalidOperationException($"{pdu.EventId} follows an event whose state {RoomId} does not hold");
        return Take(pdu, EventStatus.Accepted, before, decision, decision is null ? null : ReceiptStage.CurrentState);
    }

    /// <summary>
    /// The state after <paramref name="prevEvents"/> together: the state after the only one, or the resolution of
    /// the states after each (spec v1.19, server-server API "Checks performed on receipt of a PDU" 5). Null when one
    /// of them is not held or is an outlier, whose state the server does not know.
    /// </summary>
    public AuthState? StateAt(IReadOnlyList<EventId> prevEvents)
    {
        if (prevEvents.Count == 0) return null;
        if (prevEvents.Count == ForwardExtremities.Length && prevEvents.All(ForwardExtremities.Contains)) return State;
        var states = new List<AuthState>(prevEvents.Count);
        foreach (var prev in prevEvents)
        {
            if (StateAfter(prev) is not { } after) return null;
            states.Add(after);
        }
        return ResolveStates(states);
    }
}
