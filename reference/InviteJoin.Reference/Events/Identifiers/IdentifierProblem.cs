using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Events;

/// <summary>
/// The first place an identifier breaks its grammar, as a value that costs no allocation: the grammar
/// code returns it, a validity check only asks whether there is one, and a parse renders it into a
/// <see cref="Failure"/>. So each grammar is written once, for both the cheap check and the parse.
/// </summary>
/// <param name="Error">The wire-token error a parse reports.</param>
/// <param name="Kind">Which sentence describes the problem.</param>
/// <param name="Offset">The UTF-16 offset the sentence names, counted from the start of the whole identifier.</param>
/// <param name="Number">The count or value the sentence names (a length, a number of groups, a sigil), if any.</param>
internal readonly record struct IdentifierProblem(IdentifierError Error, IdentifierProblemKind Kind, int Offset, int Number = 0)
{
    /// <summary>The failure a parse of <paramref name="text"/> as a <paramref name="kind"/> reports for this problem.</summary>
    public Failure ToFailure(ReadOnlySpan<char> text, string kind, string path) => new(Error, path, Message(text, kind));

    private string Message(ReadOnlySpan<char> text, string kind) => Kind switch
    {
        IdentifierProblemKind.Empty => $"the {kind} is empty",
        IdentifierProblemKind.WrongSigil => $"a {kind} starts with '{(char)Number}', but offset 0 holds {Describe(text, 0)}",
        IdentifierProblemKind.TooManyCodeUnits =>
            $"the {kind} is {Count(Number)} UTF-16 code units, so more than {Count(IdentifierText.MaxBytes)} bytes of UTF-8",
        IdentifierProblemKind.ContainsNul => $"the {kind} contains NUL (U+0000) at offset {Count(Offset)}",
        IdentifierProblemKind.LoneSurrogate => $"the {kind} contains a lone surrogate {IdentifierText.CodeUnit(text[Offset])} at offset {Count(Offset)}",
        IdentifierProblemKind.TooManyBytes => $"the {kind} is {Count(Number)} bytes of UTF-8; at most {Count(IdentifierText.MaxBytes)} are allowed",
        IdentifierProblemKind.UnsupportedUserIdGrammar => "the user ID grammar is not Strict or Historical",
        IdentifierProblemKind.NoColon => $"the {kind} has no ':' before a server name",
        IdentifierProblemKind.HashCharacter =>
            $"{Describe(text, Offset)} at offset {Count(Offset)} of the {kind} is not in the " +
            (Number == 1 ? "URL-safe base64 alphabet (A-Z a-z 0-9 - _)" : "standard base64 alphabet (A-Z a-z 0-9 + /)"),
        IdentifierProblemKind.HashLength =>
            $"the {kind} has {Count(Number)} characters after its sigil; a SHA-256 hash in unpadded base64 has {Count(IdentifierForms.HashLength)}",
        IdentifierProblemKind.EmptyLocalpart => "the user ID localpart is empty; the current grammar needs at least one character",
        IdentifierProblemKind.LocalpartCharacter =>
            $"{Describe(text, Offset)} at offset {Count(Offset)} is not allowed in a user ID localpart (the current grammar allows a-z 0-9 . _ = - / +)",
        IdentifierProblemKind.ServerNameTooLong =>
            $"the server name is {Count(Number)} characters; the grammar allows at most {Count(ServerName.MaxLength)}",
        IdentifierProblemKind.NoServerName => $"the {kind} has no server name after ':' at offset {Count(Offset)}",
        IdentifierProblemKind.UnclosedIpv6 => $"the IPv6 literal opened at offset {Count(Offset)} of the {kind} has no closing ']'",
        IdentifierProblemKind.HostnameCharacter =>
            $"{Describe(text, Offset)} at offset {Count(Offset)} of the {kind} cannot appear in a hostname (letters, digits, '-' and '.')",
        IdentifierProblemKind.EmptyHostname => $"the hostname of the {kind} is empty before ':' at offset {Count(Offset)}",
        IdentifierProblemKind.HostnameTooLong =>
            $"the hostname of the {kind} is {Count(Number)} characters; a DNS name has at most {Count(ServerName.MaxDnsNameLength)}",
        IdentifierProblemKind.TextAfterIpv6 =>
            $"after the IPv6 literal of the {kind} comes {Describe(text, Offset)} at offset {Count(Offset)}, not ':' or the end",
        IdentifierProblemKind.PortLength =>
            $"the port of the {kind} at offset {Count(Offset)} has {Count(Number)} characters; it must be 1 to 5 digits",
        IdentifierProblemKind.PortCharacter => $"{Describe(text, Offset)} at offset {Count(Offset)} of the {kind} is not a decimal digit of the port",
        IdentifierProblemKind.Ipv4NumberTooLong or IdentifierProblemKind.Ipv4NumberOver255 =>
            $"the IPv4 literal in the {kind} is invalid at offset {Count(Offset)}: {Reason(text)}",
        IdentifierProblemKind.Ipv6TooShort or IdentifierProblemKind.Ipv6TooLong or IdentifierProblemKind.Ipv6Character
            or IdentifierProblemKind.Ipv6GroupCount or IdentifierProblemKind.Ipv6RepeatedCompression
            or IdentifierProblemKind.Ipv6CompressedGroupCount or IdentifierProblemKind.Ipv6EmptyGroup
            or IdentifierProblemKind.Ipv6GroupTooLong or IdentifierProblemKind.Ipv6MisplacedIpv4
            or IdentifierProblemKind.EmbeddedIpv4TooManyNumbers or IdentifierProblemKind.EmbeddedIpv4EmptyNumber
            or IdentifierProblemKind.EmbeddedIpv4Character or IdentifierProblemKind.EmbeddedIpv4Over255
            or IdentifierProblemKind.EmbeddedIpv4LeadingZero or IdentifierProblemKind.EmbeddedIpv4NumberCount =>
            $"the IPv6 literal in the {kind} is invalid at offset {Count(Offset)}: {Reason(text)}",
        // default(IdentifierProblem) is never made by the grammar code.
        _ => throw new System.Diagnostics.UnreachableException("no sentence for identifier problem " + Kind.ToString()),
    };

    // The clause after the colon of an IPv4 or IPv6 literal's sentence.
    private string Reason(ReadOnlySpan<char> text) => Kind switch
    {
        IdentifierProblemKind.Ipv4NumberTooLong => $"a number has {Count(Number)} digits; at most 3 are allowed",
        IdentifierProblemKind.Ipv4NumberOver255 => $"{Count(Number)} is over 255",
        IdentifierProblemKind.Ipv6TooShort => "an IPv6 address has at least 2 characters",
        IdentifierProblemKind.Ipv6TooLong => "an IPv6 address has at most 45 characters",
        IdentifierProblemKind.Ipv6Character => Describe(text, Offset) + " is not a hex digit, ':' or '.'",
        IdentifierProblemKind.Ipv6GroupCount => $"without '::' an IPv6 address has 8 groups of 16 bits, not {Count(Number)}",
        IdentifierProblemKind.Ipv6RepeatedCompression => "'::' may appear only once",
        IdentifierProblemKind.Ipv6CompressedGroupCount => $"with '::' an IPv6 address writes at most 7 groups of 16 bits, not {Count(Number)}",
        IdentifierProblemKind.Ipv6EmptyGroup => "an IPv6 group is empty",
        IdentifierProblemKind.Ipv6GroupTooLong => "an IPv6 group has more than 4 hex digits",
        IdentifierProblemKind.Ipv6MisplacedIpv4 => "an embedded IPv4 address may only form the last 32 bits",
        IdentifierProblemKind.EmbeddedIpv4TooManyNumbers => "an embedded IPv4 address has more than 4 numbers",
        IdentifierProblemKind.EmbeddedIpv4EmptyNumber => "an embedded IPv4 number is empty",
        IdentifierProblemKind.EmbeddedIpv4Character => Describe(text, Offset) + " is not a decimal digit in an embedded IPv4 address",
        IdentifierProblemKind.EmbeddedIpv4Over255 => "an embedded IPv4 number is over 255",
        IdentifierProblemKind.EmbeddedIpv4LeadingZero => "an embedded IPv4 number has a leading zero",
        IdentifierProblemKind.EmbeddedIpv4NumberCount => "an embedded IPv4 address has 4 numbers",
        // Message asks only for the kinds above.
        _ => throw new System.Diagnostics.UnreachableException("no sentence for identifier problem " + Kind.ToString()),
    };

    private static string Describe(ReadOnlySpan<char> text, int index) => IdentifierText.Describe(text, index);

    private static string Count(int n) => IdentifierText.Count(n);
}

/// <summary>Which sentence an <see cref="IdentifierProblem"/> is rendered as; one member per distinct message.</summary>
internal enum IdentifierProblemKind
{
    // The checks every sigilled identifier shares (IdentifierText).
    Empty = 1,
    WrongSigil,
    TooManyCodeUnits,
    ContainsNul,
    LoneSurrogate,
    TooManyBytes,

    // Reference hashes: a character outside the alphabet (Number 1 for URL-safe), the wrong length (Number).
    HashCharacter,
    HashLength,

    // User IDs, and the ':' of every scoped identifier.
    UnsupportedUserIdGrammar,
    NoColon,
    EmptyLocalpart,
    LocalpartCharacter,

    // Server names.
    ServerNameTooLong,
    NoServerName,
    UnclosedIpv6,
    HostnameCharacter,
    EmptyHostname,
    HostnameTooLong,
    TextAfterIpv6,
    PortLength,
    PortCharacter,
    Ipv4NumberTooLong,
    Ipv4NumberOver255,

    // IPv6 literals (Ipv6Literal).
    Ipv6TooShort,
    Ipv6TooLong,
    Ipv6Character,
    Ipv6GroupCount,
    Ipv6RepeatedCompression,
    Ipv6CompressedGroupCount,
    Ipv6EmptyGroup,
    Ipv6GroupTooLong,
    Ipv6MisplacedIpv4,
    EmbeddedIpv4TooManyNumbers,
    EmbeddedIpv4EmptyNumber,
    EmbeddedIpv4Character,
    EmbeddedIpv4Over255,
    EmbeddedIpv4LeadingZero,
    EmbeddedIpv4NumberCount,
}
