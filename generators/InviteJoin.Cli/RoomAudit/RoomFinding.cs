using System.Collections.Immutable;
using System.Diagnostics;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>
/// The kinds of finding an audit of a room reports: a closed set, each with a stable token. Failures are things a
/// correct room does not contain; notices say what the audit could not check and why.
/// </summary>
internal enum RoomFindingKind
{
    /// <summary>Not a PDU of the room's version (check 1 on receipt), or text that is not JSON.</summary>
    [WireToken("audit.malformed")] Malformed = 1,

    /// <summary>A signature the event needs does not verify with the keys given (check 2).</summary>
    [WireToken("audit.bad_signature")] BadSignature,

    /// <summary>The content hash cannot be read (check 3).</summary>
    [WireToken("audit.unreadable_hash")] UnreadableHash,

    /// <summary>The content hash does not match: the event was taken as its redaction, as a receiver takes it (check 3).</summary>
    [WireToken("audit.content_hash_mismatch")] ContentHashMismatch,

    /// <summary>Rejected by the auth rules against its own auth events (check 4).</summary>
    [WireToken("audit.rejected_against_auth_events")] RejectedAgainstAuthEvents,

    /// <summary>Rejected by the auth rules against the state before it (check 5).</summary>
    [WireToken("audit.rejected_against_state_before")] RejectedAgainstStateBefore,

    /// <summary>The event ID the export names the event by is not the event's ID.</summary>
    [WireToken("audit.event_id_mismatch")] EventIdMismatch,

    /// <summary>An event of another room.</summary>
    [WireToken("audit.other_room")] OtherRoom,

    /// <summary>The event cites auth events the export does not hold: it could not be checked.</summary>
    [WireToken("audit.auth_events_missing")] AuthEventsMissing,

    /// <summary>The event's prev events are not in the export: it was checked against its auth events only, and so was what follows it.</summary>
    [WireToken("audit.history_missing")] HistoryMissing,

    /// <summary>Events that cite each other in a cycle (or follow such events): they have no order and were not checked.</summary>
    [WireToken("audit.cycle")] Cycle,

    /// <summary>A claimed state (a <c>/state</c> or <c>/state_ids</c> response) differs from the state the audit resolved.</summary>
    [WireToken("audit.claimed_state_differs")] ClaimedStateDiffers,

    /// <summary>A claimed state at an event whose history is not in the export: taken as given, as a joining server takes it.</summary>
    [WireToken("audit.claimed_state_taken")] ClaimedStateTaken,

    /// <summary>A claimed state names events the export does not hold.</summary>
    [WireToken("audit.claimed_state_incomplete")] ClaimedStateIncomplete,

    /// <summary>Synapse recorded the event as rejected and the reference accepts it, or the other way round.</summary>
    [WireToken("audit.status_differs")] StatusDiffers,
}

/// <summary>What each kind of finding means and how much it matters.</summary>
internal static class RoomFindingKinds
{
    public static bool IsFailure(this RoomFindingKind kind) => kind switch
    {
        RoomFindingKind.Malformed or RoomFindingKind.BadSignature or RoomFindingKind.UnreadableHash or RoomFindingKind.RejectedAgainstAuthEvents
            or RoomFindingKind.RejectedAgainstStateBefore or RoomFindingKind.EventIdMismatch or RoomFindingKind.Cycle
            or RoomFindingKind.ClaimedStateDiffers or RoomFindingKind.ClaimedStateIncomplete or RoomFindingKind.StatusDiffers => true,
        RoomFindingKind.ContentHashMismatch or RoomFindingKind.OtherRoom or RoomFindingKind.AuthEventsMissing or RoomFindingKind.HistoryMissing
            or RoomFindingKind.ClaimedStateTaken => false,
        _ => throw new UnreachableException(),
    };

    /// <summary>The sentence that says what the kind means.</summary>
    public static string Sentence(this RoomFindingKind kind) => kind switch
    {
        RoomFindingKind.Malformed => "The event is not a valid PDU of the room's version, so a receiving server drops it.",
        RoomFindingKind.BadSignature => "A signature the event needs does not verify with the keys given, so a receiving server drops it; the audit judges it further as if it verified.",
        RoomFindingKind.UnreadableHash => "The event's content hash cannot be read; the audit judged its redaction.",
        RoomFindingKind.ContentHashMismatch => "The content hash does not match the content: the event was exported redacted (or altered), and was judged as its redaction, as a receiving server does.",
        RoomFindingKind.RejectedAgainstAuthEvents => "The event is rejected by the authorisation rules against its own auth events.",
        RoomFindingKind.RejectedAgainstStateBefore => "The event is rejected by the authorisation rules against the state before it.",
        RoomFindingKind.EventIdMismatch => "The export names the event by an ID that is not the event's own.",
        RoomFindingKind.OtherRoom => "The event belongs to another room and was left out.",
        RoomFindingKind.AuthEventsMissing => "The event cites auth events that are not in the export, so it could not be checked (export their /event_auth response too).",
        RoomFindingKind.HistoryMissing => "The event's prev events are not in the export: it and the events after it were checked against their auth events only (give the state before it with a /state response and --state-at).",
        RoomFindingKind.Cycle => "The events cite each other in a cycle (or follow events that do), so they have no order and were not checked.",
        RoomFindingKind.ClaimedStateDiffers => "A claimed state differs from the state the audit resolved from the events.",
        RoomFindingKind.ClaimedStateTaken => "A claimed state at an event whose history is not in the export was taken as given, as a joining server takes it.",
        RoomFindingKind.ClaimedStateIncomplete => "A claimed state names events that are not in the export.",
        RoomFindingKind.StatusDiffers => "Synapse's record of whether the event was rejected differs from the reference's verdict.",
        _ => throw new UnreachableException(),
    };
}

/// <summary>
/// One finding of a room audit: its kind, the token it is grouped by (the rule or failure token where the reference
/// named one, else the kind's own), what it is about, where in the input it came from, a headline and its witness.
/// </summary>
internal sealed record RoomFinding
{
    public required RoomFindingKind Kind { get; init; }

    /// <summary>The token the finding is grouped by: the deciding rule's, the failure's, or the kind's.</summary>
    public required string Token { get; init; }

    /// <summary>The event ID (or the claimed state's place) the finding is about.</summary>
    public required string Subject { get; init; }

    /// <summary>Where in the input the event came from (file, line, JSON path).</summary>
    public required string Source { get; init; }

    /// <summary>One line: what happened.</summary>
    public required string Headline { get; init; }

    /// <summary>The facts that show it, in order.</summary>
    public ImmutableArray<(string Label, string Value)> Witness { get; init; } = [];

    /// <summary>The stage of the checks on receipt that found it, when one did.</summary>
    public ReceiptStage? Stage { get; init; }

    /// <summary>The rules' decision, for a rejection.</summary>
    public AuthDecision? Decision { get; init; }

    /// <summary>The event to draw the graph around, when the room holds it.</summary>
    public string? Focus { get; init; }

    public bool IsFailure => Kind.IsFailure();
}
