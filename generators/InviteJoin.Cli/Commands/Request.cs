using System.Collections.Immutable;
using System.Runtime.InteropServices;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// An object request with a known set of fields, and typed readers for the fields the data commands
/// share (<c>room_version</c>, <c>server_name</c>, <c>key_id</c> + <c>seed</c>, <c>verify_keys</c>,
/// <c>event</c>, lists of PDUs and of event IDs). Every problem is a <see cref="Failure"/> whose path names
/// the field in the request.
/// </summary>
internal sealed class Request
{
    private readonly JsonObject _json;

    private Request(JsonObject json) => _json = json;

    /// <summary>
    /// <paramref name="value"/> as a request object that has no fields besides <paramref name="fields"/>;
    /// which of those are required is checked when they are read.
    /// </summary>
    public static Result<Request> Read(JsonValue value, params ReadOnlySpan<string> fields)
    {
        if (value is not JsonObject json)
        {
            return Result<Request>.Fail(JsonError.NotAnObject, JsonPath.Root, $"a request must be a JSON object, found {Describe(value)}");
        }
        foreach (var (key, _) in json.Members)
        {
            if (!fields.Contains(key))
            {
                return Result<Request>.Fail(RequestError.UnknownField, JsonPath.Property(JsonPath.Root, key),
                    $"unknown field '{key}'; this command takes {string.Join(", ", fields.ToArray())}");
            }
        }
        return new Request(json);
    }

    /// <summary>A required JSON value of any kind.</summary>
    public Result<JsonValue> Value(string name) =>
        _json.TryGetValue(name, out var value)
            ? Result<JsonValue>.Ok(value)
            : Result<JsonValue>.Fail(RequestError.MissingField, PathOf(name), $"required field '{name}' is missing");

    /// <summary>A required string.</summary>
    public Result<string> String(string name) => Typed<JsonString>(name, "a string").Map(s => s.Value);

    /// <summary>A required object.</summary>
    public Result<JsonObject> Object(string name) => Typed<JsonObject>(name, "an object");

    /// <summary>A required array.</summary>
    public Result<JsonArray> Array(string name) => Typed<JsonArray>(name, "an array");

    /// <summary>A required array of at most <paramref name="maxEntries"/> entries (<c>request.too_many_entries</c> otherwise).</summary>
    public Result<JsonArray> Array(string name, int maxEntries) => Array(name).Then(array => AtMost(array, PathOf(name), maxEntries));

    /// <summary><paramref name="array"/>, found at <paramref name="path"/>, unless it has more than <paramref name="maxEntries"/> entries.</summary>
    public static Result<JsonArray> AtMost(JsonArray array, string path, int maxEntries) =>
        array.Count <= maxEntries
            ? array
            : Result<JsonArray>.Fail(RequestError.TooManyEntries, path, $"{path} has {array.Count} entries; at most {maxEntries} are accepted");

    /// <summary>True when the request has field <paramref name="name"/> (for optional fields).</summary>
    public bool Has(string name) => _json.ContainsKey(name);

    /// <summary><c>room_version</c>: a string naming one of the room versions the reference implements.</summary>
    public Result<RoomVersion> RoomVersion()
    {
        const string name = "room_version";
        return String(name).Then(id => RoomVersionRegistry.Lookup(id, PathOf(name)));
    }

    /// <summary><c>server_name</c>: the signing entity, held to the server-name grammar.</summary>
    public Result<string> ServerName()
    {
        const string name = "server_name";
        return String(name).Then(text => Reference.Events.ServerName.Parse(text, PathOf(name)).Map(_ => text));
    }

    /// <summary>
    /// <c>key_id</c> and <c>seed</c>: an Ed25519 signing key. The seed is unpadded base64 of 32 bytes,
    /// decoded leniently because the spec's own test seed has non-zero unused trailing bits.
    /// </summary>
    public Result<Ed25519SigningKey> SigningKey()
    {
        var keyId = String("key_id").Then(text => At(KeyId.Parse(text), PathOf("key_id")));
        if (!keyId.IsOk) return keyId.Failure!;
        if (!keyId.Value.IsEd25519)
        {
            return Result<Ed25519SigningKey>.Fail(CryptoError.UnknownAlgorithm, PathOf("key_id"),
                $"key ID \"{keyId.Value}\" does not name the ed25519 algorithm, the only one Matrix signs with");
        }
        var seed = String("seed").Then(text => At(UnpaddedBase64.Decode(text, Base64Alphabet.Standard, Base64Strictness.Lenient), PathOf("seed")));
        if (!seed.IsOk) return seed.Failure!;
        return At(Ed25519SigningKey.FromSeed(seed.Value, keyId.Value), PathOf("seed"));
    }

    /// <summary>
    /// <c>verify_keys</c>: <c>{key ID: unpadded base64 Ed25519 public key}</c>. Every entry must be a
    /// well-formed <c>ed25519</c> key ID with a 32-byte key; an empty object is allowed (nothing is known).
    /// </summary>
    public Result<ImmutableSortedDictionary<string, byte[]>> VerifyKeys()
    {
        const string name = "verify_keys";
        var keys = Object(name);
        if (!keys.IsOk) return keys.Failure!;
        return KeyMap(keys.Value, PathOf(name));
    }

    /// <summary>
    /// <c>verify_keys</c> of several servers: <c>{server name: {key ID: unpadded base64 Ed25519 public key}}</c>,
    /// each server name held to its grammar and each key map read as <see cref="VerifyKeys"/> reads one.
    /// </summary>
    public Result<KeyRing> ServerVerifyKeys()
    {
        const string name = "verify_keys";
        var servers = Object(name);
        if (!servers.IsOk) return servers.Failure!;
        var ring = KeyRing.Empty;
        foreach (var (server, keysValue) in servers.Value)
        {
            var path = JsonPath.Property(PathOf(name), server);
            var serverName = Reference.Events.ServerName.Parse(server, path);
            if (!serverName.IsOk) return serverName.Failure!;
            if (keysValue is not JsonObject keys) return WrongType(path, "an object of key IDs to public keys", keysValue);
            var map = KeyMap(keys, path);
            if (!map.IsOk) return map.Failure!;
            foreach (var (keyId, publicKey) in map.Value) ring = ring.With(server, keyId, new VerifyKey([.. publicKey]));
        }
        return ring;
    }

    private static Result<ImmutableSortedDictionary<string, byte[]>> KeyMap(JsonObject keys, string mapPath)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        foreach (var (keyIdText, keyValue) in keys)
        {
            var path = JsonPath.Property(mapPath, keyIdText);
            var keyId = At(KeyId.Parse(keyIdText), path);
            if (!keyId.IsOk) return keyId.Failure!;
            if (!keyId.Value.IsEd25519)
            {
                return Result<ImmutableSortedDictionary<string, byte[]>>.Fail(CryptoError.UnknownAlgorithm, path,
                    $"key ID \"{keyIdText}\" does not name the ed25519 algorithm, the only one Matrix verifies with");
            }
            if (keyValue is not JsonString keyText) return WrongType(path, "an unpadded base64 public key string", keyValue);
            var decoded = At(UnpaddedBase64.Decode(keyText.Value, Base64Alphabet.Standard, Base64Strictness.Lenient), path);
            if (!decoded.IsOk) return decoded.Failure!;
            if (decoded.Value.Length != Ed25519.PublicKeyLength)
            {
                return Result<ImmutableSortedDictionary<string, byte[]>>.Fail(CryptoError.BadPublicKey, path,
                    $"an ed25519 public key is {Ed25519.PublicKeyLength} bytes, not {decoded.Value.Length}");
            }
            builder.Add(keyIdText, decoded.Value);
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// <c>event</c>: any JSON object. Room versions 6 and later enforce canonical JSON on events, so
    /// there a number outside canonical JSON is <c>pdu.not_canonical_json</c>; earlier versions take any number.
    /// </summary>
    public Result<JsonObject> Event(RoomVersion version)
    {
        var @event = Object("event");
        if (!@event.IsOk) return @event;
        return NonCanonicalNumber(@event.Value, PathOf("event"), version) is { } bad ? bad : @event;
    }

    /// <summary>
    /// A required array of test-input PDUs of <paramref name="version"/> (see <see cref="ParsePdu(JsonObject, RoomVersion, string)"/>), such as
    /// <c>auth</c>'s <c>auth_events</c> or <c>resolve</c>'s <c>events</c>; a problem's path is the entry's place
    /// in the request, for example <c>$.events[2].sender</c>.
    /// </summary>
    public Result<ImmutableArray<Pdu>> Pdus(string name, RoomVersion version) =>
        Array(name).Then(array => Pdus(array, PathOf(name), version));

    /// <summary>
    /// The entries of <paramref name="array"/>, found at <paramref name="path"/>, as test-input PDUs (see <see cref="Pdus(string, RoomVersion)"/>);
    /// <paramref name="memo"/> carries what the request's other PDUs have read (by default, nothing).
    /// </summary>
    public static Result<ImmutableArray<Pdu>> Pdus(JsonArray array, string path, RoomVersion version, PduParseMemo? memo = null)
    {
        var pdus = ImmutableArray.CreateBuilder<Pdu>(array.Count);
        // The events of one request repeat their room, senders and cited IDs: each is read once.
        memo ??= new PduParseMemo(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject json)
            {
                return Result<ImmutableArray<Pdu>>.Fail(RequestError.WrongType, JsonPath.Index(path, i), $"every entry of {path} must be a JSON object (a PDU)");
            }
            // The entry's path is built only for a failure.
            if (NonCanonicalNumber(json, path, i, version) is { } bad) return bad;
            var pdu = PduParser.Parse(json, version.Format, PduParseOptions.TestInput, memo);
            if (!pdu.IsOk) return At(pdu, JsonPath.Index(path, i)).Failure!;
            pdus.Add(pdu.Value);
        }
        return pdus.MoveToImmutable();
    }

    /// <summary>
    /// <paramref name="json"/>, found at <paramref name="path"/>, as a PDU of <paramref name="version"/> read as
    /// a test input: <c>hashes</c> and <c>signatures</c> may be absent, an <c>event_id</c> key names the event
    /// in every room version, and in room version 12 a create event named <c>$X</c> makes the room <c>!X</c>.
    /// </summary>
    public static Result<Pdu> ParsePdu(JsonObject json, RoomVersion version, string path) =>
        At(PduParser.Parse(json, version.Format, PduParseOptions.TestInput), path);

    /// <summary>As <see cref="ParsePdu(JsonObject, RoomVersion, string)"/>, one of a request's PDUs: the identifiers it reads are remembered in <paramref name="memo"/> for the others.</summary>
    public static Result<Pdu> ParsePdu(JsonObject json, RoomVersion version, string path, PduParseMemo memo) =>
        At(PduParser.Parse(json, version.Format, PduParseOptions.TestInput, memo), path);

    /// <summary>
    /// A required array of event-ID strings, as written. For lists where a name that matches no given event
    /// simply changes nothing (<c>auth</c>'s <c>rejected</c>), so the text is not held to an ID grammar.
    /// </summary>
    public Result<ImmutableArray<string>> EventIdTexts(string name, int maxEntries) =>
        Array(name, maxEntries).Then(array => EventIdTexts(array, PathOf(name)));

    /// <summary>
    /// A required array of event IDs, read as the PDU parser reads the IDs a test input cites: an ID of the
    /// room version's own format or, failing that, any readable <c>$</c> name (<see cref="EventIdFormat.TestName"/>),
    /// so <c>$CREATE</c> works in every room version. A string that is no event ID at all is an <c>id.*</c> failure.
    /// </summary>
    public Result<ImmutableArray<EventId>> EventIds(string name, RoomVersion version, int maxEntries) =>
        Array(name, maxEntries).Then(array => EventIds(array, PathOf(name), version, maxEntries));

    /// <summary><paramref name="value"/>, found at <paramref name="path"/>, as an array of event IDs read as <see cref="EventIds(string, RoomVersion, int)"/> reads them.</summary>
    public static Result<ImmutableArray<EventId>> EventIds(JsonValue value, string path, RoomVersion version, int maxEntries) =>
        TryEventIds(value, version, maxEntries, out var ids) ? ids : EventIdsFailure(value, path, version, maxEntries);

    /// <summary>
    /// <paramref name="value"/> as an array of event IDs read as <see cref="EventIds(JsonValue, string, RoomVersion, int)"/> reads
    /// them, without a path: false for any problem, which that method then names. Most requests have none, and their
    /// many lists should cost no path strings.
    /// </summary>
    /// <remarks>
    /// With <paramref name="memo"/>, the memo of the request's PDUs, each ID is read as those PDUs read the IDs they cite
    /// (<see cref="PduParser.TryParseCitedEventId"/>) and once for the whole request. That accepts the same texts: every
    /// ID of a room version's format is also a <see cref="EventIdFormat.TestName"/>, so both readings take exactly the
    /// version's own IDs and the test names.
    /// </remarks>
    public static bool TryEventIds(JsonValue value, RoomVersion version, int maxEntries, out ImmutableArray<EventId> ids, PduParseMemo? memo = null)
    {
        ids = default;
        if (value is not JsonArray array || array.Count > maxEntries) return false;
        var read = new EventId[array.Count];
        for (var i = 0; i < read.Length; i++)
        {
            if (array[i] is not JsonString text) return false;
            if (memo is not null)
            {
                if (!PduParser.TryParseCitedEventId(text.Value, version.Format, PduParseOptions.TestInput, memo, out read[i])) return false;
                continue;
            }
            if (!EventId.TryParse(text.Value, version.Format.EventIds, out read[i]) && !EventId.TryParse(text.Value, EventIdFormat.TestName, out read[i])) return false;
        }
        ids = ImmutableCollectionsMarshal.AsImmutableArray(read);
        return true;
    }

    // The failure of a list TryEventIds refused, checked in the order the contract gives: its shape, its length,
    // every entry a string, then each entry's grammar.
    private static Result<ImmutableArray<EventId>> EventIdsFailure(JsonValue value, string path, RoomVersion version, int maxEntries)
    {
        if (value is not JsonArray array) return WrongType(path, "an array of event IDs", value);
        if (AtMost(array, path, maxEntries).Failure is { } tooMany) return tooMany;
        var texts = EventIdTexts(array, path);
        if (!texts.IsOk) return texts.Failure!;
        var ids = ImmutableArray.CreateBuilder<EventId>(texts.Value.Length);
        for (var i = 0; i < texts.Value.Length; i++)
        {
            // Every ID of any room version's format is also a TestName, so the fallback only widens what is accepted.
            // Neither attempt builds a failure; only an ID that is none pays for one, with its path.
            if (EventId.TryParse(texts.Value[i], version.Format.EventIds, out var id) || EventId.TryParse(texts.Value[i], EventIdFormat.TestName, out id))
            {
                ids.Add(id);
                continue;
            }
            return EventId.Parse(texts.Value[i], EventIdFormat.TestName, JsonPath.Index(path, i)).Failure!;
        }
        return ids.MoveToImmutable();
    }

    private static Result<ImmutableArray<string>> EventIdTexts(JsonArray array, string path)
    {
        var texts = ImmutableArray.CreateBuilder<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonString text)
            {
                return Result<ImmutableArray<string>>.Fail(RequestError.WrongType, JsonPath.Index(path, i), $"every entry of {path} must be an event ID string");
            }
            texts.Add(text.Value);
        }
        return texts.MoveToImmutable();
    }

    // Room versions 6 and later enforce canonical JSON on events; earlier versions take any number.
    private static Failure? NonCanonicalNumber(JsonObject @event, string path, RoomVersion version) =>
        version.Format.StrictCanonicalJson && CanonicalJson.FindNonCanonicalNumber(@event, path) is { } bad
            ? new Failure(EventError.NotCanonicalJson, bad,
                $"room version {version.Id} requires canonical JSON: numbers must be integers within ±(2^53−1) written without fraction or exponent")
            : null;

    // As above for entry `index` of the array at `path`, whose path is built only for a failure.
    private static Failure? NonCanonicalNumber(JsonObject @event, string path, int index, RoomVersion version) =>
        version.Format.StrictCanonicalJson && CanonicalJson.FindNonCanonicalNumber(@event, JsonPath.Root) is { } bad
            ? new Failure(EventError.NotCanonicalJson, Under(JsonPath.Index(path, index), bad),
                $"room version {version.Id} requires canonical JSON: numbers must be integers within ±(2^53−1) written without fraction or exponent")
            : null;

    /// <summary>The path of field <paramref name="name"/> of the request.</summary>
    public static string PathOf(string name) => JsonPath.Property(JsonPath.Root, name);

    /// <summary><paramref name="inner"/> (a path rooted at a value) re-rooted at <paramref name="prefix"/>, the value's place in the request.</summary>
    public static string Under(string prefix, string inner) =>
        inner.StartsWith(JsonPath.Root, StringComparison.Ordinal) ? prefix + inner[JsonPath.Root.Length..] : prefix;

    /// <summary><paramref name="result"/> with a failure's path re-rooted at <paramref name="prefix"/>.</summary>
    public static Result<T> At<T>(Result<T> result, string prefix) =>
        result.IsOk ? result : Result<T>.Fail(result.Failure! with { Path = Under(prefix, result.Failure!.Path) });

    private Result<T> Typed<T>(string name, string expected) where T : JsonValue
    {
        var value = Value(name);
        if (!value.IsOk) return value.Failure!;
        return value.Value is T typed ? typed : WrongType(PathOf(name), expected, value.Value);
    }

    private static Failure WrongType(string path, string expected, JsonValue actual) =>
        new(RequestError.WrongType, path, $"expected {expected}, found {Describe(actual)}");

    private static string Describe(JsonValue value) => value.Kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Bool => "a boolean",
        JsonKind.Number => "a number",
        JsonKind.String => "a string",
        JsonKind.Array => "an array",
        _ => "an object",
    };
}
