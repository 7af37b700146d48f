using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// What a server does with a received PDU (spec v1.19, server-server API "Checks performed on receipt of
/// a PDU", "Rejection", "Soft failure"). Only an accepted event is shown to clients and used as a
/// previous event; a soft-failed one is otherwise handled as usual; a rejected one never updates state.
/// </summary>
public enum ReceiptVerdict
{
    /// <summary>Passed every check.</summary>
    [WireToken("receipt.accepted")] Accepted = 1,

    /// <summary>Passed against its auth events and the state before it, failed against the current state.</summary>
    [WireToken("receipt.soft_failed")] SoftFailed,

    /// <summary>Failed the authorisation rules against its auth events or the state before it.</summary>
    [WireToken("receipt.rejected")] Rejected,

    /// <summary>Not a valid event of its room version, or not validly signed: as if never received.</summary>
    [WireToken("receipt.dropped")] Dropped,
}
