using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using InviteJoin.Generators.Events;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Generators.StateRes;

/// <summary>
/// Seeded generators of forked rooms for state-resolution properties. A room is written from a sequence of
/// choices (shrinking shortens the sequence and lowers its values, so counterexamples shrink towards short,
/// plain histories): a common start (create, joins, power levels, public join rules), then two or three forks,
/// some starting one event early (a stale fork), that receive topics, power-level changes, kicks, bans, join-rule
/// changes, joins, leaves, invites and merges of two forks (whose state the reference resolves). Every event is
/// authorised against its own auth events, chosen by auth-events selection from the state before it; one the
/// rules refuse is not written. Timestamps may tie unless distinct ones are asked for, and event IDs do not
/// follow creation order, so every tie-break of the orderings is reached. Asked for rejected events, the room
/// also gets events rejected on receipt: some fail against their own auth events (a sender without the power
/// the event needs), some pass their own auth events, chosen from an older state, but fail against their fork's
/// state; about half stand in their fork's state set, as in the state a wrong or partial view gave a server.
/// </summary>
public static class ForkedRoomGenerator
{
    /// <summary>One room version per state-resolution algorithm and event-ID format that differ: 1 (v1), 2 (v2, server IDs), 10, 11 and 12 (v2.1).</summary>
    public static readonly ImmutableArray<RoomVersion> Versions = [RoomVersion.V1, RoomVersion.V2, RoomVersion.V10, RoomVersion.V11, RoomVersion.V12];

    /// <summary>
    /// Forked rooms of <paramref name="versions"/> among <paramref name="users"/> (four user IDs of one server, the
    /// first the creator); with <paramref name="distinctTimestamps"/> no two events share a timestamp.
    /// </summary>
    public static Gen<ForkedRoom> Rooms(IReadOnlyList<RoomVersion> versions, IReadOnlyList<string> users, bool distinctTimestamps = false, bool withRejected = false)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(users);
        return Gen.Select(Gen.Int[0, versions.Count - 1], Gen.Int[0, 1 << 20].Array[6, 96],
            (v, choices) => Build(versions[v], users, choices, distinctTimestamps, withRejected));
    }

    /// <summary>
    /// Forked rooms of <paramref name="versions"/> with events rejected on receipt (the generator's, some standing in state
    /// sets) and, by a mask drawn with each room, some more of its events (never the create event) marked rejected: the
    /// cases on which state resolutions are compared, and planted resolver faults told apart.
    /// </summary>
    public static Gen<(ForkedRoom Room, ImmutableSortedSet<string> Rejected)> RoomsWithRejections(IReadOnlyList<RoomVersion> versions, IReadOnlyList<string> users) =>
        Gen.Select(Rooms(versions, users, withRejected: true), Gen.Int[0, 5].Array[0, 96], (room, marks) =>
            (room, ImmutableSortedSet.CreateRange(StringComparer.Ordinal,
                room.Events.Skip(1).Where((e, i) => (i < marks.Length && marks[i] == 0) || room.Rejected.Contains(e.EventId)).Select(e => e.EventId.Value))));

    /// <summary>The room among <paramref name="users"/> that <paramref name="choices"/> describe (past their end every choice is 0).</summary>
    public static ForkedRoom Build(RoomVersion version, IReadOnlyList<string> users, IReadOnlyList<int> choices, bool distinctTimestamps = false, bool withRejected = false)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(choices);
        if (users.Count != 4) throw new ArgumentException("a forked room takes four users", nameof(users));
        return new RoomWriter(version, [.. users], choices, distinctTimestamps, withRejected).Write();
    }

    private sealed class RoomWriter(RoomVersion version, string[] cast, IReadOnlyList<int> choices, bool distinctTimestamps, bool withRejected)
    {
        private static readonly int[] Senders = [0, 0, 0, 1, 1, 2, 3];
        private static readonly long[] Levels = [0, 50, 100];

        private readonly List<EventId> _rejected = [];
        private ImmutableSortedDictionary<StateKey, EventId> _startState = ImmutableSortedDictionary<StateKey, EventId>.Empty;
        private readonly EventWriter _writer = new(version, cast[0][(cast[0].IndexOf(':', StringComparison.Ordinal) + 1)..]);
        private readonly List<Pdu> _events = [];
        private readonly Dictionary<EventId, Pdu> _byId = []; // look-ups only
        private int _next;
        private long _timestamp;
        private string? _roomId;

        private sealed record Fork(EventId Tip, ImmutableSortedDictionary<StateKey, EventId> State);

        public ForkedRoom Write()
        {
            var start = WriteStart();
            _startState = start[^1].State;
            var forks = new List<Fork>();
            var count = 2 + Choose(2);
            for (var i = 0; i < count; i++) forks.Add(start[^(1 + Choose(3) / 2)]); // a third of forks start one event early
            var steps = 2 + Choose(24);
            for (var step = 0; step < steps; step++)
            {
                var f = Choose(forks.Count);
                forks[f] = Act(forks, f) ?? forks[f];
            }
            return new ForkedRoom(version, [.. _events], [.. forks.Select(fork => fork.State)]) { Rejected = [.. _rejected] };
        }

        // create, Alice's join, power levels, public join rules, then Bob's, Charlie's and Dave's joins.
        private List<Fork> WriteStart()
        {
            var alice = cast[0];
            var empty = ImmutableSortedDictionary<StateKey, EventId>.Empty;
            var create = Emit(EventTypes.Create, "", alice, _writer.CreateContent(alice), [], empty)!;
            _roomId = version.RoomIdIsCreateEventHash ? "!" + create.Tip.Value[1..] : _writer.RoomId;
            var history = new List<Fork> { create };
            history.Add(Emit("m.room.member", alice, alice, Membership("join"), [history[^1].Tip], history[^1].State)!);
            var users = new List<(string, long)> { (cast[1], Levels[Choose(3)]), (cast[2], Levels[Choose(2)]) };
            if (!version.PrivilegedCreators) users.Insert(0, (alice, 100));
            history.Add(Emit("m.room.power_levels", "", alice, PowerLevelsContent(users), [history[^1].Tip], history[^1].State)!);
            history.Add(Emit("m.room.join_rules", "", alice, JsonValue.Object(("join_rule", JsonValue.String("public"))), [history[^1].Tip], history[^1].State)!);
            foreach (var user in cast.Skip(1))
            {
                history.Add(Emit("m.room.member", user, user, Membership("join"), [history[^1].Tip], history[^1].State)!);
            }
            return history;
        }

        private Fork? Act(List<Fork> forks, int f)
        {
            var fork = forks[f];
            // Senders lean towards the powerful, so more of their events pass and contend.
            var sender = cast[Senders[Choose(Senders.Length)]];
            var target = cast[Choose(cast.Length)];
            switch (Choose(withRejected ? 13 : 11))
            {
                case 11:
                case 12:
                    return Rejected(fork, sender, target);
                case 0:
                    return Emit("m.room.topic", "", sender, JsonValue.Object(("topic", JsonValue.String("t" + Count(_events.Count)))), [fork.Tip], fork.State);
                case 1:
                {
                    var users = CurrentUsers(fork.State).Where(u => u.User != target).ToList();
                    if (!(version.PrivilegedCreators && target == cast[0])) users.Add((target, Levels[Choose(3)]));
                    return Emit("m.room.power_levels", "", sender, PowerLevelsContent(users), [fork.Tip], fork.State);
                }
                case 2:
                    return Emit("m.room.member", target, sender, Membership(Choose(2) == 0 ? "leave" : "ban"), [fork.Tip], fork.State);
                case 3:
                    return Emit("m.room.join_rules", "", sender, JsonValue.Object(("join_rule", JsonValue.String(Choose(2) == 0 ? "public" : "invite"))), [fork.Tip], fork.State);
                case 4:
                    return Emit("m.room.member", sender, sender, Membership("join"), [fork.Tip], fork.State);
                case 5:
                    return Emit("m.room.member", sender, sender, Membership("leave"), [fork.Tip], fork.State);
                case 6:
                    return Emit("m.room.member", target, sender, Membership("invite"), [fork.Tip], fork.State);
                case 7:
                    return Emit("m.room.name", "", sender, JsonValue.Object(("name", JsonValue.String("n" + Count(_events.Count)))), [fork.Tip], fork.State);
                case 8:
                {
                    // A promotion: the sender gives the target the sender's own level, so chains of delegation form.
                    var users = CurrentUsers(fork.State);
                    var level = users.Where(u => u.User == sender).Select(u => u.Level).DefaultIfEmpty(version.PrivilegedCreators && sender == cast[0] ? 100 : 0).First();
                    if (version.PrivilegedCreators && target == cast[0]) return null;
                    return Emit("m.room.power_levels", "", sender, PowerLevelsContent([.. users.Where(u => u.User != target), (target, level)]), [fork.Tip], fork.State);
                }
                case 9:
                {
                    // A split: another fork leaves its own line and continues from this fork's tip, so forks share
                    // events beyond the common start and an event can lie in some fork's auth chains but not all.
                    var other = Choose(forks.Count);
                    if (other != f) forks[other] = fork;
                    return null;
                }
                default:
                    return Merge(forks, f, sender);
            }
        }

        // A merge: an event whose prev events are the tips of two forks, over the resolution of their states.
        private Fork? Merge(List<Fork> forks, int f, string sender)
        {
            var other = Choose(forks.Count);
            if (other == f || forks[other].Tip == forks[f].Tip) return null;
            var resolved = StateResolver.Resolve(version, [forks[f].State, forks[other].State], _events, _rejected);
            if (!resolved.IsOk) throw new InvalidOperationException("a generated room does not resolve: " + resolved.Failure);
            return Emit("m.room.topic", "", sender, JsonValue.Object(("topic", JsonValue.String("merge" + Count(_events.Count)))),
                [forks[f].Tip, forks[other].Tip], resolved.Value);
        }

        // Writes the event when its auth events (selected from the state before it) allow it; null otherwise.
        // An event rejected on receipt, on the fork's tip: against its own auth events (cited from the fork's state),
        // or, citing the room's start state, against the fork's state only. About half stand in the fork's state.
        private Fork? Rejected(Fork fork, string sender, string target)
        {
            var againstOwn = Choose(2) == 0;
            var (type, stateKey, content) = Choose(3) switch
            {
                0 => ("m.room.power_levels", "", PowerLevelsContent([.. CurrentUsers(fork.State).Where(u => u.User != sender), (sender, 100)])),
                1 => ("m.room.member", target, Membership(Choose(2) == 0 ? "ban" : "leave")),
                _ => ("m.room.topic", "", JsonValue.Object(("topic", JsonValue.String("rogue" + Count(_events.Count))))),
            };
            if (version.PrivilegedCreators && type == "m.room.power_levels") content = PowerLevelsContent(CurrentUsers(fork.State).Where(u => u.User != cast[0] && u.User != sender).Append((sender, 100)));
            var citedFrom = againstOwn ? fork.State : _startState;
            var written = Emit(type, stateKey, sender, content, [fork.Tip], citedFrom, mustPassOwnAuthEvents: !againstOwn);
            if (written is null) return null;
            var e = _byId[written.Tip];
            var passesOwn = Passes(e, citedFrom, own: true);
            var passesState = Passes(e, fork.State, own: false);
            // Keep only events that are rejected, and for the reason the kind says.
            if (againstOwn ? passesOwn : (!passesOwn || passesState))
            {
                _events.Remove(e);
                _byId.Remove(e.EventId);
                return null;
            }
            _rejected.Add(e.EventId);
            return Choose(2) == 0 ? fork with { State = fork.State.SetItem(new StateKey(type, stateKey), e.EventId) } : null;
        }

        private bool Passes(Pdu e, ImmutableSortedDictionary<StateKey, EventId> state, bool own)
        {
            if (own)
            {
                var cited = e.AuthEvents.Select(a => _byId[a]).ToList();
                if (version.RoomIdIsCreateEventHash) cited.Add(_events[0]);
                return EventAuthorizer.AuthorizeAgainstAuthEvents(e, cited, version, AuthContext.Default).Allowed;
            }
            return EventAuthorizer.AuthorizeAgainstState(e, AuthState.FromEvents(state.Values.Select(id => _byId[id])), version, AuthContext.Default).Allowed;
        }

        // Writes the event when its auth events (selected from the state before it) allow it; null otherwise.
        private Fork? Emit(string type, string stateKey, string sender, JsonObject content, EventId[] prev, ImmutableSortedDictionary<StateKey, EventId> before,
            bool mustPassOwnAuthEvents = true)
        {
            var auth = AuthEventSelection.Select(type, stateKey, sender, content, version)
                .Where(before.ContainsKey).Select(k => before[k]).ToArray();
            var name = "" + (char)('a' + Choose(26)) + (char)('a' + Choose(26)) + Count(_events.Count);
            var depth = prev.Length == 0 ? 1 : prev.Max(p => _byId[p].Depth) + 1;
            if (_events.Count > 0) _timestamp += distinctTimestamps || Choose(4) != 0 ? 1 : 0;
            var pdu = _writer.Event(name, type, stateKey, sender, content,
                prev.Select(id => id.Value), auth.Select(id => id.Value), _timestamp, depth, _roomId);
            var authEvents = auth.Select(a => _byId[a]).ToList();
            if (version.RoomIdIsCreateEventHash && _events.Count > 0) authEvents.Add(_events[0]);
            // An honest event never cites an event it knows was rejected (rule C3), so the rejected ones are named.
            if (mustPassOwnAuthEvents && !EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, authEvents, version, AuthContext.Default.WithRejected(_rejected.Select(r => r.Value))).Allowed) return null;
            _events.Add(pdu);
            _byId.Add(pdu.EventId, pdu);
            return new Fork(pdu.EventId, before.SetItem(new StateKey(type, stateKey), pdu.EventId));
        }

        private List<(string User, long Level)> CurrentUsers(ImmutableSortedDictionary<StateKey, EventId> state)
        {
            var users = new List<(string, long)>();
            if (state.TryGetValue(StateKey.PowerLevels, out var pl) && _byId[pl].Content["users"] is JsonObject map)
            {
                foreach (var (user, level) in map)
                {
                    if (level is JsonNumber n && n.TryGetInt64(out var value)) users.Add((user, value));
                }
            }
            return users;
        }

        private static JsonObject PowerLevelsContent(IEnumerable<(string User, long Level)> users) =>
            JsonValue.Object(("users", JsonValue.Object(users.Select(u => KeyValuePair.Create(u.User, (JsonValue)JsonValue.Number(u.Level))))));

        private static JsonObject Membership(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

        private static string Count(int n) => n.ToString("D3", CultureInfo.InvariantCulture);

        private int Choose(int n)
        {
            var choice = _next < choices.Count ? choices[_next] : 0;
            _next++;
            return choice % n;
        }
    }
}
