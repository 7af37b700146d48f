using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Benchmarks;

/// <summary>
/// A deterministic room for the state-resolution benchmarks: a linear history of a given length (joins,
/// messages, topics, room data and power-level changes, each event's auth events selected from the state
/// before it), then two concurrent forks that contend for the same keys. Fork A is Alice's: a power-levels
/// change, then room data and kicks; fork B is Bob's (an admin too): a power-levels change, then room data on
/// the same keys and profile changes of the users Alice kicks. The two tips' states have about
/// <c>conflicted</c> events in their conflicted state set, a tenth of them power events.
/// </summary>
/// <remarks>
/// PDUs are built directly (the benchmark assembly sees the reference's internals) with JSON that agrees with
/// their fields, which keeps 100,000 events to about a second of setup; every event is one the auth rules allow.
/// </remarks>
internal sealed class StateResolutionDag
{
    private const string Alice = "@alice:example.com";
    private const string Bob = "@bob:example.com";
    private const string DataType = "org.example.data";

    private readonly RoomVersion _version;
    private readonly List<Pdu> _events = [];
    private readonly Dictionary<EventId, Pdu> _byId = [];
    private RoomId _roomId;
    private long _timestamp = 1_700_000_000_000;

    private StateResolutionDag(RoomVersion version) => _version = version;

    /// <summary>The room's graph and the states at the tips of its two forks.</summary>
    public static (EventGraph Graph, ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>> StateSets) Build(RoomVersion version, int history, int conflicted)
    {
        var dag = new StateResolutionDag(version);
        var (tip, state, users) = dag.WriteHistory(history);
        var stateA = dag.WriteFork(tip, state, users, conflicted / 2, forkOfAlice: true);
        var stateB = dag.WriteFork(tip, state, users, conflicted / 2, forkOfAlice: false);
        var graph = EventGraph.Build(dag._events, version);
        if (!graph.IsOk) throw new InvalidOperationException("the benchmark room is not a valid graph: " + graph.Failure);
        return (graph.Value, [stateA, stateB]);
    }

    /// <summary>
    /// A room of <paramref name="length"/> events where Alice changes her display name over and over: each
    /// membership event cites the one before, so the last one's auth chain is the whole room.
    /// </summary>
    public static (EventGraph Graph, EventId Tip) ProfileChain(RoomVersion version, int length)
    {
        var dag = new StateResolutionDag(version);
        var state = ImmutableSortedDictionary<StateKey, EventId>.Empty;
        var tip = dag.Emit("m.room.create", "", Alice, JsonValue.Object(("creator", JsonValue.String(Alice)), ("room_version", JsonValue.String(version.Id))), null, ref state);
        for (var i = 1; i < length; i++)
        {
            tip = dag.Emit("m.room.member", Alice, Alice, JsonValue.Object(("membership", JsonValue.String("join")), ("displayname", JsonValue.String("Alice " + Number(i)))), tip, ref state);
        }
        var graph = EventGraph.Build(dag._events, version);
        if (!graph.IsOk) throw new InvalidOperationException("the benchmark chain is not a valid graph: " + graph.Failure);
        return (graph.Value, tip);
    }

    private (EventId Tip, ImmutableSortedDictionary<StateKey, EventId> State, List<string> Users) WriteHistory(int length)
    {
        var state = ImmutableSortedDictionary<StateKey, EventId>.Empty;
        var createContent = _version.CreatorInContent
            ? JsonValue.Object(("creator", JsonValue.String(Alice)), ("room_version", JsonValue.String(_version.Id)))
            : JsonValue.Object(("room_version", JsonValue.String(_version.Id)));
        var tip = Emit("m.room.create", "", Alice, createContent, null, ref state);
        tip = Emit("m.room.member", Alice, Alice, Member("join"), tip, ref state);
        tip = Emit("m.room.power_levels", "", Alice, Levels([(Bob, 100)]), tip, ref state);
        tip = Emit("m.room.join_rules", "", Alice, JsonValue.Object(("join_rule", JsonValue.String("public"))), tip, ref state);
        tip = Emit("m.room.member", Bob, Bob, Member("join"), tip, ref state);

        var users = new List<string>();
        var userCount = Math.Clamp(length / 10, 10, 2_000);
        var i = 0;
        while (_events.Count < length)
        {
            i++;
            if (users.Count < userCount && (i % 3 == 0 || users.Count < 10))
            {
                var user = "@user" + Number(users.Count) + ":example.com";
                users.Add(user);
                tip = Emit("m.room.member", user, user, Member("join"), tip, ref state);
            }
            else if (i % 97 == 0)
            {
                tip = Emit("m.room.power_levels", "", Alice, Levels([(Bob, 100), (users[i % users.Count], 10 + i % 40)]), tip, ref state);
            }
            else if (i % 7 == 0)
            {
                tip = Emit(DataType, "h" + Number(i % 50), Alice, JsonValue.Object(("value", JsonValue.Number(i))), tip, ref state);
            }
            else if (i % 11 == 0)
            {
                tip = Emit("m.room.topic", "", Bob, JsonValue.Object(("topic", JsonValue.String("topic " + Number(i)))), tip, ref state);
            }
            else
            {
                var sender = users[i % users.Count];
                tip = Emit("m.room.message", null, sender, JsonValue.Object(("body", JsonValue.String("message " + Number(i)))), tip, ref state);
            }
        }
        return (tip, state, users);
    }

    private ImmutableSortedDictionary<StateKey, EventId> WriteFork(
        EventId tip, ImmutableSortedDictionary<StateKey, EventId> state, List<string> users, int count, bool forkOfAlice)
    {
        var sender = forkOfAlice ? Alice : Bob;
        tip = Emit("m.room.power_levels", "", sender, Levels([(Bob, 100), (users[0], forkOfAlice ? 50 : 60)]), tip, ref state);
        for (var k = 0; k < count; k++)
        {
            // Every tenth key is a user's membership: Alice kicks the user, Bob's fork has the user change profile.
            if (k % 10 == 9 && k / 10 < users.Count)
            {
                var user = users[k / 10];
                tip = forkOfAlice
                    ? Emit("m.room.member", user, Alice, Member("leave"), tip, ref state)
                    : Emit("m.room.member", user, user, JsonValue.Object(("membership", JsonValue.String("join")), ("displayname", JsonValue.String("renamed"))), tip, ref state);
            }
            else
            {
                tip = Emit(DataType, "k" + Number(k), sender, JsonValue.Object(("value", JsonValue.String(forkOfAlice ? "a" : "b"))), tip, ref state);
            }
        }
        return state;
    }

    private EventId Emit(string type, string? stateKey, string sender, JsonObject content, EventId? prev, ref ImmutableSortedDictionary<StateKey, EventId> state)
    {
        _timestamp++;
        var id = EventId.Parse("$" + (prev is null ? "create" : "e" + Number(_events.Count)), EventIdFormat.TestName).Value;
        if (prev is null)
        {
            _roomId = _version.RoomIdIsCreateEventHash
                ? RoomId.FromCreateEventId(id).Value
                : RoomId.Parse("!bench:example.com", RoomIdFormat.WithServer).Value;
        }
        var before = state;
        var auth = AuthEventSelection.Select(type, stateKey, sender, content, _version).Where(before.ContainsKey).Select(k => before[k]).ToImmutableArray();
        ImmutableArray<EventId> prevEvents = prev is { } p ? [p] : [];
        var depth = prev is { } q ? _byId[q].Depth + 1 : 1;
        var members = new List<(string, JsonValue)>
        {
            ("event_id", JsonValue.String(id.Value)), ("type", JsonValue.String(type)), ("sender", JsonValue.String(sender)),
            ("content", content), ("depth", JsonValue.Number(depth)), ("origin_server_ts", JsonValue.Number(_timestamp)),
            ("prev_events", JsonValue.Array(prevEvents.Select(e => (JsonValue)JsonValue.String(e.Value)))),
            ("auth_events", JsonValue.Array(auth.Select(e => (JsonValue)JsonValue.String(e.Value)))),
        };
        if (stateKey is not null) members.Add(("state_key", JsonValue.String(stateKey)));
        if (!(_version.RoomIdIsCreateEventHash && prev is null)) members.Add(("room_id", JsonValue.String(_roomId.Value)));
        var pdu = new Pdu
        {
            Json = JsonValue.Object([.. members]),
            Format = _version.Format,
            EventId = id,
            RoomId = _roomId,
            Sender = UserId.Parse(sender, UserIdGrammar.Historical).Value,
            Type = type,
            StateKey = stateKey,
            Content = content,
            PrevEvents = prevEvents,
            AuthEvents = auth,
            Depth = depth,
            OriginServerTs = _timestamp,
            ContentHashSha256 = null,
            Redacts = null,
        };
        _events.Add(pdu);
        _byId.Add(id, pdu);
        if (stateKey is not null) state = state.SetItem(new StateKey(type, stateKey), id);
        return id;
    }

    private JsonObject Levels((string User, long Level)[] users)
    {
        var all = _version.PrivilegedCreators ? users : [(Alice, 100L), .. users];
        return JsonValue.Object(("users", JsonValue.Object(all.Select(u => KeyValuePair.Create(u.User, (JsonValue)JsonValue.Number(u.Level))))));
    }

    private static JsonObject Member(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
