using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>redact</c>: <c>{room_version, event}</c> in, the event as that room version's redaction algorithm
/// leaves it out (spec v1.19, room versions 1–12, "Redactions"). Redaction is defined on any JSON object,
/// so the event need not be a valid PDU; only the room version must be real.
/// </summary>
internal sealed class RedactCommand : DataCommand
{
    public override string Name => "redact";

    public override string Description => "{room_version, event} -> the redacted PDU.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", "event").TryGet(out var fields, out var failure)) return failure!;
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var @event = fields.Event(version.Value);
        if (!@event.IsOk) return @event.Failure!;
        return Redaction.Redact(@event.Value, version.Value.Format.Redaction);
    }
}
