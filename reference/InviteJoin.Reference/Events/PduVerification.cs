using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>The first three checks on receipt of a PDU, in the spec's order (spec v1.19, server-server API "Checks performed on receipt of a PDU").</summary>
public enum InboundStage
{
    /// <summary>1. A valid event of its room version; otherwise it is dropped.</summary>
    Format,

    /// <summary>2. Valid signatures from the servers that must sign it; otherwise it is dropped.</summary>
    Signatures,

    /// <summary>3. A matching content hash; otherwise it is replaced by its redacted form.</summary>
    Hashes,
}

/// <summary>A PDU that passed the format and signature checks, and what the hash check made of it.</summary>
public sealed record InboundPdu(Pdu Pdu, bool ReplacedByRedaction, ImmutableArray<string> VerifiedServers);

/// <summary>A PDU that was dropped, with the stage that dropped it.</summary>
public sealed record InboundRejection(InboundStage Stage, Failure Failure);

/// <summary>
/// Checks 1–3 on receipt of <paramref name="json"/> (format, signatures, hashes) as a caller runs them for a server that
/// trusts its keys, <see cref="PduVerification.Check(JsonObject, EventFormat, KeyRing)"/> or an answer it already has
/// for the same object: the endpoints that take events accept one so that one verification serves every server an event reaches.
/// </summary>
public delegate (InboundPdu? Accepted, InboundRejection? Dropped) ReceiptVerifier(JsonObject json, EventFormat format);

/// <summary>
/// Checks an incoming PDU's format, signatures and content hash (spec v1.19, server-server API
/// "Checks performed on receipt of a PDU" steps 1–3, "Validating hashes and signatures on received
/// events"). The authorisation steps that follow live in the auth layer.
/// </summary>
public static class PduVerification
{
    /// <summary>Parses UTF-8 JSON and checks it; JSON errors are format failures.</summary>
    public static (InboundPdu? Accepted, InboundRejection? Dropped) Check(ReadOnlySpan<byte> utf8, EventFormat format, KeyRing keys) =>
        Check(utf8, format, keys, origin: null);

    /// <summary>As <see cref="Check(ReadOnlySpan{byte}, EventFormat, KeyRing)"/>, knowing the server that sent the event (see <see cref="Check(JsonObject, EventFormat, KeyRing, string?)"/>).</summary>
    public static (InboundPdu? Accepted, InboundRejection? Dropped) Check(ReadOnlySpan<byte> utf8, EventFormat format, KeyRing keys, string? origin)
    {
        var options = format.StrictCanonicalJson ? JsonReadOptions.Canonical : JsonReadOptions.Lenient;
        var parsed = StrictJsonReader.ParseObject(utf8, options);
        if (!parsed.IsOk) return (null, new InboundRejection(InboundStage.Format, parsed.Failure!));
        return Check(parsed.Value, format, keys, origin);
    }

    /// <summary>
    /// Checks a parsed event. Signatures are checked on the redacted form, from the sender's server
    /// and, in room versions 1–2, the event ID's server. A third-party invite may be sent by a
    /// server other than the sender's; with no transport origin to name, it needs a valid signature
    /// from at least one server whose keys are known, and every known key's signature must verify.
    /// </summary>
    public static (InboundPdu? Accepted, InboundRejection? Dropped) Check(JsonObject json, EventFormat format, KeyRing keys) =>
        Check(json, format, keys, origin: null);

    /// <summary>
    /// As <see cref="Check(JsonObject, EventFormat, KeyRing)"/>, knowing <paramref name="origin"/>, the server
    /// that sent the event as its own (a transaction's origin; null when unknown, for example for events
    /// fetched from a third server). The spec lets a third-party invite be sent by a server other than the
    /// sender's; with the origin known, that server's valid signature is what the invite needs.
    /// </summary>
    public static (InboundPdu? Accepted, InboundRejection? Dropped) Check(JsonObject json, EventFormat format, KeyRing keys, string? origin)
    {
        // The redacted event's bytes are what the signatures cover and also the reference hash's input: compute them
        // once. Redaction keeps signatures, so the event's own are the redacted event's.
        var signingBytes = Redaction.SigningBytes(json, format.Redaction);
        var parsed = PduParser.Parse(json, format, PduParseOptions.Federation, signingBytes);
        if (!parsed.IsOk) return (null, new InboundRejection(InboundStage.Format, parsed.Failure!));
        return CheckRead(parsed.Value, keys, origin, signingBytes);
    }

    /// <summary>
    /// Checks 1–3 on receipt of an event already read: the answer of <see cref="Check(JsonObject, EventFormat, KeyRing)"/> for
    /// <paramref name="pdu"/>'s JSON and format. The server that built an event has read it as its receivers do (with
    /// <see cref="PduParseOptions.Federation"/>), and the first check of it need not read it again; a PDU read otherwise, or
    /// changed since, is read again.
    /// </summary>
    public static (InboundPdu? Accepted, InboundRejection? Dropped) Check(Pdu pdu, KeyRing keys) =>
        pdu.WasReadAs(pdu.Format, PduParseOptions.Federation)
            ? CheckRead(pdu, keys, origin: null, Redaction.SigningBytes(pdu.Json, pdu.Format.Redaction))
            : Check(pdu.Json, pdu.Format, keys);

    // Checks 2–3 of a PDU read from its JSON with the federation's options, given its redacted signing bytes.
    private static (InboundPdu? Accepted, InboundRejection? Dropped) CheckRead(Pdu pdu, KeyRing keys, string? origin, byte[] signingBytes)
    {
        var json = pdu.Json;
        var format = pdu.Format;

        var signers = !IsThirdPartyInvite(pdu) ? EventSigning.RequiredSigners(pdu)
            : origin is not null ? [origin]
            : SignersWithKnownKeys(json, keys);
        if (signers.IsEmpty)
        {
            return (null, new InboundRejection(InboundStage.Signatures, new Failure(CryptoError.NoKnownKey, "$.signatures", "the third-party invite carries no signature by a server whose keys are known")));
        }
        foreach (var server in signers)
        {
            var usable = keys.VerifyKeysFor(server, pdu.OriginServerTs, format.EnforceKeyValidity);
            var check = JsonSigning.Verify(json, server, usable, signingBytes);
            if (!check.IsValid) return (null, new InboundRejection(InboundStage.Signatures, check.Failure!));
        }

        var hash = EventSigning.ContentHashMatches(pdu);
        if (!hash.IsOk) return (null, new InboundRejection(InboundStage.Hashes, hash.Failure!));
        if (hash.Value) return (new InboundPdu(pdu, false, signers), null);

        // The hash does not match: assume we were sent a redacted copy and use our own redaction of it.
        var reparsed = PduParser.Parse(Redaction.Redact(json, format.Redaction), format, PduParseOptions.Federation, signingBytes);
        return reparsed.IsOk
            ? (new InboundPdu(reparsed.Value, true, signers), null)
            : (null, new InboundRejection(InboundStage.Hashes, reparsed.Failure!));
    }

    private static bool IsThirdPartyInvite(Pdu pdu) =>
        string.Equals(pdu.Type, EventTypes.Member, StringComparison.Ordinal)
        && string.Equals(pdu.Membership, "invite", StringComparison.Ordinal)
        && pdu.Content.ContainsKey("third_party_invite");

    private static ImmutableArray<string> SignersWithKnownKeys(JsonObject json, KeyRing keys) =>
        json["signatures"] is JsonObject signatures
            ? [.. signatures.Keys.Where(keys.Servers.ContainsKey)]
            : [];
}
