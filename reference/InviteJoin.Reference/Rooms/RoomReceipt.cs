using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Rooms;

/// <summary>What receiving one event did, before or after the checks on receipt.</summary>
public enum RoomReceiptKind
{
    /// <summary>The checks on receipt ran and the event is held with the status they gave.</summary>
    [WireToken("taken")] Taken,

    /// <summary>The event was already held (other than as an outlier whose history has since arrived): nothing changed.</summary>
    [WireToken("already_held")] AlreadyHeld,

    /// <summary>
    /// The event follows or is authorised by events the server does not hold: fetch them first
    /// (<c>get_missing_events</c> for prev events, <c>/event_auth</c> for auth events; spec v1.19, server-server API
    /// "Retrieving events", "PDUs").
    /// </summary>
    [WireToken("missing_events")] MissingEvents,

    /// <summary>
    /// Every event it cites is held, but the state after one of its prev events is not known (an outlier): ask a
    /// server for the state before it (<c>/state_ids</c>), check those events, and receive it with that state.
    /// </summary>
    [WireToken("state_unknown")] StateUnknown,
}

/// <summary>The room after receiving an event, what happened, the checks' outcome when they ran, and what to fetch first.</summary>
public sealed record RoomReceipt(Room Room, RoomReceiptKind Kind, ReceiptOutcome? Outcome, ImmutableArray<string> Missing)
{
    /// <summary>The status the event was taken in with; null when it was not taken.</summary>
    public EventStatus? Status => Kind == RoomReceiptKind.Taken ? Room.StatusOf(Outcome!.Pdu!.EventId) : null;
}
