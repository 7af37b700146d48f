using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>Which user-ID localpart grammar a parse enforces (spec v1.19, appendices §User Identifiers).</summary>
public enum UserIdGrammar
{
    /// <summary>The current grammar: <c>user_id_localpart = 1*user_id_char</c>, the characters <c>a-z 0-9 . _ = - / +</c>.</summary>
    Strict = 1,

    /// <summary>
    /// Appendices §Historical User IDs: servers MUST accept localparts of any non-surrogate code points
    /// except <c>:</c> and NUL, including control characters and the empty string, in events over federation.
    /// </summary>
    Historical,
}

/// <summary>
/// A Matrix user ID, <c>@localpart:server_name</c>, at most 255 bytes of UTF-8 (spec v1.19, appendices
/// §User Identifiers). Made only by <see cref="Parse"/>; compared ordinally, since IDs are case-sensitive.
/// </summary>
public readonly record struct UserId
{
    private const string Kind = "user ID";

    private readonly string? _value;
    private readonly string? _localpart;

    private UserId(string value, string localpart, ServerName server)
    {
        _value = value;
        _localpart = localpart;
        Server = server;
    }

    /// <summary>The user ID exactly as parsed.</summary>
    public string Value => _value ?? "";

    /// <summary>The text between <c>@</c> and the first <c>:</c>; a localpart can never contain <c>:</c>, so that colon always ends it.</summary>
    public string Localpart => _localpart ?? "";

    /// <summary>The domain: the server name of the homeserver that allocated the account.</summary>
    public ServerName Server { get; }

    /// <summary>Whether the localpart also meets the current grammar, whichever grammar the ID was parsed with.</summary>
    public bool IsStrictlyValid => IsStrictLocalpart(Localpart);

    /// <summary>
    /// Whether the localpart is non-empty and within U+0021–U+007E. Appendices §Historical User IDs calls
    /// other IDs non-compliant: accepted in events over federation, but not forwarded to clients outside them.
    /// </summary>
    public bool IsCompliant
    {
        get
        {
            var localpart = Localpart;
            if (localpart.Length == 0) return false;
            foreach (var c in localpart)
            {
                if (c is < '!' or > '~') return false;
            }
            return true;
        }
    }

    /// <summary>Parses <paramref name="value"/> as a user ID under <paramref name="grammar"/>; <paramref name="path"/> locates it in the caller's document.</summary>
    public static Result<UserId> Parse(string? value, UserIdGrammar grammar, string path = JsonPath.Root)
    {
        if (grammar is not (UserIdGrammar.Strict or UserIdGrammar.Historical))
        {
            return Result<UserId>.Fail(IdentifierError.UnsupportedFormat, path, "the user ID grammar is not Strict or Historical");
        }
        if (IdentifierText.CheckCommon(value, '@', Kind, path) is { } common) return common;
        var text = value!;
        var colon = text.IndexOf(':', 1);
        if (colon < 0)
        {
            return Result<UserId>.Fail(IdentifierError.MissingServer, path, "the user ID has no ':' before a server name");
        }
        if (grammar == UserIdGrammar.Strict)
        {
            if (colon == 1)
            {
                return Result<UserId>.Fail(IdentifierError.InvalidLocalpart, path,
                    "the user ID localpart is empty; the current grammar needs at least one character");
            }
            for (var i = 1; i < colon; i++)
            {
                if (!IsStrictChar(text[i]))
                {
                    return Result<UserId>.Fail(IdentifierError.InvalidLocalpart, path,
                        $"{IdentifierText.Describe(text, i)} at offset {IdentifierText.Count(i)} is not allowed in a user ID localpart (the current grammar allows a-z 0-9 . _ = - / +)");
                }
            }
        }
        // The historical grammar admits every scalar value but ':' and NUL, which the shared checks and the split already enforce.
        return ServerName.ParseAt(text, colon + 1, path, Kind)
            .Map(server => new UserId(text, text[1..colon], server));
    }

    public bool Equals(UserId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The user ID exactly as parsed.</summary>
    public override string ToString() => Value;

    private static bool IsStrictLocalpart(string localpart)
    {
        if (localpart.Length == 0) return false;
        foreach (var c in localpart)
        {
            if (!IsStrictChar(c)) return false;
        }
        return true;
    }

    /// <summary>Spec v1.19, appendices §User Identifiers: <c>user_id_char = DIGIT / %x61-7A / "-" / "." / "=" / "_" / "/" / "+"</c>.</summary>
    private static bool IsStrictChar(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'z' or '-' or '.' or '=' or '_' or '/' or '+';
}
