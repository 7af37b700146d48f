using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The answer of <c>GET /_matrix/federation/v1/state_ids/{roomId}?event_id=</c>: the IDs of the state at the event
/// and of its auth chain (spec v1.19, server-server API "Retrieving events").
/// </summary>
public sealed record StateIdsResponse(ImmutableArray<string> PduIds, ImmutableArray<string> AuthChainIds)
{
    /// <summary>The 200 body: <c>{pdu_ids, auth_chain_ids}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(
        ("auth_chain_ids", JsonValue.Array(AuthChainIds.Select(id => (JsonValue)JsonValue.String(id)))),
        ("pdu_ids", JsonValue.Array(PduIds.Select(id => (JsonValue)JsonValue.String(id)))));
}

/// <summary>
/// The answer of <c>GET /_matrix/federation/v1/state/{roomId}?event_id=</c>: the full events of the state before the event and
/// of that state's auth chain (spec v1.19, events.yaml: "The fully resolved state for the room, prior to considering any state
/// changes induced by the requested event").
/// </summary>
public sealed record StateResponse(ImmutableArray<JsonObject> Pdus, ImmutableArray<JsonObject> AuthChain)
{
    /// <summary>The 200 body: <c>{auth_chain, pdus}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(("auth_chain", JsonValue.Array(AuthChain)), ("pdus", JsonValue.Array(Pdus)));
}

/// <summary>The answer of <c>GET /_matrix/federation/v1/event_auth/{roomId}/{eventId}</c>: the event's auth chain.</summary>
public sealed record EventAuthResponse(ImmutableArray<JsonObject> AuthChain)
{
    /// <summary>The 200 body: <c>{auth_chain}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(("auth_chain", JsonValue.Array(AuthChain)));
}

/// <summary>What a server made of events it fetched as auth events or state: each event's fate, and the server after.</summary>
public sealed record FetchedEvents(ResidentServer Server, ImmutableArray<(string EventId, DanceRule Outcome)> Outcomes);

/// <summary>
/// Retrieving events (spec v1.19, server-server API "Retrieving events", "Authentication"): a resident answering
/// <c>/state_ids</c> and <c>/event_auth</c> for a server in the room, and a server taking the events it fetched
/// (an event's auth chain, or a state it asked for) as outliers — each checked like any received PDU for format,
/// signatures and hashes (B33), and against its own auth events, before it is used.
/// </summary>
public static partial class EventRetrieval
{
    /// <summary>
    /// <c>/state_ids</c>: the state before <paramref name="eventId"/> (the state its prev events lead to, which is
    /// what a server asking about an event it cannot place needs) and that state's auth chain. Only a server with a
    /// user in the room may ask (ours: the room's history is the room's).
    /// </summary>
    public static EndpointResult<StateIdsResponse> StateIds(ResidentServer server, string origin, string roomId, string eventId)
    {
        var found = Find(server, origin, roomId, eventId, DanceRule.StateIdsUnknownRoom, DanceRule.StateIdsForbidden, DanceRule.StateIdsServerDenied, DanceRule.StateIdsUnknownEvent);
        if (found.Error is { } refused) return refused;
        var (room, held) = found.Value!;
        if (held.StateBefore is not { } state || held.PartialState)
        {
            return MatrixError.Of(DanceRule.StateIdsUnknownEvent, $"{server.ServerName} does not know the whole state at {eventId} (an outlier, or a partial state)");
        }
        var events = Room.InStableOrder(state.Events.Values);
        var chain = room.AuthChain(events);
        return EndpointResult<StateIdsResponse>.Ok(DanceRule.StateIdsAnswered,
            new StateIdsResponse([.. events.Select(e => e.EventId.Value)], [.. chain.Select(e => e.EventId.Value)]));
    }

    /// <summary>
    /// <c>/state</c>: what <see cref="StateIds"/> names, as full events — the state before <paramref name="eventId"/> and its auth
    /// chain ("This performs the same function as calling /state", events.yaml).
    /// </summary>
    public static EndpointResult<StateResponse> State(ResidentServer server, string origin, string roomId, string eventId)
    {
        var found = Find(server, origin, roomId, eventId, DanceRule.StateUnknownRoom, DanceRule.StateForbidden, DanceRule.StateServerDenied, DanceRule.StateUnknownEvent);
        if (found.Error is { } refused) return refused;
        var (room, held) = found.Value!;
        if (held.StateBefore is not { } state || held.PartialState)
        {
            return MatrixError.Of(DanceRule.StateUnknownEvent, $"{server.ServerName} does not know the whole state at {eventId} (an outlier, or a partial state)");
        }
        var events = Room.InStableOrder(state.Events.Values);
        var chain = room.AuthChain(events);
        return EndpointResult<StateResponse>.Ok(DanceRule.StateAnswered, new StateResponse([.. events.Select(e => e.Json)], [.. chain.Select(e => e.Json)]));
    }

    /// <summary><c>/event_auth</c>: the auth chain of <paramref name="eventId"/>, for a server with a user in the room.</summary>
    public static EndpointResult<EventAuthResponse> EventAuth(ResidentServer server, string origin, string roomId, string eventId)
    {
        var found = Find(server, origin, roomId, eventId, DanceRule.EventAuthUnknownRoom, DanceRule.EventAuthForbidden, DanceRule.EventAuthServerDenied, DanceRule.EventAuthUnknownEvent);
        if (found.Error is { } refused) return refused;
        var (room, held) = found.Value!;
        var chain = room.AuthChain([held.Pdu]);
        return EndpointResult<EventAuthResponse>.Ok(DanceRule.EventAuthAnswered, new EventAuthResponse([.. chain.Select(e => e.Json)]));
    }

    /// <summary>
    /// Takes <paramref name="events"/>, fetched for room <paramref name="roomId"/>, as outliers: each must be a valid,
    /// correctly signed event of the room (else dropped; one whose content hash fails is kept redacted, as on receipt),
    /// and is checked against its own auth events, which must be held or among the fetched events (else it is left
    /// out). Events are taken auth events first, so one batch may carry a whole auth chain.
    /// </summary>
    public static FetchedEvents TakeOutliers(ResidentServer server, string roomId, IEnumerable<JsonValue> events) =>
        TakeOutliers(server, roomId, events, verify: null);

    /// <summary>
    /// As <see cref="TakeOutliers(ResidentServer, string, IEnumerable{JsonValue})"/>, with the checks 1–3 on receipt of each
    /// event (format, signatures, hashes, with keys the server trusts) run by <paramref name="verify"/> when given.
    /// </summary>
    public static FetchedEvents TakeOutliers(ResidentServer server, string roomId, IEnumerable<JsonValue> events, ReceiptVerifier? verify)
    {
        var outcomes = ImmutableArray.CreateBuilder<(string, DanceRule)>();
        if (server.Room(roomId) is not { } room) return new FetchedEvents(server, outcomes.ToImmutable());

        var verified = new List<Pdu>();
        foreach (var value in events)
        {
            if (value is not JsonObject json)
            {
                outcomes.Add(("", DanceRule.FetchedDropped));
                continue;
            }
            var (accepted, dropped) = verify?.Invoke(json, room.Version.Format) ?? PduVerification.Check(json, room.Version.Format, server.Keys);
            if (dropped is not null || !accepted!.Pdu.RoomId.Value.Equals(roomId, StringComparison.Ordinal))
            {
                // Named by its ID when it is at least a well-formed event, so the caller can tell which one failed.
                var named = PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation);
                outcomes.Add((named.IsOk ? named.Value.EventId.Value : "", DanceRule.FetchedDropped));
                continue;
            }
            verified.Add(accepted.Pdu);
        }

        foreach (var pdu in Room.InStableOrder(verified))
        {
            if (room.Knows(pdu.EventId))
            {
                outcomes.Add((pdu.EventId.Value, DanceRule.FetchedAlreadyHeld));
                continue;
            }
            var cited = pdu.AuthEventsWithImpliedCreate;
            if (cited.Any(a => !room.Knows(a)))
            {
                outcomes.Add((pdu.EventId.Value, DanceRule.FetchedMissingAuthEvent));
                continue;
            }
            var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, [.. cited.Select(a => room.Get(a.Value)!)], room.Version, room.AuthContextFor(server.Keys));
            room = room.WithOutlier(pdu, rejected: !decision.Allowed, decision);
            outcomes.Add((pdu.EventId.Value, decision.Allowed ? DanceRule.FetchedOutlier : DanceRule.FetchedRejected));
        }
        return new FetchedEvents(server.With(room), outcomes.ToImmutable());
    }

    // The room, when origin may read it: it is held, the room's server ACL allows origin ("MUST be protected": state_ids,
    // state, event_auth, backfill, get_missing_events), and origin has a user joined (ours: the room's history is the room's).
    private static EndpointResult<Room> Access(ResidentServer server, string origin, string roomId, DanceRule unknownRoom, DanceRule forbidden, DanceRule serverDenied)
    {
        if (server.Room(roomId) is not { } room) return MatrixError.Of(unknownRoom, $"{server.ServerName} does not know room {roomId}");
        if (ServerAcl.Evaluate(room.State, origin) is { Allowed: false } denied) return MatrixError.Of(serverDenied, $"the room's server ACL denies {origin} ({denied})");
        // With a partial state the members are unknown; the servers the join answer named stand for them.
        var inRoom = room.JoinedServers().Contains(origin, StringComparer.Ordinal)
            || (room.Partial?.ResyncFrom.Contains(origin, StringComparer.Ordinal) ?? false)
            || string.Equals(origin, server.ServerName, StringComparison.Ordinal);
        if (!inRoom)
        {
            return MatrixError.Of(forbidden, $"{origin} has no user joined to {roomId}");
        }
        return EndpointResult<Room>.Ok(DanceRule.StateIdsAnswered, room);
    }

    private static EndpointResult<Located> Find(ResidentServer server, string origin, string roomId, string eventId, DanceRule unknownRoom, DanceRule forbidden, DanceRule serverDenied, DanceRule unknownEvent)
    {
        var access = Access(server, origin, roomId, unknownRoom, forbidden, serverDenied);
        if (access.Error is { } refused) return refused;
        var room = access.Value!;
        // An event of another room is not held here: unknown (Synapse GHSA-qcjr-46gf-7f4r).
        if (EventId.Parse(eventId, EventIdFormat.TestName) is not { IsOk: true } parsed || room.Find(parsed.Value) is not { } held)
        {
            return MatrixError.Of(unknownEvent, $"{server.ServerName} does not hold {eventId} in {roomId}");
        }
        return EndpointResult<Located>.Ok(DanceRule.StateIdsAnswered, new Located(room, held));
    }

    private sealed record Located(Room Room, HeldEvent Held);
}
