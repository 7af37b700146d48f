using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Generators.StateRes;

/// <summary>
/// A historical bug planted into <see cref="NaiveStateResolution"/> (spec/historical-bugs.md): the resolver of a
/// deliberately broken server, and the mutants the differential property must tell from the reference.
/// </summary>
public enum ResolutionMutation
{
    /// <summary>The algorithm as the spec states it.</summary>
    None,

    /// <summary>B1: v2.1's iterative auth checks of the power events start from the unconflicted state map, as v2's do.</summary>
    StartsFromUnconflicted,

    /// <summary>B2: v2.1's full conflicted set leaves out the conflicted state subgraph.</summary>
    NoConflictedSubgraph,

    /// <summary>B4: a key the partial state lacks is not taken from the event's own auth events.</summary>
    NoAuthEventFallback,

    /// <summary>B5: a key the partial state lacks is taken from the event's auth events even when that auth event was rejected.</summary>
    FallbackUsesRejected,

    /// <summary>B6: the reverse topological power ordering breaks ties on the event ID alone, never on power level or timestamp.</summary>
    TieBreakOnEventIdOnly,

    /// <summary>B7: the auth difference takes as common the first state's auth chain ∩ the union of the others', not the intersection of all.</summary>
    FirstIntersectUnionOfRest,
}

/// <summary>
/// State resolution v2 and v2.1 written a second time, plainly and from the spec's text alone (spec v1.19, rooms v2
/// "State resolution"; rooms v12 "State resolution", MSC4297): sets and lists of PDUs, no graph indices (auth chains
/// are remembered, nothing else). It serves as a differential oracle for the reference's resolver (properties compare the two on
/// generated forked rooms) and, with a <see cref="ResolutionMutation"/>, as the resolver of a planted fault. Room
/// version 1 (state resolution v1) is handed to the reference. It follows the reference's documented readings
/// where the spec leaves room (spec/state-res/README.md): an event rejected against its own auth events never
/// enters (a state set holding one reads as if it did not), a rejected auth event never stands in for a missing
/// key, and power events are read with any state key.
/// </summary>
public static class NaiveStateResolution
{
    /// <summary>The resolver a room carries to resolve with <paramref name="mutation"/> planted (<see cref="Room.WithResolver"/>).</summary>
    public static RoomResolver For(ResolutionMutation mutation) =>
        (version, states, events, rejected) => Resolve(version, states, events, rejected, mutation);

    /// <summary>
    /// Whether this resolver, with <paramref name="mutation"/> planted, gives the reference's answer on the state sets of
    /// <paramref name="room"/> with <paramref name="rejected"/> marked rejected; null when the reference refuses the input
    /// (an event rejected against its own auth events standing in a state set). The one comparison of the differential
    /// property and of the planted-fault tests.
    /// </summary>
    public static bool? AgreesWithReference(ForkedRoom room, ImmutableSortedSet<string> rejected, ResolutionMutation mutation = ResolutionMutation.None)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(rejected);
        var expected = StateResolver.Resolve(room.Version, room.StateSets, room.Events, room.Events.Where(e => rejected.Contains(e.EventId.Value)).Select(e => e.EventId));
        if (!expected.IsOk) return null;
        var byId = room.Events.ToImmutableSortedDictionary(e => e.EventId.Value, e => e, StringComparer.Ordinal);
        var states = room.StateSets.Select(set => AuthState.FromEvents(set.Values.Select(id => byId[id.Value]))).ToList();
        var resolved = Resolve(room.Version, states, room.Events, rejected, mutation);
        return resolved.Events.Count == expected.Value.Count
            && resolved.Events.All(kv => expected.Value.TryGetValue(kv.Key, out var id) && id == kv.Value.EventId);
    }

    /// <summary>
    /// Resolves <paramref name="states"/> over <paramref name="events"/> (every event the states reach through auth
    /// events), <paramref name="rejected"/> naming those rejected on receipt.
    /// </summary>
    public static AuthState Resolve(RoomVersion version, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected,
        ResolutionMutation mutation = ResolutionMutation.None)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rejected);
        if (version.StateResolution == StateResolutionAlgorithm.V1) return ByReference(version, states, events, rejected);
        return new Resolution(version, events, rejected, mutation).Run(states);
    }

    private static AuthState ByReference(RoomVersion version, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected)
    {
        var maps = states.Select(s => s.Events.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.EventId)).ToList();
        var ids = rejected.Select(id => events.First(e => e.EventId.Value == id).EventId);
        var resolved = StateResolver.Resolve(version, maps, events, ids);
        if (!resolved.IsOk) throw new InvalidOperationException("state resolution v1 failed on a room's own states: " + resolved.Failure);
        return AuthState.FromEvents(resolved.Value.Values.Select(id => events.First(e => e.EventId.Equals(id))));
    }

    private sealed class Resolution(RoomVersion version, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected, ResolutionMutation mutation)
    {
        private readonly Dictionary<string, Pdu> _byId = events.ToDictionary(e => e.EventId.Value, StringComparer.Ordinal); // look-ups only
        private readonly Dictionary<string, SortedSet<string>> _chains = new(StringComparer.Ordinal); // look-ups only; callers never change a chain
        private readonly AuthContext _context = AuthContext.Default.WithRejected(rejected);
        private readonly bool _v21 = version.StateResolution == StateResolutionAlgorithm.V2_1;

        public AuthState Run(IReadOnlyList<AuthState> states)
        {
            // "Unconflicted state map and conflicted state set": a key every state maps to the same event is
            // unconflicted; every event of any other key is conflicted.
            var unconflicted = new SortedDictionary<StateKey, Pdu>();
            var conflicted = new SortedSet<string>(StringComparer.Ordinal);
            // An entry rejected against its own auth events is read as absent from its set: it never updated any state.
            states = [.. states.Select(s => AuthState.FromEvents(s.Events.Values.Where(e => !FailsAgainstOwnAuthEvents(e.EventId.Value))))];
            var keys = new SortedSet<StateKey>(states.SelectMany(s => s.Events.Keys));
            foreach (var key in keys)
            {
                var held = states.Select(s => s.Get(key)).ToList();
                if (held.All(e => e is not null) && held.Select(e => e!.EventId.Value).Distinct(StringComparer.Ordinal).Count() == 1)
                {
                    unconflicted[key] = held[0]!;
                    continue;
                }
                foreach (var e in held.OfType<Pdu>()) conflicted.Add(e.EventId.Value);
            }
            if (conflicted.Count == 0) return AuthState.FromEvents(unconflicted.Values);

            // "Full conflicted set": the conflicted events, the auth difference and (v2.1) the conflicted state
            // subgraph — without events that fail the rules against their own auth events.
            var full = new SortedSet<string>(conflicted, StringComparer.Ordinal);
            full.UnionWith(AuthDifference(states));
            if (_v21 && mutation != ResolutionMutation.NoConflictedSubgraph) full.UnionWith(ConflictedSubgraph(conflicted));
            full.RemoveWhere(FailsAgainstOwnAuthEvents);

            // 1. The power events of the full conflicted set and the events of their auth chains in it, in reverse
            // topological power ordering.
            var power = new SortedSet<string>(full.Where(id => IsPowerEvent(_byId[id])), StringComparer.Ordinal);
            foreach (var id in power.ToList()) power.UnionWith(AuthChain(id).Where(full.Contains));
            var sortedPower = ReverseTopologicalPowerOrder(power);

            // 2. Iterative auth checks of those from the unconflicted state map (v2) or from nothing (v2.1).
            var partial = _v21 && mutation != ResolutionMutation.StartsFromUnconflicted
                ? new SortedDictionary<StateKey, Pdu>()
                : new SortedDictionary<StateKey, Pdu>(unconflicted);
            IterativeAuthChecks(partial, sortedPower);

            // 3. The other events by mainline ordering on the power levels resolved so far, 4. checked on the partial state.
            var others = full.Where(id => !power.Contains(id)).ToList();
            IterativeAuthChecks(partial, MainlineOrder(others, partial.GetValueOrDefault(StateKey.PowerLevels)));

            // 5. The unconflicted state map wins.
            foreach (var (key, e) in unconflicted) partial[key] = e;
            return AuthState.FromEvents(partial.Values);
        }

        // ⋃ full auth chains − ⋂ full auth chains (B7: first ∩ ⋃ rest as the common part).
        private SortedSet<string> AuthDifference(IReadOnlyList<AuthState> states)
        {
            var chains = states.Select(s => FullAuthChain(s.Events.Values.Select(e => e.EventId.Value))).ToList();
            var union = new SortedSet<string>(chains.SelectMany(c => c), StringComparer.Ordinal);
            SortedSet<string> common;
            if (mutation == ResolutionMutation.FirstIntersectUnionOfRest)
            {
                common = new SortedSet<string>(chains[0], StringComparer.Ordinal);
                common.IntersectWith(chains.Skip(1).SelectMany(c => c));
            }
            else
            {
                common = new SortedSet<string>(chains[0], StringComparer.Ordinal);
                foreach (var chain in chains.Skip(1)) common.IntersectWith(chain);
            }
            union.ExceptWith(common);
            return union;
        }

        // Every event on an auth path from one conflicted event to another, both ends included.
        private SortedSet<string> ConflictedSubgraph(SortedSet<string> conflicted)
        {
            var reachable = new SortedSet<string>(conflicted, StringComparer.Ordinal);
            foreach (var c in conflicted) reachable.UnionWith(AuthChain(c));
            return new SortedSet<string>(reachable.Where(x => conflicted.Contains(x) || AuthChain(x).Overlaps(conflicted)), StringComparer.Ordinal);
        }

        private bool FailsAgainstOwnAuthEvents(string id) =>
            rejected.Contains(id) && !EventAuthorizer.AuthorizeAgainstAuthEvents(_byId[id], [.. AuthEventsOf(_byId[id])], version, _context).Allowed;

        // Power events (rooms v2 "Power events"): power levels, join rules, and kicks and bans.
        private static bool IsPowerEvent(Pdu e) =>
            e.StateKey is { } key
            && (e.Type is EventTypes.PowerLevels or EventTypes.JoinRules
                || (e.Type == EventTypes.Member && e.Membership is MembershipValues.Leave or MembershipValues.Ban && e.Sender.Value != key));

        // Kahn's algorithm over the auth events between the given events, taking at each step the ready event with
        // the sender of greatest power, then the earliest timestamp, then the smallest ID.
        private List<Pdu> ReverseTopologicalPowerOrder(SortedSet<string> ids)
        {
            var waiting = ids.ToDictionary(id => id, id => AuthEventsOf(_byId[id]).Count(a => ids.Contains(a.EventId.Value)), StringComparer.Ordinal); // look-ups only
            var order = new List<Pdu>();
            var placed = new SortedSet<string>(StringComparer.Ordinal);
            while (order.Count < ids.Count)
            {
                var ready = ids.Where(id => !placed.Contains(id) && waiting[id] == 0).Select(id => _byId[id]).ToList();
                var next = ready.OrderBy(e => e, Comparer<Pdu>.Create(ComparePower)).First();
                order.Add(next);
                placed.Add(next.EventId.Value);
                foreach (var id in ids.Where(id => !placed.Contains(id)))
                {
                    if (AuthEventsOf(_byId[id]).Any(a => a.EventId.Equals(next.EventId))) waiting[id]--;
                }
            }
            return order;
        }

        private int ComparePower(Pdu x, Pdu y)
        {
            if (mutation != ResolutionMutation.TieBreakOnEventIdOnly)
            {
                var byLevel = SenderLevel(y).CompareTo(SenderLevel(x));
                if (byLevel != 0) return byLevel;
                var byTimestamp = x.OriginServerTs.CompareTo(y.OriginServerTs);
                if (byTimestamp != 0) return byTimestamp;
            }
            return EventIdOrder.Text.Compare(x.EventId.Value, y.EventId.Value);
        }

        // The sender's power level read from the event's own create and power-levels auth events.
        private PowerLevel SenderLevel(Pdu e) =>
            AuthState.FromEvents(AuthEventsOf(e).Where(a => a.StateKey == "" && a.Type is EventTypes.Create or EventTypes.PowerLevels))
                .LevelsUnder(version).UserLevel(e.Sender.Value);

        // Mainline ordering: events whose power-levels ancestry meets the mainline of the resolved power levels
        // earlier (or never) come first, then by timestamp, then by ID.
        private List<Pdu> MainlineOrder(IEnumerable<string> ids, Pdu? powerLevels)
        {
            var mainline = new List<string>();
            for (var p = powerLevels; p is not null; p = PowerLevelsAuthEvent(p)) mainline.Add(p.EventId.Value);
            int Position(Pdu e)
            {
                for (var p = PowerLevelsAuthEvent(e); p is not null; p = PowerLevelsAuthEvent(p))
                {
                    var index = mainline.IndexOf(p.EventId.Value);
                    if (index >= 0) return index;
                }
                return int.MaxValue;
            }
            return [.. ids.Select(id => _byId[id])
                .OrderByDescending(Position)
                .ThenBy(e => e.OriginServerTs)
                .ThenBy(e => e.EventId.Value, EventIdOrder.Text)];
        }

        private Pdu? PowerLevelsAuthEvent(Pdu e) => AuthEventsOf(e).FirstOrDefault(a => a.Type == EventTypes.PowerLevels && a.StateKey == "");

        // "Iterative auth checks": each state event in order, authorised against the partial state, where a key
        // the partial state lacks is taken from the event's own (non-rejected) auth events; applied when allowed.
        private void IterativeAuthChecks(SortedDictionary<StateKey, Pdu> partial, IEnumerable<Pdu> sorted)
        {
            foreach (var e in sorted)
            {
                if (e.StateKey is not { } stateKey) continue;
                var keys = new List<StateKey> { StateKey.Create };
                keys.AddRange(AuthEventSelection.Select(e, version).Where(k => !k.Equals(StateKey.Create)));
                var state = new List<Pdu>();
                foreach (var key in keys)
                {
                    if (partial.TryGetValue(key, out var current))
                    {
                        state.Add(current);
                        continue;
                    }
                    if (mutation == ResolutionMutation.NoAuthEventFallback) continue;
                    var standIn = AuthEventsOf(e).FirstOrDefault(a => a.Type == key.Type && a.StateKey == key.Key);
                    if (standIn is not null && (!rejected.Contains(standIn.EventId.Value) || mutation == ResolutionMutation.FallbackUsesRejected)) state.Add(standIn);
                }
                if (EventAuthorizer.AuthorizeAgainstState(e, AuthState.FromEvents(state), version, _context).Allowed) partial[new StateKey(e.Type, stateKey)] = e;
            }
        }

        // The event's auth events that are held (in room version 12 with the create event its room ID implies), once each, in cited order.
        private IEnumerable<Pdu> AuthEventsOf(Pdu e) =>
            e.AuthEventsWithImpliedCreate.Select(id => id.Value).Distinct(StringComparer.Ordinal)
                .Select(id => _byId.GetValueOrDefault(id)).OfType<Pdu>();

        private SortedSet<string> AuthChain(string id)
        {
            if (_chains.TryGetValue(id, out var known)) return known;
            var chain = new SortedSet<string>(StringComparer.Ordinal);
            var stack = new Stack<Pdu>([_byId[id]]);
            while (stack.TryPop(out var e))
            {
                foreach (var a in AuthEventsOf(e))
                {
                    if (chain.Add(a.EventId.Value)) stack.Push(a);
                }
            }
            _chains[id] = chain;
            return chain;
        }

        private SortedSet<string> FullAuthChain(IEnumerable<string> ids)
        {
            var chain = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var id in ids) chain.UnionWith(AuthChain(id));
            return chain;
        }
    }
}
