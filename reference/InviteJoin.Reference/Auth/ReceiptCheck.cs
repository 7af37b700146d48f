using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The checks on receipt of a PDU as one pure function (spec v1.19, server-server API "Checks performed on
/// receipt of a PDU" 1–7, "Validating hashes and signatures on received events", "Rejection", "Soft
/// failure", "Policy Servers"): format, signatures and hashes (<see cref="PduVerification"/>), then the
/// authorisation rules against the event's own auth events, the state before it and the current state, then
/// the room's policy server's signature. The first stage that fails decides: dropped, rejected, rejected, soft
/// failed, soft failed; an event that passes all seven is accepted.
/// </summary>
/// <remarks>
/// Check 7 reads the current state (whether the room uses a policy server, and its key) and never the auth
/// rules, which "still apply" to an event without the signature. The authorising server of a restricted join (room
/// versions 8+) is verified here, with the other signatures, but its absence is not a signature-stage
/// failure: the spec makes it an authorisation rule (spec v1.19, rooms v12 "Authorisation rules" 5.2.1;
/// `member.authoriser_signature_invalid`), so such an event is rejected, not dropped, and the
/// rule reads the result of this verification rather than trusting a <c>signatures</c> entry.
/// </remarks>
public static class ReceiptCheck
{
    /// <summary>Checks a PDU received as UTF-8 JSON; text that is not a JSON object of the room version's strictness is dropped at the format stage.</summary>
    public static ReceiptOutcome Check(ReadOnlySpan<byte> utf8, RoomVersion version, KeyRing keys, ReceiptContext context)
    {
        var (accepted, dropped) = PduVerification.Check(utf8, version.Format, keys, context.Origin);
        return Authorize(accepted, dropped, version, keys, context);
    }

    /// <summary>Checks a PDU received as a parsed JSON object.</summary>
    public static ReceiptOutcome Check(JsonObject pdu, RoomVersion version, KeyRing keys, ReceiptContext context)
    {
        var (accepted, dropped) = PduVerification.Check(pdu, version.Format, keys, context.Origin);
        return Authorize(accepted, dropped, version, keys, context);
    }

    /// <summary>
    /// Checks 4–6 on an event that passed checks 1–3 (<paramref name="inbound"/>, from <see cref="PduVerification"/>),
    /// for a receiver that acts between them: one that fetches the events an event cites before judging it.
    /// </summary>
    public static ReceiptOutcome Check(InboundPdu inbound, RoomVersion version, KeyRing keys, ReceiptContext context) =>
        Authorize(inbound, null, version, keys, context);

    private static ReceiptOutcome Authorize(InboundPdu? inbound, InboundRejection? dropped, RoomVersion version, KeyRing keys, ReceiptContext context)
    {
        // 1–3: a malformed or badly signed event is dropped; a hash mismatch already replaced it by its redaction.
        if (dropped is not null) return ReceiptOutcome.Dropped(ReceiptStages.Of(dropped.Stage), dropped.Failure);
        var pdu = inbound!.Pdu;

        // 2, continued (v8+): the server of join_authorised_via_users_server must have signed the event.
        // Verified now with the receiver's keys; `member.authoriser_signature_invalid` decides on the result.
        var verified = inbound.VerifiedServers;
        if (Authoriser.ServerOf(pdu, version) is { } authoriser
            && !Contains(verified, authoriser)
            && AuthContext.VerifiesWith(keys)(pdu, authoriser))
        {
            verified = verified.Add(authoriser);
        }
        var authContext = new AuthContext { Rejected = context.Rejected, IsSignedBy = SignedBy(pdu, verified, keys), Profile = context.Profile };

        // 4: the event's own auth events; failure rejects.
        var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, CitedEvents(pdu, version, context), version, authContext);
        if (!decision.Allowed) return ReceiptOutcome.Decided(ReceiptVerdict.Rejected, ReceiptStage.AuthEvents, inbound, verified, decision);

        // 5: the state before the event; failure rejects.
        decision = EventAuthorizer.AuthorizeAgainstState(pdu, context.StateBefore, version, authContext);
        if (!decision.Allowed) return ReceiptOutcome.Decided(ReceiptVerdict.Rejected, ReceiptStage.StateBefore, inbound, verified, decision);

        // With only a partial state the current state is unknown: checks 6 and 7 wait for the resync (MSC3902).
        if (context.PartialState) return ReceiptOutcome.Decided(ReceiptVerdict.Accepted, ReceiptStage.StateBefore, inbound, verified, decision);

        // 6: the current state; failure soft-fails (the event is valid, but it is not shown or built upon).
        // When the state before the event is the current state (it builds on the forward extremities), the
        // rules would answer as in check 5, so that answer stands.
        if (!ReferenceEquals(context.StateBefore, context.CurrentState))
        {
            decision = EventAuthorizer.AuthorizeAgainstState(pdu, context.CurrentState, version, authContext);
        }
        if (!decision.Allowed) return ReceiptOutcome.Decided(ReceiptVerdict.SoftFailed, ReceiptStage.CurrentState, inbound, verified, decision);

        // 7 (v1.18+): in a room that uses a policy server, its signature; without a valid one, soft-failed.
        var policy = PolicyServer.Check(pdu, context.CurrentState);
        return policy is PolicyServerCheck.MissingSignature or PolicyServerCheck.BadSignature
            ? ReceiptOutcome.Decided(ReceiptVerdict.SoftFailed, ReceiptStage.PolicyServer, inbound, verified, decision, policy)
            : ReceiptOutcome.Decided(ReceiptVerdict.Accepted, ReceiptStage.CurrentState, inbound, verified, decision, policy);
    }

    // The event under check is answered from the verification above; any other event (no rule asks about
    // one today) is verified with the same keys, so the oracle is total and never merely trusts.
    private static Func<Pdu, string, bool> SignedBy(Pdu checkedPdu, ImmutableArray<string> verified, KeyRing keys)
    {
        var verify = AuthContext.VerifiesWith(keys);
        return (pdu, server) => ReferenceEquals(pdu, checkedPdu) ? Contains(verified, server) : verify(pdu, server);
    }

    /// <summary>The held events <paramref name="pdu"/> cites, in citation order, and in room version 12 the create event its room ID names.</summary>
    private static List<Pdu> CitedEvents(Pdu pdu, RoomVersion version, ReceiptContext context)
    {
        var ids = pdu.AuthEventsWithImpliedCreate;
        var cited = new List<Pdu>(ids.Length);
        foreach (var id in ids)
        {
            if (context.AuthEvents.TryGetValue(id.Value, out var held)) cited.Add(held);
        }
        return cited;
    }

    private static bool Contains(ImmutableArray<string> servers, string server)
    {
        foreach (var candidate in servers)
        {
            if (string.Equals(candidate, server, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
