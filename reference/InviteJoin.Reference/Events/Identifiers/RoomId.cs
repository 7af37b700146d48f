using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>The two room-ID formats; the room-version layer chooses which one a room uses.</summary>
public enum RoomIdFormat
{
    /// <summary>Room versions 1–11: <c>!opaque_id:domain</c> (spec v1.19, appendices §Room IDs).</summary>
    WithServer = 1,

    /// <summary>
    /// Room version 12 and later: the <c>m.room.create</c> event's ID with <c>!</c> for <c>$</c>, so <c>!</c> + 43
    /// URL-safe unpadded base64 characters and no domain (appendices §Room IDs; rooms v12).
    /// </summary>
    CreateEventHash,

    /// <summary>
    /// Any <c>!</c>-prefixed name (no NUL, no lone surrogate, at most 255 bytes): the room of a room version 12
    /// test input whose create event has a readable <see cref="EventIdFormat.TestName"/> (<c>$X</c> gives <c>!X</c>).
    /// Not a format of any room version.
    /// </summary>
    TestName,
}

/// <summary>
/// A Matrix room ID in one of the <see cref="RoomIdFormat"/>s, at most 255 bytes of UTF-8 (spec v1.19,
/// appendices §Room IDs). Made only by <see cref="Parse"/> or <see cref="FromCreateEventId"/>; compared
/// ordinally, since room IDs are case-sensitive.
/// </summary>
public readonly record struct RoomId
{
    private const string Kind = "room ID";

    // The text and where its opaque part ends (the colon before the domain, or the end); see EventId.
    private readonly string? _value;
    private readonly int _opaqueEnd;

    private RoomId(string value, RoomIdFormat format, int opaqueEnd)
    {
        _value = value;
        Format = format;
        _opaqueEnd = opaqueEnd;
    }

    /// <summary>The room ID exactly as parsed or built.</summary>
    public string Value => _value ?? "";

    /// <summary>The format the ID was parsed or built in.</summary>
    public RoomIdFormat Format { get; }

    /// <summary>The text after <c>!</c>: the opaque localpart before the domain, or the create event's 43-character hash.</summary>
    public string OpaqueId => _value is null ? "" : _value[1.._opaqueEnd];

    /// <summary>The domain of a <see cref="RoomIdFormat.WithServer"/> ID (namespacing only); null for <see cref="RoomIdFormat.CreateEventHash"/>.</summary>
    public ServerName? Server => Format == RoomIdFormat.WithServer && _value is not null ? ServerName.OfChecked(_value, _opaqueEnd + 1) : null;

    /// <summary>The ID of the room's <c>m.room.create</c> event (<c>$</c> for <c>!</c>) when the room ID is derived from it; otherwise null.</summary>
    public EventId? CreateEventId => Format switch
    {
        // The grammar of such a room ID after its sigil is the event ID's, so the event ID needs no second check.
        RoomIdFormat.CreateEventHash => EventId.OfChecked(string.Concat("$", _value.AsSpan(1)), EventIdFormat.UrlSafeBase64Hash),
        RoomIdFormat.TestName => EventId.OfChecked(string.Concat("$", _value.AsSpan(1)), EventIdFormat.TestName),
        RoomIdFormat.WithServer => null,
        // default(RoomId) has no format; it names no create event.
        (RoomIdFormat)0 => null,
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>
    /// True when <paramref name="eventId"/> is <see cref="CreateEventId"/> (IDs are equal by their text), told without
    /// building that ID: the auth rules ask it of the create event for every event of a room version 12 room.
    /// </summary>
    public bool IsNamedAfter(EventId eventId)
    {
        if (Format is not (RoomIdFormat.CreateEventHash or RoomIdFormat.TestName)) return false;
        // Every event ID starts with '$': the texts are equal when the rest is.
        var text = eventId.Value;
        return text.Length == _value!.Length && text.AsSpan(1).SequenceEqual(_value.AsSpan(1));
    }
    /// <summary>Parses <paramref name="value"/> as a room ID of <paramref name="format"/>; <paramref name="path"/> locates it in the caller's document.</summary>
    public static Result<RoomId> Parse(string? value, RoomIdFormat format, string path = JsonPath.Root)
    {
        switch (format)
        {
            case RoomIdFormat.WithServer:
                if (IdentifierForms.FindScopedProblem(value, '!', out var colon, out _) is { } scoped) return scoped.ToFailure(value, Kind, path);
                return new RoomId(value!, format, colon);
            case RoomIdFormat.CreateEventHash:
                // "The grammar is otherwise inherited verbatim" from the create event's ID, which in room
                // version 12 is the URL-safe reference-hash format.
                if (IdentifierForms.FindHashProblem(value, '!', urlSafe: true) is { } hash) return hash.ToFailure(value, Kind, path);
                return new RoomId(value!, format, value!.Length);
            case RoomIdFormat.TestName:
                if (IdentifierText.CheckCommon(value, '!', Kind, path) is { } common) return common;
                if (value!.Length < 2) return Result<RoomId>.Fail(IdentifierError.Empty, path, "the room ID has nothing after '!'");
                return Result<RoomId>.Ok(new RoomId(value, format, value.Length));
            default:
                return Result<RoomId>.Fail(IdentifierError.UnsupportedFormat, path, "the room ID format is not a defined RoomIdFormat");
        }
    }

    /// <summary>
    /// The room ID of a room version 12+ room whose <c>m.room.create</c> event has ID <c>$X</c>: <c>!X</c>
    /// (rooms v12, auth rule 1.2 note). Only a URL-safe hash event ID (or a test name) has this form; others fail.
    /// </summary>
    public static Result<RoomId> FromCreateEventId(EventId createEventId)
    {
        if (createEventId.Format == EventIdFormat.TestName)
        {
            var named = string.Concat("!", createEventId.Value.AsSpan(1));
            return Result<RoomId>.Ok(new RoomId(named, RoomIdFormat.TestName, named.Length));
        }
        if (createEventId.Format != EventIdFormat.UrlSafeBase64Hash || createEventId.OpaqueId.Length != IdentifierForms.HashLength)
        {
            return Result<RoomId>.Fail(IdentifierError.UnsupportedFormat, JsonPath.Root,
                "only a URL-safe reference-hash event ID (room version 4+ format) names a room");
        }
        var id = string.Concat("!", createEventId.Value.AsSpan(1));
        return Result<RoomId>.Ok(new RoomId(id, RoomIdFormat.CreateEventHash, id.Length));
    }

    public bool Equals(RoomId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The room ID exactly as parsed or built.</summary>
    public override string ToString() => Value;
}
