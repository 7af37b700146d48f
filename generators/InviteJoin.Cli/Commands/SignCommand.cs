using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>sign</c>: <c>{object, server_name, key_id, seed}</c> in, the object with the server's signature
/// added out (spec v1.19, appendices "Signing JSON"). Existing signatures and <c>unsigned</c> are kept.
/// </summary>
internal sealed class SignCommand : DataCommand
{
    public override string Name => "sign";

    public override string Description => "{object, server_name, key_id, seed} -> the object with its signature added.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "object", "server_name", "key_id", "seed").TryGet(out var fields, out var failure)) return failure!;
        var toSign = fields.Object("object");
        if (!toSign.IsOk) return toSign.Failure!;
        var serverName = fields.ServerName();
        if (!serverName.IsOk) return serverName.Failure!;
        var key = fields.SigningKey();
        if (!key.IsOk) return key.Failure!;
        return JsonSigning.Sign(toSign.Value, serverName.Value, key.Value);
    }
}
