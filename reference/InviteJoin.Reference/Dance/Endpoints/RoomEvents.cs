using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>Walks over the events a room knows: auth chains, and a stable order to list events in.</summary>
internal static class RoomEvents
{
    /// <summary>
    /// The union of the auth chains of <paramref name="starts"/> among the events <paramref name="room"/>
    /// knows: every event reachable through <c>auth_events</c>, and in room version 12 the create event,
    /// which every event implies without citing it. The starting events themselves are included only
    /// when another start reaches them. Unknown events are skipped.
    /// </summary>
    public static ImmutableArray<Pdu> AuthChain(ResidentRoom room, IEnumerable<Pdu> starts)
    {
        var seen = ImmutableSortedDictionary.CreateBuilder<string, Pdu>(StringComparer.Ordinal);
        var stack = new Stack<Pdu>(starts);
        while (stack.TryPop(out var pdu))
        {
            foreach (var cited in Cited(room.Version, pdu))
            {
                if (room.Get(cited.Value) is { } found && seen.TryAdd(found.EventId.Value, found)) stack.Push(found);
            }
        }
        return InStableOrder(seen.Values);
    }

    /// <summary>The auth events <paramref name="pdu"/> cites, and the implied create event in room version 12.</summary>
    public static IEnumerable<EventId> Cited(RoomVersion version, Pdu pdu) => pdu.AuthEventsWithImpliedCreate;

    /// <summary>
    /// <paramref name="events"/> by depth, then event ID: auth events come before the events citing them
    /// (an auth event is always shallower), and the order is the same on every run.
    /// </summary>
    public static ImmutableArray<Pdu> InStableOrder(IEnumerable<Pdu> events) =>
        [.. events.OrderBy(e => e.Depth).ThenBy(e => e.EventId.Value, StringComparer.Ordinal)];
}
