using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Export;

/// <summary>An anomaly planted in an export, each of a kind an audit must find.</summary>
public enum PlantedAnomaly
{
    /// <summary>An event whose sender's signature was altered.</summary>
    TamperedSignature,

    /// <summary>An event that its own auth events do not allow (a sender who never joined).</summary>
    FailsAuthEvents,

    /// <summary>An event its auth events allow but the state before it does not (a sender who has since left).</summary>
    FailsStateBefore,

    /// <summary>A <c>/state</c> response whose state differs from the resolved one in one member event.</summary>
    ClaimedStateDiffers,
}

/// <summary>One planted anomaly: its kind, the event it is about, and what was done, in a sentence.</summary>
public sealed record PlantedEvent(PlantedAnomaly Anomaly, string EventId, string Description);

/// <summary>
/// An export of a room, as an audit reads it: every event as signed JSON, a <c>/state</c> response at one event
/// (<see cref="StateAt"/>: the state before it), the servers' <c>/_matrix/key/v2/server</c> responses, and the
/// anomalies planted in it (none in a clean export).
/// </summary>
public sealed record RoomExport(RoomVersion Version, ImmutableArray<JsonObject> Events, JsonObject StateResponse, string StateAt, JsonArray KeyResponses, ImmutableArray<PlantedEvent> Planted);

/// <summary>Cuts exports from a generated <see cref="RoomHistory"/>: a clean one, and one with an anomaly of each kind planted.</summary>
public static class RoomExports
{
    /// <summary>The whole history, the correct state at the event two thirds of the way through, and the keys.</summary>
    public static RoomExport Clean(RoomHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var at = StateAtEvent(history);
        var state = history.Room.StateBefore(at)!;
        return new RoomExport(history.Version, history.Events, StateResponse(history, state.Events.Values), at.Value, KeyResponses(history), []);
    }

    /// <summary>
    /// The clean export with one anomaly of each <see cref="PlantedAnomaly"/> kind: a message with a tampered
    /// signature, a message by a user who never joined, a message by a user who has left that cites their old join,
    /// and a <c>/state</c> response holding a member event that an earlier one replaced.
    /// </summary>
    public static RoomExport WithAnomalies(RoomHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var clean = Clean(history);
        var events = history.Events.ToList();
        var planted = new List<PlantedEvent>();
        var format = history.Version.Format;

        // A message part of the way in, its sender's signature altered by one character.
        var index = Enumerable.Range(events.Count * 2 / 5, events.Count - events.Count * 2 / 5).First(i => Parse(history, events[i]).Type == "m.room.message");
        var message = Parse(history, events[index]);
        events[index] = Tamper(events[index], message.Sender.Server.ToString());
        planted.Add(new PlantedEvent(PlantedAnomaly.TamperedSignature, message.EventId.Value, "the signature of " + message.Sender.Server + " was altered"));

        // A user who never joined speaks, citing the create event and the power levels.
        var server = history.Servers[^1];
        var prev = history.Room.Get(Parse(history, events[events.Count / 2]).EventId.Value)!;
        var stranger = "@mallory:" + server;
        var afterPrev = history.Room.StateAfter(prev.EventId)!;
        var intruder = Sign(history, server, stranger, prev, Cited(history, afterPrev.Create, afterPrev.PowerLevels));
        events.Add(intruder.Json);
        planted.Add(new PlantedEvent(PlantedAnomaly.FailsAuthEvents, intruder.EventId.Value, stranger + ", who never joined, sends a message"));

        // A user who left speaks after their departure, citing their old join as an auth event.
        var leave = history.Room.Events.Values
            .Where(e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Leave && e.StateKey == e.Sender.Value
                && history.Room.StateBefore(e.EventId)?.Member(e.Sender.Value) is { Membership: MembershipValues.Join })
            .OrderBy(e => e.Depth).ThenBy(e => e.EventId.Value, StringComparer.Ordinal).First();
        var join = history.Room.StateBefore(leave.EventId)!.Member(leave.Sender.Value)!;
        var afterLeave = history.Room.StateAfter(leave.EventId)!;
        var ghost = Sign(history, leave.Sender.Server.ToString(), leave.Sender.Value, leave, Cited(history, afterLeave.Create, afterLeave.PowerLevels, join));
        events.Add(ghost.Json);
        planted.Add(new PlantedEvent(PlantedAnomaly.FailsStateBefore, ghost.EventId.Value, leave.Sender.Value + " sends a message after leaving, citing their old join " + join.EventId.Value));

        // The /state response holds, for one member, the event their current one replaced.
        var at = EventId.Parse(clean.StateAt, format.EventIds).Value;
        var state = history.Room.StateBefore(at)!;
        var (key, current, earlier) = state.Events
            .Where(kv => kv.Key.Type == EventTypes.Member)
            .Select(kv => (kv.Key, Current: kv.Value, Earlier: history.Room.StateBefore(kv.Value.EventId)?.Get(kv.Key)))
            .First(x => x.Earlier is not null);
        var claimed = state.Events.Values.Select(e => e.EventId.Equals(current.EventId) ? earlier! : e);
        planted.Add(new PlantedEvent(PlantedAnomaly.ClaimedStateDiffers, clean.StateAt, $"the /state response has {earlier!.EventId} for {key.Key} instead of {current.EventId}"));

        return clean with { Events = [.. events], StateResponse = StateResponse(history, claimed), Planted = [.. planted] };
    }

    /// <summary>The servers' keys as each would publish them at <c>/_matrix/key/v2/server</c>, self-signed.</summary>
    public static JsonArray KeyResponses(RoomHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return JsonValue.Array(history.Servers.Select(server =>
        {
            var key = RoomHistory.SigningKey(server);
            var response = JsonValue.Object(
                ("server_name", JsonValue.String(server)),
                ("verify_keys", JsonValue.Object((key.KeyId.ToString(), JsonValue.Object(("key", JsonValue.String(key.PublicKeyBase64)))))),
                ("old_verify_keys", JsonObject.Empty),
                ("valid_until_ts", JsonValue.Number(4_000_000_000_000)));
            return (JsonValue)JsonSigning.Sign(response, server, key);
        }));
    }

    // The event two thirds of the way through the history (never the create event).
    private static EventId StateAtEvent(RoomHistory history) => Parse(history, history.Events[Math.Max(1, history.Events.Length * 2 / 3)]).EventId;

    private static JsonObject StateResponse(RoomHistory history, IEnumerable<Pdu> state)
    {
        var pdus = state.OrderBy(e => e.EventId.Value, StringComparer.Ordinal).ToList();
        var chain = history.Room.AuthChain(pdus);
        return JsonValue.Object(
            ("auth_chain", JsonValue.Array(chain.Select(e => (JsonValue)e.Json))),
            ("pdus", JsonValue.Array(pdus.Select(e => (JsonValue)e.Json))));
    }

    private static Pdu Parse(RoomHistory history, JsonObject json) => PduParser.Parse(json, history.Version.Format, PduParseOptions.Federation).Value;

    private static IEnumerable<Pdu> Cited(RoomHistory history, params Pdu?[] events) =>
        events.OfType<Pdu>().Where(e => history.Version.CreateEventInAuthEvents || e.Type != EventTypes.Create);

    // A message by sender on prev, citing the given auth events, signed by the server.
    private static Pdu Sign(RoomHistory history, string server, string sender, Pdu prev, IEnumerable<Pdu> authEvents)
    {
        var room = history.Room;
        var template = JsonValue.Object(
            ("room_id", JsonValue.String(room.RoomId.Value)),
            ("type", JsonValue.String("m.room.message")),
            ("sender", JsonValue.String(sender)),
            ("content", JsonValue.Object(("msgtype", JsonValue.String("m.text")), ("body", JsonValue.String("planted")))),
            ("depth", JsonValue.Number(prev.Depth + 1)),
            ("prev_events", EventTemplates.References(room, [prev.EventId])),
            ("auth_events", EventTemplates.References(room, authEvents.Select(e => e.EventId))));
        var signed = EventCompletion.Complete(template, history.Version, server, RoomHistory.SigningKey(server), prev.OriginServerTs + 1);
        return Parse(history, signed);
    }

    // The signature of server, one character changed: still unpadded base64 of 64 bytes, no longer the signature.
    private static JsonObject Tamper(JsonObject json, string server)
    {
        var signatures = (JsonObject)json["signatures"]!;
        var mine = (JsonObject)signatures[server]!;
        var (keyId, value) = mine[0];
        var text = ((JsonString)value).Value;
        var altered = (text[0] == 'A' ? 'B' : 'A') + text[1..];
        return json.With("signatures", signatures.With(server, mine.With(keyId, JsonValue.String(altered))));
    }
}
