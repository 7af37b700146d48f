using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Rooms;

/// <summary>
/// One room as one server holds it: every event it knows (accepted, soft failed, rejected, outliers), the
/// state before and after each event in its history, the forward extremities new events build on, and the
/// current state — the resolution of the states after the forward extremities (spec v1.19, server-server API
/// "Checks performed on receipt of a PDU", "Room State Resolution"; rooms v2 "State resolution"). Immutable:
/// taking in an event gives a new room, and the unchanged parts are shared.
/// </summary>
public sealed partial class Room
{
    private static readonly ImmutableSortedDictionary<string, HeldEvent> NoHeld = ImmutableSortedDictionary.Create<string, HeldEvent>(StringComparer.Ordinal);
    private static readonly ImmutableSortedDictionary<string, Pdu> NoEvents = ImmutableSortedDictionary.Create<string, Pdu>(StringComparer.Ordinal);
    private static readonly ImmutableSortedSet<string> NoIds = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private Room(
        RoomVersion version,
        RoomId roomId,
        ImmutableSortedDictionary<string, HeldEvent> held,
        ImmutableSortedDictionary<string, Pdu> events,
        ImmutableSortedSet<string> rejected,
        ImmutableSortedSet<string> softFailed,
        ImmutableArray<EventId> forwardExtremities,
        AuthState state,
        ImmutableSortedSet<string> followed,
        PartialState? partial)
    {
        Version = version;
        RoomId = roomId;
        Held = held;
        Events = events;
        Rejected = rejected;
        SoftFailed = softFailed;
        ForwardExtremities = forwardExtremities;
        State = state;
        Followed = followed;
        Partial = partial;
    }

    public RoomVersion Version { get; }

    public RoomId RoomId { get; }

    /// <summary>Every event the server holds, with what it made of it, by event ID.</summary>
    public ImmutableSortedDictionary<string, HeldEvent> Held { get; }

    /// <summary>Every event the server holds, by event ID: the PDUs of <see cref="Held"/>, where auth events are looked up.</summary>
    public ImmutableSortedDictionary<string, Pdu> Events { get; }

    /// <summary>IDs of held events that were rejected (spec v1.19, server-server API "Rejection").</summary>
    public ImmutableSortedSet<string> Rejected { get; }

    /// <summary>IDs of held events that were soft failed (spec v1.19, server-server API "Soft failure").</summary>
    public ImmutableSortedSet<string> SoftFailed { get; }

    /// <summary>The accepted events no accepted event follows, in ordinal order: the <c>prev_events</c> of the next event.</summary>
    public ImmutableArray<EventId> ForwardExtremities { get; }

    /// <summary>The current state: the resolution of the states after the forward extremities.</summary>
    public AuthState State { get; }

    /// <summary>IDs of the events some accepted event names as a prev event: none of them is a forward extremity.</summary>
    public ImmutableSortedSet<string> Followed { get; }

    /// <summary>
    /// Set while the server holds only a partial state of the room: it joined with members omitted and has not yet resynced
    /// (MSC3706, MSC3902; spec v1.19 joins-v2.yaml <c>omit_members</c>). Null when the state is full.
    /// </summary>
    public PartialState? Partial { get; }

    /// <summary>True while the server holds only a partial state (<see cref="Partial"/>): it must not act as a resident for others.</summary>
    public bool IsPartialState => Partial is not null;

    /// <summary>
    /// The behaviour profile the server holding the room decides under: the checks on receipt and state resolution ask
    /// its switches (the spec by default; spec/divergences.md).
    /// </summary>
    public Profiles.BehaviourProfile Profile { get; private init; } = Profiles.BehaviourProfile.Spec;

    /// <summary>
    /// The state resolution this room uses in place of the one its room version names, or null (always, in the
    /// reference): the hook through which a simulated server with a deliberately broken resolver runs.
    /// </summary>
    public RoomResolver? Resolver { get; private init; }

    /// <summary>
    /// This room resolving states with <paramref name="resolver"/> instead of its room version's algorithm from now
    /// on (null: the room version's algorithm again). What the room already holds, its current state included, is
    /// unchanged; the rooms made from it keep the resolver.
    /// </summary>
    public Room WithResolver(RoomResolver? resolver) =>
        new(Version, RoomId, Held, Events, Rejected, SoftFailed, ForwardExtremities, State, Followed, Partial) { Profile = Profile, Resolver = resolver };

    /// <summary>This room, decided from now on under <paramref name="profile"/>.</summary>
    public Room WithProfile(Profiles.BehaviourProfile profile) =>
        ReferenceEquals(profile, Profile) ? this : new Room(Version, RoomId, Held, Events, Rejected, SoftFailed, ForwardExtremities, State, Followed, Partial) { Profile = profile, Resolver = Resolver };

    /// <summary>The room's create event, from the current state.</summary>
    public Pdu? Create => State.Create;

    /// <summary>How many events the room holds.</summary>
    public int Count => Held.Count;

    /// <summary>
    /// The room as its creator's server holds it right after the create event: the create event accepted with the
    /// empty state before it, the only forward extremity.
    /// </summary>
    public static Room Start(RoomVersion version, Pdu create)
    {
        var after = AuthState.FromEvents([create]);
        var held = new HeldEvent { Pdu = create, Status = EventStatus.Accepted, StateBefore = AuthState.Empty, StateAfter = after, Order = 0 };
        return new Room(version, create.RoomId, NoHeld.Add(create.EventId.Value, held), NoEvents.Add(create.EventId.Value, create),
            NoIds, NoIds, [create.EventId], after, NoIds, null);
    }

    /// <summary>A room the server knows nothing of yet, to be filled with outliers and a first event whose state is given (a join).</summary>
    public static Room Empty(RoomVersion version, RoomId roomId) => new(version, roomId, NoHeld, NoEvents, NoIds, NoIds, [], AuthState.Empty, NoIds, null);

    /// <summary>The held event with ID <paramref name="eventId"/>, or null.</summary>
    public Pdu? Get(string eventId) => Events.TryGetValue(eventId, out var pdu) ? pdu : null;

    /// <summary>What the server holds of <paramref name="eventId"/>, or null.</summary>
    public HeldEvent? Find(EventId eventId) => Held.TryGetValue(eventId.Value, out var held) ? held : null;

    /// <summary>True when the event is held, in whatever status.</summary>
    public bool Knows(EventId eventId) => Events.ContainsKey(eventId.Value);

    /// <summary>The status of a held event, or null when it is not held.</summary>
    public EventStatus? StatusOf(EventId eventId) => Find(eventId)?.Status;

    /// <summary>The state before a held event, or null for an outlier or an unknown event.</summary>
    public AuthState? StateBefore(EventId eventId) => Find(eventId)?.StateBefore;

    /// <summary>The state after a held event, or null for an outlier or an unknown event.</summary>
    public AuthState? StateAfter(EventId eventId) => Find(eventId)?.StateAfter;

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
        [.. JoinedMembers().Select(ServerOfUser).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The context the auth rules run with in this room: its rejected events, and a signature oracle that
    /// verifies a server's signature on the event with <paramref name="keys"/> (the restricted-join rule asks it).
    /// </summary>
    public AuthContext AuthContextFor(KeyRing keys) =>
        AuthContext.Default.WithRejected(Rejected) with { IsSignedBy = AuthContext.VerifiesWith(keys), Profile = Profile };

    /// <summary>
    /// The IDs of the events <paramref name="pdu"/> follows or is authorised by (in room version 12 also the create
    /// event it implies) that the room does not hold, without repeats, in ordinal order.
    /// </summary>
    public ImmutableArray<string> MissingEvents(Pdu pdu) =>
        [.. pdu.PrevEvents.Concat(pdu.AuthEventsWithImpliedCreate)
            .Where(id => !Knows(id))
            .Select(id => id.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The union of the auth chains of <paramref name="starts"/> among the held events: every event reachable
    /// through auth events (in room version 12 also the implied create event). A start is included only when
    /// another start reaches it. Events not held are skipped. In <see cref="InStableOrder"/>.
    /// </summary>
    public ImmutableArray<Pdu> AuthChain(IEnumerable<Pdu> starts)
    {
        var seen = ImmutableSortedDictionary.CreateBuilder<string, Pdu>(StringComparer.Ordinal);
        var stack = new Stack<Pdu>(starts);
        while (stack.TryPop(out var pdu))
        {
            foreach (var cited in pdu.AuthEventsWithImpliedCreate)
            {
                if (Get(cited.Value) is { } found && seen.TryAdd(found.EventId.Value, found)) stack.Push(found);
            }
        }
        return InStableOrder(seen.Values);
    }

    /// <summary>
    /// <paramref name="events"/> by depth, then event ID: auth events come before the events citing them
    /// (an auth event is always shallower), and the order is the same on every run.
    /// </summary>
    public static ImmutableArray<Pdu> InStableOrder(IEnumerable<Pdu> events) =>
        [.. events.OrderBy(e => e.Depth).ThenBy(e => e.EventId.Value, StringComparer.Ordinal)];

    public override string ToString() => $"Room({RoomId}, v{Version.Id}, {Count} events, {ForwardExtremities.Length} extremities)";

    private static string? ServerOfUser(string userId) =>
        UserId.Parse(userId, UserIdGrammar.Historical) is { IsOk: true } parsed ? parsed.Value.Server.Value : null;
}
