using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// A room alias, <c>#room_alias:domain</c>, at most 255 bytes of UTF-8; the localpart is any non-surrogate
/// code points except <c>:</c> and NUL (spec v1.19, appendices §Room Aliases). Made only by
/// <see cref="Parse"/>; compared ordinally.
/// </summary>
public readonly record struct RoomAlias
{
    private const string Kind = "room alias";

    private readonly string? _value;
    private readonly string? _localpart;

    private RoomAlias(string value, string localpart, ServerName server)
    {
        _value = value;
        _localpart = localpart;
        Server = server;
    }

    /// <summary>The alias exactly as parsed.</summary>
    public string Value => _value ?? "";

    /// <summary>The text between <c>#</c> and the first <c>:</c>.</summary>
    public string Localpart => _localpart ?? "";

    /// <summary>The domain: the homeserver that created the alias and answers look-ups of it.</summary>
    public ServerName Server { get; }

    /// <summary>Parses <paramref name="value"/> as a room alias; <paramref name="path"/> locates it in the caller's document.</summary>
    public static Result<RoomAlias> Parse(string? value, string path = JsonPath.Root) =>
        IdentifierForms.ParseScoped(value, '#', Kind, path)
            .Map(parts => new RoomAlias(value!, parts.Opaque, parts.Server));

    public bool Equals(RoomAlias other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The alias exactly as parsed.</summary>
    public override string ToString() => Value;
}
