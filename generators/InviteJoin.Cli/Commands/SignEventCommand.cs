using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>sign-event</c>: <c>{room_version, event, server_name, key_id, seed}</c> in, the event with
/// <c>hashes.sha256</c> set and the server's signature over its redacted form added (spec v1.19,
/// server-server API "Signing Events"). Any JSON object is signed as given, so hand-made and
/// deliberately broken events can be signed too; only the room version must be real.
/// </summary>
internal sealed class SignEventCommand : DataCommand
{
    public override string Name => "sign-event";

    public override string Description => "{room_version, event, server_name, key_id, seed} -> the PDU with hashes and signatures.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", "event", "server_name", "key_id", "seed").TryGet(out var fields, out var failure)) return failure!;
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var @event = fields.Event(version.Value);
        if (!@event.IsOk) return @event.Failure!;
        var serverName = fields.ServerName();
        if (!serverName.IsOk) return serverName.Failure!;
        var key = fields.SigningKey();
        if (!key.IsOk) return key.Failure!;
        return EventSigning.SignEvent(@event.Value, version.Value.Format, serverName.Value, key.Value);
    }
}
