using System.Collections.Immutable;
using System.Security.Cryptography;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// Signing events and checking their hashes and signatures (spec v1.19, server-server API "Signing
/// Events", "Validating hashes and signatures on received events"): the content hash covers the full
/// event; signatures cover the redacted event, <c>hashes</c> included.
/// </summary>
public static class EventSigning
{
    /// <summary>
    /// <paramref name="event"/> with <c>hashes.sha256</c> set to its content hash and
    /// <paramref name="serverName"/>'s signature added over its redacted form.
    /// </summary>
    public static JsonObject SignEvent(JsonObject @event, EventFormat format, string serverName, Ed25519SigningKey key) =>
        SignEvent(@event, format, serverName, key, out _);

    /// <summary>
    /// As <see cref="SignEvent(JsonObject, EventFormat, string, Ed25519SigningKey)"/>, also giving the bytes signed: the
    /// signed event's <see cref="EventHashes.RedactedSigningBytes"/>, which are also its reference hash's input.
    /// </summary>
    internal static JsonObject SignEvent(JsonObject @event, EventFormat format, string serverName, Ed25519SigningKey key, out byte[] redactedSigningBytes)
    {
        var hashes = @event["hashes"] as JsonObject ?? JsonObject.Empty;
        var hashed = @event.With("hashes", hashes.With("sha256", JsonValue.String(UnpaddedBase64.Encode(EventHashes.ContentHash(@event)))));
        // The signature covers the redacted event, whose signatures are the event's own: sign its bytes, add to the event.
        redactedSigningBytes = Redaction.SigningBytes(hashed, format.Redaction);
        return JsonSigning.AddSignature(hashed, serverName, key, redactedSigningBytes);
    }

    /// <summary>
    /// Checks <paramref name="serverName"/>'s signature on the redacted form of the event, which
    /// verifies whether the full or the redacted event was received.
    /// </summary>
    public static SignatureCheck VerifySignature(JsonObject @event, EventFormat format, string serverName, ImmutableSortedDictionary<string, byte[]> verifyKeys) =>
        JsonSigning.Verify(@event, serverName, verifyKeys, Redaction.SigningBytes(@event, format.Redaction));

    /// <summary>As <see cref="VerifySignature(JsonObject, EventFormat, string, ImmutableSortedDictionary{string, byte[]})"/>, with keys that name their scheme.</summary>
    public static SignatureCheck VerifySignature(JsonObject @event, EventFormat format, string serverName, ImmutableSortedDictionary<string, VerifyKey> verifyKeys) =>
        JsonSigning.Verify(@event, serverName, verifyKeys, Redaction.SigningBytes(@event, format.Redaction));

    /// <summary>
    /// The servers whose signatures an event needs by its format alone: the sender's server, and in
    /// room versions 1–2 the server named in the event ID when it differs (spec v1.19, server-server
    /// API "Validating hashes and signatures on received events"). Third-party invites and
    /// restricted joins change this set; the checks on receipt account for them.
    /// </summary>
    public static ImmutableArray<string> RequiredSigners(Pdu pdu)
    {
        var sender = pdu.Sender.Server.ToString();
        if (pdu.Format.EventIdInPdu && pdu.EventId.Server is { } idServer && !string.Equals(idServer.ToString(), sender, StringComparison.Ordinal))
        {
            return [sender, idServer.ToString()];
        }
        return [sender];
    }

    /// <summary>True when the event's <c>hashes.sha256</c> is its content hash; a mismatch means the event must be replaced by its redacted form.</summary>
    public static Result<bool> ContentHashMatches(Pdu pdu)
    {
        if (pdu.ContentHashSha256 is not { } claimed) return new Failure(EventError.BadHashes, "$.hashes.sha256", "the event has no sha256 content hash");
        var decoded = UnpaddedBase64.Decode(claimed, Base64Alphabet.Standard, Base64Strictness.Lenient);
        if (!decoded.IsOk) return new Failure(EventError.BadHashes, "$.hashes.sha256", "the content hash is not unpadded base64: " + decoded.Failure!.Message);
        return CryptographicOperations.FixedTimeEquals(decoded.Value, EventHashes.ContentHash(pdu.Json));
    }
}
