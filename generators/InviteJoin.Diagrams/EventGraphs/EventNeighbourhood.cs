using System.Collections.Immutable;
using System.Diagnostics;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Diagrams.EventGraphs;

/// <summary>How much of the graph around an event a picture shows.</summary>
public sealed record NeighbourhoodSize
{
    /// <summary>The default: two generations of history, the cited auth events, three events that follow.</summary>
    public static readonly NeighbourhoodSize Default = new();

    /// <summary>Generations of <c>prev_events</c> shown above the event.</summary>
    public int Generations { get; init; } = 2;

    /// <summary>At most this many events of its history.</summary>
    public int MaxHistory { get; init; } = 6;

    /// <summary>At most this many of the events that follow it.</summary>
    public int MaxFollowers { get; init; } = 3;
}

/// <summary>
/// The small picture of the graph around one event: the event, its history (<c>prev_events</c>, a few
/// generations up), the events it cites as <c>auth_events</c>, and a few events that follow it, each coloured by
/// what the room made of it. Audit reports and counterexample stories show one beside each finding.
/// </summary>
public static class EventNeighbourhood
{
    /// <summary>
    /// The picture around <paramref name="focusId"/> in <paramref name="room"/>; <paramref name="followers"/> names
    /// the events that cite an event as a prev event (a room does not index them), in a stable order.
    /// </summary>
    public static EventGraphPicture Around(Room room, string focusId, Func<string, IEnumerable<string>> followers, NeighbourhoodSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Around(id => room.Get(id), id => StatusIn(room, id), focusId, followers, size);
    }

    /// <summary>
    /// The picture around <paramref name="focusId"/> with events looked up by <paramref name="find"/> (null when not
    /// held) and coloured by <paramref name="statusOf"/>, for graphs held elsewhere than in a room.
    /// </summary>
    public static EventGraphPicture Around(Func<string, Pdu?> find, Func<string, EventNodeStatus> statusOf, string focusId,
        Func<string, IEnumerable<string>> followers, NeighbourhoodSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(find);
        ArgumentNullException.ThrowIfNull(statusOf);
        ArgumentNullException.ThrowIfNull(followers);
        size ??= NeighbourhoodSize.Default;
        var nodes = new List<EventNode>();
        var edges = new List<EventEdge>();
        var included = new SortedSet<string>(StringComparer.Ordinal);

        void Include(string id, bool focus = false)
        {
            if (!included.Add(id)) return;
            var pdu = find(id);
            nodes.Add(pdu is null
                ? new EventNode(id, ["not in the export", Short(id)], EventNodeStatus.Missing, focus)
                : new EventNode(id, Label(pdu), statusOf(id), focus));
        }

        Include(focusId, focus: true);
        var focusPdu = find(focusId);

        // History: breadth first along prev_events, nearest generations first.
        var generation = new List<string> { focusId };
        var history = 0;
        for (var g = 0; g < size.Generations && generation.Count > 0; g++)
        {
            var next = new List<string>();
            foreach (var id in generation)
            {
                if (find(id) is not { } pdu) continue;
                foreach (var prev in pdu.PrevEvents.Select(e => e.Value))
                {
                    var known = included.Contains(prev);
                    if (!known && history >= size.MaxHistory) continue;
                    if (!known)
                    {
                        Include(prev);
                        history++;
                        next.Add(prev);
                    }
                    edges.Add(new EventEdge(id, prev, EventEdgeKind.Prev));
                }
            }
            generation = next;
        }

        // The auth events the event cites (and in room version 12 the create event it implies).
        if (focusPdu is not null)
        {
            foreach (var auth in focusPdu.AuthEventsWithImpliedCreate.Select(e => e.Value))
            {
                Include(auth);
                edges.Add(new EventEdge(focusId, auth, EventEdgeKind.Auth));
            }
        }

        // A few events that follow it.
        foreach (var follower in followers(focusId).Take(size.MaxFollowers))
        {
            Include(follower);
            edges.Add(new EventEdge(follower, focusId, EventEdgeKind.Prev));
        }

        // Prev references among the events shown, so shared history is drawn once.
        foreach (var id in included.ToList())
        {
            if (find(id) is not { } pdu) continue;
            foreach (var prev in pdu.PrevEvents.Select(e => e.Value).Where(included.Contains)) edges.Add(new EventEdge(id, prev, EventEdgeKind.Prev));
        }

        var title = "the events around " + focusId;
        return new EventGraphPicture(title, [.. nodes], [.. edges]).Normalised();
    }

    /// <summary>The label of an event: what it is (type, membership, state key), then its short ID and sender.</summary>
    public static ImmutableArray<string> Label(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var type = pdu.Type.StartsWith("m.room.", StringComparison.Ordinal) ? pdu.Type["m.room.".Length..] : pdu.Type;
        string what;
        if (pdu.Type == EventTypes.Member)
        {
            what = (pdu.Membership ?? "member?") + " " + (pdu.StateKey ?? "");
        }
        else
        {
            what = pdu.StateKey is { Length: > 0 } key ? type + " [" + key + "]" : type;
        }
        return [what, Short(pdu.EventId.Value) + " by " + pdu.Sender.Value];
    }

    /// <summary>An event ID shortened for a label: its first nine characters.</summary>
    public static string Short(string eventId) => eventId.Length <= 10 ? eventId : eventId[..9] + "…";

    private static EventNodeStatus StatusIn(Room room, string id) =>
        room.Held.TryGetValue(id, out var held) ? held.Status switch
        {
            EventStatus.Accepted => EventNodeStatus.Accepted,
            EventStatus.SoftFailed => EventNodeStatus.SoftFailed,
            EventStatus.Rejected => EventNodeStatus.Rejected,
            EventStatus.Outlier => EventNodeStatus.Outlier,
            _ => throw new UnreachableException(),
        } : EventNodeStatus.Missing;
}
