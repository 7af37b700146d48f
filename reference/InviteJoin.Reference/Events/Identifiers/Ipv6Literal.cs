namespace InviteJoin.Reference.Events;

/// <summary>
/// Checks the text inside the brackets of an IPv6 server name. Spec v1.19, appendices §Server Name,
/// requires the RFC 3513 §2.2 text forms (eight groups, <c>::</c> compression, an embedded IPv4
/// tail); this follows RFC 3986's <c>IPv6address</c> ABNF, the formal grammar of those forms, so zone
/// ids (<c>%eth0</c>), prefix lengths and other forms general address parsers accept are refused.
/// </summary>
internal static class Ipv6Literal
{
    /// <summary>Spec v1.19, appendices §Server Name: <c>IPv6address = 2*45IPv6char</c>; every RFC 3986 form fits within it.</summary>
    private const int MinLength = 2;
    private const int MaxLength = 45;

    /// <summary>The offset and reason of the first problem in <c>text[start..end)</c>, or null when it is a valid IPv6 address.</summary>
    public static (int Offset, string Reason)? Check(string text, int start, int end)
    {
        var length = end - start;
        if (length < MinLength) return (start, "an IPv6 address has at least 2 characters");
        if (length > MaxLength) return (start, "an IPv6 address has at most 45 characters");
        for (var i = start; i < end; i++)
        {
            if (!IsIpv6Char(text[i]))
            {
                return (i, IdentifierText.Describe(text, i) + " is not a hex digit, ':' or '.'");
            }
        }

        var compression = text.IndexOf("::", start, length, StringComparison.Ordinal);
        if (compression < 0)
        {
            var (count, problem) = CountPieces(text, start, end, allowIpv4Tail: true);
            if (problem is not null) return problem;
            return count == 8 ? null : (start, $"without '::' an IPv6 address has 8 groups of 16 bits, not {IdentifierText.Count(count)}");
        }

        // Searching from compression + 1 also catches ":::", whose second and third colons form another "::".
        var second = text.IndexOf("::", compression + 1, end - compression - 1, StringComparison.Ordinal);
        if (second >= 0) return (second, "'::' may appear only once");
        var (left, leftProblem) = CountPieces(text, start, compression, allowIpv4Tail: false);
        if (leftProblem is not null) return leftProblem;
        var (right, rightProblem) = CountPieces(text, compression + 2, end, allowIpv4Tail: true);
        if (rightProblem is not null) return rightProblem;
        // "::" stands for at least one group of zeros, so at most 7 groups are written out.
        return left + right <= 7 ? null : (compression, $"with '::' an IPv6 address writes at most 7 groups of 16 bits, not {IdentifierText.Count(left + right)}");
    }

    /// <summary>Counts the 16-bit pieces of <c>h16 *( ":" h16 )</c>, where the last group may be an IPv4 address worth two pieces.</summary>
    private static (int Count, (int Offset, string Reason)? Problem) CountPieces(string text, int start, int end, bool allowIpv4Tail)
    {
        if (start == end) return (0, null);
        var count = 0;
        var groupStart = start;
        while (true)
        {
            var colon = text.IndexOf(':', groupStart, end - groupStart);
            var groupEnd = colon < 0 ? end : colon;
            if (groupEnd == groupStart) return (count, (groupStart, "an IPv6 group is empty"));
            var isLast = colon < 0;
            if (text.IndexOf('.', groupStart, groupEnd - groupStart) >= 0)
            {
                if (!isLast || !allowIpv4Tail) return (count, (groupStart, "an embedded IPv4 address may only form the last 32 bits"));
                var problem = CheckDecimalOctets(text, groupStart, groupEnd);
                if (problem is not null) return (count, problem);
                count += 2;
            }
            else
            {
                if (groupEnd - groupStart > 4) return (count, (groupStart, "an IPv6 group has more than 4 hex digits"));
                count += 1;
            }
            if (isLast) return (count, null);
            groupStart = colon + 1;
        }
    }

    /// <summary>RFC 3986 <c>dec-octet "." dec-octet "." dec-octet "." dec-octet</c>: 0–255 written without leading zeros.</summary>
    private static (int Offset, string Reason)? CheckDecimalOctets(string text, int start, int end)
    {
        var octets = 0;
        var octetStart = start;
        while (true)
        {
            var dot = text.IndexOf('.', octetStart, end - octetStart);
            var octetEnd = dot < 0 ? end : dot;
            octets++;
            if (octets > 4) return (octetStart, "an embedded IPv4 address has more than 4 numbers");
            var digits = octetEnd - octetStart;
            if (digits == 0) return (octetStart, "an embedded IPv4 number is empty");
            var value = 0;
            for (var i = octetStart; i < octetEnd; i++)
            {
                if (text[i] is < '0' or > '9') return (i, IdentifierText.Describe(text, i) + " is not a decimal digit in an embedded IPv4 address");
                value = (value * 10) + (text[i] - '0');
                if (value > 255) return (octetStart, "an embedded IPv4 number is over 255");
            }
            if (digits > 1 && text[octetStart] == '0') return (octetStart, "an embedded IPv4 number has a leading zero");
            if (dot < 0) break;
            octetStart = dot + 1;
        }
        return octets == 4 ? null : (start, "an embedded IPv4 address has 4 numbers");
    }

    /// <summary>Spec v1.19, appendices §Server Name: <c>IPv6char = DIGIT / %x41-46 / %x61-66 / ":" / "."</c>.</summary>
    private static bool IsIpv6Char(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f' or ':' or '.';
}
