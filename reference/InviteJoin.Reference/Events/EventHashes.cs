using System.Security.Cryptography;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// The content hash and the reference hash of an event (spec v1.19, server-server API,
/// "Calculating the content hash for an event" and "Calculating the reference hash for an event").
/// </summary>
public static class EventHashes
{
    /// <summary>
    /// SHA-256 of the canonical JSON of the event without <c>unsigned</c>, <c>signatures</c> and
    /// <c>hashes</c>. It covers the full, unredacted event.
    /// </summary>
    public static byte[] ContentHash(JsonObject @event) =>
        SHA256.HashData(CanonicalJson.EncodeWithout(@event, "unsigned", "signatures", "hashes"));

    /// <summary>
    /// The bytes that an event's signatures cover and its reference hash digests: the canonical
    /// JSON of the redacted event without <c>signatures</c> and <c>unsigned</c>.
    /// </summary>
    public static byte[] RedactedSigningBytes(JsonObject @event, EventFormat format) =>
        Redaction.SigningBytes(@event, format.Redaction);

    /// <summary>SHA-256 of <see cref="RedactedSigningBytes"/>: the reference hash, from which room versions 3+ derive event IDs.</summary>
    public static byte[] ReferenceHash(JsonObject @event, EventFormat format) =>
        SHA256.HashData(RedactedSigningBytes(@event, format));

    /// <summary>The event ID a room version 3+ event has: <c>$</c> and its reference hash in the version's base64 alphabet.</summary>
    /// Room versions 1–2 carry their event ID instead; asking for a computed one there is a failure.
    public static Result<EventId> ComputeEventId(JsonObject @event, EventFormat format) =>
        EventId.FromReferenceHash(ReferenceHash(@event, format), format.EventIds);

    /// <summary>The size in bytes of the event's canonical JSON, as the PDU size limit counts it.</summary>
    public static int CanonicalSize(JsonObject @event) => CanonicalJson.Size(@event);
}
