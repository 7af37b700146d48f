using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>The answer of <c>POST /_matrix/federation/v1/get_missing_events/{roomId}</c>: the missing events, oldest first.</summary>
public sealed record MissingEventsResponse(ImmutableArray<JsonObject> Events)
{
    /// <summary>The 200 body: <c>{events}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(("events", JsonValue.Array(Events)));
}

/// <summary>
/// The answer of <c>GET /_matrix/federation/v1/backfill/{roomId}?v=…&amp;limit=…</c>: a transaction (<c>origin</c>,
/// <c>origin_server_ts</c>, <c>pdus</c>) holding the events given and those before them.
/// </summary>
public sealed record BackfillResponse(string Origin, long OriginServerTs, ImmutableArray<JsonObject> Pdus)
{
    /// <summary>The 200 body, a transaction.</summary>
    public JsonObject ToJson() => JsonValue.Object(
        ("origin", JsonValue.String(Origin)),
        ("origin_server_ts", JsonValue.Number(OriginServerTs)),
        ("pdus", JsonValue.Array(Pdus)));
}

public static partial class EventRetrieval
{
    /// <summary>The <c>limit</c> get_missing_events uses when the body gives none: "Defaults to 10" (backfill.yaml).</summary>
    public const int DefaultMissingEventsLimit = 10;

    /// <summary>
    /// <c>get_missing_events</c> (spec v1.19, server-server API "Backfilling and retrieving missing events"; backfill.yaml): "a
    /// breadth-first walk of the <c>prev_events</c> for the <c>latest_events</c>, ignoring any events in <c>earliest_events</c>
    /// and stopping at the <c>limit</c>", skipping events shallower than <c>min_depth</c>. Events this room does not hold — other
    /// rooms' included — are unknown: an unknown latest event starts no walk and an unknown earliest event stops none (Synapse's
    /// GHSA-27p5-4f45-gx76 regression cases). Rejected events are walked through but not returned. Oldest first.
    /// </summary>
    public static EndpointResult<MissingEventsResponse> GetMissingEvents(ResidentServer server, string origin, string roomId, JsonValue body)
    {
        var found = Access(server, origin, roomId, DanceRule.GetMissingEventsUnknownRoom, DanceRule.GetMissingEventsForbidden, DanceRule.GetMissingEventsServerDenied);
        if (found.Error is { } refused) return refused;
        var room = found.Value!;

        if (body is not JsonObject request || EventIds(request["earliest_events"]) is not { } earliest || EventIds(request["latest_events"]) is not { } latest)
        {
            return MatrixError.Of(DanceRule.GetMissingEventsBadRequest, "the body needs earliest_events and latest_events, lists of event IDs");
        }
        var limit = DefaultMissingEventsLimit;
        if (request.TryGetValue("limit", out var limitValue))
        {
            if (limitValue is not JsonNumber given || !given.TryGetInt64(out var asked) || asked < 0) return MatrixError.Of(DanceRule.GetMissingEventsBadRequest, "limit must be a non-negative integer");
            limit = (int)Math.Min(asked, int.MaxValue);
        }
        var minDepth = 0L;
        if (request.TryGetValue("min_depth", out var depthValue))
        {
            if (depthValue is not JsonNumber depth || !depth.TryGetInt64(out minDepth)) return MatrixError.Of(DanceRule.GetMissingEventsBadRequest, "min_depth must be an integer");
        }

        var stop = earliest.Where(room.Knows).Select(id => id.Value).ToImmutableSortedSet(StringComparer.Ordinal);
        var starts = latest.Where(room.Knows).SelectMany(id => room.Get(id.Value)!.PrevEvents);
        var walked = Walk(room, starts, stop.Union(latest.Select(id => id.Value)), limit, minDepth);
        return EndpointResult<MissingEventsResponse>.Ok(DanceRule.GetMissingEventsAnswered,
            new MissingEventsResponse([.. Room.InStableOrder(walked).Select(e => e.Json)]));
    }

    /// <summary>
    /// <c>backfill</c> (backfill.yaml): "Starting from the PDU ID(s) given in the <c>v</c> argument, the PDUs given in <c>v</c> and the
    /// PDUs that preceded them are retrieved, up to the total number given by the <c>limit</c>", breadth first from <c>v</c>, in the
    /// order walked (newest first), answered as a transaction of this server at <paramref name="now"/>. Events this room does not
    /// hold are skipped; rejected events are walked through but not returned.
    /// </summary>
    public static EndpointResult<BackfillResponse> Backfill(ResidentServer server, string origin, string roomId, ImmutableArray<string> v, int limit, long now)
    {
        var found = Access(server, origin, roomId, DanceRule.BackfillUnknownRoom, DanceRule.BackfillForbidden, DanceRule.BackfillServerDenied);
        if (found.Error is { } refused) return refused;
        if (limit < 1) return MatrixError.Of(DanceRule.BackfillBadLimit, $"limit must be at least 1, not {limit}");
        var room = found.Value!;
        var starts = v.Select(id => EventId.Parse(id, EventIdFormat.TestName)).Where(r => r.IsOk).Select(r => r.Value);
        var walked = Walk(room, starts, ImmutableSortedSet.Create<string>(StringComparer.Ordinal), limit, long.MinValue);
        return EndpointResult<BackfillResponse>.Ok(DanceRule.BackfillAnswered, new BackfillResponse(server.ServerName, now, [.. walked.Select(e => e.Json)]));
    }

    // Breadth first over prev_events from starts (in the order given, each level in ordinal order), never entering an event
    // of skip, one not held, or one shallower than minDepth; collects up to limit events that were not rejected.
    private static List<Pdu> Walk(Room room, IEnumerable<EventId> starts, ImmutableSortedSet<string> skip, int limit, long minDepth)
    {
        var result = new List<Pdu>();
        var seen = new SortedSet<string>(skip, StringComparer.Ordinal);
        var queue = new Queue<EventId>();
        foreach (var start in starts)
        {
            if (seen.Add(start.Value)) queue.Enqueue(start);
        }
        while (result.Count < limit && queue.TryDequeue(out var id))
        {
            if (room.Find(id) is not { } held || held.Pdu.Depth < minDepth) continue;
            if (held.Status != EventStatus.Rejected) result.Add(held.Pdu);
            foreach (var prev in held.Pdu.PrevEvents.OrderBy(p => p.Value, StringComparer.Ordinal))
            {
                if (seen.Add(prev.Value)) queue.Enqueue(prev);
            }
        }
        return result;
    }

    private static ImmutableArray<EventId>? EventIds(JsonValue? value)
    {
        if (value is not JsonArray items) return null;
        var ids = ImmutableArray.CreateBuilder<EventId>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonString text) return null;
            // An ID that is no event ID names no event this room holds: unknown, like any other.
            if (EventId.Parse(text.Value, EventIdFormat.TestName) is { IsOk: true } parsed) ids.Add(parsed.Value);
        }
        return ids.ToImmutable();
    }
}
