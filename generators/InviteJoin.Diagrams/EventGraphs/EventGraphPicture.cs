using System.Collections.Immutable;

namespace InviteJoin.Diagrams.EventGraphs;

/// <summary>
/// A small piece of a room's event graph to draw: events as nodes, each with a label and what its server made
/// of it, and the references between them — <c>prev_events</c> (the history) and <c>auth_events</c> — as edges
/// from the citing event to the cited one. Built from a room (<see cref="EventNeighbourhood"/>) or by hand, and
/// drawn as DOT, Mermaid or SVG (<see cref="EventGraphDrawing"/>).
/// </summary>
public sealed record EventGraphPicture(string Title, ImmutableArray<EventNode> Nodes, ImmutableArray<EventEdge> Edges)
{
    /// <summary>
    /// The picture with its nodes in ordinal order of ID and its edges in order of (from, to, kind), edges that
    /// name an absent node or repeat another dropped: the form every drawing starts from, so the same events
    /// give the same text whatever order they were added in.
    /// </summary>
    public EventGraphPicture Normalised()
    {
        var nodes = Nodes.GroupBy(n => n.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(n => n.Id, StringComparer.Ordinal).ToImmutableArray();
        var ids = nodes.Select(n => n.Id).ToImmutableSortedSet(StringComparer.Ordinal);
        var edges = Edges
            .Where(e => ids.Contains(e.From) && ids.Contains(e.To) && !string.Equals(e.From, e.To, StringComparison.Ordinal))
            .Distinct()
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Kind)
            .ToImmutableArray();
        return this with { Nodes = nodes, Edges = edges };
    }
}

/// <summary>
/// One event of a picture: its ID, the lines of its label (the first is the headline), what its server made of
/// it, and whether it is the event the picture is about.
/// </summary>
public sealed record EventNode(string Id, ImmutableArray<string> Label, EventNodeStatus Status, bool Focus = false)
{
    /// <summary>Longer text for a tooltip: the full event ID and the whole label.</summary>
    public string Tooltip => Id + " — " + string.Join("; ", Label);
}

/// <summary>What the server drawing the picture made of an event (a room's <c>EventStatus</c>, and "not held").</summary>
public enum EventNodeStatus
{
    /// <summary>Accepted: part of the room's history.</summary>
    Accepted,

    /// <summary>Soft failed: valid, but not built upon.</summary>
    SoftFailed,

    /// <summary>Rejected: never used as an auth event, never in a state.</summary>
    Rejected,

    /// <summary>Held without its history (an auth-chain event, or an event whose prev events are not held).</summary>
    Outlier,

    /// <summary>Not held: an event the others cite that the server does not have.</summary>
    Missing,
}

/// <summary>The kind of reference an edge draws.</summary>
public enum EventEdgeKind
{
    /// <summary><c>prev_events</c>: the event follows the cited one in the room's history.</summary>
    Prev,

    /// <summary><c>auth_events</c>: the event is authorised by the cited one.</summary>
    Auth,
}

/// <summary>A reference from event <paramref name="From"/> to the event <paramref name="To"/> it cites.</summary>
public sealed record EventEdge(string From, string To, EventEdgeKind Kind);
