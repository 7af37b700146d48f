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
        if (IdentifierText.CheckCommon(value, sigil, kind, path) is { } common) return common;
        var text = value!;
        var colon = text.IndexOf(':', 1);
        if (colon < 0)
        {
            return Result<(string, ServerName)>.Fail(IdentifierError.MissingServer, path, $"the {kind} has no ':' before a server name");
        }
        return ServerName.ParseAt(text, colon + 1, path, kind).Map(server => (text[1..colon], server));
    }

    /// <summary>
    /// Parses a sigil followed by exactly 43 characters of one base64 alphabet: the unpadded encoding of a
    /// 32-byte reference hash (room versions 3+, §Event IDs; room version 12 room IDs). The unused low bits of
    /// the last character are not checked: the appendices make validating base64 optional, and an ID whose
    /// bits are not zero simply never equals one computed from an event.
    /// </summary>
    public static Result<string> ParseHash(string? value, char sigil, bool urlSafe, string kind, string path)
    {
        if (IdentifierText.CheckCommon(value, sigil, kind, path) is { } common) return common;
        var text = value!;
        var alphabet = urlSafe ? "URL-safe base64 alphabet (A-Z a-z 0-9 - _)" : "standard base64 alphabet (A-Z a-z 0-9 + /)";
        for (var i = 1; i < text.Length; i++)
        {
            if (!IsBase64Char(text[i], urlSafe))
            {
                return Result<string>.Fail(IdentifierError.InvalidHash, path,
                    $"{IdentifierText.Describe(text, i)} at offset {IdentifierText.Count(i)} of the {kind} is not in the {alphabet}");
            }
        }
        if (text.Length - 1 != HashLength)
        {
            return Result<string>.Fail(IdentifierError.InvalidHash, path,
                $"the {kind} has {IdentifierText.Count(text.Length - 1)} characters after its sigil; a SHA-256 hash in unpadded base64 has {IdentifierText.Count(HashLength)}");
        }
        return Result<string>.Ok(text[1..]);
    }

    /// <summary>RFC 4648 §4 (standard) or §5 (URL-safe) alphabet, without the padding character.</summary>
    public static bool IsBase64Char(char c, bool urlSafe) =>
        c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9'
        || (urlSafe ? c is '-' or '_' : c is '+' or '/');
}
