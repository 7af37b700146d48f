using System.Collections.Immutable;
using System.Runtime.InteropServices;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Resolves a set of room states into one (spec v1.19, server-server API "Room State Resolution"), with
/// the algorithm the room version names: v1 (room version 1), v2 (2–11) or v2.1 (12). The answer depends
/// only on the set of states and the set of events — not on the order either is given in — and invalid
/// input is a named <see cref="StateResError"/> found before any resolution work. Tokens: `stateres.algorithm`
/// (which algorithm a room version names); see spec/state-res/. A state set's entry that fails the rules
/// against its own auth events is read as absent from its set (see <see cref="RejectedEvents"/>), or kept
/// under <c>synapse.rejected_state_entries_kept</c>, or, with <c>strictInput</c>, refused as
/// <see cref="StateResError.RejectedInState"/>. The context's behaviour profile chooses the switches; under a
/// profile whose implementation raises, the <see cref="StateResolution"/> overloads answer with the raise,
/// and the map overloads with <see cref="StateResError.ImplementationRaises"/>.
/// </summary>
public static class StateResolver
{
    private const string RejectedPath = "$.rejected";

    /// <summary>
    /// Resolves <paramref name="stateSets"/>, each a map from state key to event ID, over the events of
    /// <paramref name="graph"/>. <paramref name="context"/> lists the events rejected on receipt (see
    /// <see cref="RejectedEvents"/> for how each kind is treated) and answers signature questions for the
    /// restricted-join rule; by default nothing is rejected.
    /// </summary>
    public static Result<ImmutableSortedDictionary<StateKey, EventId>> Resolve(
        EventGraph graph, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> stateSets, AuthContext? context = null, bool strictInput = false) =>
        StateOnly(ResolveToOutcome(graph, stateSets, context, strictInput));

    /// <summary>As <see cref="Resolve(EventGraph, IReadOnlyList{ImmutableSortedDictionary{StateKey, EventId}}, AuthContext, bool)"/>, with the outcome a profile's implementation may raise.</summary>
    public static Result<StateResolution> ResolveToOutcome(
        EventGraph graph, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> stateSets, AuthContext? context = null, bool strictInput = false)
    {
        context ??= AuthContext.Default;
        if (CheckRejected(graph, context.Rejected, indexed: false) is { } unknown) return unknown;
        var rejected = RejectedEvents.Classify(graph, context);
        return StateSets.FromMaps(graph, stateSets, rejected, Policy(context, strictInput)).Map(sets => Run(graph, sets, rejected, context));
    }

    /// <summary>As <see cref="Resolve(EventGraph, IReadOnlyList{ImmutableSortedDictionary{StateKey, EventId}}, AuthContext, bool)"/>, building the graph from <paramref name="events"/>.</summary>
    public static Result<ImmutableSortedDictionary<StateKey, EventId>> Resolve(
        RoomVersion version, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> stateSets, IReadOnlyList<Pdu> events, IEnumerable<EventId> rejected) =>
        EventGraph.Build(events, version).Then(graph => Resolve(graph, stateSets, Context(rejected)));

    /// <summary>
    /// The <c>resolve</c> request: state sets given as lists of event IDs (one event per key), the events,
    /// and the IDs of events rejected on receipt. Errors carry the request's JSON paths
    /// (<c>$.state_sets[i][j]</c>, <c>$.events[i]</c>, <c>$.rejected[i]</c>).
    /// </summary>
    public static Result<ImmutableSortedDictionary<StateKey, EventId>> ResolveEventLists(
        RoomVersion version, IReadOnlyList<IReadOnlyList<EventId>> stateSets, IReadOnlyList<Pdu> events, IReadOnlyList<EventId> rejected) =>
        StateOnly(ResolveRequest(version, stateSets, events, rejected, BehaviourProfile.Spec, strictInput: false));

    /// <summary>
    /// The <c>resolve</c> request under <paramref name="profile"/>: as
    /// <see cref="ResolveEventLists(RoomVersion, IReadOnlyList{IReadOnlyList{EventId}}, IReadOnlyList{Pdu}, IReadOnlyList{EventId})"/>,
    /// with the outcome the profile's implementation may raise; with <paramref name="strictInput"/> a state set
    /// holding an event that fails against its own auth events is refused.
    /// </summary>
    public static Result<StateResolution> ResolveRequest(
        RoomVersion version, IReadOnlyList<IReadOnlyList<EventId>> stateSets, IReadOnlyList<Pdu> events, IReadOnlyList<EventId> rejected,
        BehaviourProfile profile, bool strictInput) =>
        EventGraph.Build(events, version).Then(graph =>
            rejected.Count > 0 && CheckRejected(graph, rejected.Select(id => id.Value), indexed: true) is { } unknown
                ? unknown
                : ResolveListsToOutcome(graph, stateSets, Context(rejected) with { Profile = profile }, strictInput));

    /// <summary>As <see cref="ResolveEventLists(RoomVersion, IReadOnlyList{IReadOnlyList{EventId}}, IReadOnlyList{Pdu}, IReadOnlyList{EventId})"/> over a built graph.</summary>
    public static Result<ImmutableSortedDictionary<StateKey, EventId>> ResolveEventLists(
        EventGraph graph, IReadOnlyList<IReadOnlyList<EventId>> stateSets, AuthContext? context = null, bool strictInput = false) =>
        StateOnly(ResolveListsToOutcome(graph, stateSets, context, strictInput));

    /// <summary>As <see cref="ResolveEventLists(EventGraph, IReadOnlyList{IReadOnlyList{EventId}}, AuthContext, bool)"/>, with the outcome a profile's implementation may raise.</summary>
    public static Result<StateResolution> ResolveListsToOutcome(
        EventGraph graph, IReadOnlyList<IReadOnlyList<EventId>> stateSets, AuthContext? context = null, bool strictInput = false)
    {
        context ??= AuthContext.Default;
        if (!context.Rejected.IsEmpty && CheckRejected(graph, context.Rejected, indexed: false) is { } unknown) return unknown;
        var rejected = RejectedEvents.Classify(graph, context);
        return StateSets.FromLists(graph, stateSets, rejected, Policy(context, strictInput)).Map(sets => Run(graph, sets, rejected, context));
    }

    private static RejectedEntryPolicy Policy(AuthContext context, bool strictInput) =>
        strictInput ? RejectedEntryPolicy.Refuse
        : context.Diverges(Divergence.RejectedStateEntriesKept) ? RejectedEntryPolicy.Keep
        : RejectedEntryPolicy.Drop;

    private static StateResolution Run(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context)
    {
        var interruption = new Interruption();
        var resolved = EntriesOnVertices(graph, sets, rejected, context, interruption);
        if (interruption.Decision is { } raised) return StateResolution.Raising(raised, interruption.Vertex >= 0 ? graph.EventAt(interruption.Vertex).EventId : null);
        // The entries stay in key order; the map is made only for a caller that asks for it.
        var result = new KeyValuePair<StateKey, EventId>[resolved.Length];
        for (var i = 0; i < resolved.Length; i++) result[i] = KeyValuePair.Create(resolved[i].Key, graph.EventAt(resolved[i].Value).EventId);
        return StateResolution.Resolved(ImmutableCollectionsMarshal.AsImmutableArray(result));
    }

    // The map overloads cannot carry a raise: it becomes a failure naming the kind and the switch.
    private static Result<ImmutableSortedDictionary<StateKey, EventId>> StateOnly(Result<StateResolution> outcome)
    {
        if (!outcome.IsOk) return outcome.Failure!;
        if (outcome.Value.State is { } state) return state;
        var raised = outcome.Value.Raised!;
        return new Failure(StateResError.ImplementationRaises, "$",
            $"under this profile the implementation raises {WireToken.Of(raised.Raised!.Value)} ({WireToken.Of(raised.Divergence!.Value)})");
    }

    /// <summary>Dispatches on the room version's algorithm; a raising check stops it and is left in <paramref name="interruption"/>.</summary>
    internal static ImmutableSortedDictionary<StateKey, int> RunOnVertices(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context,
        Interruption interruption) =>
        graph.RoomVersion.StateResolution switch
        {
            StateResolutionAlgorithm.V1 => StateResolutionV1.Resolve(graph, sets, context, interruption),
            StateResolutionAlgorithm.V2 => StateResolutionV2.Resolve(graph, sets, rejected, context, v21: false, interruption),
            StateResolutionAlgorithm.V2_1 => StateResolutionV2.Resolve(graph, sets, rejected, context, v21: true, interruption),
            _ => throw new InvalidOperationException("a room version names a state resolution algorithm this reference does not know"),
        };

    // As RunOnVertices, the resolved state's entries in key order (v2 and v2.1 build them without a map).
    private static KeyValuePair<StateKey, int>[] EntriesOnVertices(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context,
        Interruption interruption) =>
        graph.RoomVersion.StateResolution switch
        {
            StateResolutionAlgorithm.V2 => StateResolutionV2.ResolveEntries(graph, sets, rejected, context, v21: false, interruption),
            StateResolutionAlgorithm.V2_1 => StateResolutionV2.ResolveEntries(graph, sets, rejected, context, v21: true, interruption),
            StateResolutionAlgorithm.V1 => [.. StateResolutionV1.Resolve(graph, sets, context, interruption)],
            _ => throw new InvalidOperationException("a room version names a state resolution algorithm this reference does not know"),
        };

    private static AuthContext Context(IEnumerable<EventId> rejected) =>
        rejected is IReadOnlyCollection<EventId> { Count: 0 } ? AuthContext.Default : AuthContext.Default.WithRejected(rejected.Select(id => id.Value));

    // The rejected list may only name given events. A list from a request is reported at the entry's index;
    // the context's set has no request order, so its smallest unknown ID is reported at the list itself.
    private static Failure? CheckRejected(EventGraph graph, IEnumerable<string> ids, bool indexed)
    {
        var index = 0;
        foreach (var id in ids)
        {
            if (EventId.Parse(id, EventIdFormat.TestName) is not { IsOk: true } parsed || !graph.Contains(parsed.Value))
            {
                return new Failure(StateResError.UnknownRejectedEvent, indexed ? JsonPath.Index(RejectedPath, index) : RejectedPath,
                    $"rejected event {id} is not among the given events");
            }
            index++;
        }
        return null;
    }
}
