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

    // The text and the colon that ends the localpart; see EventId.
    private readonly string? _value;
    private readonly int _colon;

    private UserId(string value, int colon)
    {
        _value = value;
        _colon = colon;
    }

    /// <summary>The user ID exactly as parsed.</summary>
    public string Value => _value ?? "";

    /// <summary>The text between <c>@</c> and the first <c>:</c>; a localpart can never contain <c>:</c>, so that colon always ends it.</summary>
    public string Localpart => _value is null ? "" : _value[1.._colon];

    /// <summary>The domain: the server name of the homeserver that allocated the account.</summary>
    public ServerName Server => _value is null ? default : ServerName.OfChecked(_value, _colon + 1);

    private ReadOnlySpan<char> LocalpartSpan => _value is null ? [] : _value.AsSpan(1, _colon - 1);

    /// <summary>Whether the localpart also meets the current grammar, whichever grammar the ID was parsed with.</summary>
    public bool IsStrictlyValid => IsStrictLocalpart(LocalpartSpan);

    /// <summary>
    /// Whether the localpart is non-empty and within U+0021–U+007E. Appendices §Historical User IDs calls
    /// other IDs non-compliant: accepted in events over federation, but not forwarded to clients outside them.
    /// </summary>
    public bool IsCompliant
    {
        get
        {
            var localpart = LocalpartSpan;
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
        if (FindProblem(value, grammar, out var colon, out _) is { } problem) return problem.ToFailure(value, Kind, path);
        return new UserId(value!, colon);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a user ID under <paramref name="grammar"/>: exactly when
    /// <see cref="Parse"/> would succeed, but without allocating, for rules that need only validity.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> value, UserIdGrammar grammar) => FindProblem(value, grammar, out _, out _) is null;

    /// <summary>
    /// The grammar, once for <see cref="Parse"/> and <see cref="IsValid"/>: the first problem in
    /// <paramref name="text"/>, or null with the offset of the colon that ends the localpart and the server name's parts.
    /// </summary>
    private static IdentifierProblem? FindProblem(ReadOnlySpan<char> text, UserIdGrammar grammar, out int colon, out ServerNameShape server)
    {
        colon = -1;
        server = default;
        if (grammar is not (UserIdGrammar.Strict or UserIdGrammar.Historical))
        {
            return new IdentifierProblem(IdentifierError.UnsupportedFormat, IdentifierProblemKind.UnsupportedUserIdGrammar, 0);
        }
        if (IdentifierText.FindCommonProblem(text, '@') is { } common) return common;
        var afterSigil = text[1..].IndexOf(':');
        if (afterSigil < 0) return new IdentifierProblem(IdentifierError.MissingServer, IdentifierProblemKind.NoColon, 0);
        colon = afterSigil + 1;
        if (grammar == UserIdGrammar.Strict)
        {
            if (colon == 1) return new IdentifierProblem(IdentifierError.InvalidLocalpart, IdentifierProblemKind.EmptyLocalpart, 0);
            for (var i = 1; i < colon; i++)
            {
                if (!IsStrictChar(text[i])) return new IdentifierProblem(IdentifierError.InvalidLocalpart, IdentifierProblemKind.LocalpartCharacter, i);
            }
        }
        // The historical grammar admits every scalar value but ':' and NUL, which the shared checks and the split already enforce.
        return ServerName.FindProblem(text, colon + 1, out server);
    }

    public bool Equals(UserId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The user ID exactly as parsed.</summary>
    public override string ToString() => Value;

    private static bool IsStrictLocalpart(ReadOnlySpan<char> localpart)
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
