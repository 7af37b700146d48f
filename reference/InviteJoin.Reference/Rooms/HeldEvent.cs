using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Rooms;

/// <summary>
/// One event as a server holds it: the PDU, what the server made of it, the state before and after it
/// (null for an outlier, whose history the server does not know), the rule that decided and at which check,
/// and its position in the order the server took events in.
/// </summary>
public sealed record HeldEvent
{
    public required Pdu Pdu { get; init; }

    public required EventStatus Status { get; init; }

    /// <summary>
    /// The state before the event: the resolution of the states after its prev events (spec v1.19,
    /// server-server API "Checks performed on receipt of a PDU" 5), or the state another server vouched for
    /// (a join answer, <c>/state_ids</c>). Null for an outlier.
    /// </summary>
    public AuthState? StateBefore { get; init; }

    /// <summary>
    /// The state after the event: the state before with the event in its key's place, for an accepted or soft-failed
    /// state event; the state before for a non-state or rejected event (a rejected event never enters a state). Null for an outlier.
    /// </summary>
    public AuthState? StateAfter { get; init; }

    /// <summary>The rule that decided the event's status; null for an event taken in without a check of its own (the room's create event as its creator holds it).</summary>
    public Rule? Rule { get; init; }

    /// <summary>The check on receipt that decided; null as for <see cref="Rule"/>.</summary>
    public ReceiptStage? Stage { get; init; }

    /// <summary>Position in the order the server took its events in (0 for the first); replaying in this order rebuilds the room.</summary>
    public required int Order { get; init; }

    /// <summary>
    /// True when the event was judged while the room's state was partial (<see cref="Room.Partial"/>): its state before and after
    /// derive from a state with members omitted, and its status awaits the resync, which judges it again (B16).
    /// </summary>
    public bool PartialState { get; init; }

    public EventId EventId => Pdu.EventId;

    /// <summary>True when the state after the event is known: every event but an outlier (a rejected event's state after is the state before it).</summary>
    public bool HasState => StateAfter is not null;

    public override string ToString() => Pdu + " " + Errors.WireToken.Of(Status);
}
