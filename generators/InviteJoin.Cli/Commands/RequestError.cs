using InviteJoin.Reference.Errors;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// Why a well-formed JSON request does not have the shape its command needs. A closed set of wire
/// tokens, alongside the reader's <c>json.*</c> tokens and the reference's own (<c>crypto.*</c>,
/// <c>id.*</c>, <c>room_version.*</c>, <c>pdu.*</c>), so callers can tell a typo from a bad key.
/// </summary>
internal enum RequestError
{
    /// <summary>A field the command requires is absent.</summary>
    [WireToken("request.missing_field")]
    MissingField = 1,

    /// <summary>A field holds the wrong kind of JSON value (a number where a string is needed, ...).</summary>
    [WireToken("request.wrong_type")]
    WrongType,

    /// <summary>
    /// The request has a field the command does not define. Refused rather than ignored, so that a
    /// misspelt optional field, or a field only a newer version understands, is never silently dropped.
    /// </summary>
    [WireToken("request.unknown_field")]
    UnknownField,

    /// <summary>A list of the request has more entries than the command accepts (see <see cref="RequestLimits"/>).</summary>
    [WireToken("request.too_many_entries")]
    TooManyEntries,
}
