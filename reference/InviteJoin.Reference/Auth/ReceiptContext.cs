using System.Collections.Immutable;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// What the checks on receipt of a PDU need besides the event and the keys: the events it may cite as auth
/// events, which of those were rejected, the state before the event and the current state of the room (both
/// resolved by the caller, spec v1.19, server-server API "Checks performed on receipt of a PDU" 4–6), and
/// the server that sent it, when known.
/// </summary>
public sealed record ReceiptContext
{
    private static readonly ImmutableSortedDictionary<string, Pdu> NoEvents = ImmutableSortedDictionary.Create<string, Pdu>(StringComparer.Ordinal);

    /// <summary>
    /// Events the receiver holds, by event ID, among which the event's auth events are looked up (in room
    /// version 12 also the create event its room ID names, which it does not cite). Events it does not cite
    /// are ignored; a cited event missing here rejects it (<see cref="Rule.AuthEventsMissing"/>).
    /// </summary>
    public ImmutableSortedDictionary<string, Pdu> AuthEvents { get; init; } = NoEvents;

    /// <summary>
    /// IDs of events that were rejected on receipt; a rejected auth event is never used (`auth_events.rejected`,
    /// and `room.not_create_event_hash` in room version 12).
    /// </summary>
    public ImmutableSortedSet<string> Rejected { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The state before the event: the resolution of the states after each of its previous events.</summary>
    public required AuthState StateBefore { get; init; }

    /// <summary>The current state of the room: the resolved state over all forward extremities.</summary>
    public required AuthState CurrentState { get; init; }

    /// <summary>
    /// The server that sent the event as its own (a transaction's origin), or null when unknown, as for
    /// events fetched from a third server. It decides only which server must sign a third-party invite.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>
    /// True while the receiver holds only a partial state of the room (it joined with members omitted and has not resynced;
    /// MSC3706, MSC3902): the current state is not known, so checks 6 and 7, which read it, are not made, and nothing is
    /// soft failed until the resync judges the event again. <see cref="StateBefore"/> is then the partial state before the
    /// event completed by its own auth events.
    /// </summary>
    public bool PartialState { get; init; }

    /// <summary>The behaviour profile the authorisation rules answer under (the spec by default).</summary>
    public Profiles.BehaviourProfile Profile { get; init; } = Profiles.BehaviourProfile.Spec;

    /// <summary>This context with <paramref name="events"/> available as auth events (the first of each ID is kept).</summary>
    public ReceiptContext WithAuthEvents(IEnumerable<Pdu> events)
    {
        var builder = AuthEvents.ToBuilder();
        foreach (var pdu in events) builder.TryAdd(pdu.EventId.Value, pdu);
        return this with { AuthEvents = builder.ToImmutable() };
    }

    /// <summary>This context with <paramref name="eventIds"/> marked as rejected on receipt.</summary>
    public ReceiptContext WithRejected(IEnumerable<string> eventIds) => this with { Rejected = Rejected.Union(eventIds) };
}
