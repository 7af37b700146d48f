using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>event-id</c>: <c>{room_version, event}</c> in, <c>{event_id, content_hash, reference_hash, room_id}</c>
/// out (spec v1.19, server-server API "Calculating the reference hash for an event" and the room versions'
/// "Event IDs"). The event must be a valid PDU of its room version, except that <c>hashes</c> and
/// <c>signatures</c> may be missing so an ID can be computed before signing.
/// </summary>
/// <remarks>
/// The ID is computed from the event exactly as given: in room versions 3 and later an <c>event_id</c> key
/// is not an override (unlike the test inputs of <c>auth</c> and <c>resolve</c>) but an ordinary key,
/// which the redaction algorithm keeps and the reference hash therefore covers. Sign first, then ask for
/// the ID, to get the ID other servers will compute. In room versions 1–2 the ID is the event's own
/// <c>event_id</c>. Hashes are unpadded standard base64; <c>room_id</c> is derived for a room version 12
/// create event and otherwise is the event's own.
/// </remarks>
internal sealed class EventIdCommand : DataCommand
{
    private static readonly PduParseOptions AsGiven = PduParseOptions.TestInput with { AcceptEventIdOverride = false };

    public override string Name => "event-id";

    public override string Description => "{room_version, event} -> {event_id, content_hash, reference_hash, room_id}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", "event").TryGet(out var fields, out var failure)) return failure!;
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var @event = fields.Event(version.Value);
        if (!@event.IsOk) return @event.Failure!;
        var format = version.Value.Format;
        var pdu = Request.At(PduParser.Parse(@event.Value, format, AsGiven), Request.PathOf("event"));
        if (!pdu.IsOk) return pdu.Failure!;

        return JsonValue.Object(
            ("event_id", JsonValue.String(pdu.Value.EventId.Value)),
            ("content_hash", JsonValue.String(UnpaddedBase64.Encode(EventHashes.ContentHash(@event.Value)))),
            ("reference_hash", JsonValue.String(UnpaddedBase64.Encode(EventHashes.ReferenceHash(@event.Value, format)))),
            ("room_id", JsonValue.String(pdu.Value.RoomId.Value)));
    }
}
