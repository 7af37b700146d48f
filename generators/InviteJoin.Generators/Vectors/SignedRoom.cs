using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// A small room of really signed events in the federation format of its room version, for the suites whose requests
/// carry events as servers send them (<c>receipt</c>, <c>handshake</c>): Alice of <c>a.example</c> creates it, Bob of
/// <c>b.example</c> and Carol of <c>c.example</c> take part. Every event cites the auth events that auth-events selection
/// picks from the state it is written on, and is signed with its server's fixed key.
/// </summary>
public sealed class SignedRoom
{
    public const string A = "a.example";
    public const string B = "b.example";
    public const string C = "c.example";
    public const string Alice = "@alice:a.example";
    public const string Bob = "@bob:b.example";
    public const string Carol = "@carol:c.example";

    /// <summary>The servers' signing keys, each from a fixed seed.</summary>
    public static readonly ImmutableSortedDictionary<string, Ed25519SigningKey> Keys = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        KeyValuePair.Create(A, VectorKeys.Filled(0xA1)),
        KeyValuePair.Create(B, VectorKeys.Filled(0xB2)),
        KeyValuePair.Create(C, VectorKeys.Filled(0xC3)),
    ]);

    private readonly List<Pdu> _events = [];
    private long _clock = 1_700_000_000_000;

    private SignedRoom(RoomVersion version) => Version = version;

    public RoomVersion Version { get; }

    public string RoomId { get; private set; } = "!room:a.example";

    /// <summary>Every event, in the order written.</summary>
    public IReadOnlyList<Pdu> Events => _events;

    /// <summary>The state after the last event written.</summary>
    public ImmutableSortedDictionary<StateKey, Pdu> State { get; private set; } = ImmutableSortedDictionary<StateKey, Pdu>.Empty;

    /// <summary><c>verify_keys</c> of a request: every server's verification key.</summary>
    public static JsonObject VerifyKeys => JsonValue.Object(Keys.Select(k =>
        KeyValuePair.Create(k.Key, (JsonValue)JsonValue.Object((k.Value.KeyId.ToString(), JsonValue.String(k.Value.PublicKeyBase64))))));

    /// <summary>
    /// A room of <paramref name="version"/>: create, Alice's join, power levels (Alice 100), join rules (<paramref name="joinRule"/>).
    /// <paramref name="tag"/> tells rooms of one version apart: it names the room (room versions 1–11) or is part of its create event (12).
    /// </summary>
    public static SignedRoom Create(RoomVersion version, string joinRule = "public", string tag = "room")
    {
        var room = new SignedRoom(version) { RoomId = "!" + tag + ":" + A };
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)));
        if (tag != "room") content = content.With("tag", JsonValue.String(tag));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(Alice));
        room.Add(room.Write(Alice, EventTypes.Create, "", content));
        room.Add(room.Write(Alice, EventTypes.Member, Alice, Membership("join")));
        var levels = version.PrivilegedCreators ? JsonObject.Empty : JsonValue.Object(("users", JsonValue.Object((Alice, JsonValue.Number(100)))));
        room.Add(room.Write(Alice, EventTypes.PowerLevels, "", levels));
        room.Add(room.Write(Alice, EventTypes.JoinRules, "", JsonValue.Object(("join_rule", JsonValue.String(joinRule)))));
        return room;
    }

    /// <summary>A membership content.</summary>
    public static JsonObject Membership(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

    /// <summary>
    /// A signed event of <paramref name="sender"/>, following the last event written and citing what auth-events selection
    /// picks from <paramref name="state"/> (the room's current state by default); <paramref name="edit"/> changes the
    /// event before it is signed. Not added to the room.
    /// </summary>
    public JsonObject Write(string sender, string type, string? stateKey, JsonObject content,
        ImmutableSortedDictionary<StateKey, Pdu>? state = null, Func<JsonObject, JsonObject>? edit = null, string? server = null)
    {
        state ??= State;
        var signer = server ?? ServerOf(sender);
        var auth = AuthEventSelection.Select(type, stateKey, sender, content, Version)
            .Where(state.ContainsKey).Select(k => state[k]).ToList();
        if (type == EventTypes.Create) auth.Clear();
        var prev = _events.Count == 0 ? [] : new[] { _events[^1] };
        var json = JsonValue.Object(
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(_events.Count + 1)),
            ("prev_events", References(prev)),
            ("auth_events", References(auth)));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        if (!(Version.RoomIdIsCreateEventHash && type == EventTypes.Create)) json = json.With("room_id", JsonValue.String(RoomId));
        if (edit is not null) json = edit(json);
        _clock++;
        return EventCompletion.Complete(json, Version, signer, Keys[signer], _clock);
    }

    /// <summary>The event of <paramref name="json"/> (federation format) added to the room and its state.</summary>
    public Pdu Add(JsonObject json)
    {
        var pdu = Parse(json);
        _events.Add(pdu);
        if (pdu.Type == EventTypes.Create && Version.RoomIdIsCreateEventHash) RoomId = "!" + pdu.EventId.Value[1..];
        if (pdu.StateKey is { } key) State = State.SetItem(new StateKey(pdu.Type, key), pdu);
        return pdu;
    }

    /// <summary>A member event of <paramref name="sender"/> for <paramref name="target"/>, added.</summary>
    public Pdu Member(string sender, string target, string membership, JsonObject? extra = null)
    {
        var content = Membership(membership);
        foreach (var (k, v) in extra ?? JsonObject.Empty) content = content.With(k, v);
        return Add(Write(sender, EventTypes.Member, target, content));
    }

    /// <summary><paramref name="json"/> as a PDU of the room's version, read as a server reads it.</summary>
    public Pdu Parse(JsonObject json) => PduParser.Parse(json, Version.Format, PduParseOptions.Federation).Value
        ?? throw new InvalidOperationException("a vector room's own event does not parse: " + PduParser.Parse(json, Version.Format, PduParseOptions.Federation).Failure);

    /// <summary>The server of a user ID.</summary>
    public static string ServerOf(string user) => user[(user.IndexOf(':', StringComparison.Ordinal) + 1)..];

    // Room versions 1–2 cite [event ID, {sha256: reference hash}]; later versions the IDs alone.
    private JsonArray References(IEnumerable<Pdu> events) => JsonValue.Array(events.Select(e => Version.Format.ReferencesCarryHashes
        ? JsonValue.Array(JsonValue.String(e.EventId.Value), JsonValue.Object(("sha256", JsonValue.String(UnpaddedBase64.Encode(EventHashes.ReferenceHash(e.Json, Version.Format))))))
        : (JsonValue)JsonValue.String(e.EventId.Value)));
}
