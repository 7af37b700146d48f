using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Reads a profiled implementation makes of the events of a resolution outside the auth checks, and
/// which raise on a malformed event: under <see cref="Divergence.CitedCreateRaises"/>, any room version
/// 12 event that lists the create event (its auth events are read to compute the auth difference); under
/// <see cref="Divergence.MalformedMemberRaises"/>, a member event of the full conflicted set without a
/// <c>membership</c> (read to tell power events).
/// </summary>
internal static class ImplementationReads
{
    public static (AuthDecision Decision, int Vertex)? CitedCreate(EventGraph graph, AuthContext context)
    {
        if (!context.Diverges(Divergence.CitedCreateRaises) || !graph.RoomVersion.RoomIdIsCreateEventHash) return null;
        for (var v = 0; v < graph.Count; v++)
        {
            var e = graph.EventAt(v);
            if (e.RoomId.CreateEventId is { } create && e.AuthEvents.Contains(create))
            {
                return (AuthDecision.Raise(Rule.AuthEventsUnexpected, ImplementationException.AssertionError, Divergence.CitedCreateRaises, ("auth_event", create.Value)), v);
            }
        }
        return null;
    }

    public static (AuthDecision Decision, int Vertex)? Membership(EventGraph graph, VertexSet full, AuthContext context)
    {
        if (!context.Diverges(Divergence.MalformedMemberRaises)) return null;
        foreach (var v in full.ToArray())
        {
            var e = graph.EventAt(v);
            if (string.Equals(e.Type, EventTypes.Member, StringComparison.Ordinal) && !e.Content.ContainsKey("membership"))
            {
                return (AuthDecision.Raise(Rule.MemberNoStateKeyOrMembership, ImplementationException.KeyError, Divergence.MalformedMemberRaises, ("has_membership", "false")), v);
            }
        }
        return null;
    }
}
