using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Builds small rooms for authorisation tests: a create event of a room version, then members, power
/// levels and join rules, each a PDU in that version's federation format with a readable test ID. Every
/// step returns a new builder, so one base room can branch into the two sides of a boundary.
/// Events added with the builder's shortcuts join the state without being checked; <see cref="Check"/>
/// and <see cref="CheckAgainstAuthEvents"/> judge an event made with <see cref="Event"/> or <see cref="Member"/>.
/// </summary>
/// <example>
/// <code>
/// var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("invite").Join("@bob:example.org");
/// var kick = room.Member("@alice:example.org", "@bob:example.org", "leave");
/// Assert.Equal(Rule.MemberLeaveKickAllowed, room.Check(kick).Rule);
/// </code>
/// </example>
internal sealed record RoomBuilder
{
    public const string Alice = "@alice:example.org";
    public const string Bob = "@bob:example.org";
    public const string Charlie = "@charlie:example.org";
    public const string Zara = "@zara:elsewhere.test";

    private RoomBuilder()
    {
    }

    public required RoomVersion Version { get; init; }

    /// <summary>The room's state: the latest event at each key.</summary>
    public required AuthState State { get; init; }

    /// <summary>Every event added, in order.</summary>
    public required ImmutableArray<Pdu> Events { get; init; }

    public required string RoomId { get; init; }

    public required Pdu CreateEvent { get; init; }

    /// <summary>The creator (the create event's sender).</summary>
    public string Creator => CreateEvent.Sender.Value;

    /// <summary>The context checks use: no rejected events and the default signature oracle unless replaced.</summary>
    public AuthContext Context { get; init; } = AuthContext.Default;

    /// <summary>
    /// A room of <paramref name="version"/> created by <paramref name="creator"/>, who has joined: the
    /// create event (room version 1–10 content names the creator) and the creator's first join.
    /// <paramref name="createContent"/> adds to the create event's content (for example <c>m.federate</c>
    /// or <c>additional_creators</c>).
    /// </summary>
    public static RoomBuilder Create(RoomVersion version, string creator = Alice, JsonObject? createContent = null, bool joinCreator = true)
    {
        var server = ServerOf(creator);
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(creator));
        foreach (var (key, value) in createContent ?? JsonObject.Empty) content = content.With(key, value);

        var createId = version.RoomIdIsCreateEventHash ? "$create" : "$create:" + server;
        var roomId = version.RoomIdIsCreateEventHash ? "!create" : "!room:" + server;
        var json = JsonValue.Object(
            ("event_id", JsonValue.String(createId)),
            ("type", JsonValue.String(EventTypes.Create)),
            ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String(creator)),
            ("content", content),
            ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(1001)),
            ("prev_events", JsonArray.Empty),
            ("auth_events", JsonArray.Empty));
        if (!version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String(roomId));
        var create = Parse(json, version);

        var room = new RoomBuilder
        {
            Version = version,
            State = AuthState.FromEvents([create]),
            Events = [create],
            RoomId = roomId,
            CreateEvent = create,
        };
        return joinCreator ? room.Join(creator) : room;
    }

    /// <summary>The next event: sent by <paramref name="sender"/>, following the last event, citing what auth-events selection picks from the state.</summary>
    public Pdu Event(string type, string? stateKey, string sender, JsonObject content, Func<JsonObject, JsonObject>? edit = null)
    {
        var parsed = TryEvent(type, stateKey, sender, content, edit);
        Assert.True(parsed.IsOk, "the test event does not parse: " + parsed.Failure);
        return parsed.Value;
    }

    /// <summary>As <see cref="Event"/>, but a PDU the room version's format refuses is a failure, not a broken test.</summary>
    public Result<Pdu> TryEvent(string type, string? stateKey, string sender, JsonObject content, Func<JsonObject, JsonObject>? edit = null)
    {
        var number = Events.Length + 1;
        var eventId = "$e" + number.ToString(CultureInfo.InvariantCulture) + ":" + ServerOf(sender);
        var selected = AuthEventSelection.Select(type, stateKey, sender, content, Version);
        var authIds = selected.Select(State.Get).OfType<Pdu>().Select(p => p.EventId.Value).ToArray();
        var json = JsonValue.Object(
            ("event_id", JsonValue.String(eventId)),
            ("room_id", JsonValue.String(RoomId)),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(number)),
            ("origin_server_ts", JsonValue.Number(1000 + number)),
            ("prev_events", References([Events[^1].EventId.Value])),
            ("auth_events", References(authIds)));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        return PduParser.Parse(edit is null ? json : edit(json), Version.Format, PduParseOptions.TestInput);
    }

    /// <summary>The next member event: <paramref name="sender"/> sets <paramref name="target"/>'s membership, with extra content if given.</summary>
    public Pdu Member(string sender, string target, string membership, JsonObject? content = null, Func<JsonObject, JsonObject>? edit = null) =>
        Event(EventTypes.Member, target, sender, (content ?? JsonObject.Empty).With("membership", JsonValue.String(membership)), edit);

    /// <summary>This room with <paramref name="pdu"/> added to the history and the state, unchecked.</summary>
    public RoomBuilder Add(Pdu pdu) => this with { Events = Events.Add(pdu), State = State.With(pdu) };

    /// <summary>This room after <paramref name="user"/> joins.</summary>
    public RoomBuilder Join(string user) => Add(Member(user, user, MembershipValues.Join));

    /// <summary>This room after <paramref name="sender"/> sets <paramref name="target"/>'s membership.</summary>
    public RoomBuilder SetMembership(string sender, string target, string membership) => Add(Member(sender, target, membership));

    /// <summary>This room with join rule <paramref name="joinRule"/>, set by the creator.</summary>
    public RoomBuilder JoinRule(string joinRule) =>
        Add(Event(EventTypes.JoinRules, "", Creator, JsonValue.Object(("join_rule", JsonValue.String(joinRule)))));

    /// <summary>This room with power-levels content <paramref name="content"/>, set by the creator.</summary>
    public RoomBuilder PowerLevels(JsonObject content) => Add(Event(EventTypes.PowerLevels, "", Creator, content));

    /// <summary>This room with power levels giving each listed user a level (the creator 100 unless listed, or in v12 where creators may not be listed).</summary>
    public RoomBuilder PowerLevels(params (string User, long Level)[] users) => PowerLevels(JsonValue.Object(("users", UsersMap(users))));

    /// <summary>
    /// This room with power levels holding the top-level properties of <paramref name="topLevel"/> (for
    /// example <c>{"invite": 10}</c>) and a users map as <see cref="PowerLevels(ValueTuple{string, long}[])"/> makes it.
    /// </summary>
    public RoomBuilder PowerLevelsWith(JsonObject topLevel, params (string User, long Level)[] users)
    {
        var content = JsonValue.Object(("users", UsersMap(users)));
        foreach (var (key, value) in topLevel) content = content.With(key, value);
        return PowerLevels(content);
    }

    /// <summary>The events of the state that auth-events selection picks for <paramref name="e"/> (in v12 also the create event, which the room ID implies).</summary>
    public ImmutableArray<Pdu> AuthEventsFor(Pdu e)
    {
        var picked = AuthEventSelection.Select(e, Version).Select(State.Get).OfType<Pdu>().ToImmutableArray();
        return Version.RoomIdIsCreateEventHash ? picked.Add(CreateEvent) : picked;
    }

    /// <summary><paramref name="e"/> judged against the room's state.</summary>
    public AuthDecision Check(Pdu e) => EventAuthorizer.AuthorizeAgainstState(e, State, Version, Context);

    /// <summary><paramref name="e"/> judged against the events it cites (with the implied create event in v12).</summary>
    public AuthDecision CheckAgainstAuthEvents(Pdu e)
    {
        var supplied = State.Events.Values.ToList();
        if (!supplied.Contains(CreateEvent)) supplied.Add(CreateEvent);
        return EventAuthorizer.AuthorizeAgainstAuthEvents(e, supplied, Version, Context);
    }

    /// <summary>The server name of <paramref name="userId"/>.</summary>
    public static string ServerOf(string userId) => userId[(userId.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>Parses <paramref name="json"/> as a test-input PDU of <paramref name="version"/>; a failure is a broken test.</summary>
    public static Pdu Parse(JsonObject json, RoomVersion version)
    {
        var parsed = PduParser.Parse(json, version.Format, PduParseOptions.TestInput);
        Assert.True(parsed.IsOk, "the test event does not parse: " + parsed.Failure);
        return parsed.Value;
    }

    // The creator at 100 unless listed (never in room version 12, where creators may not be listed), then each user.
    private JsonObject UsersMap((string User, long Level)[] users)
    {
        var map = JsonObject.Empty;
        if (!Version.PrivilegedCreators) map = map.With(Creator, JsonValue.Number(100));
        foreach (var (user, level) in users) map = map.With(user, JsonValue.Number(level));
        return map;
    }

    private JsonArray References(IEnumerable<string> ids) =>
        JsonValue.Array(ids.Select(id => Version.Format.ReferencesCarryHashes
            ? JsonValue.Array(JsonValue.String(id), JsonObject.Empty)
            : (JsonValue)JsonValue.String(id)));
}
