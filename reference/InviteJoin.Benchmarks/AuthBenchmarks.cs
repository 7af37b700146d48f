using System.Globalization;
using BenchmarkDotNet.Attributes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Benchmarks;

/// <summary>
/// Single authorisation checks against an in-memory state (checks 5 and 6 on receipt, and each step of
/// state resolution's iterative auth checks): a room version 11 room with a create event, power levels
/// naming a dozen users, an invite-only join rule and 300 joined members. Target: at least 1,000,000
/// checks per second per core, that is at most 1 µs per check.
/// </summary>
[MemoryDiagnoser]
public class AuthBenchmarks
{
    private const string Server = "example.org";
    private const int Members = 300;
    private static readonly RoomVersion Version = RoomVersion.V11;

    private AuthState _state = AuthState.Empty;
    private Pdu _message = null!;
    private Pdu _join = null!;
    private Pdu _invite = null!;
    private Pdu _powerLevelsChange = null!;
    private Pdu _kick = null!;
    private int _depth;

    [GlobalSetup]
    public void Setup()
    {
        var events = new List<Pdu>();
        var create = Event(EventTypes.Create, "", User(0), JsonValue.Object(("room_version", JsonValue.String(Version.Id))));
        events.Add(create);
        for (var i = 0; i < Members; i++) events.Add(Member(User(i), User(i), "join"));
        events.Add(Event(EventTypes.PowerLevels, "", User(0), PowerLevelsContent(extraUser: null)));
        events.Add(Event(EventTypes.JoinRules, "", User(0), JsonValue.Object(("join_rule", JsonValue.String("invite")))));
        events.Add(Member(User(1), "@guest:elsewhere.test", "invite"));
        _state = AuthState.FromEvents(events);

        _message = Event("m.room.message", null, User(150), JsonValue.Object(("msgtype", JsonValue.String("m.text")), ("body", JsonValue.String("hello"))));
        _join = Member("@guest:elsewhere.test", "@guest:elsewhere.test", "join");
        _invite = Member(User(5), "@newcomer:elsewhere.test", "invite");
        _powerLevelsChange = Event(EventTypes.PowerLevels, "", User(0), PowerLevelsContent(extraUser: User(200)));
        _kick = Member(User(2), User(250), "leave");

        Expect(Message(), Rule.EventAllowed);
        Expect(Join(), Rule.MemberJoinInvitedOrJoined);
        Expect(Invite(), Rule.MemberInviteAllowed);
        Expect(PowerLevelsChange(), Rule.PowerLevelsAllowed);
        Expect(Kick(), Rule.MemberLeaveKickAllowed);
    }

    /// <summary>A message by a joined member with the default level.</summary>
    [Benchmark(Baseline = true)]
    public AuthDecision Message() => EventAuthorizer.AuthorizeAgainstState(_message, _state, Version, AuthContext.Default);

    /// <summary>An invited user joins an invite-only room.</summary>
    [Benchmark]
    public AuthDecision Join() => EventAuthorizer.AuthorizeAgainstState(_join, _state, Version, AuthContext.Default);

    /// <summary>A member at the invite level invites a new user.</summary>
    [Benchmark]
    public AuthDecision Invite() => EventAuthorizer.AuthorizeAgainstState(_invite, _state, Version, AuthContext.Default);

    /// <summary>The creator (level 100) raises one member to level 50: every map of both power-levels events is compared.</summary>
    [Benchmark]
    public AuthDecision PowerLevelsChange() => EventAuthorizer.AuthorizeAgainstState(_powerLevelsChange, _state, Version, AuthContext.Default);

    /// <summary>A moderator kicks a member.</summary>
    [Benchmark]
    public AuthDecision Kick() => EventAuthorizer.AuthorizeAgainstState(_kick, _state, Version, AuthContext.Default);

    private static string User(int i) => "@user" + i.ToString("D3", CultureInfo.InvariantCulture) + ":" + Server;

    // Users 0 (creator) at 100, 1–3 at 50, 4–11 at 10; invites need 10, kicks 50.
    private static JsonObject PowerLevelsContent(string? extraUser)
    {
        var users = JsonObject.Empty.With(User(0), JsonValue.Number(100));
        for (var i = 1; i <= 3; i++) users = users.With(User(i), JsonValue.Number(50));
        for (var i = 4; i <= 11; i++) users = users.With(User(i), JsonValue.Number(10));
        if (extraUser is not null) users = users.With(extraUser, JsonValue.Number(50));
        return JsonValue.Object(
            ("users", users),
            ("users_default", JsonValue.Number(0)),
            ("events", JsonValue.Object(
                ("m.room.name", JsonValue.Number(50)),
                ("m.room.power_levels", JsonValue.Number(100)),
                ("m.room.history_visibility", JsonValue.Number(100)),
                ("m.room.canonical_alias", JsonValue.Number(50)),
                ("m.room.avatar", JsonValue.Number(50)),
                ("m.room.tombstone", JsonValue.Number(100)),
                ("m.room.server_acl", JsonValue.Number(100)),
                ("m.room.encryption", JsonValue.Number(100)))),
            ("events_default", JsonValue.Number(0)),
            ("state_default", JsonValue.Number(50)),
            ("ban", JsonValue.Number(50)),
            ("kick", JsonValue.Number(50)),
            ("redact", JsonValue.Number(50)),
            ("invite", JsonValue.Number(10)),
            ("notifications", JsonValue.Object(("room", JsonValue.Number(50)))));
    }

    private Pdu Member(string sender, string target, string membership) =>
        Event(EventTypes.Member, target, sender, JsonValue.Object(("membership", JsonValue.String(membership))));

    private Pdu Event(string type, string? stateKey, string sender, JsonObject content)
    {
        _depth++;
        var depth = _depth.ToString(CultureInfo.InvariantCulture);
        var json = JsonValue.Object(
            ("event_id", JsonValue.String("$event" + depth)),
            ("room_id", JsonValue.String("!room:" + Server)),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(_depth)),
            ("origin_server_ts", JsonValue.Number(1_700_000_000_000 + _depth)),
            ("prev_events", _depth == 1 ? JsonArray.Empty : JsonValue.Array(JsonValue.String("$event" + (_depth - 1).ToString(CultureInfo.InvariantCulture)))),
            ("auth_events", JsonArray.Empty));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        var parsed = PduParser.Parse(json, Version.Format, PduParseOptions.TestInput);
        return parsed.IsOk ? parsed.Value : throw new InvalidOperationException("benchmark event does not parse: " + parsed.Failure);
    }

    private static void Expect(AuthDecision decision, Rule rule)
    {
        if (decision.Rule != rule) throw new InvalidOperationException("expected " + rule + ", got " + decision);
    }
}
