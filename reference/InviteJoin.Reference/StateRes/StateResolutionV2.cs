using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// State resolution v2 (room versions 2–11; spec v1.19, rooms v2 "State resolution") and v2.1 (room
/// version 12; rooms v12 "State resolution", MSC4297), which differ in two places, both marked below.
/// The places where a behaviour profile departs are marked "(profiles)".
/// </summary>
internal static class StateResolutionV2
{
    public static ImmutableSortedDictionary<StateKey, int> Resolve(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context, bool v21,
        Interruption interruption) =>
        ImmutableSortedDictionary.CreateRange(ResolveEntries(graph, sets, rejected, context, v21, interruption));

    /// <summary>As <see cref="Resolve"/>, the resolved state's entries in key order.</summary>
    public static KeyValuePair<StateKey, int>[] ResolveEntries(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context, bool v21,
        Interruption interruption)
    {
        var (unconflicted, conflicted) = sets.Partition(graph.Count);
        if (conflicted.Count == 0) return unconflicted;

        // (profiles) the implementation reads every given event's auth events while it computes the auth difference.
        if (ImplementationReads.CitedCreate(graph, context) is { } cited && interruption.Check(cited.Decision, cited.Vertex)) return unconflicted;

        // Full conflicted set (`stateres.full_conflicted_set`): the conflicted state set and the auth difference ...
        // ((profiles) under synapse.auth_difference_includes_state each state set's events count as part of its auth chain.)
        var full = AuthChains.DifferenceVertices(graph, sets.Vertices(), context.Diverges(Divergence.AuthDifferenceIncludesState));
        full.UnionWith(conflicted);
        // ... (v2.1, new) and the conflicted state subgraph: the events on auth paths between conflicted events.
        if (v21) full.UnionWith(AuthChains.ConflictedSubgraphVertices(graph, conflicted.ToArray()));
        // Events that fail against their own auth events never enter (rooms v2 "Rejected events";
        // `stateres.rejected.against_auth_events`). ((profiles) under synapse.rejected_never_readmitted they stay,
        // and are passed over by the iterative auth checks.)
        if (!context.Diverges(Divergence.RejectedNeverReadmitted)) full.ExceptWith(rejected.FailingAgainstAuthEvents);

        // (profiles) the implementation reads every member event's membership while it looks for power events.
        if (ImplementationReads.Membership(graph, full, context) is { } unread && interruption.Check(unread.Decision, unread.Vertex)) return unconflicted;

        // Step 1 (`stateres.sort_power_events`): the power events of the full conflicted set and the members of
        // their auth chains that are in it.
        var power = new VertexSet(graph.Count);
        foreach (var v in full.ToArray())
        {
            if (PowerEvents.IsPowerEvent(graph.EventAt(v), context.Diverges(Divergence.PowerEventsEmptyStateKey))) power.Add(v);
        }
        var powerEvents = AuthChains.FullVertices(graph, power.ToArray());
        powerEvents.IntersectWith(full);
        powerEvents.UnionWith(power);
        // The states whose power levels have been read, for the checks below to share (see AuthState.ShareLevels).
        var levelsRead = new List<LevelsRead>();
        var sortedPower = PowerOrdering.Sort(graph, powerEvents.ToArray(), context.Diverges(Divergence.PowerLevelsPythonInt), levelsRead);

        // Step 2: iterative auth checks from the unconflicted state map (`stateres.resolve_power_events.from_unconflicted`;
        // v2.1, changed: from the empty map, `stateres.resolve_power_events.from_empty`).
        var state = v21 ? new StateMap() : new StateMap(unconflicted);
        IterativeAuthChecks.Apply(graph, state, sortedPower, rejected, context, interruption, levelsRead);
        if (interruption.Raised) return unconflicted;

        // Step 3 (`stateres.sort_other_events`): every other event, by mainline ordering on the partially resolved
        // power levels.
        var others = full.Copy();
        others.ExceptWith(powerEvents);
        var powerLevels = state.TryGetValue(StateKey.PowerLevels, out var pl) ? pl : -1;
        var sortedOthers = MainlineOrdering.Sort(graph, others.ToArray(), powerLevels);

        // Step 4 (`stateres.resolve_other_events`): iterative auth checks of those on the partially resolved state.
        IterativeAuthChecks.Apply(graph, state, sortedOthers, rejected, context, interruption, levelsRead);
        if (interruption.Raised) return unconflicted;

        // Step 5 (`stateres.unconflicted_wins`): the unconflicted state map wins wherever it has a key.
        foreach (var (key, v) in unconflicted) state.Set(key, v);
        return state.Entries.ToArray();
    }
}
