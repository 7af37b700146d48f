using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// An object request with a known set of fields, and typed readers for the fields the data commands
/// share (<c>room_version</c>, <c>server_name</c>, <c>key_id</c> + <c>seed</c>, <c>verify_keys</c>,
/// <c>event</c>). Every problem is a <see cref="Failure"/> whose path names the field in the request.
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
        foreach (var key in json.Keys)
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
        if (version.Format.StrictCanonicalJson && CanonicalNumbers.FirstViolation(@event.Value, PathOf("event")) is { } bad)
        {
            return Result<JsonObject>.Fail(EventError.NotCanonicalJson, bad,
                $"room version {version.Id} requires canonical JSON: numbers must be integers within ±(2^53−1) written without fraction or exponent");
        }
        return @event;
    }

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
