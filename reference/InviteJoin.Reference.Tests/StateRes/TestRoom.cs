using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Builds hand-written test events of one room version through the real PDU parser (test-input options:
/// no hashes or signatures, an <c>event_id</c> key names the event). Short names become event IDs of the
/// version's shape: <c>$name:example.com</c> in room versions 1–2, <c>$name</c> from 3; in room version 12
/// the room is named after the create event and nothing cites the create event.
/// </summary>
internal sealed class TestRoom(RoomVersion version, string createName = "create")
{
    public RoomVersion Version { get; } = version;

    public string RoomIdText => Version.RoomIdIsCreateEventHash ? "!" + createName : "!room:example.com";

    public static string User(string name) => "@" + name + ":example.com";

    public EventId Id(string name) => EventId.Parse(IdText(name), Version.Format.EventIds is EventIdFormat.ServerScoped ? EventIdFormat.ServerScoped : EventIdFormat.TestName).Value;

    public string IdText(string name) => Version.Format.EventIdInPdu ? "$" + name + ":example.com" : "$" + name;

    /// <summary>An event's JSON; <paramref name="auth"/> and <paramref name="prev"/> are short names.</summary>
    public JsonObject Json(
        string name, string type, string? stateKey, string sender, JsonObject content,
        IReadOnlyList<string> prev, IReadOnlyList<string> auth, long ts, long depth = 1, string? roomId = null)
    {
        var members = new List<(string, JsonValue)>
        {
            ("event_id", JsonValue.String(IdText(name))),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("prev_events", References(prev)),
            ("auth_events", References(auth)),
            ("depth", JsonValue.Number(depth)),
            ("origin_server_ts", JsonValue.Number(ts)),
        };
        if (stateKey is not null) members.Add(("state_key", JsonValue.String(stateKey)));
        var isV12Create = Version.RoomIdIsCreateEventHash && type == "m.room.create";
        if (!isV12Create) members.Add(("room_id", JsonValue.String(roomId ?? RoomIdText)));
        return JsonValue.Object(members.ToArray());
    }

    public Pdu Event(
        string name, string type, string? stateKey, string sender, JsonObject content,
        IReadOnlyList<string> prev, IReadOnlyList<string> auth, long ts, long depth = 1, string? roomId = null)
    {
        var json = Json(name, type, stateKey, sender, content, prev, auth, ts, depth, roomId);
        var parsed = PduParser.Parse(json, Version.Format, PduParseOptions.TestInput);
        if (!parsed.IsOk) throw new InvalidOperationException($"test event {name} does not parse: {parsed.Failure}");
        return parsed.Value;
    }

    /// <summary>A state event with the given content members.</summary>
    public Pdu State(string name, string type, string stateKey, string sender, IReadOnlyList<string> prev, IReadOnlyList<string> auth, long ts, params (string, JsonValue)[] content) =>
        Event(name, type, stateKey, sender, JsonValue.Object(content), prev, auth, ts);

    private JsonArray References(IReadOnlyList<string> names)
    {
        var items = names.Select(n => Version.Format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(IdText(n)), JsonObject.Empty)
            : (JsonValue)JsonValue.String(IdText(n)));
        return (JsonArray)JsonValue.Array(items.ToArray());
    }

    /// <summary>
    /// A line of <paramref name="length"/> events, each citing the one before as prev and auth event (the first
    /// is the create event). The first two are parsed; the rest are copies of the second with the ID, references,
    /// depth and timestamp changed in both the record and its JSON, which keeps 100,000 events to a fraction of a second.
    /// </summary>
    public ImmutableArray<Pdu> Chain(int length, string prefix = "e")
    {
        var events = ImmutableArray.CreateBuilder<Pdu>(length);
        var alice = User("alice");
        events.Add(Event(createName, "m.room.create", "", alice, Create(alice), [], [], 0));
        if (length == 1) return events.MoveToImmutable();
        var template = Event(prefix + "1", "m.room.topic", "", alice, JsonValue.Object(("topic", JsonValue.String("chain"))),
            [createName], Version.RoomIdIsCreateEventHash ? [] : [createName], 1, 2);
        events.Add(template);
        var idFormat = Version.Format.EventIdInPdu ? EventIdFormat.ServerScoped : EventIdFormat.TestName;
        for (var i = 2; i < length; i++)
        {
            var name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var previous = events[i - 1].EventId;
            var json = template.Json
                .With("event_id", JsonValue.String(IdText(name)))
                .With("prev_events", References([previous.Value.TrimStart('$').Split(':')[0]]))
                .With("auth_events", References([previous.Value.TrimStart('$').Split(':')[0]]))
                .With("depth", JsonValue.Number(i + 1))
                .With("origin_server_ts", JsonValue.Number(i));
            events.Add(template with
            {
                Json = json,
                EventId = EventId.Parse(IdText(name), idFormat).Value,
                PrevEvents = [previous],
                AuthEvents = [previous],
                Depth = i + 1,
                OriginServerTs = i,
            });
        }
        return events.MoveToImmutable();
    }

    public JsonObject Create(string creator) => Version.CreatorInContent
        ? JsonValue.Object(("creator", JsonValue.String(creator)), ("room_version", JsonValue.String(Version.Id)))
        : JsonValue.Object(("room_version", JsonValue.String(Version.Id)));
}
