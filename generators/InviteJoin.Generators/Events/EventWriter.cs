using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Events;

/// <summary>
/// Writes hand-made, unsigned events of one room version and reads them through the real PDU parser as
/// test input (no hashes or signatures; an <c>event_id</c> key names the event in every room version).
/// Events are named by short names that become event IDs of the version's shape: <c>$name:server</c> in
/// room versions 1–2 (whose event IDs name a server), <c>$name</c> from 3. The room is <c>!room:server</c>,
/// or in room version 12 the create event's name with <c>!</c> (the room ID names the create event, and no
/// event cites it). Every generator and test kit that writes events by hand writes them here, so an event
/// ID, a reference or a create event has one shape everywhere.
/// </summary>
public sealed class EventWriter
{
    /// <param name="version">The room version whose event format the events take.</param>
    /// <param name="server">The server named by room version 1–2 event IDs and by the room ID, unless an event names another.</param>
    /// <param name="createName">The create event's name (in room version 12 also the room's).</param>
    /// <param name="roomName">The room ID's local part in room versions 1–11.</param>
    public EventWriter(RoomVersion version, string server, string createName = "create", string roomName = "room")
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(server);
        Version = version;
        Server = server;
        CreateName = createName;
        RoomId = version.RoomIdIsCreateEventHash ? "!" + createName : "!" + roomName + ":" + server;
    }

    public RoomVersion Version { get; }

    /// <summary>The server room version 1–2 event IDs name unless an event names another.</summary>
    public string Server { get; }

    public string CreateName { get; }

    /// <summary>The room's ID: <c>!room:server</c>, or in room version 12 <c>!</c> and the create event's name.</summary>
    public string RoomId { get; }

    /// <summary>The event ID text of <paramref name="name"/>: <c>$name:server</c> in room versions 1–2, <c>$name</c> from 3. A text starting with <c>$</c> is already an ID.</summary>
    public string IdText(string name, string? server = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('$')) return name;
        return Version.Format.EventIdInPdu ? "$" + name + ":" + (server ?? Server) : "$" + name;
    }

    /// <summary>The event ID of <paramref name="name"/> (see <see cref="IdText"/>).</summary>
    public EventId Id(string name, string? server = null)
    {
        var text = IdText(name, server);
        var parsed = EventId.Parse(text, Version.Format.EventIdInPdu ? EventIdFormat.ServerScoped : EventIdFormat.TestName);
        if (!parsed.IsOk) throw new ArgumentException($"'{text}' is not an event ID of room version {Version.Id}: {parsed.Failure}", nameof(name));
        return parsed.Value;
    }

    /// <summary>References to <paramref name="names"/> (names or IDs) in the version's format: plain IDs, or in room versions 1–2 <c>[ID, {}]</c> pairs.</summary>
    public JsonArray References(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return References(Version.Format, names.Select(name => IdText(name)));
    }

    /// <summary>References to the event IDs <paramref name="ids"/> in <paramref name="format"/>: plain IDs, or in room versions 1–2 <c>[ID, {}]</c> pairs (test input carries no reference hashes).</summary>
    public static JsonArray References(EventFormat format, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(ids);
        return JsonValue.Array(ids.Select(id => format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(id), JsonObject.Empty)
            : (JsonValue)JsonValue.String(id)));
    }

    /// <summary>The content of a well-formed create event by <paramref name="creator"/>: the room version, and in versions 1–10 the creator.</summary>
    public JsonObject CreateContent(string creator)
    {
        var content = JsonValue.Object(("room_version", JsonValue.String(Version.Id)));
        return Version.CreatorInContent ? content.With("creator", JsonValue.String(creator)) : content;
    }

    /// <summary>
    /// An event's JSON. <paramref name="prev"/> and <paramref name="auth"/> hold names or IDs; <paramref name="idServer"/>
    /// is the server of a room version 1–2 event ID (default <see cref="Server"/>). A room version 12 create event has no room ID.
    /// </summary>
    public JsonObject Json(
        string name, string type, string? stateKey, string sender, JsonObject content,
        IEnumerable<string> prev, IEnumerable<string> auth, long ts, long depth = 1, string? roomId = null, string? idServer = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var members = new List<(string, JsonValue)>
        {
            ("event_id", JsonValue.String(IdText(name, idServer))),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("prev_events", References(prev)),
            ("auth_events", References(auth)),
            ("depth", JsonValue.Number(depth)),
            ("origin_server_ts", JsonValue.Number(ts)),
        };
        if (stateKey is not null) members.Add(("state_key", JsonValue.String(stateKey)));
        var isV12Create = Version.RoomIdIsCreateEventHash && type == EventTypes.Create;
        if (!isV12Create) members.Add(("room_id", JsonValue.String(roomId ?? RoomId)));
        return JsonValue.Object([.. members]);
    }

    /// <summary>The event <see cref="Json"/> writes, parsed; an event the version's format refuses is a bug in the caller.</summary>
    public Pdu Event(
        string name, string type, string? stateKey, string sender, JsonObject content,
        IEnumerable<string> prev, IEnumerable<string> auth, long ts, long depth = 1, string? roomId = null, string? idServer = null) =>
        Parse(Json(name, type, stateKey, sender, content, prev, auth, ts, depth, roomId, idServer));

    /// <summary>A state event with the given content members.</summary>
    public Pdu State(string name, string type, string stateKey, string sender, IEnumerable<string> prev, IEnumerable<string> auth, long ts, params (string, JsonValue)[] content) =>
        Event(name, type, stateKey, sender, JsonValue.Object(content), prev, auth, ts);

    /// <summary>The create event by <paramref name="creator"/>, named <see cref="CreateName"/>.</summary>
    public Pdu Create(string creator, long ts = 1) => Event(CreateName, EventTypes.Create, "", creator, CreateContent(creator), [], [], ts);

    /// <summary><paramref name="json"/> read as test input of the version: the result, failure included.</summary>
    public Result<Pdu> TryParse(JsonObject json) => PduParser.Parse(json, Version.Format, PduParseOptions.TestInput);

    /// <summary><paramref name="json"/> read as test input of the version; one the format refuses is a bug in the caller.</summary>
    public Pdu Parse(JsonObject json)
    {
        var parsed = TryParse(json);
        if (!parsed.IsOk) throw new InvalidOperationException($"a written event does not parse: {parsed.Failure}\n{CanonicalJson.EncodeToString(json)}");
        return parsed.Value;
    }

    /// <summary>
    /// A line of <paramref name="length"/> events by <paramref name="creator"/>, each citing the one before as prev and
    /// auth event (the first is the create event). The first two are parsed; the rest are copies of the second with the
    /// ID, references, depth and timestamp changed in both the record and its JSON, which keeps 100,000 events to a
    /// fraction of a second.
    /// </summary>
    public ImmutableArray<Pdu> Chain(int length, string creator, string prefix = "e")
    {
        var events = ImmutableArray.CreateBuilder<Pdu>(length);
        events.Add(Create(creator, 0));
        if (length == 1) return events.MoveToImmutable();
        var template = Event(prefix + "1", EventTypes.Topic, "", creator, JsonValue.Object(("topic", JsonValue.String("chain"))),
            [CreateName], Version.RoomIdIsCreateEventHash ? [] : [CreateName], 1, 2);
        events.Add(template);
        for (var i = 2; i < length; i++)
        {
            var id = Id(prefix + i.ToString(CultureInfo.InvariantCulture));
            var previous = events[i - 1].EventId;
            var json = template.Json
                .With("event_id", JsonValue.String(id.Value))
                .With("prev_events", References([previous.Value]))
                .With("auth_events", References([previous.Value]))
                .With("depth", JsonValue.Number(i + 1))
                .With("origin_server_ts", JsonValue.Number(i));
            events.Add(template with
            {
                Json = json,
                EventId = id,
                PrevEvents = [previous],
                AuthEvents = [previous],
                Depth = i + 1,
                OriginServerTs = i,
            });
        }
        return events.MoveToImmutable();
    }
}
