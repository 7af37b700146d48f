using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Rooms;

/// <summary>
/// What a server made of an event it holds (spec v1.19, server-server API "Checks performed on receipt of a
/// PDU", "Rejection", "Soft failure"; rooms "Event graphs" for outliers).
/// </summary>
public enum EventStatus
{
    /// <summary>Passed every check on receipt: part of the room's history, its state applied after it.</summary>
    [WireToken("accepted")] Accepted,

    /// <summary>
    /// Passed checks 1–5 but not the current state: kept in the graph (its state still follows it and other
    /// events may build on it), but never a forward extremity and never in the current state of its own accord.
    /// </summary>
    [WireToken("soft_failed")] SoftFailed,

    /// <summary>Failed the rules against its auth events or the state before it: held, never used as an auth event, never in any state.</summary>
    [WireToken("rejected")] Rejected,

    /// <summary>
    /// Held without the state before it being known (an auth-chain event, or the state a join answer carried):
    /// checked against its own auth events only, usable as an auth event and in states, never built upon.
    /// </summary>
    [WireToken("outlier")] Outlier,
}
