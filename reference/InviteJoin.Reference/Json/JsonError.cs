using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Json;

/// <summary>
/// Why the strict JSON reader refused an input. A closed set: vectors and the command line carry
/// the wire token, so a conformance case can say exactly which malformation it exercises.
/// </summary>
public enum JsonError
{
    /// <summary>A character that the JSON grammar (RFC 8259) does not allow where it appears.</summary>
    [WireToken("json.syntax")]
    Syntax,

    /// <summary>The input ended before the value was complete (including an empty input).</summary>
    [WireToken("json.truncated")]
    Truncated,

    /// <summary>Something other than whitespace follows the top-level value.</summary>
    [WireToken("json.trailing_data")]
    TrailingData,

    /// <summary>An object names the same key twice (compared after unescaping).</summary>
    [WireToken("json.duplicate_key")]
    DuplicateKey,

    /// <summary>The bytes are not well-formed UTF-8 (overlong forms, encoded surrogates, values above U+10FFFF, cut-off sequences).</summary>
    [WireToken("json.invalid_utf8")]
    InvalidUtf8,

    /// <summary>A UTF-16 surrogate without its partner, written as an escape or present in the .NET string being read.</summary>
    [WireToken("json.lone_surrogate")]
    LoneSurrogate,

    /// <summary>A backslash escape that JSON does not define, or a <c>\u</c> without four hex digits.</summary>
    [WireToken("json.invalid_escape")]
    InvalidEscape,

    /// <summary>A raw U+0000–U+001F inside a string; JSON requires these to be escaped.</summary>
    [WireToken("json.control_character")]
    ControlCharacter,

    /// <summary>Arrays and objects nest deeper than <see cref="JsonReadOptions.MaxDepth"/>.</summary>
    [WireToken("json.too_deep")]
    TooDeep,

    /// <summary>The input is longer than <see cref="JsonReadOptions.MaxBytes"/>.</summary>
    [WireToken("json.too_large")]
    TooLarge,

    /// <summary>A number with a fraction or exponent where canonical JSON (room versions 6 and later) allows only integers.</summary>
    [WireToken("json.float_not_allowed")]
    FloatNotAllowed,

    /// <summary>An integer outside ±(2^53 − 1) where canonical JSON (room versions 6 and later) is enforced.</summary>
    [WireToken("json.integer_out_of_range")]
    IntegerOutOfRange,

    /// <summary>A number too large to represent: beyond the range of a double, or an integer with too many digits.</summary>
    [WireToken("json.number_out_of_range")]
    NumberOutOfRange,

    /// <summary>The top-level value is not an object where one is required (events, requests).</summary>
    [WireToken("json.not_an_object")]
    NotAnObject,
}
