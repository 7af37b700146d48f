using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Tests.Crypto;
using Xunit;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// A room of really signed federation PDUs, for the checks on receipt: every event carries its content
/// hash and its sender's signature, and has the event ID other servers would compute. Three servers take
/// part, each with a key the receiver knows: <c>a.test</c> (Alice, the creator), <c>b.test</c> (Bob) and
/// <c>c.test</c> (Charlie). Every step returns a new room, so one history can branch.
/// </summary>
internal sealed record SignedRoom
{
    public const string Alice = "@alice:a.test";
    public const string Bob = "@bob:b.test";
    public const string Charlie = "@charlie:c.test";

    /// <summary>The signing key of each server.</summary>
    public static readonly ImmutableSortedDictionary<string, Ed25519SigningKey> ServerKeys = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        KeyValuePair.Create("a.test", TestKeys.Filled(1)),
        KeyValuePair.Create("b.test", TestKeys.Filled(2)),
        KeyValuePair.Create("c.test", TestKeys.Filled(3)),
    ]);

    /// <summary>The receiver's key ring: every server's key.</summary>
    public static readonly KeyRing Keys = ServerKeys.Aggregate(KeyRing.Empty, (ring, entry) => ring.With(entry.Key, entry.Value));

    private SignedRoom()
    {
    }

    public required RoomVersion Version { get; init; }

    public required string RoomId { get; init; }

    /// <summary>The room's state after its last event.</summary>
    public required AuthState State { get; init; }

    /// <summary>Every event of the history, by ID.</summary>
    public required ImmutableSortedDictionary<string, Pdu> Events { get; init; }

    public required Pdu Last { get; init; }

    /// <summary>A room of <paramref name="version"/> created by Alice, who has joined, with join rule <paramref name="joinRule"/> and Alice at level 100.</summary>
    public static SignedRoom Create(RoomVersion version, string joinRule = "public")
    {
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(Alice));
        var json = JsonValue.Object(
            ("type", JsonValue.String(EventTypes.Create)),
            ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String(Alice)),
            ("content", content),
            ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(1_000)),
            ("prev_events", JsonArray.Empty),
            ("auth_events", JsonArray.Empty));
        if (version.Format.EventIdInPdu) json = json.With("event_id", JsonValue.String("$create:a.test"));
        if (!version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String("!room:a.test"));
        var create = Parse(Sign(json, version, "a.test"), version);
        var room = new SignedRoom
        {
            Version = version,
            RoomId = create.RoomId.Value,
            State = AuthState.FromEvents([create]),
            Events = ImmutableSortedDictionary.Create<string, Pdu>(StringComparer.Ordinal).Add(create.EventId.Value, create),
            Last = create,
        };
        var levels = version.PrivilegedCreators ? JsonObject.Empty : JsonValue.Object((Alice, JsonValue.Number(100)));
        var joined = room.Join(Alice);
        return joined.Add(joined.Event(EventTypes.PowerLevels, "", Alice, JsonValue.Object(("users", levels)))).AddJoinRule(joinRule);
    }

    /// <summary>This room after <paramref name="user"/> joins (unchecked).</summary>
    public SignedRoom Join(string user) => Add(Member(user, user, "join"));

    /// <summary>This room after <paramref name="sender"/> sets <paramref name="target"/>'s membership (unchecked).</summary>
    public SignedRoom SetMembership(string sender, string target, string membership) => Add(Member(sender, target, membership));

    /// <summary>
    /// The next event as signed JSON: it follows the last event and cites what auth-events selection picks
    /// from the state, and is signed by the sender's server and by <paramref name="alsoSignedBy"/>.
    /// <paramref name="eventIdServer"/> names the server of its ID in room versions 1–2 (default: the sender's).
    /// </summary>
    public JsonObject Event(string type, string? stateKey, string sender, JsonObject content,
        IEnumerable<string>? alsoSignedBy = null, string? eventIdServer = null, string? signedBy = null)
    {
        var depth = Last.Depth + 1;
        var selected = AuthEventSelection.Select(type, stateKey, sender, content, Version);
        var authIds = selected.Select(State.Get).OfType<Pdu>().Select(p => p.EventId.Value);
        var json = JsonValue.Object(
            ("room_id", JsonValue.String(RoomId)),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(depth)),
            ("origin_server_ts", JsonValue.Number(1_000 + depth)),
            ("prev_events", References([Last.EventId.Value])),
            ("auth_events", References(authIds)));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        if (Version.Format.EventIdInPdu)
        {
            var server = eventIdServer ?? ServerOf(sender);
            json = json.With("event_id", JsonValue.String("$e" + depth.ToString(CultureInfo.InvariantCulture) + ":" + server));
        }
        json = Sign(json, Version, signedBy ?? ServerOf(sender));
        foreach (var server in alsoSignedBy ?? []) json = Sign(json, Version, server);
        return json;
    }

    /// <summary>The next member event as signed JSON.</summary>
    public JsonObject Member(string sender, string target, string membership, JsonObject? content = null, IEnumerable<string>? alsoSignedBy = null) =>
        Event(EventTypes.Member, target, sender, (content ?? JsonObject.Empty).With("membership", JsonValue.String(membership)), alsoSignedBy);

    /// <summary>A message by <paramref name="sender"/> as signed JSON.</summary>
    public JsonObject Message(string sender, string body = "hello") =>
        Event("m.room.message", null, sender, JsonValue.Object(("body", JsonValue.String(body)), ("msgtype", JsonValue.String("m.text"))));

    /// <summary>This room with <paramref name="json"/> added to the history and the state, unchecked.</summary>
    public SignedRoom Add(JsonObject json) => Add(Parse(json, Version));

    /// <summary>This room with <paramref name="pdu"/> added to the history and the state, unchecked.</summary>
    public SignedRoom Add(Pdu pdu) => this with { State = State.With(pdu), Events = Events.SetItem(pdu.EventId.Value, pdu), Last = pdu };

    /// <summary>The checks' context when this room's state is both the state before the event and the current state.</summary>
    public ReceiptContext Context() => new ReceiptContext { StateBefore = State, CurrentState = State }.WithAuthEvents(Events.Values);

    /// <summary>Parses signed federation JSON; a failure is a broken test.</summary>
    public static Pdu Parse(JsonObject json, RoomVersion version)
    {
        var parsed = PduParser.Parse(json, version.Format, PduParseOptions.Federation);
        Assert.True(parsed.IsOk, "the test event does not parse: " + parsed.Failure);
        return parsed.Value;
    }

    /// <summary><paramref name="json"/> with its content hash and <paramref name="server"/>'s signature.</summary>
    public static JsonObject Sign(JsonObject json, RoomVersion version, string server) => EventSigning.SignEvent(json, version.Format, server, ServerKeys[server]);

    public static string ServerOf(string userId) => userId[(userId.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private SignedRoom AddJoinRule(string joinRule) =>
        Add(Event(EventTypes.JoinRules, "", Alice, JsonValue.Object(("join_rule", JsonValue.String(joinRule)))));

    private JsonArray References(IEnumerable<string> ids) =>
        JsonValue.Array(ids.Select(id => Version.Format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(id), JsonValue.Object(("sha256", JsonValue.String(UnpaddedBase64.Encode(EventHashes.ReferenceHash(Events[id].Json, Version.Format))))))
            : (JsonValue)JsonValue.String(id)));
}
