using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Testing;

public sealed partial record RoomBuilder
{
    /// <summary><paramref name="e"/> judged against the room's current state.</summary>
    public AuthDecision Check(Pdu e) => EventAuthorizer.AuthorizeAgainstState(e, State, Version, Context);

    /// <summary><paramref name="e"/> judged against the events of the current state as the events it cites may come from (with the create event, which room version 12 implies).</summary>
    public AuthDecision CheckAgainstAuthEvents(Pdu e)
    {
        var supplied = State.Events.Values.ToList();
        if (!supplied.Contains(CreateEvent)) supplied.Add(CreateEvent);
        return EventAuthorizer.AuthorizeAgainstAuthEvents(e, supplied, Version, Context);
    }

    /// <summary>The events of the current state that auth-events selection picks for <paramref name="e"/> (in v12 also the create event, which the room ID implies).</summary>
    public ImmutableArray<Pdu> AuthEventsFor(Pdu e)
    {
        var picked = AuthEventSelection.Select(e, Version).Select(State.Get).OfType<Pdu>().ToImmutableArray();
        return Version.RoomIdIsCreateEventHash ? picked.Add(CreateEvent) : picked;
    }

    /// <summary>The context of the checks on receipt when this room's current state is both the state before the event and the current state, and every event added may be cited.</summary>
    public ReceiptContext ForReceipt() => new ReceiptContext { StateBefore = State, CurrentState = State }.WithAuthEvents(Events);

    /// <summary>The state after the event named <paramref name="name"/>, as event IDs.</summary>
    public ImmutableSortedDictionary<StateKey, EventId> StateIdsAfter(string name)
    {
        var after = Room.StateAfter(Id(name)) ?? throw new FixtureException("the room holds no state after " + name);
        return after.Events.ToImmutableSortedDictionary(p => p.Key, p => p.Value.EventId);
    }

    /// <summary>The state after the event named <paramref name="name"/> with <paramref name="changes"/> applied (names; a null name removes the key), as event IDs.</summary>
    public ImmutableSortedDictionary<StateKey, EventId> StateIdsAfter(string name, params (StateKey Key, string? Event)[] changes)
    {
        var state = StateIdsAfter(name);
        foreach (var (key, e) in changes) state = e is null ? state.Remove(key) : state.SetItem(key, Id(e));
        return state;
    }

    /// <summary>The event graph of every event added.</summary>
    public EventGraph Graph()
    {
        var graph = EventGraph.Build(Events, Version);
        return graph.IsOk ? graph.Value : throw new FixtureException("the room's events do not make an event graph: " + graph.Failure);
    }

    /// <summary><paramref name="server"/> (with its test key, knowing every test server's key) holding this room, as a resident that saw the same events.</summary>
    public ResidentServer HeldBy(string server) => Residents.Holding(server, this);
}
