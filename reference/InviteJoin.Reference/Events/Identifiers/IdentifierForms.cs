using System.Buffers;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Events;

/// <summary>
/// The two shapes that room IDs, event IDs and room aliases take: <c>&amp;opaque:server_name</c>, and a
/// sigil followed by the unpadded base64 of a SHA-256 hash.
/// </summary>
internal static class IdentifierForms
{
    /// <summary>A SHA-256 hash is 32 bytes, so its unpadded base64 is 43 characters.</summary>
    public const int HashLength = 43;

    /// <summary>
    /// Parses <c>&amp;opaque:server_name</c> where the opaque part may be any non-surrogate code points but
    /// <c>:</c> and NUL (spec v1.19, appendices §Room IDs, §Room Aliases). The spec sets no minimum length
    /// for the opaque part, so an empty one is accepted. The first <c>:</c> ends it, since it cannot hold one.
    /// </summary>
    public static Result<(string Opaque, ServerName Server)> ParseScoped(string? value, char sigil, string kind, string path)
    {
        if (FindScopedProblem(value, sigil, out var colon, out var server) is { } problem) return problem.ToFailure(value, kind, path);
        var text = value!;
        return (text[1..colon], ServerName.Create(text, colon + 1, server));
    }

    /// <summary>
    /// The grammar of <see cref="ParseScoped"/>, once for it and for checks that build nothing: the first problem,
    /// or null with the offset of the colon that ends the opaque part and the server name's parts.
    /// </summary>
    public static IdentifierProblem? FindScopedProblem(ReadOnlySpan<char> text, char sigil, out int colon, out ServerNameShape server)
    {
        colon = -1;
        server = default;
        if (IdentifierText.FindCommonProblem(text, sigil) is { } common) return common;
        var afterSigil = text[1..].IndexOf(':');
        if (afterSigil < 0) return new IdentifierProblem(IdentifierError.MissingServer, IdentifierProblemKind.NoColon, 0);
        colon = afterSigil + 1;
        return ServerName.FindProblem(text, colon + 1, out server);
    }

    /// <summary>
    /// The grammar of a sigil followed by exactly 43 characters of one base64 alphabet: the unpadded encoding of a
    /// 32-byte reference hash (room versions 3+, §Event IDs; room version 12 room IDs). The unused low bits of
    /// the last character are not checked: the appendices make validating base64 optional, and an ID whose
    /// bits are not zero simply never equals one computed from an event. The first problem, or null.
    /// </summary>
    public static IdentifierProblem? FindHashProblem(ReadOnlySpan<char> text, char sigil, bool urlSafe)
    {
        if (IdentifierText.FindCommonProblem(text, sigil) is { } common) return common;
        var outside = text[1..].IndexOfAnyExcept(urlSafe ? UrlSafeAlphabet : StandardAlphabet);
        if (outside >= 0)
        {
            return new IdentifierProblem(IdentifierError.InvalidHash, IdentifierProblemKind.HashCharacter, outside + 1, urlSafe ? 1 : 0);
        }
        if (text.Length - 1 != HashLength)
        {
            return new IdentifierProblem(IdentifierError.InvalidHash, IdentifierProblemKind.HashLength, 0, text.Length - 1);
        }
        return null;
    }

    private static readonly SearchValues<char> StandardAlphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private static readonly SearchValues<char> UrlSafeAlphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>RFC 4648 §4 (standard) or §5 (URL-safe) alphabet, without the padding character.</summary>
    public static bool IsBase64Char(char c, bool urlSafe) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9'
        || (urlSafe ? c is '-' or '_' : c is '+' or '/');
}
