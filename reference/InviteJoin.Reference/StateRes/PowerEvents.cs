using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Power events and the sender's power level that orders them (spec v1.19, rooms v2 "Power events" and
/// "Reverse topological power ordering"; the same in v12).
/// </summary>
public static class PowerEvents
{
    /// <summary>
    /// A power event (`stateres.power_event`): a state event of type <c>m.room.power_levels</c> or <c>m.room.join_rules</c>, or an
    /// <c>m.room.member</c> state event with membership <c>leave</c> or <c>ban</c> whose sender is not its
    /// state key (a kick, ban, unban, invite revocation or knock denial) — events that may take away
    /// someone's ability to act.
    /// </summary>
    /// <remarks>
    /// As the spec words it, any state key counts for the first two types and <c>m.room.create</c> is not a
    /// power event. Synapse, gomatrixserverlib and ruma instead require the empty state key and also count
    /// the create event; for a create event this cannot change a result, but a power-levels or join-rules
    /// event with another state key is sorted here as a power event and there by the mainline.
    /// </remarks>
    public static bool IsPowerEvent(Pdu e) => IsPowerEvent(e, emptyStateKeyOnly: false);

    /// <summary>
    /// As <see cref="IsPowerEvent(Pdu)"/>; with <paramref name="emptyStateKeyOnly"/>
    /// (<c>synapse.power_events_empty_state_key</c>) the power-levels and join-rules events need the empty
    /// state key, and the create event (with the empty state key) is a power event too.
    /// </summary>
    public static bool IsPowerEvent(Pdu e, bool emptyStateKeyOnly)
    {
        if (e.StateKey is not { } stateKey) return false;
        switch (e.Type)
        {
            case EventTypes.Create:
                return emptyStateKeyOnly && stateKey.Length == 0;
            case EventTypes.PowerLevels:
            case EventTypes.JoinRules:
                return !emptyStateKeyOnly || stateKey.Length == 0;
            case EventTypes.Member:
                return e.Membership is MembershipValues.Leave or MembershipValues.Ban
                    && !string.Equals(e.Sender.Value, stateKey, StringComparison.Ordinal);
            default:
                return false;
        }
    }

    /// <summary>
    /// The power level of <paramref name="e"/>'s sender "when looking at its auth events" (`stateres.sender_power_level`): read from the
    /// power-levels event among the event's own auth events, or without one the no-power-levels default
    /// (100 for the creator in room versions 1–11); in room version 12 a creator is infinite. Auth events
    /// are read as cited (the implied create event included), whether or not they were rejected: this only
    /// orders events, and the auth checks that follow never use a rejected auth event.
    /// </summary>
    public static PowerLevel SenderPowerLevel(EventGraph graph, EventId e)
    {
        var vertex = graph.VertexOf(e);
        return vertex < 0 ? PowerLevel.Of(0) : SenderPowerLevel(graph, vertex);
    }

    internal static PowerLevel SenderPowerLevel(EventGraph graph, int vertex, bool pythonInt = false) => SenderPowerLevel(graph, vertex, pythonInt, null, null);

    /// <summary>
    /// As <see cref="SenderPowerLevel(EventGraph, int, bool)"/>; <paramref name="read"/> remembers, for the caller's
    /// one sort, the power levels already read for each pair of create and power-levels events (many events cite
    /// the same pair); a state whose levels are read is added to <paramref name="levelsRead"/>.
    /// </summary>
    internal static PowerLevel SenderPowerLevel(EventGraph graph, int vertex, bool pythonInt, List<(int Create, int PowerLevels, PowerLevels Levels)>? read,
        List<LevelsRead>? levelsRead)
    {
        // Power levels are read from the create and power-levels events alone, so the state holds only those
        // of the auth events (the later one wins when two share a key, as in the state of all of them).
        var create = -1;
        var powerLevels = -1;
        foreach (var a in graph.AuthEdges(vertex))
        {
            var authEvent = graph.EventAt(a);
            if (authEvent.StateKey is not "") continue;
            if (authEvent.Type is EventTypes.Create) create = a;
            else if (authEvent.Type is EventTypes.PowerLevels) powerLevels = a;
        }
        var sender = graph.EventAt(vertex).Sender.Value;
        if (read is not null)
        {
            foreach (var (c, p, known) in read)
            {
                if (c == create && p == powerLevels) return known.UserLevel(sender);
            }
        }
        // Both were found above with the empty state key, so each is filed under its own key.
        Span<KeyValuePair<StateKey, Pdu>> authEvents = [default, default];
        var count = 0;
        Pdu? createEvent = null, powerLevelsEvent = null;
        if (create >= 0) authEvents[count++] = KeyValuePair.Create(StateKey.Create, createEvent = graph.EventAt(create));
        if (powerLevels >= 0) authEvents[count++] = KeyValuePair.Create(StateKey.PowerLevels, powerLevelsEvent = graph.EventAt(powerLevels));
        var state = AuthState.FromDistinct(authEvents[..count]);
        var levels = state.LevelsUnder(graph.RoomVersion, pythonInt);
        read?.Add((create, powerLevels, levels));
        levelsRead?.Add(new LevelsRead(createEvent, powerLevelsEvent, state));
        return levels.UserLevel(sender);
    }
}
