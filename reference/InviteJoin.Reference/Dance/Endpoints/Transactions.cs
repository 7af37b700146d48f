using System.Collections.Immutable;
using System.Diagnostics;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

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
    public static PduReceipt Receive(ResidentServer server, JsonValue pdu)
    {
        if (pdu is not JsonObject json || json["room_id"] is not JsonString roomId || server.Room(roomId.Value) is not { } room)
        {
            return new PduReceipt(DanceRule.TransactionUnknownRoom, server, null, [], null, null);
        }

        // Checks 1–3. A content hash that does not match replaces the event by its redacted copy, which the
        // checks below judge and the room keeps (step 3: "otherwise it is redacted before being processed further").
        var (accepted, dropped) = PduVerification.Check(json, room.Version.Format, server.Keys);
        if (dropped is not null) return new PduReceipt(DanceRule.TransactionDropped, server, null, [], null, dropped.Failure);
        var e = accepted!.Pdu;
        if (room.Knows(e.EventId)) return new PduReceipt(DanceRule.TransactionAlreadyKnown, server, room.Get(e.EventId.Value), [], null, null);

        // Events it cites that this server does not hold are fetched (get_missing_events, event_auth)
        // before the event can be judged; the caller delivers them and then this event again.
        var missing = room.MissingEvents(e);
        if (!missing.IsEmpty) return new PduReceipt(DanceRule.TransactionMissingEvents, server, e, missing, null, null, accepted.ReplacedByRedaction);

        // Checks 4–6. This model keeps no state per event. An event built on exactly this server's forward
        // extremities has the current state as the state before it, so a failure there rejects it (check 5).
        // For any other event the state before it is taken to be the state its auth events make, which check 4
        // has already passed, so only the current state can fail it, as a soft failure (check 6).
        var stateBefore = BuildsOnForwardExtremities(room, e)
            ? room.State
            : AuthState.FromEvents(RoomEvents.Cited(room.Version, e).Select(id => room.Get(id.Value)!));
        var outcome = room.Check(accepted, server.Keys, stateBefore);
        var (rule, after) = outcome.Verdict switch
        {
            ReceiptVerdict.Accepted => (DanceRule.TransactionAccepted, room.Accept(e)),
            ReceiptVerdict.SoftFailed => (DanceRule.TransactionSoftFailed, room.WithSoftFailed(e)),
            ReceiptVerdict.Rejected => (DanceRule.TransactionRejected, room.WithRejected(e)),
            _ => throw new UnreachableException("checks 1–3 passed, yet the event was " + outcome),
        };
        return new PduReceipt(rule, server.With(after), e, [], outcome.Rule, null, accepted.ReplacedByRedaction);
    }

    private static bool BuildsOnForwardExtremities(ResidentRoom room, Pdu e) =>
        e.PrevEvents.Length == room.ForwardExtremities.Length && e.PrevEvents.All(room.ForwardExtremities.Contains);
}
