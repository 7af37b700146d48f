using InviteJoin.Reference.Events;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The authorisation rules of room versions 1–12, in the spec's order (spec v1.19, rooms v1–v12
/// "Authorisation rules"; server-server API "Checks performed on receipt of a PDU"). An event is checked
/// against its own auth events, then against the state before it, then against the current state; each
/// check returns an <see cref="AuthDecision"/> naming the rule that decided. Pure: same inputs, same answer.
/// </summary>
public static class EventAuthorizer
{
    /// <summary>
    /// Check 4 on receipt: authorises <paramref name="e"/> against the events it cites. The create-event
    /// rules (rooms v12 "Authorisation rules" 1, `create.*`), the room-ID rule (v12 rule 2,
    /// `room.not_create_event_hash`: the room ID names an accepted create event, found among
    /// <paramref name="suppliedAuthEvents"/> although v12 events do not cite it) and the auth-events rules (v12
    /// rule 3, `auth_events.*`: the citations themselves), then the state-dependent rules (v12 rules 4–11, pages
    /// 4–13 of spec/rules) with the cited events as the state. A cited ID missing from <paramref name="suppliedAuthEvents"/> is
    /// <see cref="Rule.AuthEventsMissing"/>; supplied events that are not cited are ignored.
    /// </summary>
    public static AuthDecision AuthorizeAgainstAuthEvents(Pdu e, IReadOnlyList<Pdu> suppliedAuthEvents, RoomVersion version, AuthContext context)
    {
        var independent = StateIndependent(e, suppliedAuthEvents, version, context, out var state);
        return independent ?? StateDependent(new AuthCheck(e, state, version, context));
    }

    /// <summary>
    /// Checks 5 and 6 on receipt, and state resolution's iterative auth checks: authorises
    /// <paramref name="e"/> against <paramref name="state"/> (the state before the event, the current state,
    /// or a partial resolved state). The create-event rules decide create events; otherwise the room-ID rule
    /// (v12, with the state's create event), then the state-dependent rules. The auth-events rules are not
    /// applied: they concern the event's own citations (<see cref="CheckStateIndependent"/>).
    /// </summary>
    /// <remarks>
    /// A state without a create event (possible only in a state assembled by hand, or in versions 1–11
    /// during iterative auth checks) is read as a room with no creator and no <c>m.federate</c> setting.
    /// </remarks>
    public static AuthDecision AuthorizeAgainstState(Pdu e, AuthState state, RoomVersion version, AuthContext context)
    {
        if (CreateRules.Applies(e)) return CreateRules.Check(e, version, context);
        // (profiles) what the implementation reads of the event before checking it against a state.
        if (MalformedEvents.OnAuthTypes(e, version, context, citations: false) is { } malformed) return malformed;
        if (version.RoomIdIsCreateEventHash && RoomIdRule.Check(e, state.Create, context) is { } roomId) return roomId;
        return StateDependent(new AuthCheck(e, state, version, context));
    }

    /// <summary>
    /// The rules that read only the event and its own citations: the create-event rules (which decide a create
    /// event), the room-ID rule where the create event is among <paramref name="authEvents"/> (v12), and the
    /// auth-events rules. Returns the deciding decision,
    /// or null when none decides and the state-dependent rules are still to run.
    /// </summary>
    public static AuthDecision? CheckStateIndependent(Pdu e, IReadOnlyList<Pdu> authEvents, RoomVersion version, AuthContext context) =>
        StateIndependent(e, authEvents, version, context, out _);

    private static AuthDecision? StateIndependent(Pdu e, IReadOnlyList<Pdu> supplied, RoomVersion version, AuthContext context, out AuthState state)
    {
        state = AuthState.Empty;

        // (profiles) what the implementation checks of the event itself on receipt, before the rules.
        if (MalformedEvents.OnReceipt(e, version, context) is { } onReceipt) return onReceipt;

        // `create.*` ("Authorisation rules" 1, v1–12): a create event is decided by rule 1 alone.
        if (CreateRules.Applies(e)) return CreateRules.Check(e, version, context);

        // (profiles) what the implementation reads of the event to choose the keys it may cite.
        if (MalformedEvents.OnAuthTypes(e, version, context, citations: true) is { } malformed) return malformed;

        // `room.not_create_event_hash` ("Authorisation rules" v12: 2): the room ID is "!" + the ID of an accepted
        // create event, which is implied rather than cited. (Under synapse.missing_auth_event_raises a missing
        // create event is met as the last citation, and raises there.)
        Pdu? impliedCreate = null;
        if (version.RoomIdIsCreateEventHash)
        {
            impliedCreate = RoomIdRule.FindCreate(e, supplied);
            var raisesLater = context.Diverges(Divergence.MissingAuthEventRaises) && impliedCreate is null && e.RoomId.CreateEventId is not null;
            if (!raisesLater && RoomIdRule.Check(e, impliedCreate, context) is { } roomId) return roomId;
        }

        // `auth_events.*` ("Authorisation rules" v1–11: 2; v12: 3): the event's auth events.
        if (AuthEventsRules.Check(e, supplied, version, context, out var cited) is { } authEvents) return authEvents;

        state = AuthState.FromEvents(impliedCreate is null ? cited : cited.Insert(0, impliedCreate));
        return null;
    }

    // The state-dependent rules ("Authorisation rules" v1–2: 3–12; v3–5: 3–11; v6–11: 3–10; v12: 4–11; pages 4–13 of
    // spec/rules), in the spec's order; the first rule that decides, decides.
    private static AuthDecision StateDependent(AuthCheck c) =>
        FederateRule.Check(c)
        ?? AliasesRules.Check(c)
        ?? (MemberRules.Applies(c.Event) ? MemberRules.Check(c) : null)
        ?? SenderRule.Check(c)
        ?? ThirdPartyInviteEventRule.Check(c)
        ?? RequiredPowerLevelRule.Check(c)
        ?? StateKeyRule.Check(c)
        ?? (string.Equals(c.Event.Type, EventTypes.PowerLevels, StringComparison.Ordinal)
            ? PowerLevelsContentRules.Check(c) ?? PowerLevelsChangeRules.Check(c)
            : null)
        ?? RedactionAuthRule.Check(c)
        // `event.allowed` ("Authorisation rules" v1–2: 12; v3–5: 11; v6–11: 10; v12: 11): otherwise, allow.
        ?? AuthDecision.Allow(Rule.EventAllowed);
}
