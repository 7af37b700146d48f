using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// The <see cref="Adversary.ResolutionProbes"/> strategy: a Byzantine server that makes other servers resolve states —
/// forks of its own history that it merges, and stale states when asked for the state at an event (the shapes of
/// MSC4297's problems A and B). Every event it makes is authorised by its own auth events; only the shape is hostile.
/// </summary>
public sealed partial class SimServer
{
    /// <summary>Events this server keeps to itself: it never serves them through get_missing_events.</summary>
    private readonly SortedSet<string> _hidden = new(StringComparer.Ordinal);

    private void ProbeResolution(string user, string roomId, int choice, StepEffects effects)
    {
        switch (choice % 3)
        {
            case 0: StaleProbe(user, roomId, effects); break;
            case 1: ForkProbe(roomId, choice / 3, effects); break;
            default: PastMergeProbe(user, roomId, choice / 3, effects); break;
        }
    }

    // A message on two or three earlier points of the room's history, sent to every server: the state before it is the
    // resolution of the states after those points, which a receiver computes.
    private void PastMergeProbe(string user, string roomId, int choice, StepEffects effects)
    {
        if (Room(roomId) is not { } room) return;
        var points = room.Held.Values.Where(h => h.Status == EventStatus.Accepted && h.HasState && !_hidden.Contains(h.EventId.Value))
            .OrderBy(h => h.Order).Select(h => h.EventId).ToList();
        if (points.Count < 3) return;
        var bits = new Bits((uint)choice * 2654435761u ^ (uint)_world.StepCount * 40503u);
        var prevs = Enumerable.Range(0, 2 + bits.Next(2)).Select(_ => points[points.Count - 1 - bits.Next(points.Count)]).Distinct().OrderBy(e => e.Value, StringComparer.Ordinal).ToList();
        if (prevs.Count < 2) return;
        var message = JsonValue.Object(("body", JsonValue.String("on the past")));
        var pdu = Craft(room, user, EventTypes.Message, null, message, t => t.With("prev_events", Reference.Dance.Endpoints.EventTemplates.References(room, prevs))
            .With("depth", JsonValue.Number(prevs.Max(p => room.Get(p.Value)!.Depth) + 1)));
        if (pdu is null || room.StateAt(pdu.PrevEvents) is null) return;
        Resident = Resident.With(room.Accept(pdu));
        foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, pdu);
        effects.Tell($"{Name} sends {World.Describe(pdu)} on {string.Join(", ", prevs.Select(p => World.ShortId(p.Value)))}");
    }

    // A message after one it keeps to itself, sent to every server: a receiver cannot fill the gap and asks this
    // server for the state at the message, which it answers stale.
    private void StaleProbe(string user, string roomId, StepEffects effects)
    {
        var message = JsonValue.Object(("body", JsonValue.String("after a gap")));
        if (Room(roomId) is not { } room) return;
        // The hidden message is a part of the step that shrinking may leave out (made either way, so that time passes
        // alike, and then dropped): the shown one is then a plain message.
        var kept = _world.TakePart();
        if (Craft(room, user, EventTypes.Message, null, message) is not { } hidden) return;
        if (kept)
        {
            Resident = Resident.With(room.Accept(hidden));
            _hidden.Add(hidden.EventId.Value);
        }
        if (Craft(Room(roomId)!, user, EventTypes.Message, null, message) is not { } shown) return;
        Resident = Resident.With(Room(roomId)!.Accept(shown));
        foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, shown);
        effects.Tell(!kept
            ? $"{Name} sends {World.Describe(shown)}"
            : $"{Name} sends {World.Describe(shown)} after {World.Describe(hidden)}, which it keeps to itself");
    }

    // Two branches of state events from the room's tips, each authorised on its own branch — power levels, join rules,
    // kicks, bans, its second user's joins and leaves — then a message on both tips, sent to every server, which
    // fetches the branches and resolves them. The choice's bits pick the events.
    private void ForkProbe(string roomId, int choice, StepEffects effects)
    {
        if (Room(roomId) is not { } room) return;
        var bits = new Bits((uint)choice * 2654435761u ^ (uint)_world.StepCount * 40503u);
        var a = Branch(room, bits, 1 + bits.Next(3));
        var b = Branch(room, bits, 1 + bits.Next(3));
        if (a.Count == 0 || b.Count == 0) return;
        var merged = room;
        foreach (var e in a.Concat(b)) merged = merged.Accept(e);
        var sender = Users.FirstOrDefault(u => merged.MembershipOf(u) == MembershipValues.Join);
        if (sender is null || Craft(merged, sender, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("merge")))) is not { } merge) return;
        Resident = Resident.With(merged.Accept(merge));
        foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, merge);
        effects.Tell($"{Name} forks its history ({string.Join(", ", a.Select(World.Describe))} | {string.Join(", ", b.Select(World.Describe))}) and sends {World.Describe(merge)} on both");
    }

    private List<Pdu> Branch(Room start, Bits bits, int length)
    {
        var events = new List<Pdu>();
        var room = start;
        for (var i = 0; i < length; i++)
        {
            // Each drawn event is a part of the step that shrinking may leave out; it is drawn either way, so that the
            // events after it are drawn alike.
            var kept = _world.TakePart();
            if (BranchEvent(room, bits) is not { } e || !kept) continue;
            var decision = EventAuthorizer.AuthorizeAgainstState(e, room.State, room.Version, room.AuthContextFor(Resident.Keys));
            if (!decision.Allowed) continue;
            room = room.Accept(e);
            events.Add(e);
        }
        return events;
    }

    private Pdu? BranchEvent(Room room, Bits bits)
    {
        var first = Users[0];
        var second = Users[1];
        var target = TargetUser(bits.Next(_world.Config.Servers * Cast.UsersPerServer));
        long[] levels = [0, 50, 100];
        switch (bits.Next(6))
        {
            case 0:
            case 1:
            {
                var sender = bits.Next(2) == 0 ? first : second;
                var current = room.State.PowerLevels?.Content ?? JsonObject.Empty;
                var users = current["users"] as JsonObject ?? JsonObject.Empty;
                return Craft(room, sender, EventTypes.PowerLevels, "", current.With("users", users.With(bits.Next(2) == 0 ? second : target, JsonValue.Number(levels[bits.Next(3)]))));
            }
            case 2:
            {
                var rules = SimConfig.JoinRulesOf(_world.Version);
                var rule = rules[bits.Next(rules.Length)];
                var content = JsonValue.Object(("join_rule", JsonValue.String(rule)));
                if (rule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted && _world.Rooms.Length > 1)
                {
                    content = content.With("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(_world.Rooms[1])))));
                }
                return Craft(room, bits.Next(2) == 0 ? first : second, EventTypes.JoinRules, "", content);
            }
            case 3:
                return target == first || target == second ? null
                    : Craft(room, first, EventTypes.Member, target, Membership(bits.Next(2) == 0 ? MembershipValues.Leave : MembershipValues.Ban));
            case 4:
                return Craft(room, second, EventTypes.Member, second, Membership(room.MembershipOf(second) == MembershipValues.Join ? MembershipValues.Leave : MembershipValues.Join));
            default:
                return Craft(room, bits.Next(2) == 0 ? first : second, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("fork " + bits.Next(100)))));
        }
    }

    /// <summary>A small deterministic stream of choices drawn from one number.</summary>
    private sealed class Bits(uint seed)
    {
        private uint _state = seed | 1;

        public int Next(int n)
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (int)(_state % (uint)n);
        }
    }

    // A stale state: the power levels and the join rules as the room began (the first of each this server holds, the
    // power levels found by walking back the ones each cites); every other event as it is.
    private static IEnumerable<JsonValue> Stale(Room room, IEnumerable<JsonObject> state)
    {
        foreach (var json in state)
        {
            var parsed = PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation);
            if (!parsed.IsOk || parsed.Value is not { StateKey: "" } e || e.Type is not (EventTypes.PowerLevels or EventTypes.JoinRules))
            {
                yield return json;
                continue;
            }
            var first = e;
            if (e.Type == EventTypes.PowerLevels)
            {
                while (first.AuthEvents.Select(id => room.Get(id.Value)).FirstOrDefault(a => a is { Type: EventTypes.PowerLevels, StateKey: "" }) is { } before) first = before;
            }
            else
            {
                first = room.Held.Values.Where(h => h.Status == EventStatus.Accepted && h.Pdu is { Type: EventTypes.JoinRules, StateKey: "" })
                    .OrderBy(h => h.Pdu.Depth).ThenBy(h => h.EventId.Value, StringComparer.Ordinal).Select(h => h.Pdu).FirstOrDefault() ?? e;
            }
            yield return first.Json;
        }
    }
}
