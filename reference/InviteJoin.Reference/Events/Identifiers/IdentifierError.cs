using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Events;

/// <summary>
/// Every expected failure of parsing a Matrix identifier: server names, user IDs, room IDs, event IDs
/// and room aliases (spec v1.19, appendices §Identifier Grammar, and the event-ID sections of the room
/// versions). Messages name the offending offset, counted in UTF-16 code units from the start of the
/// parsed string; vectors carry only the wire token.
/// </summary>
public enum IdentifierError
{
    /// <summary>The input is null or the empty string.</summary>
    [WireToken("id.empty")]
    Empty = 1,

    /// <summary>
    /// The identifier is over 255 bytes of UTF-8 including its sigil and domain (appendices §User
    /// Identifiers, §Room IDs, §Room Aliases, §Event IDs), or a server name's DNS name is over 255 characters.
    /// </summary>
    [WireToken("id.too_long")]
    TooLong,

    /// <summary>The first character is not the sigil of the identifier kind asked for (<c>@ ! $ #</c>).</summary>
    [WireToken("id.wrong_sigil")]
    WrongSigil,

    /// <summary>A <c>&amp;localpart:domain</c> identifier has no <c>:</c>, or nothing after it.</summary>
    [WireToken("id.missing_server")]
    MissingServer,

    /// <summary>A user ID localpart breaks the strict (current) grammar: empty, or a character outside <c>a-z 0-9 . _ = - / +</c>.</summary>
    [WireToken("id.invalid_localpart")]
    InvalidLocalpart,

    /// <summary>A server name that fits none of the hostname forms, or has text after an IPv6 literal other than a port.</summary>
    [WireToken("id.invalid_server_name")]
    InvalidServerName,

    /// <summary>The text after the hostname's <c>:</c> is not 1 to 5 decimal digits.</summary>
    [WireToken("id.invalid_port")]
    InvalidPort,

    /// <summary>A dotted-quad hostname whose numbers are not each 1 to 3 digits in the range 0 to 255.</summary>
    [WireToken("id.invalid_ipv4")]
    InvalidIpv4,

    /// <summary>A bracketed hostname that is not an RFC 3513 §2.2 text form (checked with the RFC 3986 IPv6address grammar), or has no closing bracket.</summary>
    [WireToken("id.invalid_ipv6")]
    InvalidIpv6,

    /// <summary>A hash-format event or room ID that is not exactly 43 characters of its base64 alphabet, or a reference hash that is not 32 bytes.</summary>
    [WireToken("id.invalid_hash")]
    InvalidHash,

    /// <summary>The identifier contains U+0000, which no Matrix identifier may contain.</summary>
    [WireToken("id.contains_nul")]
    ContainsNul,

    /// <summary>The identifier contains a UTF-16 surrogate that is not half of a pair, so it is not a sequence of Unicode scalar values.</summary>
    [WireToken("id.lone_surrogate")]
    LoneSurrogate,

    /// <summary>A grammar or format argument that is not a defined member, or that does not apply to the operation asked for.</summary>
    [WireToken("id.unsupported_format")]
    UnsupportedFormat,
}
