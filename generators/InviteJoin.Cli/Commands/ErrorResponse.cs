using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// Renders the command line's error answer, <c>{"error": {"code": "&lt;token&gt;", "message": "&lt;what and where&gt;"}}</c>.
/// The code is a wire token that callers may branch on; the message is for people and may change.
/// </summary>
internal static class ErrorResponse
{
    /// <summary>The error answer for <paramref name="failure"/>; <paramref name="line"/> is the input line in <c>--jsonl</c> mode.</summary>
    public static JsonObject For(Failure failure, int? line = null) =>
        Make(failure.Token, Where(failure.Path, line) + failure.Message);

    /// <summary>The answer when invitejoin itself failed: a bug, named by type and message but with no stack trace.</summary>
    public static JsonObject Internal(Exception exception, int? line = null) =>
        Make(WireToken.Of(ToolError.Internal), Where(null, line) +
            $"invitejoin failed ({exception.GetType().Name}: {exception.Message}); this is a bug, please report it with the request that caused it");

    /// <summary>The <c>error</c> object of an error answer, as <c>verify</c> also uses for an invalid signature.</summary>
    public static JsonObject Detail(string code, string message) =>
        JsonValue.Object(("code", JsonValue.String(code)), ("message", JsonValue.String(message)));

    /// <summary>The message of a failure: its path, then what is wrong.</summary>
    public static string Describe(Failure failure) => Where(failure.Path, null) + failure.Message;

    private static JsonObject Make(string code, string message) => JsonValue.Object(("error", Detail(code, message)));

    private static string Where(string? path, int? line)
    {
        var at = line is { } n ? "line " + n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        if (!string.IsNullOrEmpty(path)) at = at is null ? path : at + ", " + path;
        return at is null ? "" : at + ": ";
    }
}
