using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Resolves a set of room states into one (spec v1.19, server-server API "Room State Resolution"), with
/// the algorithm the room version names: v1 (room version 1), v2 (2–11) or v2.1 (12). The answer depends
/// only on the set of states and the set of events — not on the order either is given in — and invalid
/// input is a named <see cref="StateResError"/> found before any resolution work. Tokens: `stateres.algorithm`
/// (which algorithm a room version names); see spec/state-res/.
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
        EventGraph graph, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> stateSets, AuthContext? context = null)
    {
        context ??= AuthContext.Default;
        if (CheckRejected(graph, context.Rejected, indexed: false) is { } unknown) return unknown;
        var rejected = RejectedEvents.Classify(graph, context);
        return StateSets.FromMaps(graph, stateSets, rejected).Map(sets => Run(graph, sets, rejected, context));
    }

    /// <summary>As <see cref="Resolve(EventGraph, IReadOnlyList{ImmutableSortedDictionary{StateKey, EventId}}, AuthContext)"/>, building the graph from <paramref name="events"/>.</summary>
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
        EventGraph.Build(events, version).Then(graph =>
            CheckRejected(graph, rejected.Select(id => id.Value), indexed: true) is { } unknown
                ? unknown
                : ResolveEventLists(graph, stateSets, Context(rejected)));

    /// <summary>As <see cref="ResolveEventLists(RoomVersion, IReadOnlyList{IReadOnlyList{EventId}}, IReadOnlyList{Pdu}, IReadOnlyList{EventId})"/> over a built graph.</summary>
    public static Result<ImmutableSortedDictionary<StateKey, EventId>> ResolveEventLists(
        EventGraph graph, IReadOnlyList<IReadOnlyList<EventId>> stateSets, AuthContext? context = null)
    {
        context ??= AuthContext.Default;
        if (CheckRejected(graph, context.Rejected, indexed: false) is { } unknown) return unknown;
        var rejected = RejectedEvents.Classify(graph, context);
        return StateSets.FromLists(graph, stateSets, rejected).Map(sets => Run(graph, sets, rejected, context));
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Run(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context)
    {
        var resolved = RunOnVertices(graph, sets, rejected, context);
        var result = ImmutableSortedDictionary.CreateBuilder<StateKey, EventId>();
        foreach (var (key, v) in resolved) result.Add(key, graph.EventAt(v).EventId);
        return result.ToImmutable();
    }

    /// <summary>Dispatches on the room version's algorithm.</summary>
    internal static ImmutableSortedDictionary<StateKey, int> RunOnVertices(EventGraph graph, StateSets sets, RejectedEvents rejected, AuthContext context) =>
        graph.RoomVersion.StateResolution switch
        {
            StateResolutionAlgorithm.V1 => StateResolutionV1.Resolve(graph, sets, context),
            StateResolutionAlgorithm.V2 => StateResolutionV2.Resolve(graph, sets, rejected, context, v21: false),
            StateResolutionAlgorithm.V2_1 => StateResolutionV2.Resolve(graph, sets, rejected, context, v21: true),
            _ => throw new InvalidOperationException("a room version names a state resolution algorithm this reference does not know"),
        };

    private static AuthContext Context(IEnumerable<EventId> rejected) => AuthContext.Default.WithRejected(rejected.Select(id => id.Value));

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
