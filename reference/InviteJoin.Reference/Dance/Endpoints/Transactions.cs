using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// What became of one PDU of a transaction: the outcome, the server afterwards, the parsed event when it
/// got that far, the IDs of events that must be fetched first, and the rule or failure that decided.
/// </summary>
public sealed record PduReceipt(DanceRule Outcome, ResidentServer Server, Pdu? Event, ImmutableArray<string> MissingEvents, Rule? AuthRule, Failure? Failure)
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

        var (accepted, dropped) = PduVerification.Check(json, room.Version.Format, server.Keys);
        if (dropped is not null) return new PduReceipt(DanceRule.TransactionDropped, server, null, [], null, dropped.Failure);
        var e = accepted!.Pdu;
        if (room.Knows(e.EventId)) return new PduReceipt(DanceRule.TransactionAlreadyKnown, server, room.Get(e.EventId.Value), [], null, null);

        // Events it cites that this server does not hold are fetched (get_missing_events, event_auth)
        // before the event can be judged; the caller delivers them and then this event again.
        var (authEvents, missingAuth) = room.AuthEventsOf(e);
        var missing = e.PrevEvents.Where(p => !room.Knows(p)).Select(p => p.Value).Concat(missingAuth)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        if (!missing.IsEmpty) return new PduReceipt(DanceRule.TransactionMissingEvents, server, e, missing, null, null);

        var context = room.AuthContextFor(server.Keys);
        var againstAuthEvents = EventAuthorizer.AuthorizeAgainstAuthEvents(e, authEvents, room.Version, context);
        if (!againstAuthEvents.Allowed)
        {
            return new PduReceipt(DanceRule.TransactionRejected, server.With(room.WithRejected(e)), e, [], againstAuthEvents.Rule, null);
        }
        // Checks 5 and 6. When the event builds on exactly this server's forward extremities, the state
        // before it is the current state and a failure is a rejection (check 5). Otherwise this model, which
        // keeps no state per event, judges it against the current state only: a failure is a soft failure (check 6).
        var againstState = EventAuthorizer.AuthorizeAgainstState(e, room.State, room.Version, context);
        if (!againstState.Allowed)
        {
            var onExtremities = e.PrevEvents.Length == room.ForwardExtremities.Length && e.PrevEvents.All(room.ForwardExtremities.Contains);
            return onExtremities
                ? new PduReceipt(DanceRule.TransactionRejected, server.With(room.WithRejected(e)), e, [], againstState.Rule, null)
                : new PduReceipt(DanceRule.TransactionSoftFailed, server.With(room.WithSoftFailed(e)), e, [], againstState.Rule, null);
        }
        return new PduReceipt(DanceRule.TransactionAccepted, server.With(room.Accept(e)), e, [], againstState.Rule, null);
    }
}
