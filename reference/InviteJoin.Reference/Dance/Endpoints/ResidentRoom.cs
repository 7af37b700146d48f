using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// One room as a resident server sees it: the room version and ID, the current state (as the
/// authorisation rules read it), every event it knows by ID (the accepted DAG plus outliers such as
/// auth-chain events), the forward extremities new events build on, and which known events were
/// rejected or soft-failed. Immutable: accepting an event gives a new room.
/// </summary>
/// <remarks>
/// The model keeps the current state only, not the state before every event: the scenarios that use it
/// are linear enough that the state before an event and the current state agree, and state
/// resolution across forks belongs to the simulator, which has the resolution algorithms.
/// </remarks>
public sealed record ResidentRoom
{
    private static readonly ImmutableSortedSet<string> NoIds = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public required RoomVersion Version { get; init; }

    public required RoomId RoomId { get; init; }

    /// <summary>The resolved current state.</summary>
    public required AuthState State { get; init; }

    /// <summary>Every event the server holds for this room, by event ID (accepted, rejected, soft-failed and outliers).</summary>
    public required ImmutableSortedDictionary<string, Pdu> Events { get; init; }

    /// <summary>The events with no accepted successor, in ordinal order: the <c>prev_events</c> of the next event.</summary>
    public required ImmutableArray<EventId> ForwardExtremities { get; init; }

    /// <summary>IDs of known events that were rejected on receipt (spec v1.19, server-server API "Rejection").</summary>
    public ImmutableSortedSet<string> Rejected { get; init; } = NoIds;

    /// <summary>IDs of known events that were soft-failed (spec v1.19, server-server API "Soft failure").</summary>
    public ImmutableSortedSet<string> SoftFailed { get; init; } = NoIds;

    /// <summary>The room's create event.</summary>
    public Pdu? Create => State.Create;

    /// <summary>A room that holds only its create event, as its creator's server has it.</summary>
    public static ResidentRoom Start(RoomVersion version, Pdu create) => new()
    {
        Version = version,
        RoomId = create.RoomId,
        State = AuthState.FromEvents([create]),
        Events = ImmutableSortedDictionary.Create<string, Pdu>(StringComparer.Ordinal).Add(create.EventId.Value, create),
        ForwardExtremities = [create.EventId],
    };

    /// <summary>The known event with ID <paramref name="eventId"/>, or null.</summary>
    public Pdu? Get(string eventId) => Events.TryGetValue(eventId, out var pdu) ? pdu : null;

    /// <summary>True when the event is known.</summary>
    public bool Knows(EventId eventId) => Events.ContainsKey(eventId.Value);

    /// <summary>
    /// This room with <paramref name="pdu"/> accepted into the DAG: known, applied to the state when it
    /// is a state event, and the new forward extremity in place of the events it follows.
    /// </summary>
    public ResidentRoom Accept(Pdu pdu)
    {
        var extremities = ForwardExtremities
            .Where(id => !pdu.PrevEvents.Contains(id) && !id.Equals(pdu.EventId))
            .Append(pdu.EventId)
            .OrderBy(id => id.Value, StringComparer.Ordinal)
            .ToImmutableArray();
        return this with { Events = Events.SetItem(pdu.EventId.Value, pdu), State = State.With(pdu), ForwardExtremities = extremities };
    }

    /// <summary>This room knowing <paramref name="pdu"/> without taking it into the state or the extremities (an outlier).</summary>
    public ResidentRoom WithOutlier(Pdu pdu) => this with { Events = Events.SetItem(pdu.EventId.Value, pdu) };

    /// <summary>This room knowing <paramref name="pdu"/> as rejected.</summary>
    public ResidentRoom WithRejected(Pdu pdu) => WithOutlier(pdu) with { Rejected = Rejected.Add(pdu.EventId.Value) };

    /// <summary>This room knowing <paramref name="pdu"/> as soft-failed: stored, but neither in the state nor an extremity.</summary>
    public ResidentRoom WithSoftFailed(Pdu pdu) => WithOutlier(pdu) with { SoftFailed = SoftFailed.Add(pdu.EventId.Value) };

    /// <summary>The membership of <paramref name="userId"/> in the current state, or null.</summary>
    public string? MembershipOf(string userId) => State.MembershipOf(userId);

    /// <summary>The users whose current membership is <c>join</c>, in ordinal order.</summary>
    public ImmutableArray<string> JoinedMembers() =>
        [.. State.Events.Values
            .Where(e => e.Type == EventTypes.Member && e.StateKey is not null && e.Membership == MembershipValues.Join)
            .Select(e => e.StateKey!)
            .Order(StringComparer.Ordinal)];

    /// <summary>The servers with at least one joined member in the current state, in ordinal order.</summary>
    public ImmutableArray<string> JoinedServers() =>
        [.. JoinedMembers().Select(Identifiers.ServerOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The context the auth rules run with in this room: its rejected events, and a signature oracle that
    /// verifies a server's signature on the event with <paramref name="keys"/> (the restricted-join rule asks it).
    /// </summary>
    public AuthContext AuthContextFor(KeyRing keys) =>
        Auth.AuthContext.Default.WithRejected(Rejected) with { IsSignedBy = Auth.AuthContext.VerifiesWith(keys) };

    /// <summary>
    /// Checks 4–6 on receipt (<see cref="ReceiptCheck"/>) of <paramref name="inbound"/>, which passed checks 1–3,
    /// in this room: its auth events are looked up among the events the room holds, its rejected events are
    /// never used, the current state is the room's, and <paramref name="stateBefore"/> is the state before the
    /// event (the current state when null, as for an event built on the forward extremities).
    /// </summary>
    public ReceiptOutcome Check(InboundPdu inbound, KeyRing keys, AuthState? stateBefore = null) =>
        ReceiptCheck.Check(inbound, Version, keys, new ReceiptContext
        {
            AuthEvents = Events,
            Rejected = Rejected,
            StateBefore = stateBefore ?? State,
            CurrentState = State,
        });

    /// <summary>
    /// The IDs of the events <paramref name="pdu"/> follows or cites as auth events (in room version 12 also the
    /// create event it implies) that this room does not hold, without repeats, in ordinal order.
    /// </summary>
    public ImmutableArray<string> MissingEvents(Pdu pdu) =>
        [.. pdu.PrevEvents.Concat(RoomEvents.Cited(Version, pdu))
            .Where(id => !Knows(id))
            .Select(id => id.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
