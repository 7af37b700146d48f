using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// How state resolution treats events that were rejected on receipt (spec v1.19, rooms v2 "Rejected
/// events"), decided once per resolution:
/// <list type="bullet">
/// <item>An event rejected against its <b>own auth events</b> (check 4 on receipt; `stateres.rejected.against_auth_events`)
/// never enters: it is dropped from the full conflicted set, and a state set that holds it reads as if it did not
/// (the spec's premise is that no state holds one; our reading where it does is in spec/rules/README.md; the input
/// check <c>--strict-input</c> refuses such a request instead). Which rejected events these are is recomputed here
/// by running check 4 again, under the spec's rules whatever the profile, so the caller passes one flat list.</item>
/// <item>An event rejected only against the <b>state before it</b> (check 5; `stateres.rejected.against_state`) is handled as usual: it may sit in
/// a state set, and in the full conflicted set it is re-checked by the iterative auth checks and may enter
/// the resolved state. The spec prefers this for convergence (servers may disagree on rejection when one was
/// given a wrong state on joining).</item>
/// <item>A rejected event is <b>never used as an auth event</b> in the iterative auth checks (`stateres.rejected.never_auth_event`): when the partial
/// state lacks a key, only a non-rejected auth event of the event stands in for it.</item>
/// </list>
/// Synapse departs from these points (<c>synapse.rejected_never_readmitted</c>,
/// <c>synapse.rejected_state_entries_kept</c>); under the spec profile this reference follows the spec text.
/// </summary>
internal sealed class RejectedEvents
{
    private readonly VertexSet _rejected;
    private readonly VertexSet _againstAuthEvents;

    private RejectedEvents(VertexSet rejected, VertexSet againstAuthEvents)
    {
        _rejected = rejected;
        _againstAuthEvents = againstAuthEvents;
    }

    /// <summary>Classifies every event <paramref name="context"/> lists as rejected; IDs not in the graph are ignored here.</summary>
    public static RejectedEvents Classify(EventGraph graph, AuthContext context)
    {
        // Most resolutions reject nothing: one empty set stands for both (neither is ever changed after this).
        if (context.Rejected.IsEmpty)
        {
            var none = new VertexSet(graph.Count);
            return new RejectedEvents(none, none);
        }
        var rejected = new VertexSet(graph.Count);
        var againstAuthEvents = new VertexSet(graph.Count);
        foreach (var id in context.Rejected)
        {
            if (EventId.Parse(id, EventIdFormat.TestName) is not { IsOk: true } parsed) continue;
            var v = graph.VertexOf(parsed.Value);
            if (v < 0) continue;
            rejected.Add(v);
            var e = graph.EventAt(v);
            var authEvents = new List<Pdu>();
            foreach (var a in graph.AuthEdges(v)) authEvents.Add(graph.EventAt(a));
            var spec = context with { Profile = Profiles.BehaviourProfile.Spec };
            if (!EventAuthorizer.AuthorizeAgainstAuthEvents(e, authEvents, graph.RoomVersion, spec).Allowed) againstAuthEvents.Add(v);
        }
        return new RejectedEvents(rejected, againstAuthEvents);
    }

    /// <summary>True when the event was rejected on receipt, for whatever reason: it may not stand in for a missing key.</summary>
    public bool IsRejected(int vertex) => _rejected.Contains(vertex);

    /// <summary>True when the event fails the rules against its own auth events: it never enters state resolution.</summary>
    public bool FailsAgainstAuthEvents(int vertex) => _againstAuthEvents.Contains(vertex);

    /// <summary>The events that fail against their own auth events.</summary>
    public VertexSet FailingAgainstAuthEvents => _againstAuthEvents;
}
