using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>A resync that completed: the server with the room's full state, and what the resync changed.</summary>
public sealed record Resynced(ResidentServer Server, RoomResync Resync);

/// <summary>
/// The joining server completing a partial state (MSC3902; spec v1.19, events.yaml <c>/state</c> and <c>/state_ids</c>): it asks
/// one of the servers to resync from (<see cref="Room.Partial"/>) for the state at its join — the state before the join, which the
/// join's prev events lead to — takes the events it was given as outliers, each checked for format, signatures and hashes and
/// against its own auth events (B33), and hands the state to <see cref="Room.Resync"/>, which judges every event taken under the
/// partial state again (B16). A server that lacks the join (it has not received it yet) answers 404; the caller asks the next one.
/// </summary>
public static class PartialStateResync
{
    /// <summary>
    /// The request to make for a partial room, at <paramref name="attempt"/> (0 for the first): the server to ask (the servers to
    /// resync from in turn) and the event at which to ask for the state (the join). Null when the room is not partial.
    /// </summary>
    public static (string Server, string EventId)? NextRequest(ResidentServer server, string roomId, int attempt)
    {
        if (server.Room(roomId)?.Partial is not { ResyncFrom.IsEmpty: false } partial) return null;
        return (partial.ResyncFrom[attempt % partial.ResyncFrom.Length], partial.Join.Value);
    }

    /// <summary>Takes a <c>/state</c> answer (<c>{pdus, auth_chain}</c>) at the join of <paramref name="server"/>'s partial room <paramref name="roomId"/>.</summary>
    public static EndpointResult<Resynced> ApplyState(ResidentServer server, string roomId, JsonValue answer)
    {
        if (server.Room(roomId) is not { IsPartialState: true } room) return MatrixError.Of(DanceRule.ResyncNotPartial, $"{server.ServerName} holds no partial state of {roomId}");
        if (answer is not JsonObject body || body["pdus"] is not JsonArray pdus || body["auth_chain"] is not JsonArray chain)
        {
            return MatrixError.Of(DanceRule.ResyncMalformed, "the answer needs pdus and auth_chain lists");
        }
        var ids = ImmutableArray.CreateBuilder<string>(pdus.Count);
        foreach (var entry in pdus)
        {
            if (entry is not JsonObject json || PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation) is not { IsOk: true } parsed)
            {
                return MatrixError.Of(DanceRule.ResyncBadEvent, "an entry of pdus is not an event of the room's version");
            }
            ids.Add(parsed.Value.EventId.Value);
        }
        var fetched = EventRetrieval.TakeOutliers(server, roomId, chain.Concat(pdus));
        return Complete(fetched.Server, roomId, ids.ToImmutable());
    }

    /// <summary>
    /// Takes a <c>/state_ids</c> answer (<c>{pdu_ids, auth_chain_ids}</c>) at the join, once the caller fetched the events it names
    /// that the server did not hold and took them with <see cref="EventRetrieval.TakeOutliers(ResidentServer, string, IEnumerable{JsonValue})"/>.
    /// </summary>
    public static EndpointResult<Resynced> ApplyStateIds(ResidentServer server, string roomId, JsonValue answer)
    {
        if (server.Room(roomId) is not { IsPartialState: true }) return MatrixError.Of(DanceRule.ResyncNotPartial, $"{server.ServerName} holds no partial state of {roomId}");
        if (answer is not JsonObject body || body["pdu_ids"] is not JsonArray pduIds || body["auth_chain_ids"] is not JsonArray)
        {
            return MatrixError.Of(DanceRule.ResyncMalformed, "the answer needs pdu_ids and auth_chain_ids lists");
        }
        if (pduIds.Any(id => id is not JsonString)) return MatrixError.Of(DanceRule.ResyncMalformed, "pdu_ids holds something other than event IDs");
        return Complete(server, roomId, [.. pduIds.Cast<JsonString>().Select(id => id.Value)]);
    }

    // The state the IDs name, every event held (verified, not rejected by its own auth events), one per key; then the resync.
    private static EndpointResult<Resynced> Complete(ResidentServer server, string roomId, ImmutableArray<string> ids)
    {
        var room = server.Room(roomId)!;
        var events = new List<Pdu>(ids.Length);
        foreach (var id in ids)
        {
            if (room.Find(EventId.Parse(id, EventIdFormat.TestName) is { IsOk: true } parsed ? parsed.Value : default) is not { } held)
            {
                return MatrixError.Of(DanceRule.ResyncBadEvent, $"the state names {id}, which {server.ServerName} does not hold (dropped, not fetched, or missing an auth event)");
            }
            if (held.Pdu.StateKey is null) return MatrixError.Of(DanceRule.ResyncBadEvent, $"the state names {id}, which is not a state event");
            events.Add(held.Pdu);
        }
        var state = AuthState.FromEvents(events);
        if (state.Events.Count != events.Count) return MatrixError.Of(DanceRule.ResyncBadEvent, "the state names two events for one key");

        var resync = room.Resync(state, server.Keys);
        return resync.Kind switch
        {
            RoomResyncKind.Completed => EndpointResult<Resynced>.Ok(DanceRule.ResyncCompleted, new Resynced(server.With(resync.Room), resync)),
            RoomResyncKind.NotPartial => MatrixError.Of(DanceRule.ResyncNotPartial, $"{server.ServerName} holds no partial state of {roomId}"),
            RoomResyncKind.MissingEvents or RoomResyncKind.RejectedStateEvent or RoomResyncKind.WrongCreateEvent =>
                MatrixError.Of(DanceRule.ResyncBadEvent, $"the state is not one of this room: {resync.Token} {string.Join(", ", resync.Missing)}"),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }
}
