using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Generators.Events;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Export;

/// <summary>What kind of room history <see cref="RoomHistoryGenerator"/> writes.</summary>
public sealed record RoomHistoryOptions
{
    public RoomVersion Version { get; init; } = RoomVersion.V11;

    /// <summary>How many events the history has (at least the dozen or so of its start).</summary>
    public int Events { get; init; } = 1000;

    /// <summary>How many servers take part (1 to <see cref="Cast.MaxServers"/>), each with its <see cref="Cast"/> signing key.</summary>
    public int Servers { get; init; } = 4;

    /// <summary>How many users each server has who may join.</summary>
    public int UsersPerServer { get; init; } = 25;

    /// <summary>The seed every choice is drawn from.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>More content for the create event (<c>m.federate</c>, say), or null.</summary>
    public JsonObject? CreateContent { get; init; }
}

/// <summary>
/// A room's history as its servers wrote it: every event as signed JSON, in the order written (each after the
/// events it cites), the room as the writer holds it, and the servers' keys. Exports for audits are cut from it.
/// </summary>
public sealed record RoomHistory(RoomVersion Version, Room Room, ImmutableArray<JsonObject> Events, ImmutableArray<string> Servers, KeyRing Keys)
{
    /// <summary>The signing key of <paramref name="server"/>, one of <see cref="Servers"/>.</summary>
    public static Ed25519SigningKey SigningKey(string server) => Cast.Key(Cast.ServerIndex(server));

    /// <summary>The users of <paramref name="server"/> who may take part, in order.</summary>
    public static string User(string server, int index) => "@user" + index.ToString(CultureInfo.InvariantCulture) + ":" + server;
}

/// <summary>
/// Writes a long, realistic room history with real Ed25519 signatures, deterministically from a seed: a public
/// room that users of several servers join, talk in, leave, are kicked from and return to, with topic and
/// power-level changes, and now and then a fork — two or three servers writing at once — that a later event
/// merges (its state resolved by the reference). Every event is taken in by the reference's room and must be
/// accepted there; the generator fails loudly otherwise, so a history it writes is clean by construction.
/// </summary>
public static class RoomHistoryGenerator
{
    /// <summary>The history that <paramref name="options"/> describe; <paramref name="progress"/> hears the count of events written.</summary>
    public static RoomHistory Write(RoomHistoryOptions options, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Servers is < 1 or > Cast.MaxServers) throw new ArgumentOutOfRangeException(nameof(options), $"servers must be 1 to {Cast.MaxServers}");
        if (options.UsersPerServer < 3) throw new ArgumentOutOfRangeException(nameof(options), "at least three users per server");
        return new Writer(options, progress).Write();
    }

    private sealed class Writer(RoomHistoryOptions options, Action<int>? progress)
    {
        private readonly RoomVersion _version = options.Version;
        private readonly ImmutableArray<string> _servers = [.. Enumerable.Range(0, options.Servers).Select(Cast.Server)];
        private readonly KeyRing _keys = Cast.KeyRing(options.Servers);
        private readonly List<JsonObject> _events = new(options.Events);
        private readonly List<string> _joined = [];
        private readonly List<string> _away = [];
        private readonly SortedSet<string> _banned = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _moderators = new(StringComparer.Ordinal);
        private SplitMix _random = new(options.Seed);
        private Room _room = null!;
        private long _clock = 1_700_000_000_000;
        private string _creator = "";

        public RoomHistory Write()
        {
            _creator = RoomHistory.User(_servers[0], 0);
            foreach (var server in _servers)
            {
                for (var u = 0; u < options.UsersPerServer; u++)
                {
                    var user = RoomHistory.User(server, u);
                    if (user != _creator) _away.Add(user);
                }
            }
            Start();
            while (_events.Count < options.Events) Step();
            return new RoomHistory(_version, _room, [.. _events], _servers, _keys);
        }

        // create, the creator's join, power levels, a public join rule, shared history; then a first guest who joins,
        // talks and leaves, so every history holds a departure; then two moderators.
        private void Start()
        {
            var signed = RoomEvents.SignedCreate(_version, _creator, _servers[0], RoomHistory.SigningKey(_servers[0]), "export", Tick(), options.CreateContent);
            var parsed = PduParser.Parse(signed, _version.Format, PduParseOptions.Federation);
            if (!parsed.IsOk) throw new InvalidOperationException("the generated create event does not parse: " + parsed.Failure);
            _room = Room.Start(_version, parsed.Value);
            _events.Add(signed);
            progress?.Invoke(_events.Count);

            Emit(_creator, EventTypes.Member, _creator, Membership(MembershipValues.Join));
            _joined.Add(_creator);
            Emit(_creator, EventTypes.PowerLevels, "", Levels());
            Emit(_creator, EventTypes.JoinRules, "", RoomEvents.JoinRules(JoinRuleValues.Public, []));
            Emit(_creator, "m.room.history_visibility", "", JsonValue.Object(("history_visibility", JsonValue.String("shared"))));
            var guest = _away[^1];
            Join(guest);
            Message(guest);
            Leave(guest, guest);
            for (var i = 0; i < 2 && _away.Count > 0; i++)
            {
                var moderator = _away[i * _away.Count / 2];
                Join(moderator);
                _moderators.Add(moderator);
                Emit(_creator, EventTypes.PowerLevels, "", Levels());
            }
        }

        private void Step()
        {
            var roll = _random.Below(1000);
            if (roll < 5) Fork();
            else if (roll < 45 && _away.Count > 0) Join(_away[_random.Below(_away.Count)]);
            else if (roll < 60 && Ordinary() is { } leaver) Leave(leaver, leaver);
            else if (roll < 66 && Ordinary() is { } kicked) Leave(kicked, Moderator());
            else if (roll < 68 && Ordinary() is { } banned) Ban(banned);
            else if (roll < 70 && _banned.Count > 0) Unban(_banned.ElementAt(_random.Below(_banned.Count)));
            else if (roll < 78) Topic(Moderator(), [.. _room.ForwardExtremities]);
            else Message(_joined[_random.Below(_joined.Count)]);
        }

        // Two or three servers write at once on the same state, then a later event merges their branches.
        private void Fork()
        {
            var start = _room.ForwardExtremities.ToList();
            var branches = 2 + _random.Below(2);
            var tips = new List<EventId>();
            for (var b = 0; b < branches; b++)
            {
                var tip = start;
                var length = 1 + _random.Below(3);
                for (var i = 0; i < length; i++)
                {
                    var pdu = _random.Below(4) == 0
                        ? Topic(Moderator(), tip)
                        : Emit(_joined[_random.Below(_joined.Count)], "m.room.message", null, Body(), tip);
                    tip = [pdu.EventId];
                }
                tips.AddRange(tip);
            }
            Emit(_creator, "m.room.message", null, Body(), [.. tips.Distinct().OrderBy(id => id.Value, StringComparer.Ordinal)]);
        }

        private string? Ordinary()
        {
            var candidates = _joined.Where(u => u != _creator && !_moderators.Contains(u)).ToList();
            return candidates.Count == 0 ? null : candidates[_random.Below(candidates.Count)];
        }

        private string Moderator()
        {
            var all = _moderators.Prepend(_creator).ToList();
            return all[_random.Below(all.Count)];
        }

        private void Join(string user)
        {
            Emit(user, EventTypes.Member, user, Membership(MembershipValues.Join));
            _away.Remove(user);
            _joined.Add(user);
        }

        private void Leave(string user, string sender)
        {
            Emit(sender, EventTypes.Member, user, Membership(MembershipValues.Leave));
            _joined.Remove(user);
            _away.Add(user);
        }

        private void Ban(string user)
        {
            Emit(_creator, EventTypes.Member, user, Membership(MembershipValues.Ban));
            _joined.Remove(user);
            _banned.Add(user);
        }

        private void Unban(string user)
        {
            Emit(_creator, EventTypes.Member, user, Membership(MembershipValues.Leave));
            _banned.Remove(user);
            _away.Add(user);
        }

        private void Message(string user) => Emit(user, "m.room.message", null, Body());

        private Pdu Topic(string sender, IReadOnlyList<EventId> prev) =>
            Emit(sender, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("topic " + Count()))), prev);

        private JsonObject Body() => JsonValue.Object(("msgtype", JsonValue.String("m.text")), ("body", JsonValue.String("message " + Count())));

        private JsonObject Levels()
        {
            var users = new List<(string, JsonValue)>();
            if (!_version.PrivilegedCreators) users.Add((_creator, JsonValue.Number(100)));
            users.AddRange(_moderators.Select(m => (m, (JsonValue)JsonValue.Number(50))));
            return JsonValue.Object(("users", JsonValue.Object([.. users])), ("events_default", JsonValue.Number(0)), ("state_default", JsonValue.Number(50)));
        }

        private static JsonObject Membership(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

        private Pdu Emit(string sender, string type, string? stateKey, JsonObject content) => Emit(sender, type, stateKey, content, [.. _room.ForwardExtremities]);

        // An event on the given prev events, with the auth events the selection picks from the state before it,
        // signed by the sender's server and taken in by the room, which must accept it.
        private Pdu Emit(string sender, string type, string? stateKey, JsonObject content, IReadOnlyList<EventId> prevEvents)
        {
            var before = _room.StateAt(prevEvents) ?? throw new InvalidOperationException("the writer built on an event whose state it does not hold");
            var depth = prevEvents.Max(id => _room.Get(id.Value)!.Depth) + 1;
            var auth = AuthEventSelection.Select(type, stateKey, sender, content, _version).Select(before.Get).OfType<Pdu>().Select(e => e.EventId);
            var template = JsonValue.Object(
                ("room_id", JsonValue.String(_room.RoomId.Value)),
                ("type", JsonValue.String(type)),
                ("sender", JsonValue.String(sender)),
                ("content", content),
                ("depth", JsonValue.Number(depth)),
                ("prev_events", EventTemplates.References(_room, prevEvents)),
                ("auth_events", EventTemplates.References(_room, auth)));
            if (stateKey is not null) template = template.With("state_key", JsonValue.String(stateKey));
            var server = ServerOf(sender);
            var signed = EventCompletion.Complete(template, _version, server, RoomHistory.SigningKey(server), Tick());
            var parsed = PduParser.Parse(signed, _version.Format, PduParseOptions.Federation);
            if (!parsed.IsOk) throw new InvalidOperationException("a generated event does not parse: " + parsed.Failure);
            var receipt = _room.Receive(new InboundPdu(parsed.Value, ReplacedByRedaction: false, VerifiedServers: [server]), _keys);
            if (receipt.Status != EventStatus.Accepted)
            {
                throw new InvalidOperationException($"the room does not accept generated event {parsed.Value} ({receipt.Kind}, {receipt.Outcome}): a bug in the generator");
            }
            _room = receipt.Room;
            _events.Add(signed);
            progress?.Invoke(_events.Count);
            return parsed.Value;
        }

        private long Tick() => _clock += 1 + _random.Below(4000);

        private string Count() => _events.Count.ToString(CultureInfo.InvariantCulture);

        private static string ServerOf(string user) => user[(user.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>SplitMix64: a small generator whose sequence is fixed by its seed on every platform and runtime.</summary>
    private struct SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Below(int n) => (int)(Next() % (ulong)n);
    }
}
