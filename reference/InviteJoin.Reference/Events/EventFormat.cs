namespace InviteJoin.Reference.Events;

/// <summary>
/// The event-format half of a room version: how events are identified, encoded, hashed and
/// redacted (spec v1.19, "Room Versions", each version's "Event format" and "Event IDs"
/// sections; server-server API "PDUs"). The authorisation half lives in the room-version record, which
/// holds one of these.
/// </summary>
public sealed record EventFormat
{
    /// <summary>Room versions 1–2: server-scoped event IDs carried in the PDU, references as [id, hashes] pairs, lenient JSON.</summary>
    public static readonly EventFormat V1 = new()
    {
        Name = "v1",
        EventIds = EventIdFormat.ServerScoped,
        RoomIds = RoomIdFormat.WithServer,
        Redaction = RedactionRules.V1,
    };

    /// <summary>Room version 3: event IDs are the standard-base64 reference hash (MSC1659).</summary>
    public static readonly EventFormat V3 = V1 with { Name = "v3", EventIds = EventIdFormat.StandardBase64Hash };

    /// <summary>Room version 4: event IDs use the URL-safe alphabet (MSC2002).</summary>
    public static readonly EventFormat V4 = V3 with { Name = "v4", EventIds = EventIdFormat.UrlSafeBase64Hash };

    /// <summary>Room version 5: signing keys count only for events within their <c>valid_until_ts</c> (MSC2077).</summary>
    public static readonly EventFormat V5 = V4 with { Name = "v5", EnforceKeyValidity = true };

    /// <summary>Room versions 6–7: canonical JSON is enforced, depth is bounded by 2^53 − 1 (MSC2540), aliases content is not kept on redaction.</summary>
    public static readonly EventFormat V6 = V5 with
    {
        Name = "v6",
        StrictCanonicalJson = true,
        MaxDepth = JsonNumberLimits.MaxSafeInteger,
        Redaction = RedactionRules.V6,
    };

    /// <summary>Room version 8: join-rule <c>allow</c> survives redaction.</summary>
    public static readonly EventFormat V8 = V6 with { Name = "v8", Redaction = RedactionRules.V8 };

    /// <summary>Room versions 9–10: <c>join_authorised_via_users_server</c> survives redaction.</summary>
    public static readonly EventFormat V9 = V8 with { Name = "v9", Redaction = RedactionRules.V9 };

    /// <summary>Room version 11: the v11 redaction algorithm, <c>redacts</c> moves into content (MSC2174).</summary>
    public static readonly EventFormat V11 = V9 with { Name = "v11", Redaction = RedactionRules.V11, RedactsInContent = true };

    /// <summary>Room version 12: room IDs are the create event's reference hash and the create event has no <c>room_id</c> (MSC4291).</summary>
    public static readonly EventFormat V12 = V11 with { Name = "v12", RoomIds = RoomIdFormat.CreateEventHash };

    /// <summary>A short name for messages ("v1", "v3", ...).</summary>
    public required string Name { get; init; }

    /// <summary>How event IDs are written and where they come from.</summary>
    public required EventIdFormat EventIds { get; init; }

    /// <summary>How room IDs are written (v12 derives them from the create event).</summary>
    public required RoomIdFormat RoomIds { get; init; }

    /// <summary>The redaction algorithm.</summary>
    public required RedactionRules Redaction { get; init; }

    /// <summary>Events must be canonical JSON: integer numbers within ±(2^53 − 1) only (room version 6+).</summary>
    public bool StrictCanonicalJson { get; init; }

    /// <summary>The largest permitted <c>depth</c>: 2^63 − 1 before room version 6, 2^53 − 1 from it.</summary>
    public long MaxDepth { get; init; } = long.MaxValue;

    /// <summary><c>m.room.redaction</c> names its target in <c>content.redacts</c> (v11+) rather than top-level <c>redacts</c>.</summary>
    public bool RedactsInContent { get; init; }

    /// <summary>
    /// A server's signing key verifies an event only if the key's <c>valid_until_ts</c> is at least the
    /// event's <c>origin_server_ts</c> (room version 5+; versions 1–4 must ignore <c>valid_until_ts</c>).
    /// </summary>
    public bool EnforceKeyValidity { get; init; }

    /// <summary>The PDU carries its own <c>event_id</c> (room versions 1–2).</summary>
    public bool EventIdInPdu => EventIds == EventIdFormat.ServerScoped;

    /// <summary><c>prev_events</c>/<c>auth_events</c> are <c>[event_id, {"sha256": ...}]</c> pairs (room versions 1–2).</summary>
    public bool ReferencesCarryHashes => EventIds == EventIdFormat.ServerScoped;

    /// <summary>The create event carries no <c>room_id</c>; the room ID is derived from its event ID (room version 12).</summary>
    public bool RoomIdFromCreateEvent => RoomIds == RoomIdFormat.CreateEventHash;
}

/// <summary>Numeric limits shared by the event format.</summary>
public static class JsonNumberLimits
{
    /// <summary>2^53 − 1, the largest magnitude canonical JSON permits.</summary>
    public const long MaxSafeInteger = Json.JsonNumber.MaxSafeInteger;
}
