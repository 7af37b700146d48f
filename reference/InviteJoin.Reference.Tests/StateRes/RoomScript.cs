using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Writes a room's history event by event for state-resolution tests. Each event's auth events are what
/// auth-events selection picks from the state before it (unless given), its depth follows its prev events,
/// and the state after each event is kept so forks can be written down and their states resolved.
/// </summary>
internal sealed class RoomScript(RoomVersion version)
{
    private readonly Dictionary<string, ImmutableSortedDictionary<StateKey, string>> _after = [];
    private readonly Dictionary<string, long> _depth = [];

    public TestRoom Room { get; } = new(version);

    public RoomVersion Version => Room.Version;

    public List<Pdu> Events { get; } = [];

    public static readonly string Alice = TestRoom.User("alice");
    public static readonly string Bob = TestRoom.User("bob");
    public static readonly string Charlie = TestRoom.User("charlie");
    public static readonly string Dave = TestRoom.User("dave");

    public Pdu Send(
        string name, string type, string? stateKey, string sender, JsonObject content, string[] prev, long ts,
        ImmutableSortedDictionary<StateKey, string>? before = null, string[]? auth = null)
    {
        before ??= prev.Length == 0 ? ImmutableSortedDictionary<StateKey, string>.Empty : _after[prev[0]];
        auth ??= AuthEventSelection.Select(type, stateKey, sender, content, Version)
            .Where(before.ContainsKey).Select(k => before[k]).ToArray();
        var depth = prev.Length == 0 ? 1 : prev.Max(p => _depth[p]) + 1;
        var pdu = Room.Event(name, type, stateKey, sender, content, prev, auth, ts, depth);
        Events.Add(pdu);
        _depth[name] = depth;
        _after[name] = stateKey is null ? before : before.SetItem(new StateKey(type, stateKey), name);
        return pdu;
    }

    public Pdu Create(string name = "create") => Send(name, "m.room.create", "", Alice, Room.Create(Alice), [], 1);

    public Pdu Member(string name, string sender, string target, string membership, string[] prev, long ts, string[]? auth = null) =>
        Send(name, "m.room.member", target, sender, JsonValue.Object(("membership", JsonValue.String(membership))), prev, ts, auth: auth);

    public Pdu Join(string name, string user, string[] prev, long ts, string[]? auth = null) => Member(name, user, user, "join", prev, ts, auth);

    public Pdu PowerLevels(string name, string sender, (string User, long Level)[] users, string[] prev, long ts, string[]? auth = null) =>
        Send(name, "m.room.power_levels", "", sender,
            JsonValue.Object(("users", JsonValue.Object(users.Select(u => KeyValuePair.Create(u.User, (JsonValue)JsonValue.Number(u.Level)))))),
            prev, ts, auth: auth);

    public Pdu JoinRules(string name, string sender, string rule, string[] prev, long ts, string[]? auth = null) =>
        Send(name, "m.room.join_rules", "", sender, JsonValue.Object(("join_rule", JsonValue.String(rule))), prev, ts, auth: auth);

    public Pdu Topic(string name, string sender, string topic, string[] prev, long ts, string[]? auth = null) =>
        Send(name, "m.room.topic", "", sender, JsonValue.Object(("topic", JsonValue.String(topic))), prev, ts, auth: auth);

    /// <summary>The state after <paramref name="name"/>, as event IDs.</summary>
    public ImmutableSortedDictionary<StateKey, EventId> After(string name) => Ids(_after[name]);

    /// <summary><paramref name="state"/> with short names turned into event IDs.</summary>
    public ImmutableSortedDictionary<StateKey, EventId> Ids(ImmutableSortedDictionary<StateKey, string> state) =>
        state.ToImmutableSortedDictionary(p => p.Key, p => Room.Id(p.Value));

    /// <summary>The state after <paramref name="name"/> with <paramref name="changes"/> applied (a null name removes the key).</summary>
    public ImmutableSortedDictionary<StateKey, EventId> After(string name, params (StateKey Key, string? Event)[] changes)
    {
        var state = _after[name];
        foreach (var (key, e) in changes) state = e is null ? state.Remove(key) : state.SetItem(key, e);
        return Ids(state);
    }

    public EventGraph Graph() => EventGraph.Build(Events, Version).Value;
}
