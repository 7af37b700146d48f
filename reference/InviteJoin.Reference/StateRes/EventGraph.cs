using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using QuikGraph;

namespace InviteJoin.Reference.StateRes;

/// <summary>The two kinds of edge between events: an event points at the events it names in <c>prev_events</c> and <c>auth_events</c>.</summary>
public enum EventEdgeKind
{
    /// <summary>An entry of <c>prev_events</c>: the event came after it in the room's history.</summary>
    PrevEvent,

    /// <summary>An entry of <c>auth_events</c> (in room version 12 also the create event, which is implied rather than cited).</summary>
    AuthEvent,
}

/// <summary>What <see cref="EventGraph.Build"/> requires beyond closed auth chains.</summary>
public sealed record EventGraphOptions
{
    /// <summary>The default: every auth event must be given; prev events that are not given are left out.</summary>
    public static readonly EventGraphOptions Default = new();

    /// <summary>A whole history: every prev event must be given too (needed to compute the state before each event).</summary>
    public static readonly EventGraphOptions WholeHistory = new() { RequirePrevEvents = true };

    /// <summary>
    /// When true, a prev event that was not given is a <see cref="StateResError.MissingEvent"/>. State
    /// resolution itself only follows auth events, so a server holding a room's state and auth chain but not
    /// the history behind it (as after a join) can still resolve.
    /// </summary>
    public bool RequirePrevEvents { get; init; }
}

/// <summary>
/// The events of one room as a validated, acyclic graph of <c>prev_events</c> and <c>auth_events</c>
/// edges: every auth chain closed, one room, unique IDs (spec v1.19, server-server API "Room State
/// Resolution"; rooms v2 "Auth chain"). In room version 12 the create event is an implied auth event of
/// every other event (MSC4291), so auth chains, the power-level look-ups and the auth rules all see it.
/// Immutable; events are numbered in event-ID order so that every walk is deterministic. Checking the input
/// this way is our decision, `stateres.input.graph` (spec/state-res/README.md).
/// </summary>
public sealed partial class EventGraph
{
    private readonly ImmutableArray<Pdu> _events;
    private readonly Dictionary<string, int>? _vertexOf; // look-ups only; never enumerated; null for a small graph (see TryFind)
    private readonly string[] _ids; // each vertex's event ID text
    private readonly int[] _authStart;
    private readonly int[] _authTargets;
    private readonly int[] _citedByStart;
    private readonly int[] _citedByTargets;
    private readonly int[] _prevStart;
    private readonly int[] _prevTargets;
    private readonly int[] _topological;

    private EventGraph(
        RoomVersion roomVersion,
        RoomId roomId,
        ImmutableArray<Pdu> events,
        Dictionary<string, int>? vertexOf,
        string[] ids,
        (int[] Start, int[] Targets) auth,
        (int[] Start, int[] Targets) citedBy,
        (int[] Start, int[] Targets) prev,
        int[] topological,
        bool hasAllPrevEvents)
    {
        RoomVersion = roomVersion;
        RoomId = roomId;
        _events = events;
        _vertexOf = vertexOf;
        _ids = ids;
        (_authStart, _authTargets) = auth;
        (_citedByStart, _citedByTargets) = citedBy;
        (_prevStart, _prevTargets) = prev;
        _topological = topological;
        HasAllPrevEvents = hasAllPrevEvents;
    }

    /// <summary>The room version whose event format and create-event rule the graph was built under.</summary>
    public RoomVersion RoomVersion { get; }

    /// <summary>The room every event belongs to.</summary>
    public RoomId RoomId { get; }

    /// <summary>The number of events.</summary>
    public int Count => _events.Length;

    /// <summary>True when every prev event that any event names is in the graph.</summary>
    public bool HasAllPrevEvents { get; }

    /// <summary>Every event, in event-ID order.</summary>
    public ImmutableArray<Pdu> Events => _events;

    public bool Contains(EventId eventId) => TryFind(_ids, _vertexOf, eventId.Value, out _);

    public bool TryGetEvent(EventId eventId, out Pdu? pdu)
    {
        if (TryFind(_ids, _vertexOf, eventId.Value, out var vertex))
        {
            pdu = _events[vertex];
            return true;
        }
        pdu = null;
        return false;
    }

    /// <summary>
    /// The auth events of <paramref name="eventId"/> as the graph holds them: the cited ones in cited order
    /// without repeats, then in room version 12 the implied create event. Empty for an unknown event.
    /// </summary>
    public ImmutableArray<EventId> AuthEventsOf(EventId eventId) =>
        TryFind(_ids, _vertexOf, eventId.Value, out var v) ? Ids(AuthEdges(v)) : [];

    /// <summary>The prev events of <paramref name="eventId"/> that are in the graph, in cited order without repeats.</summary>
    public ImmutableArray<EventId> PrevEventsOf(EventId eventId) =>
        TryFind(_ids, _vertexOf, eventId.Value, out var v) ? Ids(PrevEdges(v)) : [];

    /// <summary>
    /// Every event, each after all of its prev and auth events; among events whose predecessors are all
    /// placed, the smallest event ID comes first, so the order is a function of the graph alone.
    /// </summary>
    public ImmutableArray<EventId> TopologicalOrder() => Ids(_topological);

    /// <summary>
    /// The graph as a QuikGraph bidirectional graph (vertices in event-ID order; each event's edges point at
    /// the events it names, tagged with their kind), for rendering and for graph algorithms outside state resolution.
    /// </summary>
    public BidirectionalGraph<EventId, TaggedEdge<EventId, EventEdgeKind>> ToQuikGraph()
    {
        var graph = new BidirectionalGraph<EventId, TaggedEdge<EventId, EventEdgeKind>>(allowParallelEdges: true, _events.Length);
        foreach (var pdu in _events) graph.AddVertex(pdu.EventId);
        for (var v = 0; v < _events.Length; v++)
        {
            var from = _events[v].EventId;
            foreach (var p in PrevEdges(v)) graph.AddEdge(new TaggedEdge<EventId, EventEdgeKind>(from, _events[p].EventId, EventEdgeKind.PrevEvent));
            foreach (var a in AuthEdges(v)) graph.AddEdge(new TaggedEdge<EventId, EventEdgeKind>(from, _events[a].EventId, EventEdgeKind.AuthEvent));
        }
        return graph;
    }

    /// <summary>The vertex number of <paramref name="eventId"/>, or −1 when it is not in the graph.</summary>
    internal int VertexOf(EventId eventId) => TryFind(_ids, _vertexOf, eventId.Value, out var v) ? v : -1;

    // The vertex of an event ID text. A small graph (of at most SmallGraph events) has no map: its IDs are scanned, first
    // for the very instance (a request's reader hands out one instance for each text it repeats, see the strict JSON
    // reader, so most look-ups end there), then by their text. A larger graph hashes the text.
    private static bool TryFind(string[] ids, Dictionary<string, int>? vertexOf, string id, out int vertex)
    {
        if (vertexOf is not null) return vertexOf.TryGetValue(id, out vertex);
        for (var v = 0; v < ids.Length; v++)
        {
            if (ReferenceEquals(ids[v], id))
            {
                vertex = v;
                return true;
            }
        }
        for (var v = 0; v < ids.Length; v++)
        {
            if (string.Equals(ids[v], id, StringComparison.Ordinal))
            {
                vertex = v;
                return true;
            }
        }
        vertex = -1;
        return false;
    }

    // The most events a graph finds by scanning its IDs rather than through a map.
    private const int SmallGraph = 16;

    internal Pdu EventAt(int vertex) => _events[vertex];

    /// <summary>The auth events of <paramref name="vertex"/> (with the implied create event in room version 12).</summary>
    internal ReadOnlySpan<int> AuthEdges(int vertex) => _authTargets.AsSpan(_authStart[vertex], _authStart[vertex + 1] - _authStart[vertex]);

    /// <summary>The events that have <paramref name="vertex"/> among their auth events.</summary>
    internal ReadOnlySpan<int> CitedBy(int vertex) => _citedByTargets.AsSpan(_citedByStart[vertex], _citedByStart[vertex + 1] - _citedByStart[vertex]);

    /// <summary>The prev events of <paramref name="vertex"/> that are in the graph.</summary>
    internal ReadOnlySpan<int> PrevEdges(int vertex) => _prevTargets.AsSpan(_prevStart[vertex], _prevStart[vertex + 1] - _prevStart[vertex]);

    /// <summary>Every vertex, ancestors first (see <see cref="TopologicalOrder"/>).</summary>
    internal ReadOnlySpan<int> TopologicalVertices => _topological;

    /// <summary>The event IDs of a set of vertices, as a sorted set in <see cref="EventIdOrder"/>.</summary>
    internal ImmutableSortedSet<EventId> ToIds(VertexSet vertices) =>
        ImmutableSortedSet.CreateRange(EventIdOrder.Instance, vertices.ToArray().Select(v => _events[v].EventId));

    private ImmutableArray<EventId> Ids(ReadOnlySpan<int> vertices)
    {
        var builder = ImmutableArray.CreateBuilder<EventId>(vertices.Length);
        foreach (var v in vertices) builder.Add(_events[v].EventId);
        return builder.MoveToImmutable();
    }
}
