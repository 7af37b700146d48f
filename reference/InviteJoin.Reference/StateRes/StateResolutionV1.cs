using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// State resolution v1 (room version 1 only; spec v1.19, rooms v1 "State resolution"), kept for old
/// rooms; it is known to reset state. R starts as the union of the states without the conflicting keys
/// (a key only some states hold is not a conflict in v1; `stateres.v1.conflict`); then the power levels, the
/// join rules and the memberships are resolved by replaying their candidates in ascending depth
/// (`stateres.v1.auth_types_replayed`), and every other key takes its deepest candidate that R allows
/// (`stateres.v1.others_deepest_allowed`).
/// </summary>
/// <remarks>
/// Two readings the spec leaves open, decided here so the result does not depend on iteration order:
/// each key of one phase (every join-rules key, every membership key, every other key) is resolved
/// against R as it stood when the phase began, and its winner is added once the phase ends
/// (`stateres.v1.phase_against_start`); and when no candidate of an ordinary key is allowed, the key is left
/// out, as the text says ("pick the event ... that passes"; `stateres.v1.none_allowed_left_out`). Synapse and
/// gomatrixserverlib resolve each phase the same way but keep the last candidate when none passes
/// (<c>synapse.v1_keeps_last_candidate</c>). A check that raises (under a profile) stops the resolution.
/// </remarks>
internal static class StateResolutionV1
{
    public static ImmutableSortedDictionary<StateKey, int> Resolve(EventGraph graph, StateSets sets, AuthContext context, Interruption interruption)
    {
        var resolved = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
        var conflicts = new List<(StateKey Key, int[] Candidates)>();
        foreach (var key in sets.Keys())
        {
            var candidates = new SortedSet<int>();
            foreach (var set in sets.Sets)
            {
                if (set.TryGetValue(key, out var v)) candidates.Add(v);
            }
            if (candidates.Count == 1) resolved.Add(key, candidates.Min);
            else conflicts.Add((key, candidates.ToArray()));
        }

        // (profiles) the implementation reads every conflicted event's auth keys before resolving any key.
        foreach (var (_, candidates) in conflicts)
        {
            foreach (var v in candidates)
            {
                if (MalformedEvents.OnAuthTypes(graph.EventAt(v), graph.RoomVersion, context, citations: false) is { } malformed && interruption.Check(malformed, v))
                {
                    return resolved.ToImmutable();
                }
            }
        }

        // The auth-relevant types in the spec's order, then everything else.
        ResolvePhase(graph, resolved, conflicts.Where(c => c.Key.Type == EventTypes.PowerLevels), ReplayAscending, context, interruption);
        ResolvePhase(graph, resolved, conflicts.Where(c => c.Key.Type == EventTypes.JoinRules), ReplayAscending, context, interruption);
        ResolvePhase(graph, resolved, conflicts.Where(c => c.Key.Type == EventTypes.Member), ReplayAscending, context, interruption);
        ResolvePhase(graph, resolved, conflicts.Where(c => c.Key.Type is not (EventTypes.PowerLevels or EventTypes.JoinRules or EventTypes.Member)),
            DeepestAllowed, context, interruption);
        return resolved.ToImmutable();
    }

    private delegate int Pick(EventGraph graph, int[] candidates, ImmutableSortedDictionary<StateKey, int> r, AuthContext context, Interruption interruption);

    private static void ResolvePhase(
        EventGraph graph, ImmutableSortedDictionary<StateKey, int>.Builder resolved, IEnumerable<(StateKey Key, int[] Candidates)> conflicts,
        Pick pick, AuthContext context, Interruption interruption)
    {
        if (interruption.Raised) return;
        var r = resolved.ToImmutable();
        foreach (var (key, candidates) in conflicts)
        {
            var winner = pick(graph, candidates, r, context, interruption);
            if (interruption.Raised) return;
            if (winner >= 0) resolved[key] = winner;
        }
    }

    // Sort by ascending depth, then descending sha1(event_id); take the first, then each next one while R
    // (with the previous winner of this key in place) allows it.
    private static int ReplayAscending(EventGraph graph, int[] candidates, ImmutableSortedDictionary<StateKey, int> r, AuthContext context, Interruption interruption)
    {
        var ordered = candidates.OrderBy(v => graph.EventAt(v).Depth).ThenByDescending(v => Sha1(graph, v), ByteOrder.Instance).ToArray();
        var state = r.ToBuilder();
        var winner = ordered[0];
        var e0 = graph.EventAt(winner);
        state[new StateKey(e0.Type, e0.StateKey!)] = winner;
        for (var i = 1; i < ordered.Length; i++)
        {
            if (!Allowed(graph, ordered[i], state, context, interruption)) break;
            winner = ordered[i];
            state[new StateKey(e0.Type, e0.StateKey!)] = winner;
        }
        return winner;
    }

    // The candidate with the highest depth, then the lowest sha1(event_id), that R allows; −1 when none is allowed
    // ((profiles) under synapse.v1_keeps_last_candidate, the last candidate in that order).
    private static int DeepestAllowed(EventGraph graph, int[] candidates, ImmutableSortedDictionary<StateKey, int> r, AuthContext context, Interruption interruption)
    {
        var state = r.ToBuilder();
        var last = -1;
        foreach (var v in candidates.OrderByDescending(v => graph.EventAt(v).Depth).ThenBy(v => Sha1(graph, v), ByteOrder.Instance))
        {
            if (Allowed(graph, v, state, context, interruption)) return v;
            if (interruption.Raised) return -1;
            last = v;
        }
        return context.Diverges(Divergence.V1KeepsLastCandidate) ? last : -1;
    }

    // "Allowed by the authorisation rules for a room in state R": no stand-in auth events in version 1.
    private static bool Allowed(EventGraph graph, int v, ImmutableSortedDictionary<StateKey, int>.Builder state, AuthContext context, Interruption interruption)
    {
        var e = graph.EventAt(v);
        var events = new List<Events.Pdu>();
        foreach (var key in AuthEventSelection.Select(e, graph.RoomVersion))
        {
            if (state.TryGetValue(key, out var s)) events.Add(graph.EventAt(s));
        }
        var decision = EventAuthorizer.AuthorizeAgainstState(e, AuthState.FromEvents(events), graph.RoomVersion, context);
        return !interruption.Check(decision, v) && decision.Allowed;
    }

    private static byte[] Sha1(EventGraph graph, int v) =>
#pragma warning disable CA5350 // SHA-1 is what room version 1 specifies for this tie-break; it secures nothing here.
        SHA1.HashData(Encoding.UTF8.GetBytes(graph.EventAt(v).EventId.Value));
#pragma warning restore CA5350

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
