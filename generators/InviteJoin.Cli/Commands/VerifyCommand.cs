using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>verify</c>: <c>{object, server_name, verify_keys}</c> in, <c>{valid, error?}</c> out, following the
/// spec's "Checking for a Signature" (spec v1.19, appendices). An invalid signature is a verdict (exit 0)
/// whose <c>error</c> carries the <c>crypto.*</c> token; only a malformed request is an error answer.
/// </summary>
internal sealed class VerifyCommand : DataCommand
{
    public override string Name => "verify";

    public override string Description => "{object, server_name, verify_keys: {key_id: public_key}} -> {valid, error?}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "object", "server_name", "verify_keys").TryGet(out var fields, out var failure)) return failure!;
        var signed = fields.Object("object");
        if (!signed.IsOk) return signed.Failure!;
        var serverName = fields.ServerName();
        if (!serverName.IsOk) return serverName.Failure!;
        var verifyKeys = fields.VerifyKeys();
        if (!verifyKeys.IsOk) return verifyKeys.Failure!;

        var check = JsonSigning.Verify(signed.Value, serverName.Value, verifyKeys.Value);
        if (check.IsValid) return JsonValue.Object(("valid", JsonValue.Bool(true)));
        // The reference reports paths within the object; the caller sent it as the request's "object".
        var why = check.Failure! with { Path = Request.Under(Request.PathOf("object"), check.Failure!.Path) };
        return JsonValue.Object(("valid", JsonValue.Bool(false)), ("error", ErrorResponse.Detail(why.Token, ErrorResponse.Describe(why))));
    }
}
