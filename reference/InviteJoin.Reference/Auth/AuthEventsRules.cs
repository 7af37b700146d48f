using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 2 (v1–11) / 3 (v12): the event's own <c>auth_events</c> (spec v1.19, rooms v1–v12
/// "Authorisation rules" 2.1–2.5 / 3.1–3.5; 2.5 / 3.5, `auth_events.other_room`, from MSC4307 applies to every
/// version). These rules
/// read the event's citations, never a room state, so they run once per event.
/// See <c>spec/rules/03-auth-events.md</c>.
/// </summary>
internal static class AuthEventsRules
{
    /// <summary>
    /// Finds the events <paramref name="e"/> cites among <paramref name="supplied"/> (the first supplied
    /// event with each ID; others are ignored) and applies rules 2.1–2.5 (v1–11) / 3.1–3.5 (v12) to them. Returns a rejection, or null
    /// with <paramref name="cited"/> holding the cited events in citation order.
    /// </summary>
    public static AuthDecision? Check(Pdu e, IReadOnlyList<Pdu> supplied, RoomVersion version, AuthContext context, out ImmutableArray<Pdu> cited)
    {
        cited = [];
        var byId = new Dictionary<string, Pdu>(supplied.Count, StringComparer.Ordinal); // look-ups only; never enumerated
        foreach (var pdu in supplied) byId.TryAdd(pdu.EventId.Value, pdu);
        if (context.Diverges(Divergence.MissingAuthEventRaises) && CitesUnsupplied(e, byId, version))
        {
            return CheckInCitationOrder(e, byId, version, context, out cited);
        }

        // `auth_events.cites_itself` (ours, v1–12):
        // an event cannot be its own auth event. Hash IDs (v3+) make this impossible to forge, but a v1–2 ID is
        // chosen by its sender: citing itself would let an event vouch for itself (a join citing itself as the
        // sender's membership), and the auth DAG would have a cycle.
        foreach (var id in e.AuthEvents)
        {
            if (id.Equals(e.EventId)) return AuthDecision.Reject(Rule.AuthEventsCitesItself, ("auth_event", id.Value));
        }

        // `auth_events.missing` (ours, v1–12): every cited event must be supplied, or no rule below can be judged.
        var found = ImmutableArray.CreateBuilder<Pdu>(e.AuthEvents.Length);
        foreach (var id in e.AuthEvents)
        {
            if (!byId.TryGetValue(id.Value, out var pdu)) return AuthDecision.Reject(Rule.AuthEventsMissing, ("auth_event", id.Value));
            found.Add(pdu);
        }

        // `auth_events.duplicate` ("Authorisation rules" v1–11: 2.1; v12: 3.1):
        // no two entries for the same type and state key.
        for (var i = 0; i < found.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (SameKey(found[i], found[j]))
                {
                    return AuthDecision.Reject(Rule.AuthEventsDuplicate, ("auth_event", found[i].EventId.Value), ("duplicate_of", found[j].EventId.Value),
                        ("type", found[i].Type), ("state_key", found[i].StateKey ?? "(none)"));
                }
            }
        }

        // `auth_events.unexpected` ("Authorisation rules" v1–11: 2.2; v12: 3.2):
        // every entry's key is one auth-events selection picks for this event; the create event must be among them in
        // v1–11 and must not be in v12.
        var selected = AuthEventSelection.Select(e, version);
        foreach (var pdu in found)
        {
            if (pdu.StateKey is not { } key || !selected.Contains(new StateKey(pdu.Type, key)))
            {
                return AuthDecision.Reject(Rule.AuthEventsUnexpected, ("auth_event", pdu.EventId.Value), ("type", pdu.Type), ("state_key", pdu.StateKey ?? "(none)"));
            }
        }

        // `auth_events.rejected` ("Authorisation rules" v1–11: 2.3; v12: 3.3): no entry was itself rejected on receipt.
        foreach (var pdu in found)
        {
            if (context.IsRejected(pdu.EventId)) return AuthDecision.Reject(Rule.AuthEventsRejected, ("auth_event", pdu.EventId.Value));
        }

        // `auth_events.missing_create` ("Authorisation rules" v1–11: 2.4; removed in v12):
        // the create event is among the entries.
        if (version.CreateEventInAuthEvents && !found.Any(CreateRules.Applies))
        {
            return AuthDecision.Reject(Rule.AuthEventsMissingCreate);
        }

        // `auth_events.other_room` ("Authorisation rules" v1–11: 2.5; v12: 3.5):
        // every entry belongs to the event's room.
        foreach (var pdu in found)
        {
            if (!pdu.RoomId.Equals(e.RoomId))
            {
                return AuthDecision.Reject(Rule.AuthEventsOtherRoom, ("auth_event", pdu.EventId.Value), ("auth_event_room_id", pdu.RoomId.Value), ("room_id", e.RoomId.Value));
            }
        }

        cited = found.ToImmutable();
        return null;
    }

    /// <summary>True when a citation of <paramref name="e"/> (in room version 12 also the implied create event) was not supplied.</summary>
    internal static bool CitesUnsupplied(Pdu e, IReadOnlyDictionary<string, Pdu> byId, RoomVersion version) =>
        e.AuthEvents.Any(id => !byId.ContainsKey(id.Value))
        || (version.RoomIdIsCreateEventHash && e.RoomId.CreateEventId is { } implied && !byId.ContainsKey(implied.Value));

    /// <summary>
    /// Under <see cref="Divergence.MissingAuthEventRaises"/>, when a citation was not supplied: the implementation walks the citations in order
    /// (in room version 12 the implied create event last), and at each one raises when it was not supplied,
    /// or rejects it for another room, a repeated key, an unexpected key or its own rejection, before it looks
    /// at the next; then it requires the create event. The verdicts are those of the `auth_events.*` rules; only a missing citation that
    /// is reached before any rejection raises instead of being rejected.
    /// </summary>
    private static AuthDecision? CheckInCitationOrder(Pdu e, Dictionary<string, Pdu> byId, RoomVersion version, AuthContext context,
        out ImmutableArray<Pdu> cited)
    {
        cited = [];
        var ids = new List<EventId>(e.AuthEvents);
        if (version.RoomIdIsCreateEventHash && e.RoomId.CreateEventId is { } implied) ids.Add(implied);
        var selected = AuthEventSelection.Select(e, version);
        var found = ImmutableArray.CreateBuilder<Pdu>(ids.Count);
        foreach (var id in ids)
        {
            if (!byId.TryGetValue(id.Value, out var pdu))
            {
                return AuthDecision.Raise(Rule.AuthEventsMissing, ImplementationException.RuntimeError, Divergence.MissingAuthEventRaises, ("auth_event", id.Value));
            }
            if (!pdu.RoomId.Equals(e.RoomId))
            {
                return AuthDecision.Reject(Rule.AuthEventsOtherRoom, ("auth_event", pdu.EventId.Value), ("auth_event_room_id", pdu.RoomId.Value), ("room_id", e.RoomId.Value));
            }
            foreach (var earlier in found)
            {
                if (SameKey(pdu, earlier))
                {
                    return AuthDecision.Reject(Rule.AuthEventsDuplicate, ("auth_event", pdu.EventId.Value), ("duplicate_of", earlier.EventId.Value),
                        ("type", pdu.Type), ("state_key", pdu.StateKey ?? "(none)"));
                }
            }
            var expected = pdu.StateKey is { } key
                && (selected.Contains(new StateKey(pdu.Type, key)) || (version.RoomIdIsCreateEventHash && CreateRules.Applies(pdu) && key.Length == 0));
            if (!expected)
            {
                return AuthDecision.Reject(Rule.AuthEventsUnexpected, ("auth_event", pdu.EventId.Value), ("type", pdu.Type), ("state_key", pdu.StateKey ?? "(none)"));
            }
            if (context.IsRejected(pdu.EventId)) return AuthDecision.Reject(Rule.AuthEventsRejected, ("auth_event", pdu.EventId.Value));
            found.Add(pdu);
        }
        if (!found.Any(CreateRules.Applies)) return AuthDecision.Reject(Rule.AuthEventsMissingCreate);
        // The implied create event of room version 12 is not a citation; the rules find it among the state.
        cited = [.. found.Where(pdu => e.AuthEvents.Contains(pdu.EventId))];
        return null;
    }

    private static bool SameKey(Pdu a, Pdu b) =>
        string.Equals(a.Type, b.Type, StringComparison.Ordinal) && string.Equals(a.StateKey, b.StateKey, StringComparison.Ordinal);
}
