using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Generators.Events;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Testing;

/// <summary>
/// The one builder of test rooms: a create event of a room version, then events one by one, each on the room's
/// forward extremities (or the events named with <see cref="Following"/>) and citing what auth-events selection
/// picks from the state before it. Underneath is the reference's own room model, <see cref="Room"/>, as the
/// creator's server holds it — every event with the state before and after it — so the same builder gives:
/// <list type="bullet">
/// <item>the events and the state, for the auth rules (<see cref="Events"/>, <see cref="State"/>, <see cref="Check"/>);</item>
/// <item>test-input events with readable IDs (<see cref="Create"/>): unsigned, named <c>$e5</c> or <c>$name</c>
/// (<c>$e5:server</c> in room versions 1–2, on the sender's server), added without being checked, so a test can write
/// any state;</item>
/// <item>really signed events (<see cref="CreateSigned"/>): hashed and signed with <see cref="TestKeys"/> by the
/// sender's server, with the event IDs other servers compute, and each checked on receipt before it is added;</item>
/// <item>the room as a server holds it (<see cref="Room"/>, <see cref="HeldBy"/>), for the handshakes and rooms.</item>
/// </list>
/// Every step returns a new builder, so one base room can branch. A failure to build what a test asked for is a
/// <see cref="FixtureException"/>.
/// </summary>
/// <example>
/// <code>
/// var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("invite").Join(TestUsers.Bob);
/// var kick = room.Member(TestUsers.Alice, TestUsers.Bob, "leave");
/// Assert.Equal(Rule.MemberLeaveKickAllowed, room.Check(kick).Rule);
/// </code>
/// </example>
public sealed partial record RoomBuilder
{
    /// <summary>When test rooms are created unless a test says otherwise; later events follow one millisecond apart.</summary>
    public const long StartTime = 1_700_000_000_000;

    private RoomBuilder()
    {
    }

    public required RoomVersion Version { get; init; }

    /// <summary>The room as its creator's server holds it: every event added, accepted, with the state before and after it.</summary>
    public required Room Room { get; init; }

    /// <summary>Every event added, in order, the create event first.</summary>
    public required ImmutableArray<Pdu> Events { get; init; }

    public required Pdu CreateEvent { get; init; }

    /// <summary>True when events are really signed (and checked on receipt before they are added).</summary>
    public required bool Signed { get; init; }

    /// <summary>The context <see cref="Check"/> and <see cref="CheckAgainstAuthEvents"/> use: no rejected events and the default signature oracle unless replaced.</summary>
    public AuthContext Context { get; init; } = AuthContext.Default;

    /// <summary>The latest <c>origin_server_ts</c> of the room's events: the next event comes one millisecond later.</summary>
    public required long Clock { get; init; }

    private EventWriter Writer { get; init; } = null!;

    private ImmutableSortedDictionary<string, string> Names { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private Placement Next { get; init; } = Placement.Default;

    public string RoomId => Room.RoomId.Value;

    /// <summary>The room's current state: the state after its last event (the resolution of its forward extremities' states).</summary>
    public AuthState State => Room.State;

    /// <summary>The last event added.</summary>
    public Pdu Last => Events[^1];

    /// <summary>The creator (the create event's sender).</summary>
    public string Creator => CreateEvent.Sender.Value;

    /// <summary>
    /// A room of <paramref name="version"/> created by <paramref name="creator"/>, of unsigned test-input events with
    /// readable IDs: the create event (named <c>create</c>; in room versions 1–10 its content names the creator), and
    /// unless <paramref name="joinCreator"/> is false the creator's join. <paramref name="createContent"/> adds to the
    /// create event's content (for example <c>m.federate</c> or <c>additional_creators</c>). The create event is sent at
    /// <paramref name="at"/>, and each later event a millisecond after the latest unless placed with <see cref="At"/>.
    /// </summary>
    public static RoomBuilder Create(RoomVersion version, string creator = TestUsers.Alice, JsonObject? createContent = null, bool joinCreator = true, long at = StartTime)
    {
        ArgumentNullException.ThrowIfNull(version);
        var writer = new EventWriter(version, TestUsers.ServerOf(creator));
        var json = writer.Json(writer.CreateName, EventTypes.Create, "", creator, Content(writer.CreateContent(creator), createContent), [], [], at);
        var create = Read(writer.TryParse(json), json);
        var room = Start(version, create, writer, signed: false) with { Names = Empty.Add(writer.CreateName, create.EventId.Value) };
        return joinCreator ? room.Join(creator) : room;
    }

    /// <summary>
    /// A room of <paramref name="version"/> created by <paramref name="creator"/>, of really signed events: the create
    /// event (its content names <paramref name="name"/>, so rooms of one version and creator differ; in room versions
    /// 1–11 the room ID is <c>!name:server</c>), sent at <paramref name="at"/>, and unless <paramref name="joinCreator"/> is
    /// false the creator's join. <paramref name="createContent"/> adds to the create event's content.
    /// </summary>
    public static RoomBuilder CreateSigned(RoomVersion version, string creator = TestUsers.Ada, string name = "room", JsonObject? createContent = null, bool joinCreator = true, long at = StartTime)
    {
        ArgumentNullException.ThrowIfNull(version);
        var server = TestUsers.ServerOf(creator);
        var writer = new EventWriter(version, server, roomName: name);
        var signed = RoomEvents.SignedCreate(version, creator, server, TestKeys.Of(server), name, at, createContent);
        var create = Read(PduParser.Parse(signed, version.Format, PduParseOptions.Federation), signed);
        var room = Start(version, create, writer, signed: true) with { Names = Empty.Add("create", create.EventId.Value) };
        return joinCreator ? room.Join(creator) : room;
    }

    /// <summary>
    /// A signed room as residents of the handshake tests hold it: <see cref="CreateSigned"/>, then power levels
    /// (<paramref name="powerLevels"/>, or the creator at 100 where creators may be listed) and a public join rule.
    /// </summary>
    public static RoomBuilder Federated(RoomVersion version, string creator = TestUsers.Ada, string name = "main", JsonObject? powerLevels = null)
    {
        var room = CreateSigned(version, creator, name);
        var levels = powerLevels ?? (version.PrivilegedCreators
            ? JsonObject.Empty
            : JsonValue.Object(("users", JsonValue.Object((creator, JsonValue.Number(100))))));
        return room.PowerLevels(creator, levels).JoinRule(creator, JoinRuleValues.Public);
    }

    /// <summary>This builder with the next event named <paramref name="name"/> (its ID <c>$name</c>, or <c>$name:server</c> in room versions 1–2; signed events keep their computed ID and are found by the name).</summary>
    public RoomBuilder Named(string name) => this with { Next = Next with { Name = name } };

    /// <summary>This builder with the next event following <paramref name="prev"/> (names or IDs) instead of the forward extremities.</summary>
    public RoomBuilder Following(params string[] prev) => this with { Next = Next with { Prev = [.. prev] } };

    /// <summary>This builder with the next event sent at <paramref name="ts"/>.</summary>
    public RoomBuilder At(long ts) => this with { Next = Next with { Time = ts } };

    /// <summary>This builder with the next event citing exactly <paramref name="auth"/> (names or IDs) as its auth events.</summary>
    public RoomBuilder Citing(params string[] auth) => this with { Next = Next with { Auth = [.. auth] } };

    /// <summary>This builder with the next signed event completed and signed by <paramref name="server"/> instead of the sender's server.</summary>
    public RoomBuilder SignedBy(string server) => this with { Next = Next with { Signer = server } };

    /// <summary>This builder with the next signed event also signed by <paramref name="servers"/>.</summary>
    public RoomBuilder AlsoSignedBy(params string[] servers) => this with { Next = Next with { AlsoSigners = [.. servers] } };

    /// <summary>The next event (not added): sent by <paramref name="sender"/>, with <paramref name="edit"/> applied to its JSON before it is read (and signed).</summary>
    public Pdu Event(string type, string? stateKey, string sender, JsonObject content, Func<JsonObject, JsonObject>? edit = null)
    {
        var (json, parsed) = Build(type, stateKey, sender, content, edit);
        return Read(parsed, json);
    }

    /// <summary>As <see cref="Event"/>, but a PDU the room version's format refuses is a result, not a broken test.</summary>
    public Result<Pdu> TryEvent(string type, string? stateKey, string sender, JsonObject content, Func<JsonObject, JsonObject>? edit = null) =>
        Build(type, stateKey, sender, content, edit).Parsed;

    /// <summary>
    /// This room with <paramref name="pdu"/> added to its history and state. Test-input events are added unchecked;
    /// a signed event must pass the checks on receipt (with every test server's key) first.
    /// </summary>
    public RoomBuilder Add(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        if (Room.StateAt(pdu.PrevEvents) is null)
        {
            throw new FixtureException($"{pdu} follows {string.Join(", ", pdu.PrevEvents)}, whose state the room does not hold");
        }
        if (Signed)
        {
            var outcome = Room.Check(new InboundPdu(pdu, ReplacedByRedaction: false, EventSigning.RequiredSigners(pdu)), TestKeys.Ring);
            if (outcome?.Verdict != ReceiptVerdict.Accepted) throw new FixtureException("the fixture event fails the checks on receipt: " + outcome);
        }
        return this with
        {
            Room = Room.Accept(pdu),
            Events = Events.Add(pdu),
            Clock = Math.Max(Clock, pdu.OriginServerTs),
            Next = Placement.Default,
            Names = Next.Name is { } name ? Names.SetItem(name, pdu.EventId.Value) : Names,
        };
    }

    /// <summary>The event ID of the event named <paramref name="name"/> (or, for a name not yet used, the ID a test-input event of that name would have).</summary>
    public EventId Id(string name) => Names.TryGetValue(name, out var id) ? EventIdOf(id) : Writer.Id(name);

    /// <summary>The ID text of the event named <paramref name="name"/> (see <see cref="Id"/>).</summary>
    public string IdText(string name) => Names.TryGetValue(name, out var id) ? id : Writer.IdText(name);

    /// <summary>The event named <paramref name="name"/>.</summary>
    public Pdu this[string name] => Room.Get(IdText(name)) ?? throw new FixtureException("no event named " + name + " in " + RoomId);

    private (JsonObject Json, Result<Pdu> Parsed) Build(string type, string? stateKey, string sender, JsonObject content, Func<JsonObject, JsonObject>? edit)
    {
        ArgumentNullException.ThrowIfNull(content);
        var prev = Next.Prev is { } given ? [.. given.Select(IdText)] : Room.ForwardExtremities.Select(e => e.Value).ToImmutableArray();
        var before = Room.StateAt([.. prev.Select(EventIdOf)])
            ?? throw new FixtureException($"the next event follows {string.Join(", ", prev)}, whose state the room does not hold");
        var auth = Next.Auth is { } cited
            ? [.. cited.Select(IdText)]
            : AuthEventSelection.Select(type, stateKey, sender, content, Version).Select(before.Get).OfType<Pdu>().Select(e => e.EventId.Value).ToImmutableArray();
        var depth = prev.Select(id => Room.Get(id)?.Depth ?? 0).DefaultIfEmpty(0).Max() + 1;
        var ts = Next.Time ?? Clock + 1;
        if (!Signed)
        {
            var name = Next.Name ?? "e" + (Events.Length + 1).ToString(CultureInfo.InvariantCulture);
            var json = Writer.Json(name, type, stateKey, sender, content, prev, auth, ts, depth, RoomId, TestUsers.ServerOf(sender));
            if (edit is not null) json = edit(json);
            return (json, Writer.TryParse(json));
        }
        var template = JsonValue.Object(
            ("room_id", JsonValue.String(RoomId)),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(depth)),
            ("prev_events", SignedReferences(prev)),
            ("auth_events", SignedReferences(auth)));
        if (stateKey is not null) template = template.With("state_key", JsonValue.String(stateKey));
        if (edit is not null) template = edit(template);
        var signer = Next.Signer ?? TestUsers.ServerOf(sender);
        var signed = EventCompletion.Complete(template, Version, signer, TestKeys.Of(signer), ts);
        foreach (var server in Next.AlsoSigners) signed = EventSigning.SignEvent(signed, Version.Format, server, TestKeys.Of(server));
        return (signed, PduParser.Parse(signed, Version.Format, PduParseOptions.Federation));
    }

    // References as other servers write them: in room versions 1–2 each with the cited event's reference hash.
    private JsonArray SignedReferences(IEnumerable<string> ids) => EventTemplates.References(Room, ids.Select(EventIdOf));

    private EventId EventIdOf(string text) =>
        EventId.Parse(text, Version.Format.EventIdInPdu ? EventIdFormat.ServerScoped : EventIdFormat.TestName) is { IsOk: true } parsed
            ? parsed.Value
            : throw new FixtureException($"'{text}' is not an event ID of room version {Version.Id}");

    /// <summary>Reads <paramref name="json"/> as a test-input PDU of <paramref name="version"/>; one the format refuses is a broken fixture.</summary>
    public static Pdu Parse(JsonObject json, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Read(PduParser.Parse(json, version.Format, PduParseOptions.TestInput), json);
    }

    /// <summary>Reads <paramref name="json"/> as a signed federation PDU of <paramref name="version"/>; one the format refuses is a broken fixture.</summary>
    public static Pdu ParseSigned(JsonObject json, RoomVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Read(PduParser.Parse(json, version.Format, PduParseOptions.Federation), json);
    }

    private static readonly ImmutableSortedDictionary<string, string> Empty = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private static RoomBuilder Start(RoomVersion version, Pdu create, EventWriter writer, bool signed) => new()
    {
        Version = version,
        Room = Room.Start(version, create),
        Events = [create],
        CreateEvent = create,
        Signed = signed,
        Clock = create.OriginServerTs,
        Writer = writer,
    };

    private static JsonObject Content(JsonObject content, JsonObject? extra)
    {
        foreach (var (key, value) in extra ?? JsonObject.Empty) content = content.With(key, value);
        return content;
    }

    private static Pdu Read(Result<Pdu> parsed, JsonObject json) =>
        parsed.IsOk ? parsed.Value : throw new FixtureException("the test event does not parse: " + parsed.Failure + "\n" + CanonicalJson.EncodeToString(json));

    /// <summary>Where the next event goes and how it is made; reset once it is added.</summary>
    private sealed record Placement
    {
        public static readonly Placement Default = new();

        public string? Name { get; init; }

        public ImmutableArray<string>? Prev { get; init; }

        public long? Time { get; init; }

        public ImmutableArray<string>? Auth { get; init; }

        public string? Signer { get; init; }

        public ImmutableArray<string> AlsoSigners { get; init; } = [];
    }
}
