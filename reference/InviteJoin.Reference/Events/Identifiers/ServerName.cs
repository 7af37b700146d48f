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

    private const int MaxDnsNameLength = 255;

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
        const string kind = "server name";
        if (string.IsNullOrEmpty(value)) return Result<ServerName>.Fail(IdentifierError.Empty, path, "the server name is empty");
        if (value.Length > MaxLength)
        {
            return Result<ServerName>.Fail(IdentifierError.TooLong, path,
                $"the server name is {IdentifierText.Count(value.Length)} characters; the grammar allows at most {IdentifierText.Count(MaxLength)}");
        }
        var scalar = IdentifierText.CheckScalarValues(value, kind, path);
        return scalar is not null ? scalar : ParseAt(value, 0, path, kind);
    }

    /// <summary>Parses <c>text[start..]</c> as a server name, reporting offsets within the whole of <paramref name="text"/>.</summary>
    internal static Result<ServerName> ParseAt(string text, int start, string path, string kind)
    {
        if (start >= text.Length)
        {
            return Result<ServerName>.Fail(IdentifierError.MissingServer, path,
                $"the {kind} has no server name after ':' at offset {IdentifierText.Count(start - 1)}");
        }

        HostKind hostKind;
        int hostEnd;
        if (text[start] == '[')
        {
            var close = text.IndexOf(']', start + 1);
            if (close < 0)
            {
                return Result<ServerName>.Fail(IdentifierError.InvalidIpv6, path,
                    $"the IPv6 literal opened at offset {IdentifierText.Count(start)} of the {kind} has no closing ']'");
            }
            if (Ipv6Literal.Check(text, start + 1, close) is (var offset, var reason))
            {
                return Result<ServerName>.Fail(IdentifierError.InvalidIpv6, path,
                    $"the IPv6 literal in the {kind} is invalid at offset {IdentifierText.Count(offset)}: {reason}");
            }
            hostKind = HostKind.IPv6;
            hostEnd = close + 1;
        }
        else
        {
            hostEnd = start;
            while (hostEnd < text.Length && text[hostEnd] != ':')
            {
                if (!IsDnsChar(text[hostEnd]))
                {
                    return Result<ServerName>.Fail(IdentifierError.InvalidServerName, path,
                        $"{IdentifierText.Describe(text, hostEnd)} at offset {IdentifierText.Count(hostEnd)} of the {kind} cannot appear in a hostname (letters, digits, '-' and '.')");
                }
                hostEnd++;
            }
            if (hostEnd == start)
            {
                return Result<ServerName>.Fail(IdentifierError.InvalidServerName, path,
                    $"the hostname of the {kind} is empty before ':' at offset {IdentifierText.Count(hostEnd)}");
            }
            if (hostEnd - start > MaxDnsNameLength)
            {
                return Result<ServerName>.Fail(IdentifierError.TooLong, path,
                    $"the hostname of the {kind} is {IdentifierText.Count(hostEnd - start)} characters; a DNS name has at most {IdentifierText.Count(MaxDnsNameLength)}");
            }
            if (IsDottedQuad(text, start, hostEnd))
            {
                if (CheckIpv4(text, start, hostEnd) is (var offset, var reason))
                {
                    return Result<ServerName>.Fail(IdentifierError.InvalidIpv4, path,
                        $"the IPv4 literal in the {kind} is invalid at offset {IdentifierText.Count(offset)}: {reason}");
                }
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
            if (text[hostEnd] != ':')
            {
                return Result<ServerName>.Fail(IdentifierError.InvalidServerName, path,
                    $"after the IPv6 literal of the {kind} comes {IdentifierText.Describe(text, hostEnd)} at offset {IdentifierText.Count(hostEnd)}, not ':' or the end");
            }
            var portStart = hostEnd + 1;
            var digits = text.Length - portStart;
            if (digits is < 1 or > 5)
            {
                return Result<ServerName>.Fail(IdentifierError.InvalidPort, path,
                    $"the port of the {kind} at offset {IdentifierText.Count(portStart)} has {IdentifierText.Count(digits)} characters; it must be 1 to 5 digits");
            }
            var value = 0;
            for (var i = portStart; i < text.Length; i++)
            {
                if (text[i] is < '0' or > '9')
                {
                    return Result<ServerName>.Fail(IdentifierError.InvalidPort, path,
                        $"{IdentifierText.Describe(text, i)} at offset {IdentifierText.Count(i)} of the {kind} is not a decimal digit of the port");
                }
                value = (value * 10) + (text[i] - '0');
            }
            port = value;
        }

        var serverName = start == 0 ? text : text[start..];
        var host = hostEnd == text.Length && start == 0 ? text : text[start..hostEnd];
        return Result<ServerName>.Ok(new ServerName(serverName, host, port, hostKind));
    }

    public bool Equals(ServerName other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The server name exactly as parsed.</summary>
    public override string ToString() => Value;

    /// <summary>Spec v1.19, appendices §Server Name: <c>dns-char = DIGIT / ALPHA / "-" / "."</c> (ASCII only).</summary>
    private static bool IsDnsChar(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'Z' or >= 'a' and <= 'z' or '-' or '.';

    /// <summary>
    /// Whether a hostname has the dotted-quad shape: four non-empty groups of digits. The grammar would
    /// also read such text as a dns-name, but the spec says IPv4 literals are four numbers 0–255, and
    /// RFC 1123 §2.1 (which the grammar cites) says a host name never has the form #.#.#.#, so such a
    /// hostname is an IPv4 literal or nothing. Digit-and-dot text of any other shape (<c>1.2.3</c>) is a dns-name.
    /// </summary>
    private static bool IsDottedQuad(string text, int start, int end)
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
    private static (int Offset, string Reason)? CheckIpv4(string text, int start, int end)
    {
        var groupStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != '.') continue;
            var digits = i - groupStart;
            if (digits > 3) return (groupStart, $"a number has {IdentifierText.Count(digits)} digits; at most 3 are allowed");
            var value = 0;
            for (var j = groupStart; j < i; j++) value = (value * 10) + (text[j] - '0');
            if (value > 255) return (groupStart, $"{IdentifierText.Count(value)} is over 255");
            groupStart = i + 1;
        }
        return null;
    }
}
