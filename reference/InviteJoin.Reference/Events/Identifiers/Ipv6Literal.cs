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

    /// <summary>The first problem in <c>text[start..end)</c>, or null when it is a valid IPv6 address; offsets count from the start of <paramref name="text"/>.</summary>
    public static IdentifierProblem? Check(ReadOnlySpan<char> text, int start, int end)
    {
        var length = end - start;
        if (length < MinLength) return Problem(IdentifierProblemKind.Ipv6TooShort, start);
        if (length > MaxLength) return Problem(IdentifierProblemKind.Ipv6TooLong, start);
        for (var i = start; i < end; i++)
        {
            if (!IsIpv6Char(text[i])) return Problem(IdentifierProblemKind.Ipv6Character, i);
        }

        var compression = IndexOf(text, "::", start, end);
        if (compression < 0)
        {
            if (CountPieces(text, start, end, allowIpv4Tail: true, out var count) is { } problem) return problem;
            return count == 8 ? null : Problem(IdentifierProblemKind.Ipv6GroupCount, start, count);
        }

        // Searching from compression + 1 also catches ":::", whose second and third colons form another "::".
        var second = IndexOf(text, "::", compression + 1, end);
        if (second >= 0) return Problem(IdentifierProblemKind.Ipv6RepeatedCompression, second);
        if (CountPieces(text, start, compression, allowIpv4Tail: false, out var left) is { } leftProblem) return leftProblem;
        if (CountPieces(text, compression + 2, end, allowIpv4Tail: true, out var right) is { } rightProblem) return rightProblem;
        // "::" stands for at least one group of zeros, so at most 7 groups are written out.
        return left + right <= 7 ? null : Problem(IdentifierProblemKind.Ipv6CompressedGroupCount, compression, left + right);
    }

    /// <summary>Counts the 16-bit pieces of <c>h16 *( ":" h16 )</c>, where the last group may be an IPv4 address worth two pieces.</summary>
    private static IdentifierProblem? CountPieces(ReadOnlySpan<char> text, int start, int end, bool allowIpv4Tail, out int count)
    {
        count = 0;
        if (start == end) return null;
        var groupStart = start;
        while (true)
        {
            var colon = IndexOf(text, ":", groupStart, end);
            var groupEnd = colon < 0 ? end : colon;
            if (groupEnd == groupStart) return Problem(IdentifierProblemKind.Ipv6EmptyGroup, groupStart);
            var isLast = colon < 0;
            if (IndexOf(text, ".", groupStart, groupEnd) >= 0)
            {
                if (!isLast || !allowIpv4Tail) return Problem(IdentifierProblemKind.Ipv6MisplacedIpv4, groupStart);
                if (CheckDecimalOctets(text, groupStart, groupEnd) is { } problem) return problem;
                count += 2;
            }
            else
            {
                if (groupEnd - groupStart > 4) return Problem(IdentifierProblemKind.Ipv6GroupTooLong, groupStart);
                count += 1;
            }
            if (isLast) return null;
            groupStart = colon + 1;
        }
    }

    /// <summary>RFC 3986 <c>dec-octet "." dec-octet "." dec-octet "." dec-octet</c>: 0–255 written without leading zeros.</summary>
    private static IdentifierProblem? CheckDecimalOctets(ReadOnlySpan<char> text, int start, int end)
    {
        var octets = 0;
        var octetStart = start;
        while (true)
        {
            var dot = IndexOf(text, ".", octetStart, end);
            var octetEnd = dot < 0 ? end : dot;
            octets++;
            if (octets > 4) return Problem(IdentifierProblemKind.EmbeddedIpv4TooManyNumbers, octetStart);
            var digits = octetEnd - octetStart;
            if (digits == 0) return Problem(IdentifierProblemKind.EmbeddedIpv4EmptyNumber, octetStart);
            var value = 0;
            for (var i = octetStart; i < octetEnd; i++)
            {
                if (text[i] is < '0' or > '9') return Problem(IdentifierProblemKind.EmbeddedIpv4Character, i);
                value = (value * 10) + (text[i] - '0');
                if (value > 255) return Problem(IdentifierProblemKind.EmbeddedIpv4Over255, octetStart);
            }
            if (digits > 1 && text[octetStart] == '0') return Problem(IdentifierProblemKind.EmbeddedIpv4LeadingZero, octetStart);
            if (dot < 0) break;
            octetStart = dot + 1;
        }
        return octets == 4 ? null : Problem(IdentifierProblemKind.EmbeddedIpv4NumberCount, start);
    }

    /// <summary>The offset of the first <paramref name="value"/> within <c>text[start..end)</c>, counted from the start of <paramref name="text"/>, or −1.</summary>
    private static int IndexOf(ReadOnlySpan<char> text, ReadOnlySpan<char> value, int start, int end)
    {
        var found = text[start..end].IndexOf(value, StringComparison.Ordinal);
        return found < 0 ? -1 : start + found;
    }

    private static IdentifierProblem Problem(IdentifierProblemKind kind, int offset, int number = 0) =>
        new(IdentifierError.InvalidIpv6, kind, offset, number);

    /// <summary>Spec v1.19, appendices §Server Name: <c>IPv6char = DIGIT / %x41-46 / %x61-66 / ":" / "."</c>.</summary>
    private static bool IsIpv6Char(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f' or ':' or '.';
}
