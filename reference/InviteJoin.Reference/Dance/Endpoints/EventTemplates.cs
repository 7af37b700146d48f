using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Builds the unsigned event a resident proposes (a make_* template, or the start of one of its own
/// events): the fields the room decides — <c>room_id</c>, <c>prev_events</c> (the forward extremities),
/// <c>depth</c>, <c>auth_events</c> (auth events selection over the current state) — around the fields
/// the caller chose (spec v1.19, server-server API "Joining Rooms", "Auth events selection").
/// </summary>
public static class EventTemplates
{
    /// <summary>The template of an event of <paramref name="type"/> by <paramref name="sender"/> in <paramref name="room"/>.</summary>
    public static JsonObject Build(Room room, string type, string? stateKey, string sender, JsonObject content, string origin, long originServerTs)
    {
        var prevEvents = PrevEvents(room);
        var depth = 1L;
        foreach (var id in prevEvents)
        {
            if (room.Get(id.Value) is { } prev && prev.Depth >= depth) depth = prev.Depth + 1;
        }
        depth = Math.Min(depth, room.Version.Format.MaxDepth);
        var authIds = AuthEventSelection.Select(type, stateKey, sender, content, room.Version)
            .Select(room.State.Get)
            .OfType<Pdu>()
            .Select(e => e.EventId);
        var template = JsonValue.Object(
            ("room_id", JsonValue.String(room.RoomId.Value)),
            ("type", JsonValue.String(type)),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("origin", JsonValue.String(origin)),
            ("origin_server_ts", JsonValue.Number(originServerTs)),
            ("depth", JsonValue.Number(depth)),
            ("prev_events", References(room, prevEvents)),
            ("auth_events", References(room, authIds)));
        return stateKey is null ? template : template.With("state_key", JsonValue.String(stateKey));
    }

    /// <summary>
    /// The events a new event follows: the forward extremities, at most <see cref="PduParser.MaxPrevEvents"/>
    /// of them (a PDU may cite no more); when there are more, the deepest, then by event ID, so the choice is stable.
    /// </summary>
    public static ImmutableArray<EventId> PrevEvents(Room room)
    {
        if (room.ForwardExtremities.Length <= PduParser.MaxPrevEvents) return room.ForwardExtremities;
        return [.. room.ForwardExtremities
            .OrderByDescending(id => room.Get(id.Value)?.Depth ?? 0)
            .ThenBy(id => id.Value, StringComparer.Ordinal)
            .Take(PduParser.MaxPrevEvents)
            .OrderBy(id => id.Value, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Event references in the room's format: plain IDs from room version 3, and in versions 1–2 an
    /// <c>[event_id, {"sha256": reference hash}]</c> pair (spec v1.19, room version 1 "Event format").
    /// </summary>
    public static JsonArray References(Room room, IEnumerable<EventId> ids)
    {
        var format = room.Version.Format;
        var references = ImmutableArray.CreateBuilder<JsonValue>();
        foreach (var id in ids)
        {
            if (!format.ReferencesCarryHashes)
            {
                references.Add(JsonValue.String(id.Value));
                continue;
            }
            var hash = room.Get(id.Value) is { } known
                ? known.KnownReferenceHash(format) ?? UnpaddedBase64.Encode(EventHashes.ReferenceHash(known.Json, format))
                : "";
            references.Add(JsonValue.Array(JsonValue.String(id.Value), JsonValue.Object(("sha256", JsonValue.String(hash)))));
        }
        return new JsonArray(references.DrainToImmutable());
    }

    /// <summary>
    /// Reads an unsigned template as a PDU so the auth rules can judge it before anyone signs it. In room
    /// versions 1–2 the event ID is part of the event, so a placeholder naming <paramref name="placeholderServer"/> stands in.
    /// </summary>
    public static Result<Pdu> ParseUnsigned(JsonObject template, RoomVersion version, string placeholderServer)
    {
        var json = version.Format.EventIdInPdu && !template.ContainsKey("event_id")
            ? template.With("event_id", JsonValue.String("$template:" + placeholderServer))
            : template;
        return PduParser.Parse(json, version.Format, new PduParseOptions { RequireHashesAndSignatures = false });
    }
}

/// <summary>
/// Turns a template into a signed event of a server (spec v1.19, server-server API "Joining Rooms":
/// the joining server adds or replaces <c>origin</c>, <c>origin_server_ts</c> and <c>event_id</c>, then
/// signs; "Signing Events"). Signatures, hashes and unsigned data the template carried are dropped, so
/// the server signs only what it chose or accepted.
/// </summary>
public static class EventCompletion
{
    /// <summary>
    /// <paramref name="template"/> with <c>origin</c> = <paramref name="serverName"/>, <c>origin_server_ts</c>
    /// = <paramref name="originServerTs"/>, in room versions 1–2 an <c>event_id</c> of that server, the
    /// content hash, and the server's signature.
    /// </summary>
    /// <remarks>
    /// A room version 1–2 event ID's opaque part need only be unique on its server (rooms v1 "Event IDs");
    /// it is taken from the SHA-256 of the event's canonical JSON, so it is a pure function of the event.
    /// </remarks>
    public static JsonObject Complete(JsonObject template, RoomVersion version, string serverName, Ed25519SigningKey key, long originServerTs) =>
        Complete(template, version, serverName, key, originServerTs, out _);

    /// <summary>
    /// As <see cref="Complete(JsonObject, RoomVersion, string, Ed25519SigningKey, long)"/>, also giving the completed event's
    /// redacted signing bytes, so that reading it back (its event ID in room versions 3+) does not encode them again.
    /// </summary>
    internal static JsonObject Complete(JsonObject template, RoomVersion version, string serverName, Ed25519SigningKey key, long originServerTs, out byte[] redactedSigningBytes)
    {
        var @event = template
            .Without("event_id", "hashes", "signatures", "unsigned")
            .With("origin", JsonValue.String(serverName))
            .With("origin_server_ts", JsonValue.Number(originServerTs));
        if (version.Format.EventIdInPdu)
        {
            var digest = System.Security.Cryptography.SHA256.HashData(CanonicalJson.Encode(@event));
            var opaque = UnpaddedBase64.Encode(digest.AsSpan(0, 18), Base64Alphabet.UrlSafe);
            @event = @event.With("event_id", JsonValue.String("$" + opaque + ":" + serverName));
        }
        return EventSigning.SignEvent(@event, version.Format, serverName, key, out redactedSigningBytes);
    }
}
