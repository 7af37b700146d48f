using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>
/// What checks 1–3 on receipt found in one exported event: the event as the later checks take it, and every
/// problem with its format, signatures and content hash. Unlike a receiving server, an audit goes on past a bad
/// signature (the event is still judged by the auth rules, so one tampered event does not hide the rest of the
/// history), and a server whose keys it was not given is trusted and named.
/// </summary>
internal sealed record InboundCheck
{
    /// <summary>The event as checks 4–6 take it (its redaction when the content hash did not match); null when it is not a PDU of the room version.</summary>
    public InboundPdu? Inbound { get; init; }

    /// <summary>Why the event is not a PDU of its room version (check 1); null otherwise.</summary>
    public Failure? Malformed { get; init; }

    /// <summary>Each required signer whose signature did not verify with the keys given (check 2), with why.</summary>
    public ImmutableArray<(string Server, Failure Failure)> BadSignatures { get; init; } = [];

    /// <summary>The content hash could not be read (check 3); the event was taken as its redaction.</summary>
    public Failure? UnreadableHash { get; init; }

    /// <summary>The content hash did not match, so the event was taken as its redaction (check 3).</summary>
    public bool Redacted { get; init; }

    /// <summary>Servers whose signature the event needs but whose keys were not given: trusted, not checked.</summary>
    public ImmutableArray<string> Unchecked { get; init; } = [];
}

/// <summary>
/// Checks 1–3 on receipt for an audit (spec v1.19, server-server API "Checks performed on receipt of a PDU" 1–3,
/// "Validating hashes and signatures on received events"), from the reference's own pieces: the PDU parser, the
/// signers an event needs, signature verification on the redacted event, the content hash and redaction.
/// </summary>
internal static class InboundChecks
{
    public static InboundCheck Check(JsonObject json, RoomVersion version, KeyRing keys)
    {
        var format = version.Format;
        var parsed = PduParser.Parse(json, format, PduParseOptions.Federation);
        if (!parsed.IsOk) return new InboundCheck { Malformed = parsed.Failure };
        var pdu = parsed.Value;

        var bad = ImmutableArray.CreateBuilder<(string, Failure)>();
        var notChecked = new SortedSet<string>(StringComparer.Ordinal);
        var verified = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var server in Signers(pdu, json, keys, notChecked))
        {
            verified.Add(server);
            if (!keys.Servers.ContainsKey(server))
            {
                notChecked.Add(server);
                continue;
            }
            var check = EventSigning.VerifySignature(json, format, server, keys.VerifyKeysFor(server, pdu.OriginServerTs, format.EnforceKeyValidity));
            if (!check.IsValid) bad.Add((server, check.Failure!));
        }
        // A restricted join's authorising server (room versions 8+) is verified by the auth stage with the keys
        // given; without its keys the audit cannot decide, so it trusts the signature as it trusts the others.
        if (Authoriser.ServerOf(pdu, version) is { } authoriser && !keys.Servers.ContainsKey(authoriser))
        {
            notChecked.Add(authoriser);
            verified.Add(authoriser);
        }

        var hash = EventSigning.ContentHashMatches(pdu);
        var redacted = !hash.IsOk || !hash.Value;
        if (redacted)
        {
            var reparsed = PduParser.Parse(Redaction.Redact(json, format.Redaction), format, PduParseOptions.Federation);
            if (!reparsed.IsOk) return new InboundCheck { Malformed = reparsed.Failure };
            pdu = reparsed.Value;
        }
        return new InboundCheck
        {
            Inbound = new InboundPdu(pdu, redacted, [.. verified]),
            BadSignatures = bad.ToImmutable(),
            UnreadableHash = hash.IsOk ? null : hash.Failure,
            Redacted = redacted,
            Unchecked = [.. notChecked],
        };
    }

    // The servers whose signatures the event needs. A third-party invite may be signed by a server other than the
    // sender's; with no transaction origin to name it, the audit checks every signer whose keys it has and, when it
    // has none of them, trusts the invite's signers notChecked.
    private static IEnumerable<string> Signers(Pdu pdu, JsonObject json, KeyRing keys, SortedSet<string> notChecked)
    {
        var thirdParty = pdu.Type == EventTypes.Member && pdu.Membership == MembershipValues.Invite && pdu.Content.ContainsKey("third_party_invite");
        if (!thirdParty) return EventSigning.RequiredSigners(pdu);
        var signers = json["signatures"] is JsonObject signatures ? signatures.Keys.ToList() : [];
        var known = signers.Where(keys.Servers.ContainsKey).ToList();
        if (known.Count > 0) return known;
        foreach (var server in signers) notChecked.Add(server);
        return signers;
    }
}
