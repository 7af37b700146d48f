using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// Parses a JSON object as a PDU of a given event format (spec v1.19, server-server API "PDUs",
/// the per-version PDU schemas, client-server API "Size limits"). Every problem is a named
/// <see cref="EventError"/> with the JSON path of the offending field; nothing throws.
/// </summary>
public static class PduParser
{
    /// <summary>The largest number of <c>auth_events</c> a PDU may cite.</summary>
    public const int MaxAuthEvents = 10;

    /// <summary>The largest number of <c>prev_events</c> a PDU may cite.</summary>
    public const int MaxPrevEvents = 20;

    /// <summary>The byte limit of <c>type</c>, <c>state_key</c> and identifiers.</summary>
    public const int MaxFieldBytes = 255;

    public static Result<Pdu> Parse(JsonValue json, EventFormat format, PduParseOptions options) => Parse(json, format, options, null, null);

    /// <summary>
    /// As <see cref="Parse(JsonValue, EventFormat, PduParseOptions)"/>, for one of a batch of PDUs (a request's events):
    /// the identifiers the batch repeats are read once and remembered in <paramref name="memo"/>.
    /// </summary>
    public static Result<Pdu> Parse(JsonValue json, EventFormat format, PduParseOptions options, PduParseMemo memo) => Parse(json, format, options, null, memo);

    /// <summary>
    /// Reads <paramref name="event"/> as federation receives it (<see cref="PduParseOptions.Federation"/>), encoding its
    /// redacted form once: room versions 3+ name the event by its hash, and in room versions 1–2 the PDU keeps it, for the
    /// events that will cite this one (for example a room's create event, which every later event cites).
    /// </summary>
    public static Result<Pdu> ParseSigned(JsonObject @event, EventFormat format) =>
        Parse(@event, format, PduParseOptions.Federation, EventHashes.RedactedSigningBytes(@event, format), null);

    /// <summary>As <see cref="Parse(JsonValue, EventFormat, PduParseOptions)"/>, reusing the event's redacted signing bytes when the caller has them.</summary>
    internal static Result<Pdu> Parse(JsonValue json, EventFormat format, PduParseOptions options, byte[]? redactedSigningBytes) =>
        Parse(json, format, options, redactedSigningBytes, null);

    private static Result<Pdu> Parse(JsonValue json, EventFormat format, PduParseOptions options, byte[]? redactedSigningBytes, PduParseMemo? memo)
    {
        if (memo is not null && !memo.Serves(format, options)) memo = null;
        if (json is not JsonObject obj) return Fail(EventError.NotAnObject, JsonPath.Root, "a PDU must be a JSON object");

        if (format.StrictCanonicalJson && CanonicalJson.FindNonCanonicalNumber(obj, JsonPath.Root) is { } bad)
        {
            return Fail(EventError.NotCanonicalJson, bad, $"room version format {format.Name} requires canonical JSON: numbers must be integers within ±(2^53−1) written without fraction or exponent");
        }

        // An event read from text no longer than the limit needs no size walk: its canonical form is no longer than its text.
        var fits = obj.SourceBytes is >= 0 and var source && source <= options.MaxSizeBytes || CanonicalJson.FitsWithin(obj, options.MaxSizeBytes);
        if (!fits && EventHashes.CanonicalSize(obj) is var size) return Fail(EventError.TooLarge, JsonPath.Root, $"the event is {size} bytes of canonical JSON; the limit is {options.MaxSizeBytes}");

        // The fields are found in one walk over the members rather than a search for each.
        var fields = new Fields(obj);

        var typeResult = RequiredString(fields[Field.Type], "type");
        if (!typeResult.IsOk) return typeResult.Failure!;
        var type = typeResult.Value;
        if (Utf8Longer(type, MaxFieldBytes)) return Fail(EventError.FieldTooLong, "$.type", $"type is longer than {MaxFieldBytes} bytes");

        var senderText = RequiredString(fields[Field.Sender], "sender");
        if (!senderText.IsOk) return senderText.Failure!;
        var sender = ParseUserId(senderText.Value, "$.sender", memo);
        if (!sender.IsOk) return Fail(EventError.BadIdentifier, "$.sender", sender.Failure!.Message);

        string? stateKey = null;
        if (fields[Field.StateKey] is { } stateKeyValue)
        {
            if (stateKeyValue is not JsonString sk) return WrongType("$.state_key", "a string", stateKeyValue);
            if (Utf8Longer(sk.Value, MaxFieldBytes)) return Fail(EventError.FieldTooLong, "$.state_key", $"state_key is longer than {MaxFieldBytes} bytes");
            stateKey = sk.Value;
        }

        if (fields[Field.Content] is not { } contentValue) return Missing("content");
        if (contentValue is not JsonObject content) return WrongType("$.content", "an object", contentValue);

        var depth = RequiredInteger(fields[Field.Depth], "depth");
        if (!depth.IsOk) return depth.Failure!;
        if (depth.Value < 0 || depth.Value > format.MaxDepth) return Fail(EventError.DepthOutOfRange, "$.depth", $"depth {depth.Value} is outside 0..{format.MaxDepth}");

        var timestamp = RequiredInteger(fields[Field.OriginServerTs], "origin_server_ts");
        if (!timestamp.IsOk) return timestamp.Failure!;

        var prevEvents = ParseReferences(fields[Field.PrevEvents], "prev_events", MaxPrevEvents, EventError.TooManyPrevEvents, format, options, memo);
        if (!prevEvents.IsOk) return prevEvents.Failure!;
        var authEvents = ParseReferences(fields[Field.AuthEvents], "auth_events", MaxAuthEvents, EventError.TooManyAuthEvents, format, options, memo);
        if (!authEvents.IsOk) return authEvents.Failure!;

        var hashes = ParseHashes(fields[Field.Hashes], options);
        if (!hashes.IsOk) return hashes.Failure!;
        var signatures = CheckSignaturesShape(fields[Field.Signatures], options);
        if (signatures is not null) return signatures;

        if (fields[Field.Unsigned] is { } unsignedValue && unsignedValue is not JsonObject) return WrongType("$.unsigned", "an object", unsignedValue);

        var redacts = ParseRedacts(fields[Field.Redacts], content, format);
        if (!redacts.IsOk) return redacts.Failure!;

        if (CheckEventTypeSchema(type, stateKey, redacts.Value, format, options, memo) is { } schemaFailure) return schemaFailure;

        var eventId = ParseEventId(obj, fields[Field.EventId], format, options, redactedSigningBytes, memo);
        if (!eventId.IsOk) return eventId.Failure!;

        var isV12Create = format.RoomIdFromCreateEvent && string.Equals(type, EventTypes.Create, StringComparison.Ordinal) && stateKey is not null;
        RoomId roomId;
        if (isV12Create)
        {
            // Room version 12: the create event names the room by its own event ID (MSC4291). A room_id on it
            // is an authorisation failure (rooms v12 "Authorisation rules" 1.2, `create.has_room_id`), not a
            // format error, so it is tolerated here and judged by the auth rules.
            if (fields[Field.RoomId] is { } given && given is not JsonString) return WrongType("$.room_id", "a string", given);
            var derived = RoomId.FromCreateEventId(eventId.Value);
            if (!derived.IsOk) return Fail(EventError.BadIdentifier, "$.event_id", derived.Failure!.Message);
            roomId = derived.Value;
        }
        else
        {
            var roomText = RequiredString(fields[Field.RoomId], "room_id");
            if (!roomText.IsOk) return roomText.Failure!;
            var parsed = ParseRoomId(roomText.Value, format, options, memo);
            if (!parsed.IsOk) return parsed.Failure!;
            roomId = parsed.Value;
        }

        return new Pdu
        {
            Json = obj,
            Format = format,
            EventId = eventId.Value,
            RoomId = roomId,
            Sender = sender.Value,
            Type = type,
            StateKey = stateKey,
            Content = content,
            PrevEvents = prevEvents.Value,
            AuthEvents = authEvents.Value,
            Depth = depth.Value,
            OriginServerTs = timestamp.Value,
            ContentHashSha256 = hashes.Value,
            Redacts = redacts.Value,
            // Events of room versions 1–2 cite others with their reference hash (EventTemplates.References): with the bytes it
            // digests at hand, one SHA-256 here spares an encoding and a hash at every citation.
            Reading = new PduReading(obj, format, options, format.ReferencesCarryHashes && redactedSigningBytes is not null
                ? Crypto.UnpaddedBase64.Encode(System.Security.Cryptography.SHA256.HashData(redactedSigningBytes))
                : null),
        };
    }

    private static Result<EventId> ParseEventId(JsonObject obj, JsonValue? eventIdValue, EventFormat format, PduParseOptions options, byte[]? redactedSigningBytes, PduParseMemo? memo)
    {
        if (format.EventIdInPdu)
        {
            var text = RequiredString(eventIdValue, "event_id");
            if (!text.IsOk) return text.Failure!;
            // The memo holds what a citation of the text reads, which tries the format's own grammar first: an ID read
            // in that format is this one, and any other is no ID of the format (Parse then names the problem).
            var remembered = false;
            if (memo is not null && memo.TryGetEventId(text.Value, out var known))
            {
                if (known.Format == format.EventIds) return known;
                remembered = true;
            }
            var id = EventId.Parse(text.Value, format.EventIds, "$.event_id");
            if (!id.IsOk) return Fail(EventError.BadIdentifier, "$.event_id", id.Failure!.Message);
            if (memo is not null && !remembered) memo.RememberEventId(text.Value, id.Value);
            return id;
        }
        if (options.AcceptEventIdOverride && eventIdValue is { } given)
        {
            if (given is not JsonString s) return WrongType("$.event_id", "a string", given);
            return ParseReferenceId(s.Value, "$.event_id", format, options, memo);
        }
        var bytes = redactedSigningBytes ?? EventHashes.RedactedSigningBytes(obj, format);
        return EventId.FromReferenceHash(System.Security.Cryptography.SHA256.HashData(bytes), format.EventIds);
    }

    private static Result<RoomId> ParseRoomId(string text, EventFormat format, PduParseOptions options, PduParseMemo? memo)
    {
        if (memo is not null && memo.TryGetRoomId(text, out var known)) return known;
        var found = ParseRoomId(text, format, options);
        if (memo is not null && found.IsOk) memo.RememberRoomId(text, found.Value);
        return found;
    }

    private static Result<RoomId> ParseRoomId(string text, EventFormat format, PduParseOptions options)
    {
        var id = RoomId.Parse(text, format.RoomIds, "$.room_id");
        if (id.IsOk) return id;
        if (options.AcceptEventIdOverride)
        {
            // Test inputs name rooms readably; a room version 12 room is named after its create event ("$X" → "!X").
            foreach (var other in (ReadOnlySpan<RoomIdFormat>)[RoomIdFormat.WithServer, RoomIdFormat.CreateEventHash, RoomIdFormat.TestName])
            {
                var attempt = RoomId.Parse(text, other, "$.room_id");
                if (attempt.IsOk) return attempt;
            }
        }
        return Fail(EventError.BadIdentifier, "$.room_id", id.Failure!.Message);
    }

    /// <summary>
    /// <paramref name="text"/> read as the PDUs of a batch read the event IDs they cite (the room version's format or,
    /// under <see cref="PduParseOptions.AcceptEventIdOverride"/>, any other), through the batch's <paramref name="memo"/>:
    /// a request's lists of event IDs and its PDUs name the same events, and each ID is then read once. False, with no
    /// failure built, when the text is no such ID.
    /// </summary>
    public static bool TryParseCitedEventId(string text, EventFormat format, PduParseOptions options, PduParseMemo memo, out EventId id) =>
        memo.Serves(format, options) ? TryParseReferenceId(text, format, options, memo, out id) : TryParseReferenceId(text, format, options, out id);

    // An event ID cited by a PDU. Test inputs may use readable IDs in any version ("$CREATE:example.org").
    private static Result<EventId> ParseReferenceId(string text, string path, EventFormat format, PduParseOptions options, PduParseMemo? memo) =>
        TryParseReferenceId(text, format, options, memo, out var id) ? id : ReferenceIdFailure(text, path, format);

    private static bool TryParseReferenceId(string text, EventFormat format, PduParseOptions options, PduParseMemo? memo, out EventId id)
    {
        if (memo is null) return TryParseReferenceId(text, format, options, out id);
        if (memo.TryGetEventId(text, out id)) return true;
        if (!TryParseReferenceId(text, format, options, out id)) return false;
        memo.RememberEventId(text, id);
        return true;
    }

    // A user ID (the historical grammar, as federation accepts), remembered in the memo once read.
    private static Result<UserId> ParseUserId(string text, string path, PduParseMemo? memo)
    {
        if (memo is not null && memo.TryGetUserId(text, out var known)) return known;
        var id = UserId.Parse(text, UserIdGrammar.Historical, path);
        if (memo is not null && id.IsOk) memo.RememberUserId(text, id.Value);
        return id;
    }

    // Formats that do not fit are tried without building their failures; only an ID that fits none pays for one.
    private static bool TryParseReferenceId(string text, EventFormat format, PduParseOptions options, out EventId id)
    {
        if (EventId.TryParse(text, format.EventIds, out id)) return true;
        if (options.AcceptEventIdOverride)
        {
            foreach (var other in (ReadOnlySpan<EventIdFormat>)[EventIdFormat.ServerScoped, EventIdFormat.UrlSafeBase64Hash, EventIdFormat.StandardBase64Hash, EventIdFormat.TestName])
            {
                if (other != format.EventIds && EventId.TryParse(text, other, out id)) return true;
            }
        }
        return false;
    }

    private static Failure ReferenceIdFailure(string text, string path, EventFormat format) =>
        new(EventError.BadIdentifier, path, EventId.Parse(text, format.EventIds).Failure!.Message);

    private static Result<ImmutableArray<EventId>> ParseReferences(JsonValue? value, string key, int max, EventError tooMany, EventFormat format, PduParseOptions options, PduParseMemo? memo)
    {
        if (value is null) return Missing(key);
        // Paths are built only on failure: most events are valid, and their many IDs should cost no strings.
        if (value is not JsonArray array) return WrongType(JsonPath.Property(JsonPath.Root, key), "an array", value);
        if (array.Count > max) return Fail(tooMany, JsonPath.Property(JsonPath.Root, key), $"{key} has {array.Count} entries; at most {max} are allowed");
        var ids = new EventId[array.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            string text;
            if (format.ReferencesCarryHashes)
            {
                // Room versions 1–2: [event_id, {"sha256": reference hash}].
                if (array[i] is not JsonArray pair || pair.Count != 2) return WrongType(ItemPath(key, i), "an [event_id, hashes] pair", array[i]);
                if (pair[0] is not JsonString idText) return WrongType(JsonPath.Index(ItemPath(key, i), 0), "a string", pair[0]);
                if (pair[1] is not JsonObject) return WrongType(JsonPath.Index(ItemPath(key, i), 1), "an object", pair[1]);
                text = idText.Value;
            }
            else
            {
                if (array[i] is not JsonString idText) return WrongType(ItemPath(key, i), "an event ID string", array[i]);
                text = idText.Value;
            }
            if (!TryParseReferenceId(text, format, options, memo, out ids[i]))
            {
                return ReferenceIdFailure(text, format.ReferencesCarryHashes ? JsonPath.Index(ItemPath(key, i), 0) : ItemPath(key, i), format);
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(ids);
    }

    private static string ItemPath(string key, int index) => JsonPath.Index(JsonPath.Property(JsonPath.Root, key), index);

    private static Result<string?> ParseHashes(JsonValue? value, PduParseOptions options)
    {
        if (value is null)
        {
            return options.RequireHashesAndSignatures ? Missing("hashes") : Result<string?>.Ok(null);
        }
        if (value is not JsonObject hashes) return WrongType("$.hashes", "an object", value);
        if (!hashes.TryGetValue("sha256", out var sha))
        {
            return options.RequireHashesAndSignatures
                ? Fail(EventError.BadHashes, "$.hashes", "hashes has no sha256 entry")
                : Result<string?>.Ok(null);
        }
        if (sha is not JsonString s) return WrongType("$.hashes.sha256", "a string", sha);
        return s.Value;
    }

    private static Failure? CheckSignaturesShape(JsonValue? value, PduParseOptions options)
    {
        if (value is null)
        {
            return options.RequireHashesAndSignatures ? Missing("signatures") : null;
        }
        if (value is not JsonObject signatures) return WrongType("$.signatures", "an object", value);
        foreach (var (server, keys) in signatures)
        {
            var serverPath = JsonPath.Property("$.signatures", server);
            if (keys is not JsonObject keyMap) return WrongType(serverPath, "an object of key ID to signature", keys);
            foreach (var (keyId, signature) in keyMap)
            {
                if (signature is not JsonString) return WrongType(JsonPath.Property(serverPath, keyId), "a string", signature);
            }
        }
        return null;
    }

    private static Result<string?> ParseRedacts(JsonValue? topLevel, JsonObject content, EventFormat format)
    {
        var path = format.RedactsInContent ? "$.content.redacts" : "$.redacts";
        var value = format.RedactsInContent ? content["redacts"] : topLevel;
        if (value is null) return Result<string?>.Ok(null);
        if (value is not JsonString s) return WrongType(path, "a string", value);
        return s.Value;
    }

    // The few event-type schema facts the protocol itself relies on (spec v1.19, event schemas):
    // m.room.create's state_key is the empty string, m.room.member's state_key is a user ID (the
    // target; historical user IDs are accepted as over federation), and m.room.redaction names an
    // event ID in top-level `redacts` (v1–10) or `content.redacts` (v11+). A member event with no
    // state_key at all is left to the auth rules, which name that case.
    private static Failure? CheckEventTypeSchema(string type, string? stateKey, string? redacts, EventFormat format, PduParseOptions options, PduParseMemo? memo)
    {
        if (string.Equals(type, EventTypes.Member, StringComparison.Ordinal) && stateKey is not null)
        {
            var target = ParseUserId(stateKey, "$.state_key", memo);
            if (!target.IsOk) return Fail(EventError.InvalidStateKey, "$.state_key", "the state_key of m.room.member must be a user ID: " + target.Failure!.Message);
        }
        if (string.Equals(type, EventTypes.Create, StringComparison.Ordinal))
        {
            if (stateKey is null) return Missing("state_key");
            if (stateKey.Length != 0) return Fail(EventError.InvalidStateKey, "$.state_key", "the state_key of m.room.create must be the empty string");
        }
        else if (string.Equals(type, EventTypes.Redaction, StringComparison.Ordinal))
        {
            var path = format.RedactsInContent ? "$.content.redacts" : "$.redacts";
            if (redacts is null) return new Failure(EventError.MissingField, path, $"m.room.redaction requires {path[2..]} naming the redacted event");
            var target = ParseReferenceId(redacts, path, format, options, memo);
            if (!target.IsOk) return target.Failure;
        }
        return null;
    }

    // True when the UTF-8 form of `text` is longer than `limit` bytes; a UTF-16 code unit is at most three bytes of
    // UTF-8, so a text of at most a third of the limit in code units is not counted.
    private static bool Utf8Longer(string text, int limit) => text.Length > limit / 3 && Encoding.UTF8.GetByteCount(text) > limit;

    private static Result<string> RequiredString(JsonValue? value, string key)
    {
        if (value is null) return Missing(key);
        return value is JsonString s ? s.Value : WrongType(JsonPath.Property(JsonPath.Root, key), "a string", value);
    }

    private static Result<long> RequiredInteger(JsonValue? value, string key)
    {
        if (value is null) return Missing(key);
        if (value is not JsonNumber n || !n.IsIntegral) return WrongType(JsonPath.Property(JsonPath.Root, key), "an integer", value);
        if (!n.TryGetInt64(out var result))
        {
            return Fail(key == "depth" ? EventError.DepthOutOfRange : EventError.TimestampOutOfRange, JsonPath.Property(JsonPath.Root, key), $"{key} does not fit in a 64-bit integer");
        }
        return result;
    }

    // The top-level fields the parser reads, numbered in code-point order of their keys (the order of an object's members).
    private static class Field
    {
        public const int AuthEvents = 0;
        public const int Content = 1;
        public const int Depth = 2;
        public const int EventId = 3;
        public const int Hashes = 4;
        public const int OriginServerTs = 5;
        public const int PrevEvents = 6;
        public const int Redacts = 7;
        public const int RoomId = 8;
        public const int Sender = 9;
        public const int Signatures = 10;
        public const int StateKey = 11;
        public const int Type = 12;
        public const int Unsigned = 13;
        public const int Count = 14;
    }

    // The keys of Field, in its order.
    private static readonly string[] FieldKeys =
    [
        "auth_events", "content", "depth", "event_id", "hashes", "origin_server_ts", "prev_events", "redacts", "room_id", "sender",
        "signatures", "state_key", "type", "unsigned",
    ];

    // 1 + the index of each field's member, or 0 where the PDU lacks it: indices rather than the values, so the
    // struct holds no references and is built and copied without write barriers.
    [System.Runtime.CompilerServices.InlineArray(Field.Count)]
    private struct FieldIndices
    {
        private int _first;
    }

    // The fields of one PDU, found by merging its members (in code-point order) with FieldKeys (in the same order).
    // An ASCII key compares with any key in code-point order as it does ordinally, so ordinal comparison merges.
    private readonly struct Fields
    {
        private readonly ImmutableArray<KeyValuePair<string, JsonValue>> _members;
        private readonly FieldIndices _indices;

        public Fields(JsonObject obj)
        {
            var members = obj.Members;
            _members = members;
            // The keys in a local: read from the static in the loop, each step paid a check that the class is initialised.
            var fieldKeys = FieldKeys;
            var k = 0;
            for (var i = 0; i < members.Length && k < fieldKeys.Length;)
            {
                var key = members[i].Key;
                var field = fieldKeys[k];
                // The reader hands out the keys' shared instances; other keys mostly differ in their first character.
                var order = ReferenceEquals(key, field) ? 0 : key.Length > 0 && key[0] != field[0] ? key[0] - field[0] : string.CompareOrdinal(key, field);
                if (order == 0) _indices[k++] = ++i;
                else if (order < 0) i++;
                else k++;
            }
        }

        public JsonValue? this[int field] => _indices[field] is > 0 and var index ? _members[index - 1].Value : null;
    }

    private static Failure Missing(string key) =>
        new(EventError.MissingField, JsonPath.Property(JsonPath.Root, key), $"required field '{key}' is missing");

    private static Failure WrongType(string path, string expected, JsonValue actual) =>
        new(EventError.WrongType, path, $"expected {expected}, found {JsonKinds.Describe(actual.Kind)}");

    private static Failure Fail(EventError code, string path, string message) => new(code, path, message);
}
