using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Events;

/// <summary>
/// The events that start a room, as a server that really signs writes them: shared by the simulator and the test
/// kit so that a room begins the same way in both.
/// </summary>
public static class RoomEvents
{
    /// <summary>
    /// The create event of a room of <paramref name="version"/> by <paramref name="creator"/>, completed and signed by
    /// <paramref name="server"/> at <paramref name="ts"/>. Its content names the room version, in room versions 1–10 the
    /// creator, and <paramref name="tag"/> (so that rooms of one creator and version differ: in room version 12 the room
    /// ID is the create event's hash); in versions 1–11 the room ID is <c>!tag:server</c>. <paramref name="extraContent"/>
    /// adds to the content.
    /// </summary>
    public static JsonObject SignedCreate(RoomVersion version, string creator, string server, Ed25519SigningKey key, string tag, long ts, JsonObject? extraContent = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("tag", JsonValue.String(tag)));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(creator));
        foreach (var (name, value) in extraContent ?? JsonObject.Empty) content = content.With(name, value);
        var json = JsonValue.Object(
            ("type", JsonValue.String(EventTypes.Create)),
            ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String(creator)),
            ("content", content),
            ("depth", JsonValue.Number(1)),
            ("prev_events", JsonArray.Empty),
            ("auth_events", JsonArray.Empty));
        if (!version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String("!" + tag + ":" + server));
        return EventCompletion.Complete(json, version, server, key, ts);
    }

    /// <summary>Join-rules content: <paramref name="joinRule"/>, and for restricted rules an <c>allow</c> entry for each room of <paramref name="allowRooms"/>.</summary>
    public static JsonObject JoinRules(string joinRule, IEnumerable<string> allowRooms)
    {
        ArgumentNullException.ThrowIfNull(allowRooms);
        var content = JsonValue.Object(("join_rule", JsonValue.String(joinRule)));
        var allow = allowRooms.ToList();
        if (allow.Count == 0) return content;
        return content.With("allow", JsonValue.Array(allow.Select(id => (JsonValue)JsonValue.Object(
            ("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(id))))));
    }
}
