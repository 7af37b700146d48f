using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// Why a set of events or state sets cannot be resolved. Every case is found by a bounded pass over
/// the input before any resolution work starts, so invalid input is answered quickly and never loops.
/// </summary>
public enum StateResError
{
    /// <summary>The events' <c>prev_events</c> and <c>auth_events</c> edges form a cycle (a room's event graph is acyclic).</summary>
    [WireToken("stateres.cycle")] Cycle = 1,

    /// <summary>An event cites an auth event (or, where required, a prev event, or in room version 12 the implied create event) that was not given.</summary>
    [WireToken("stateres.missing_event")] MissingEvent,

    /// <summary>An event belongs to another room than the rest.</summary>
    [WireToken("stateres.other_room")] OtherRoom,

    /// <summary>Two given events have the same event ID.</summary>
    [WireToken("stateres.duplicate_event")] DuplicateEvent,

    /// <summary>A state set names an event that was not given.</summary>
    [WireToken("stateres.unknown_state_event")] UnknownStateEvent,

    /// <summary>A state set names an event without a state key.</summary>
    [WireToken("stateres.not_state_event")] NotStateEvent,

    /// <summary>A state set files an event under a (type, state_key) other than its own.</summary>
    [WireToken("stateres.state_key_mismatch")] StateKeyMismatch,

    /// <summary>A state set holds two events for one (type, state_key).</summary>
    [WireToken("stateres.duplicate_state_key")] DuplicateStateKey,

    /// <summary>An event was parsed under the event format of another room version than the one resolving.</summary>
    [WireToken("stateres.wrong_event_format")] WrongEventFormat,

    /// <summary>The list of rejected events names an event that was not given.</summary>
    [WireToken("stateres.unknown_rejected_event")] UnknownRejectedEvent,

    /// <summary>
    /// A state set holds an event that fails the authorisation rules against its own auth events; such an
    /// event can never be part of a room's state (spec v1.19, rooms v2 "Rejected events"). Reported only by
    /// the input check (<c>--strict-input</c>); otherwise such an entry is read as absent from its set.
    /// </summary>
    [WireToken("stateres.rejected_in_state")] RejectedInState,

    /// <summary>
    /// Under a behaviour profile, the implementation raises an exception on this input instead of resolving;
    /// only the overloads that cannot carry that outcome report it as a failure.
    /// </summary>
    [WireToken("stateres.implementation_raises")] ImplementationRaises,
}
