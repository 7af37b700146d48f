using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// What the authorisation rules need beyond the event and a state: which events were rejected on
/// receipt, whether an event is signed by a given server (for the restricted-join rule), and the
/// behaviour profile whose switches the rules and state resolution ask.
/// </summary>
public sealed record AuthContext
{
    /// <summary>No rejected events; the default signature oracle.</summary>
    public static readonly AuthContext Default = new();

    /// <summary>
    /// IDs of events that were rejected on receipt (a rejected auth event fails `auth_events.rejected`; in room
    /// version 12 a rejected create event fails `room.not_create_event_hash`).
    /// </summary>
    public ImmutableSortedSet<string> Rejected { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether the event is validly signed by the server named by the second argument. Signatures are
    /// verified on receipt (stage 2 of the checks on receipt of a PDU), before authorisation, with keys
    /// the caller has; this delegate reports the outcome for the rule that needs the authorising server's
    /// signature (room versions 8+). It must be pure. The default, <see cref="HasSignatureEntry"/>,
    /// trusts that verification on receipt has been done.
    /// </summary>
    public Func<Pdu, string, bool> IsSignedBy { get; init; } = HasSignatureEntry;

    /// <summary>The behaviour profile: the spec (the default) or a named implementation's divergences.</summary>
    public BehaviourProfile Profile { get; init; } = BehaviourProfile.Spec;

    /// <summary>True when the profile has <paramref name="divergence"/> on.</summary>
    public bool Diverges(Divergence divergence) => Profile.Has(divergence);

    /// <summary>This context with <paramref name="eventIds"/> marked as rejected.</summary>
    public AuthContext WithRejected(IEnumerable<string> eventIds) => this with { Rejected = Rejected.Union(eventIds) };

    /// <summary>True when <paramref name="eventId"/> was rejected on receipt.</summary>
    public bool IsRejected(EventId eventId) => Rejected.Contains(eventId.Value);

    /// <summary>
    /// An oracle that verifies rather than trusts: the event's redacted form carries a valid signature by
    /// the server, with the keys of <paramref name="keys"/> usable at the event's <c>origin_server_ts</c>
    /// (spec v1.19, server-server API "Validating hashes and signatures on received events").
    /// </summary>
    public static Func<Pdu, string, bool> VerifiesWith(KeyRing keys) =>
        (pdu, serverName) => EventSigning.VerifySignature(pdu.Json, pdu.Format, serverName,
            keys.VerifyKeysFor(serverName, pdu.OriginServerTs, pdu.Format.EnforceKeyValidity)).IsValid;

    /// <summary>
    /// The default oracle: the event's <c>signatures</c> object has a non-empty entry for
    /// <paramref name="serverName"/>. Only sound when every signature was verified on receipt, as the
    /// checks on receipt require before the auth rules run.
    /// </summary>
    public static bool HasSignatureEntry(Pdu pdu, string serverName) =>
        pdu.Json[JsonSigning.SignaturesKey] is JsonObject signatures
        && signatures[serverName] is JsonObject entry
        && entry.Count > 0;
}
