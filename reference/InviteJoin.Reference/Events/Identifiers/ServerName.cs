using System.Buffers;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>Which of the three hostname forms of the server-name grammar a <see cref="ServerName"/> uses.</summary>
public enum HostKind
{
    /// <summary><c>dns-name = 1*255dns-char</c>, letters, digits, <c>-</c> and <c>.</c>.</summary>
    Dns,

    /// <summary>A dotted-quad IPv4 literal.</summary>
    IPv4,

    /// <summary>An IPv6 literal in square brackets.</summary>
    IPv6,
}

/// <summary>
/// A homeserver's name, <c>hostname [":" port]</c> (spec v1.19, appendices §Server Name): the domain of
/// user IDs, room aliases and older room and event IDs. Made only by <see cref="Parse"/>; compared
/// ordinally, because the spec makes server names case-sensitive.
/// </summary>
public readonly record struct ServerName
{
    /// <summary>
    /// The longest server name the grammar admits: a 255-character DNS name, <c>:</c> and a 5-digit port.
    /// The spec recommends at most 230 characters but does not require it, so longer names are accepted.
    /// </summary>
    public const int MaxLength = MaxDnsNameLength + 6;

    /// <summary>Spec v1.19, appendices §Server Name: <c>dns-name = 1*255dns-char</c>.</summary>
    internal const int MaxDnsNameLength = 255;

    /// <summary>Spec v1.19, appendices §Server Name: <c>dns-char = DIGIT / ALPHA / "-" / "."</c> (ASCII only).</summary>
    private static readonly SearchValues<char> DnsChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.");

    private readonly string? _value;
    private readonly string? _host;

    private ServerName(string value, string host, int? port, HostKind hostKind)
    {
        _value = value;
        _host = host;
        Port = port;
        HostKind = hostKind;
    }

    /// <summary>The server name exactly as parsed.</summary>
    public string Value => _value ?? "";

    /// <summary>The hostname without the port; an IPv6 literal keeps its brackets, as in the grammar's <c>hostname</c>.</summary>
    public string Host => _host ?? "";

    /// <summary>
    /// The explicit port, or null when there is none. The grammar says only <c>port = 1*5DIGIT</c>, so
    /// values up to 99999 (and 0) are accepted as written even though no TCP port is above 65535.
    /// </summary>
    public int? Port { get; }

    public HostKind HostKind { get; }

    /// <summary>Parses a whole string as a server name; <paramref name="path"/> locates it in the caller's document.</summary>
    public static Result<ServerName> Parse(string? value, string path = JsonPath.Root)
    {
        if (FindProblem(value, out var shape) is { } problem) return problem.ToFailure(value, "server name", path);
        return Create(value!, 0, shape);
    }

    /// <summary>The first problem in a whole string read as a server name, or null (and its parts) when it is one.</summary>
    private static IdentifierProblem? FindProblem(ReadOnlySpan<char> value, out ServerNameShape shape)
    {
        shape = default;
        if (value.IsEmpty) return new IdentifierProblem(IdentifierError.Empty, IdentifierProblemKind.Empty, 0);
        if (value.Length > MaxLength)
        {
            return new IdentifierProblem(IdentifierError.TooLong, IdentifierProblemKind.ServerNameTooLong, 0, value.Length);
        }
        return IdentifierText.FindScalarValueProblem(value, out _) ?? FindProblem(value, 0, out shape);
    }

    /// <summary>Parses <c>text[start..]</c> as a server name, reporting offsets within the whole of <paramref name="text"/>.</summary>
    internal static Result<ServerName> ParseAt(string text, int start, string path, string kind)
    {
        if (FindProblem(text, start, out var shape) is { } problem) return problem.ToFailure(text, kind, path);
        return Create(text, start, shape);
    }

    /// <summary>
    /// The first problem in <c>text[start..]</c> read as a server name, with offsets within the whole of
    /// <paramref name="text"/>; or null, and in <paramref name="shape"/> where its parts are.
    /// </summary>
    internal static IdentifierProblem? FindProblem(ReadOnlySpan<char> text, int start, out ServerNameShape shape)
    {
        shape = default;
        if (start >= text.Length) return new IdentifierProblem(IdentifierError.MissingServer, IdentifierProblemKind.NoServerName, start - 1);

        HostKind hostKind;
        int hostEnd;
        if (text[start] == '[')
        {
            var close = text[(start + 1)..].IndexOf(']');
            if (close < 0) return new IdentifierProblem(IdentifierError.InvalidIpv6, IdentifierProblemKind.UnclosedIpv6, start);
            close += start + 1;
            if (Ipv6Literal.Check(text, start + 1, close) is { } ipv6) return ipv6;
            hostKind = HostKind.IPv6;
            hostEnd = close + 1;
        }
        else
        {
            // The hostname runs to the first character that is not a dns-char: the end, a ':' before the port, or an error.
            var stop = text[start..].IndexOfAnyExcept(DnsChars);
            hostEnd = stop < 0 ? text.Length : start + stop;
            if (hostEnd < text.Length && text[hostEnd] != ':')
            {
                return new IdentifierProblem(IdentifierError.InvalidServerName, IdentifierProblemKind.HostnameCharacter, hostEnd);
            }
            if (hostEnd == start) return new IdentifierProblem(IdentifierError.InvalidServerName, IdentifierProblemKind.EmptyHostname, hostEnd);
            if (hostEnd - start > MaxDnsNameLength)
            {
                return new IdentifierProblem(IdentifierError.TooLong, IdentifierProblemKind.HostnameTooLong, start, hostEnd - start);
            }
            if (IsDottedQuad(text, start, hostEnd))
            {
                if (CheckIpv4(text, start, hostEnd) is { } ipv4) return ipv4;
                hostKind = HostKind.IPv4;
            }
            else
            {
                hostKind = HostKind.Dns;
            }
        }

        int? port = null;
        if (hostEnd < text.Length)
        {
            if (text[hostEnd] != ':') return new IdentifierProblem(IdentifierError.InvalidServerName, IdentifierProblemKind.TextAfterIpv6, hostEnd);
            var portStart = hostEnd + 1;
            var digits = text.Length - portStart;
            if (digits is < 1 or > 5) return new IdentifierProblem(IdentifierError.InvalidPort, IdentifierProblemKind.PortLength, portStart, digits);
            var value = 0;
            for (var i = portStart; i < text.Length; i++)
            {
                if (text[i] is < '0' or > '9') return new IdentifierProblem(IdentifierError.InvalidPort, IdentifierProblemKind.PortCharacter, i);
                value = (value * 10) + (text[i] - '0');
            }
            port = value;
        }

        shape = new ServerNameShape(hostEnd, hostKind, port);
        return null;
    }

    /// <summary>The server name <c>text[start..]</c>, whose parts <see cref="FindProblem(ReadOnlySpan{char}, int, out ServerNameShape)"/> found.</summary>
    internal static ServerName Create(string text, int start, ServerNameShape shape)
    {
        var serverName = start == 0 ? text : text[start..];
        var host = shape.HostEnd == text.Length ? serverName : text[start..shape.HostEnd];
        return new ServerName(serverName, host, shape.Port, shape.HostKind);
    }

    /// <summary>
    /// The server name <c>text[start..]</c> of an identifier whose grammar was checked when it was read: identifiers keep
    /// only their text, and cut their server name out when it is asked for.
    /// </summary>
    internal static ServerName OfChecked(string text, int start) =>
        FindProblem(text, start, out var shape) is null ? Create(text, start, shape) : throw new System.Diagnostics.UnreachableException("an identifier's server name was checked when it was read");

    public bool Equals(ServerName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The server name exactly as parsed.</summary>
    public override string ToString() => Value;

    /// <summary>
    /// Whether a hostname has the dotted-quad shape: four non-empty groups of digits. The grammar would
    /// also read such text as a dns-name, but the spec says IPv4 literals are four numbers 0–255, and
    /// RFC 1123 §2.1 (which the grammar cites) says a host name never has the form #.#.#.#, so such a
    /// hostname is an IPv4 literal or nothing. Digit-and-dot text of any other shape (<c>1.2.3</c>) is a dns-name.
    /// </summary>
    private static bool IsDottedQuad(ReadOnlySpan<char> text, int start, int end)
    {
        var dots = 0;
        var previous = '.';
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (previous == '.') return false;
                dots++;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
            previous = c;
        }
        return dots == 3 && previous != '.';
    }

    /// <summary>
    /// Spec v1.19, appendices §Server Name: <c>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT</c>
    /// and "four decimal numbers in the range 0 to 255". Leading zeros fit both, so <c>001.2.3.4</c> is accepted.
    /// </summary>
    private static IdentifierProblem? CheckIpv4(ReadOnlySpan<char> text, int start, int end)
    {
        var groupStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != '.') continue;
            var digits = i - groupStart;
            if (digits > 3) return new IdentifierProblem(IdentifierError.InvalidIpv4, IdentifierProblemKind.Ipv4NumberTooLong, groupStart, digits);
            var value = 0;
            for (var j = groupStart; j < i; j++) value = (value * 10) + (text[j] - '0');
            if (value > 255) return new IdentifierProblem(IdentifierError.InvalidIpv4, IdentifierProblemKind.Ipv4NumberOver255, groupStart, value);
            groupStart = i + 1;
        }
        return null;
    }
}

/// <summary>Where the parts of a valid server name lie: the end of its hostname, the hostname's form, and the port if any.</summary>
internal readonly record struct ServerNameShape(int HostEnd, HostKind HostKind, int? Port);
