using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Rooms;

public sealed partial class Room
{
    /// <summary>
    /// Receives <paramref name="inbound"/>, which passed checks 1–3 on receipt (format, signatures, hashes), as part
    /// of the room's history (spec v1.19, server-server API "Checks performed on receipt of a PDU" 4–6): against its
    /// own auth events, the state before it — the resolution of the states after its prev events — and the current
    /// state. Rejected or soft failed, it is held all the same. When it cites events the room does not hold, or follows
    /// an outlier, nothing changes and the receipt says what to fetch. <paramref name="origin"/> is the server that
    /// sent it as its own (a transaction's origin), when known.
    /// </summary>
    public RoomReceipt Receive(InboundPdu inbound, KeyRing keys, string? origin = null)
    {
        var pdu = inbound.Pdu;
        if (AlreadyHeld(pdu) is { } already) return already;
        var missing = MissingEvents(pdu);
        if (!missing.IsEmpty) return new RoomReceipt(this, RoomReceiptKind.MissingEvents, null, missing);
        if (StateAt(pdu.PrevEvents) is not { } before)
        {
            var unknown = pdu.PrevEvents.Where(id => StateAfter(id) is null).Select(id => id.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return new RoomReceipt(this, RoomReceiptKind.StateUnknown, null, [.. unknown]);
        }
        return Judge(inbound, keys, before, origin);
    }

    /// <summary>
    /// Receives <paramref name="inbound"/> with <paramref name="stateBefore"/> as the state before it, for an event
    /// whose prev events the server cannot fill in: the state another server gave for it (<c>/state_ids</c>), whose
    /// events the caller checked and holds (spec v1.19, server-server API "Retrieving events"). The event's auth events
    /// must be held; an event of the state that is not held is reported as missing.
    /// </summary>
    public RoomReceipt ReceiveWithState(InboundPdu inbound, KeyRing keys, AuthState stateBefore, string? origin = null)
    {
        var pdu = inbound.Pdu;
        if (AlreadyHeld(pdu) is { } already) return already;
        var missing = pdu.AuthEventsWithImpliedCreate.Where(id => !Knows(id)).Select(id => id.Value)
            .Concat(stateBefore.Events.Values.Where(e => !Knows(e.EventId)).Select(e => e.EventId.Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (!missing.IsEmpty) return new RoomReceipt(this, RoomReceiptKind.MissingEvents, null, missing);
        return Judge(inbound, keys, stateBefore, origin);
    }

    /// <summary>
    /// Checks 4–6 on receipt of <paramref name="inbound"/> in this room without taking it in: against its auth events
    /// (looked up among the held events), the state before it (from its prev events) and the current state. Null when
    /// the state before it is not known (a prev event not held, or an outlier). A resident judges an event this way
    /// before it signs or accepts it on someone's behalf.
    /// </summary>
    public ReceiptOutcome? Check(InboundPdu inbound, KeyRing keys, string? origin = null) =>
        StateAt(inbound.Pdu.PrevEvents) is { } before ? CheckWith(inbound, keys, before, origin) : null;

    // Already held, and not an outlier whose history is now known (which is received again to learn its state; the
    // create event, which follows nothing, stays an outlier). A rejection stands: a store decision is never revisited.
    private RoomReceipt? AlreadyHeld(Pdu pdu) =>
        Find(pdu.EventId) is { } held
        && (held.Status != EventStatus.Outlier || pdu.PrevEvents.IsEmpty || !pdu.PrevEvents.All(id => StateAfter(id) is not null))
            ? new RoomReceipt(this, RoomReceiptKind.AlreadyHeld, null, [])
            : null;

    // With a partial state, check 5 runs against the partial state before the event completed by the event's own auth events,
    // and checks 6 and 7, which need the current state, wait for the resync (MSC3902).
    private ReceiptOutcome CheckWith(InboundPdu inbound, KeyRing keys, AuthState before, string? origin) =>
        ReceiptCheck.Check(inbound, Version, keys, new ReceiptContext
        {
            AuthEvents = Events,
            Rejected = Rejected,
            StateBefore = IsPartialState ? CompletedByAuthEvents(before, inbound.Pdu) : before,
            CurrentState = State,
            Origin = origin,
            PartialState = IsPartialState,
            Profile = Profile,
        });

    private RoomReceipt Judge(InboundPdu inbound, KeyRing keys, AuthState before, string? origin)
    {
        var outcome = CheckWith(inbound, keys, before, origin);
        return new RoomReceipt(Take(inbound.Pdu, StatusOf(outcome), before, outcome.Decision, outcome.Stage), RoomReceiptKind.Taken, outcome, []);
    }

    // The status checks 4–7 give an event that passed checks 1–3.
    private static EventStatus StatusOf(ReceiptOutcome outcome) => outcome.Verdict switch
    {
        ReceiptVerdict.Accepted => EventStatus.Accepted,
        ReceiptVerdict.SoftFailed => EventStatus.SoftFailed,
        ReceiptVerdict.Rejected => EventStatus.Rejected,
        ReceiptVerdict.Dropped => throw new InvalidOperationException("an event that passed checks 1–3 was " + outcome),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
