using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Rooms;

public sealed partial class Room
{
    /// <summary>
    /// Resolves <paramref name="states"/> with the room version's algorithm over the events the room holds
    /// (spec v1.19, server-server API "Room State Resolution"). States that are the same are taken once, so one
    /// distinct state resolves to itself without running the algorithm. The graph is built from the states' events
    /// and their auth chains, all held; the room's rejected events are marked as such. A room given a
    /// <see cref="Resolver"/> resolves with it instead.
    /// </summary>
    public AuthState ResolveStates(IReadOnlyList<AuthState> states)
    {
        var distinct = new List<AuthState>(states.Count);
        foreach (var state in states)
        {
            if (!distinct.Exists(d => SameState(d, state))) distinct.Add(state);
        }
        if (distinct.Count == 1) return distinct[0];
        if (distinct.Count == 0) return AuthState.Empty;

        var events = ClosureOf(distinct.SelectMany(s => s.Events.Values));
        var ids = new HashSet<string>(events.Select(e => e.EventId.Value), StringComparer.Ordinal); // look-ups only
        var rejected = ImmutableSortedSet.CreateRange(StringComparer.Ordinal, Rejected.Where(ids.Contains));
        return Resolver is { } resolver ? resolver(Version, distinct, events, rejected) : ByAlgorithm(Version, Profile, RoomId.Value, distinct, events, rejected);
    }

    /// <summary>
    /// The room version's algorithm, deciding under <paramref name="profile"/>, as a <see cref="RoomResolver"/> for room
    /// <paramref name="roomId"/>: what a room without a <see cref="Resolver"/> resolves with. A caller that wraps a room's
    /// resolution (to observe what it is given) hands it on to this.
    /// </summary>
    public static RoomResolver Algorithm(Profiles.BehaviourProfile profile, string roomId) =>
        (version, states, events, rejected) => ByAlgorithm(version, profile, roomId, states, events, rejected);

    // The algorithm over the states' events and their auth chains, the rejected ones among them marked as such.
    private static AuthState ByAlgorithm(RoomVersion version, Profiles.BehaviourProfile profile, string roomId, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected)
    {
        var graph = EventGraph.Build(events, version);
        if (!graph.IsOk) throw new InvalidOperationException($"the events {roomId} holds do not form a graph: {graph.Failure}");
        var sets = states.Select(s => s.Events.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.EventId)).ToList();
        var resolved = StateResolver.Resolve(graph.Value, sets, AuthContext.Default.WithRejected(rejected) with { Profile = profile });
        if (!resolved.IsOk) throw new InvalidOperationException($"state resolution in {roomId} failed on the room's own states: {resolved.Failure}");
        // The resolved state's events come from the states themselves, which may hold events this room has not taken yet
        // (a resync's replay judges the join against the full state before it while later events wait their turn).
        var byId = new Dictionary<string, Pdu>(StringComparer.Ordinal); // look-ups only
        foreach (var pdu in events) byId.TryAdd(pdu.EventId.Value, pdu);
        return AuthState.FromEvents(resolved.Value.Values.Select(id => byId[id.Value]));
    }

    /// <summary>True when the two states map the same keys to the same events.</summary>
    public static bool SameState(AuthState a, AuthState b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Events.Count != b.Events.Count) return false;
        foreach (var (key, pdu) in a.Events)
        {
            if (!b.Events.TryGetValue(key, out var other) || !other.EventId.Equals(pdu.EventId)) return false;
        }
        return true;
    }

    // The events and every held event they reach through auth events, in ID order; the IDs they cite that this room does
    // not hold go to missing, when given.
    private List<Pdu> ClosureOf(IEnumerable<Pdu> starts, ISet<string>? missing = null)
    {
        var seen = new SortedDictionary<string, Pdu>(StringComparer.Ordinal);
        var stack = new Stack<Pdu>();
        foreach (var start in starts)
        {
            if (seen.TryAdd(start.EventId.Value, start)) stack.Push(start);
        }
        while (stack.TryPop(out var pdu))
        {
            foreach (var cited in pdu.AuthEventsWithImpliedCreate)
            {
                if (Get(cited.Value) is not { } found) missing?.Add(cited.Value);
                else if (seen.TryAdd(found.EventId.Value, found)) stack.Push(found);
            }
        }
        return [.. seen.Values];
    }
}
