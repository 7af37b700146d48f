using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// A refusal of a membership endpoint: the Matrix errcode and HTTP status it answers with, the
/// <see cref="DanceRule"/> that refused, the authorisation <see cref="Rule"/> when the refusal comes
/// from the auth rules, and a human sentence. Compare <see cref="Rule"/>, <see cref="ErrCode"/> and
/// <see cref="HttpStatus"/>, never <see cref="Message"/>.
/// </summary>
public sealed record MatrixError
{
    private MatrixError(DanceRule rule, string message, Rule? authRule, string? roomVersion)
    {
        Rule = rule;
        ErrCode = DanceRules.ErrCode(rule);
        HttpStatus = DanceRules.Status(rule);
        Message = message;
        AuthRule = authRule;
        RoomVersion = roomVersion;
    }

    /// <summary>The errcode, fixed by <see cref="Rule"/>.</summary>
    public MatrixErrorCode ErrCode { get; }

    /// <summary>The HTTP status, fixed by <see cref="Rule"/>.</summary>
    public int HttpStatus { get; }

    /// <summary>The branch that refused.</summary>
    public DanceRule Rule { get; }

    /// <summary>The authorisation rule that rejected the event, when the auth rules decided.</summary>
    public Rule? AuthRule { get; }

    /// <summary>A sentence for people; never compared.</summary>
    public string Message { get; }

    /// <summary>The room's version, carried by <c>M_INCOMPATIBLE_ROOM_VERSION</c> (spec v1.19, make_join 400 response).</summary>
    public string? RoomVersion { get; }

    /// <summary>The stable wire token of <see cref="Rule"/>.</summary>
    public string Token => WireToken.Of(Rule);

    /// <summary>The refusal by <paramref name="rule"/>, which must be a refusing rule (a success rule here is a bug).</summary>
    public static MatrixError Of(DanceRule rule, string message, Rule? authRule = null, string? roomVersion = null) =>
        DanceRules.IsRefusal(rule)
            ? new MatrixError(rule, message, authRule, roomVersion)
            : throw new InvalidOperationException($"{rule} is a success rule, not a refusal.");

    /// <summary>The standard error body: <c>{"errcode", "error", "room_version"?}</c>.</summary>
    public JsonObject ToJson()
    {
        var body = JsonValue.Object(("errcode", JsonValue.String(WireToken.Of(ErrCode))), ("error", JsonValue.String(Message)));
        return RoomVersion is null ? body : body.With("room_version", JsonValue.String(RoomVersion));
    }

    public override string ToString() =>
        $"{HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)} {WireToken.Of(ErrCode)} {Token}"
        + (AuthRule is { } auth ? " (" + WireToken.Of(auth) + ")" : "") + ": " + Message;
}
