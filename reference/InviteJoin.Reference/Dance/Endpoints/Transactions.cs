using System.Collections.Immutable;
using System.Diagnostics;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// What became of one PDU of a transaction: the outcome, the server afterwards, the parsed event when it
/// got that far (the redacted copy when its content hash did not match), the IDs of events that must be
/// fetched first, the rule or failure that decided, and whether the event was replaced by its redaction.
/// </summary>
public sealed record PduReceipt(DanceRule Outcome, ResidentServer Server, Pdu? Event, ImmutableArray<string> MissingEvents, Rule? AuthRule, Failure? Failure, bool ReplacedByRedaction = false)
{
    public string Token => DanceRules.Token(Outcome);
}

/// <summary>
/// One PDU of <c>PUT /_matrix/federation/v1/send/{txnId}</c> at a resident, through the checks on receipt
/// (spec v1.19, server-server API "Checks performed on receipt of a PDU", "Rejection", "Soft failure"):
/// format and signatures (else dropped), content hash (else redacted), the events it cites must be known
/// (else they are fetched first — how a server learns of events it was not sent), its auth events
/// (else rejected), the current state (else soft-failed). A PDU's fate never fails the transaction.
/// </summary>
public static class Transactions
{
    /// <summary>Receives <paramref name="pdu"/>.</summary>
    public static PduReceipt Receive(ResidentServer server, JsonValue pdu) => Receive(server, pdu, origin: null, verify: null);

    /// <summary>
    /// Receives <paramref name="pdu"/> whose checks 1–3 the caller already ran (<paramref name="verify"/>: format,
    /// signatures and hashes, with keys this server trusts), so that one verification serves every server an event
    /// reaches; as <see cref="Receive(ResidentServer, JsonValue)"/> otherwise.
    /// </summary>
    public static PduReceipt Receive(ResidentServer server, JsonValue pdu, ReceiptVerifier? verify) =>
        Receive(server, pdu, origin: null, verify);

    /// <summary>
    /// Receives <paramref name="pdu"/>, sent by <paramref name="origin"/> (the transaction's <c>origin</c>; null when the
    /// caller does not say, and then no server ACL applies), its checks 1–3 run by <paramref name="verify"/> when given.
    /// </summary>
    public static PduReceipt Receive(ResidentServer server, JsonValue pdu, string? origin, ReceiptVerifier? verify = null)
    {
        if (pdu is not JsonObject json || json["room_id"] is not JsonString roomId || server.Room(roomId.Value) is not { } room)
        {
            return new PduReceipt(DanceRule.TransactionUnknownRoom, server, null, [], null, null);
        }

        // Server ACLs, "applied to all PDUs on a per-PDU basis": a PDU from a server the room denies is ignored, with
        // an error for its event ID in the answer; the transaction goes on.
        if (origin is not null && ServerAcl.Evaluate(room.State, origin) is { Allowed: false } denied)
        {
            return new PduReceipt(DanceRule.TransactionServerDenied, server, null, [], null, null);
        }

        // Checks 1–3. A content hash that does not match replaces the event by its redacted copy, which the
        // checks below judge and the room keeps (step 3: "otherwise it is redacted before being processed further").
        var (accepted, dropped) = verify?.Invoke(json, room.Version.Format) ?? PduVerification.Check(json, room.Version.Format, server.Keys, origin);
        if (dropped is not null) return new PduReceipt(DanceRule.TransactionDropped, server, null, [], null, dropped.Failure);
        var e = accepted!.Pdu;
        // Checks 4–6 in the room (Room.Receive): the events it cites must be held, else they are fetched first
        // (get_missing_events, event_auth — how a server learns of events it was not sent) and the caller delivers
        // them and then this event again; the state before it is that after its prev events; when a prev event is
        // held only as an outlier, the caller asks for the state before the event (state_ids).
        var receipt = room.Receive(accepted, server.Keys, origin);
        switch (receipt.Kind)
        {
            case RoomReceiptKind.AlreadyHeld:
                return new PduReceipt(DanceRule.TransactionAlreadyKnown, server, room.Get(e.EventId.Value), [], null, null);
            case RoomReceiptKind.MissingEvents:
                return new PduReceipt(DanceRule.TransactionMissingEvents, server, e, receipt.Missing, null, null, accepted.ReplacedByRedaction);
            case RoomReceiptKind.StateUnknown:
                return new PduReceipt(DanceRule.TransactionStateUnknown, server, e, receipt.Missing, null, null, accepted.ReplacedByRedaction);
            case RoomReceiptKind.Taken:
                break;
            default:
                throw new UnreachableException();
        }
        var rule = receipt.Status switch
        {
            EventStatus.Accepted => DanceRule.TransactionAccepted,
            EventStatus.SoftFailed => DanceRule.TransactionSoftFailed,
            EventStatus.Rejected => DanceRule.TransactionRejected,
            _ => throw new UnreachableException("checks 1–3 passed, yet the event was " + receipt.Outcome),
        };
        return new PduReceipt(rule, server.With(receipt.Room), e, [], receipt.Outcome!.Rule, null, accepted.ReplacedByRedaction);
    }
}
