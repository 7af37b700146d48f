using System.Runtime.InteropServices;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.StateRes;

public sealed partial class EventGraph
{
    private const string EventsPath = "$.events";

    /// <summary>
    /// Validates <paramref name="events"/> and builds their graph. Each check is one pass over the input
    /// (sorting aside), so any input is answered in O(n log n): a duplicate event ID, an event of another
    /// room or event format, an auth event (or required prev event, or room version 12 create event) that
    /// was not given, and a cycle are named errors whose path is the offending event's index in
    /// <paramref name="events"/>. When several problems exist the first check in that order reports, on the
    /// smallest event ID it concerns, so the answer does not depend on the order of the list
    /// (`stateres.input.graph`); a repeated event ID is reported at its second place in the list.
    /// </summary>
    public static Result<EventGraph> Build(IReadOnlyList<Pdu> events, RoomVersion roomVersion, EventGraphOptions? options = null)
    {
        options ??= EventGraphOptions.Default;
        var count = events.Count;

        // Vertices are numbered in event-ID order; input positions are kept for error paths.
        var inputIndex = new int[count];
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            inputIndex[i] = i;
            ids[i] = events[i].EventId.Value;
        }
        Array.Sort(ids, inputIndex, EventIdOrder.Text);
        var ordered = new Pdu[count];
        for (var v = 0; v < count; v++) ordered[v] = events[inputIndex[v]];

        // Equal IDs are neighbours once sorted: the smallest repeated ID is reported, at its second place in the input.
        for (var v = 1; v < count; v++)
        {
            if (string.Equals(ids[v], ids[v - 1], StringComparison.Ordinal))
            {
                var (first, second) = (Math.Min(inputIndex[v - 1], inputIndex[v]), Math.Max(inputIndex[v - 1], inputIndex[v]));
                for (var w = v + 1; w < count && string.Equals(ids[w], ids[v], StringComparison.Ordinal); w++)
                {
                    if (inputIndex[w] < first) (first, second) = (inputIndex[w], first);
                    else if (inputIndex[w] < second) second = inputIndex[w];
                }
                return Fail(StateResError.DuplicateEvent, second, $"event {ordered[v].EventId} is given more than once");
            }
        }
        // A small graph finds its IDs without a map (see TryFind).
        Dictionary<string, int>? vertexOf = null;
        if (count > SmallGraph)
        {
            vertexOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (var v = 0; v < count; v++) vertexOf.Add(ids[v], v);
        }

        for (var v = 0; v < count; v++)
        {
            if (ordered[v].Format != roomVersion.Format)
            {
                return Fail(StateResError.WrongEventFormat, inputIndex[v],
                    $"event {ordered[v].EventId} has the event format {ordered[v].Format.Name}, not {roomVersion.Format.Name} of room version {roomVersion.Id}");
            }
        }

        var roomId = count == 0 ? default : ReferenceRoom(ordered);
        for (var v = 0; v < count; v++)
        {
            if (ordered[v].RoomId != roomId)
            {
                return Fail(StateResError.OtherRoom, inputIndex[v], $"event {ordered[v].EventId} belongs to room {ordered[v].RoomId}, not {roomId}");
            }
        }

        // Room version 12: the create event is named by the room ID and implied as an auth event of every other
        // event (`stateres.implied_create_event`).
        if (roomVersion.RoomIdIsCreateEventHash && count > 0)
        {
            var createId = roomId.CreateEventId;
            if (createId is null || !TryFind(ids, vertexOf, createId.Value.Value, out _))
            {
                // No event is the create event, so the smallest event ID is one that implies it.
                return Fail(StateResError.MissingEvent, inputIndex[0],
                    createId is null
                        ? $"room {roomId} names no create event, which room version {roomVersion.Id} implies as an auth event of {ordered[0].EventId}"
                        : $"the create event {createId.Value} is implied as an auth event of {ordered[0].EventId} but was not given");
            }
        }

        var auth = Edges(ordered, ids, vertexOf, EventEdgeKind.AuthEvent);
        if (auth.Missing is { } missingAuth)
        {
            return Fail(StateResError.MissingEvent, inputIndex[missingAuth.Vertex],
                $"auth event {missingAuth.Id} of event {ordered[missingAuth.Vertex].EventId} was not given");
        }
        var prev = Edges(ordered, ids, vertexOf, EventEdgeKind.PrevEvent);
        if (prev.Missing is { } missingPrev && options.RequirePrevEvents)
        {
            return Fail(StateResError.MissingEvent, inputIndex[missingPrev.Vertex],
                $"prev event {missingPrev.Id} of event {ordered[missingPrev.Vertex].EventId} was not given");
        }

        var citedBy = Reverse(auth.Start, auth.Targets, count);
        var topological = CycleCheck.TopologicalVertices(count, citedBy, Reverse(prev.Start, prev.Targets, count), auth.Start, prev.Start);
        if (topological.Length < count)
        {
            var (member, cycle) = CycleCheck.FindCycle(topological, auth.Start, auth.Targets, prev.Start, prev.Targets);
            const int shown = 12;
            var path = string.Join(" → ", cycle.Take(shown).Select(c => ordered[c].EventId.Value)) + (cycle.Count > shown ? " → …" : "");
            return Fail(StateResError.Cycle, inputIndex[member],
                $"event {ordered[member].EventId} is on a cycle of prev_events and auth_events edges: {path}");
        }

        return new EventGraph(roomVersion, roomId, ImmutableCollectionsMarshal.AsImmutableArray(ordered), vertexOf, ids, (auth.Start, auth.Targets), citedBy,
            (prev.Start, prev.Targets), topological, prev.Missing is null);
    }

    // The room the events should share: that of the create event with the smallest ID, or failing one, of the smallest event ID.
    private static RoomId ReferenceRoom(Pdu[] ordered)
    {
        foreach (var pdu in ordered)
        {
            if (pdu.Type == EventTypes.Create && pdu.StateKey == "") return pdu.RoomId;
        }
        return ordered[0].RoomId;
    }

    private static (int[] Start, int[] Targets, (int Vertex, EventId Id)? Missing) Edges(
        Pdu[] ordered, string[] ids, Dictionary<string, int>? vertexOf, EventEdgeKind kind)
    {
        var start = new int[ordered.Length + 1];
        // Every cited ID and the implied create event at most (exactly, unless a list repeats an ID or names one not
        // given): the lists are written in one array, copied only to trim it.
        var bound = 0;
        foreach (var e in ordered) bound += kind == EventEdgeKind.AuthEvent ? e.AuthEvents.Length + (ImpliesCreate(e) ? 1 : 0) : e.PrevEvents.Length;
        var targets = new int[bound];
        var written = 0;
        (int, EventId)? missing = null;
        // The implied create event of room version 12 is read from the room ID once for the events that share it.
        RoomId impliedFor = default;
        EventId? implied = null;
        for (var v = 0; v < ordered.Length; v++)
        {
            start[v] = written;
            var e = ordered[v];
            // The cited IDs are read in place (an event ID is a struct of several fields) and copied only when missing.
            var cited = kind == EventEdgeKind.AuthEvent ? e.AuthEvents : e.PrevEvents;
            for (var i = 0; i < cited.Length; i++)
            {
                ref readonly var id = ref cited.ItemRef(i);
                if (!AddEdge(ids, vertexOf, id.Value, targets, start[v], ref written)) missing ??= (v, id);
            }
            // Auth edges include the create event room version 12 implies (checked above to be given), after the cited
            // ones (see Pdu.AuthEventsWithImpliedCreate); one the event also cites is not repeated.
            if (kind == EventEdgeKind.AuthEvent && ImpliesCreate(e))
            {
                if (impliedFor.Format != e.RoomId.Format || !string.Equals(impliedFor.Value, e.RoomId.Value, StringComparison.Ordinal) || impliedFor.Format == 0)
                {
                    impliedFor = e.RoomId;
                    implied = e.RoomId.CreateEventId;
                }
                if (implied is { } create && !AddEdge(ids, vertexOf, create.Value, targets, start[v], ref written)) missing ??= (v, create);
            }
        }
        start[ordered.Length] = written;
        if (written < targets.Length) Array.Resize(ref targets, written);
        return (start, targets, missing);

        static bool ImpliesCreate(Pdu e) => e.Format.RoomIdFromCreateEvent && !string.Equals(e.Type, EventTypes.Create, StringComparison.Ordinal);
    }

    // Adds the edge to the vertex of `id` to the list that starts at `from`, unless the list has it (a repeated citation
    // names one edge; the lists are a few entries long, searched directly); false when no vertex has that ID.
    private static bool AddEdge(string[] ids, Dictionary<string, int>? vertexOf, string id, int[] targets, int from, ref int written)
    {
        if (!TryFind(ids, vertexOf, id, out var target)) return false;
        for (var i = from; i < written; i++)
        {
            if (targets[i] == target) return true;
        }
        targets[written++] = target;
        return true;
    }

    /// <summary>The reverse of a compressed edge list: for each vertex, the vertices whose lists name it, in increasing order.</summary>
    private static (int[] Start, int[] Targets) Reverse(int[] start, int[] targets, int count)
    {
        // Each vertex's entry first counts, then ends, its list; the lists are filled from their ends, the vertices
        // taken from the last, so each entry ends at its list's start and every list is in increasing order.
        var reverseStart = new int[count + 1];
        foreach (var t in targets) reverseStart[t]++;
        for (var v = 1; v < count; v++) reverseStart[v] += reverseStart[v - 1];
        reverseStart[count] = targets.Length;
        var reverseTargets = new int[targets.Length];
        for (var v = count - 1; v >= 0; v--)
        {
            for (var i = start[v]; i < start[v + 1]; i++) reverseTargets[--reverseStart[targets[i]]] = v;
        }
        return (reverseStart, reverseTargets);
    }

    private static Failure Fail(StateResError code, int inputIndex, string message) =>
        new(code, JsonPath.Index(EventsPath, inputIndex), message);
}
