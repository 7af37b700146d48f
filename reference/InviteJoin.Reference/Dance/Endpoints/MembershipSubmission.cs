using System.Diagnostics;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>The rule each validation step of a send_* endpoint answers with.</summary>
internal sealed record SubmissionRules(
    DanceRule UnknownRoom,
    DanceRule NotResident,
    DanceRule PartialState,
    DanceRule ServerDenied,
    DanceRule NotAnObject,
    DanceRule MalformedEvent,
    DanceRule RoomIdMismatch,
    DanceRule EventIdMismatch,
    DanceRule NotMemberEvent,
    DanceRule WrongMembership,
    DanceRule StateKeyNotSender,
    DanceRule SenderNotOnOrigin,
    DanceRule BadSignature,
    DanceRule ContentHashMismatch,
    DanceRule UnknownPrevEvent,
    DanceRule AuthEventsRejected,
    DanceRule NotAuthorised,
    DanceRule NotRecommended);

/// <summary>
/// The validation send_join, send_leave and send_knock share (spec v1.19, <c>joins-v2.yaml</c>,
/// <c>leaving-v2.yaml</c>, <c>knocks.yaml</c>: "The receiving server MUST apply certain validation before
/// accepting the event"), plus the path checks whose absence was CVE-2020-26257 (B21): the event must be the
/// one the path names, in the room the path names, an <c>m.room.member</c> event of the endpoint's
/// membership only (B22), about its own sender, who must belong to the requesting server (B20), and
/// signed by that server.
/// </summary>
internal static class MembershipSubmission
{
    /// <summary>The room and the verified event (checks 1–3 on receipt passed, its content hash matched), or the refusal.</summary>
    public static (Room? Room, InboundPdu? Event, MatrixError? Error) Validate(
        ResidentServer server, string origin, string roomId, string eventId, JsonValue body, string membership, SubmissionRules rules)
    {
        if (server.Room(roomId) is not { } room) return Refuse(rules.UnknownRoom, $"{server.ServerName} does not know room {roomId}");
        // Ours (B31): only a server with a joined user may take events into the room on others' behalf.
        if (!server.IsResidentIn(room)) return Refuse(rules.NotResident, $"no user of {server.ServerName} is joined to {roomId}");
        // A server holding only a partial state takes no membership on others' behalf: it would judge the event, and answer a
        // join, against a state that lacks the members (MSC3902).
        if (room.IsPartialState) return Refuse(rules.PartialState, $"{server.ServerName} holds only a partial state of {roomId}");
        // Server ACLs: send_join, send_leave and send_knock "MUST be protected" (403 M_FORBIDDEN).
        if (ServerAcl.Evaluate(room.State, origin) is { Allowed: false } denied) return Refuse(rules.ServerDenied, $"the room's server ACL denies {origin} ({denied})");
        if (body is not JsonObject json) return Refuse(rules.NotAnObject, "the body is not a JSON object");

        // Read without requiring hashes and signatures: an event that lacks them fails the signature or hash check
        // below (M_INVALID_PARAM, as the endpoints' validation lists say), not the format.
        var parsed = PduParser.Parse(json, room.Version.Format, Unverified);
        if (!parsed.IsOk) return Refuse(rules.MalformedEvent, "the body is not an event of the room's version: " + parsed.Failure);
        var pdu = parsed.Value;

        // B21: the path names the room and the event; the event ID is computed per room version (the
        // event_id field in versions 1–2, the reference hash from version 3).
        if (!string.Equals(pdu.RoomId.Value, roomId, StringComparison.Ordinal))
        {
            return Refuse(rules.RoomIdMismatch, $"the event is for room {pdu.RoomId}, the path names {roomId}");
        }
        if (!string.Equals(pdu.EventId.Value, eventId, StringComparison.Ordinal))
        {
            return Refuse(rules.EventIdMismatch, $"the event's ID is {pdu.EventId}, the path names {eventId}");
        }

        // The MUST list: type, membership, sender on the origin server, state_key equal to sender.
        if (!string.Equals(pdu.Type, EventTypes.Member, StringComparison.Ordinal))
        {
            return Refuse(rules.NotMemberEvent, $"the event is of type {pdu.Type}, not m.room.member");
        }
        if (!string.Equals(pdu.Membership, membership, StringComparison.Ordinal))
        {
            return Refuse(rules.WrongMembership, $"the event's membership is {pdu.Content[MemberContent.Membership]?.ToString() ?? "(absent)"}, not {membership}");
        }
        if (!string.Equals(pdu.StateKey, pdu.Sender.Value, StringComparison.Ordinal))
        {
            return Refuse(rules.StateKeyNotSender, $"the event's state_key {pdu.StateKey ?? "(absent)"} is not its sender {pdu.Sender}");
        }
        if (!string.Equals(pdu.Sender.Server.Value, origin, StringComparison.Ordinal))
        {
            return Refuse(rules.SenderNotOnOrigin, $"the sender {pdu.Sender} is not a user of the requesting server {origin}");
        }

        // The signature check of "Validating hashes and signatures on received events", then the content
        // hash: a resident is asked to accept this exact event, so a copy that fails its hash is refused
        // rather than redacted (ours).
        if (json["signatures"] is not JsonObject) return Refuse(rules.BadSignature, "the event carries no signatures object");
        var (accepted, dropped) = PduVerification.Check(json, room.Version.Format, server.Keys);
        if (dropped is not null)
        {
            return dropped.Stage == InboundStage.Signatures
                ? Refuse(rules.BadSignature, "the event's signatures do not verify: " + dropped.Failure)
                : Refuse(rules.ContentHashMismatch, "the event's content hash is unusable: " + dropped.Failure);
        }
        if (accepted!.ReplacedByRedaction) return Refuse(rules.ContentHashMismatch, "the event's content does not match its content hash");

        // Ours: the event extends the DAG this resident offered; an unknown prev event is one no template named.
        foreach (var prev in pdu.PrevEvents)
        {
            if (!room.Knows(prev)) return Refuse(rules.UnknownPrevEvent, $"the event follows {prev}, which {server.ServerName} does not know");
        }
        return (room, accepted, null);
    }

    /// <summary>
    /// Checks 4–7 on receipt (server-server API "Checks performed on receipt of a PDU"; <see cref="Room.Check"/>):
    /// against the event's auth events, the state before it (after its prev events) and the current state, then the room's
    /// policy server's signature. The resident takes in only an event that passes them all: one it would reject or soft fail
    /// is refused. An event lacking a valid policy server signature is first sent to <paramref name="policyServer"/> for one
    /// ("the homeserver SHOULD ask for a new signature", spec v1.18+ "Validating Policy Server signatures"). The event as
    /// accepted (with the policy server's signature when it was asked), or the refusal.
    /// </summary>
    public static (InboundPdu Event, MatrixError? Error) Authorise(ResidentServer server, Room room, InboundPdu inbound, SubmissionRules rules, PolicySigner? policyServer = null)
    {
        // The state before the event is that after its prev events, which must be part of the history this
        // resident knows; an outlier's state is unknown to it, as is an event it does not hold (checked before).
        if (room.Check(inbound, server.Keys) is not { } outcome)
        {
            return (inbound, MatrixError.Of(rules.UnknownPrevEvent, $"the event follows an event whose state {server.ServerName} does not know"));
        }
        if (outcome.Stage == ReceiptStage.PolicyServer && policyServer is not null && CoSigned(room, inbound, policyServer) is { } coSigned)
        {
            inbound = coSigned;
            outcome = room.Check(inbound, server.Keys)!;
        }
        if (outcome.Verdict == ReceiptVerdict.Accepted) return (inbound, null);
        var decision = outcome.Decision!;
        // Checks 1–3 passed before (Validate); 4 rejects, 5 and 6 reject or soft fail, 7 soft fails.
        return (inbound, outcome.Stage switch
        {
            ReceiptStage.AuthEvents => MatrixError.Of(rules.AuthEventsRejected, "the event fails the auth rules against its auth events: " + decision, decision.Rule),
            ReceiptStage.StateBefore or ReceiptStage.CurrentState => MatrixError.Of(rules.NotAuthorised, "the event fails the auth rules against the current state: " + decision, decision.Rule),
            ReceiptStage.PolicyServer => MatrixError.Of(rules.NotRecommended, "the room's policy server has not recommended the event: " + outcome.Token),
            ReceiptStage.Format or ReceiptStage.Signatures or ReceiptStage.Hashes => throw new UnreachableException("a verified event was " + outcome),
            _ => throw new UnreachableException(),
        });
    }

    /// <summary>The event with the policy server's answer added to its signatures, or null when it refused or the result is no event.</summary>
    internal static InboundPdu? CoSigned(Room room, InboundPdu inbound, PolicySigner policyServer)
    {
        if (policyServer(inbound.Pdu.Json) is not { } answer) return null;
        var parsed = PduParser.Parse(PolicyServer.WithSignatures(inbound.Pdu.Json, answer), room.Version.Format, PduParseOptions.Federation);
        // Signatures lie outside the hashes and the event ID: a policy server's signature changes neither.
        return parsed.IsOk && parsed.Value.EventId.Equals(inbound.Pdu.EventId) ? inbound with { Pdu = parsed.Value } : null;
    }

    /// <summary>How a submitted or invited event is read before its signatures and hashes are checked.</summary>
    internal static readonly PduParseOptions Unverified = new() { RequireHashesAndSignatures = false };

    private static (Room?, InboundPdu?, MatrixError?) Refuse(DanceRule rule, string message) => (null, null, MatrixError.Of(rule, message));
}
