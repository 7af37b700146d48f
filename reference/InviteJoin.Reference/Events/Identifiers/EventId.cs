using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>The three event-ID formats; the room-version layer chooses which one a room uses.</summary>
public enum EventIdFormat
{
    /// <summary>Room versions 1–2: <c>$opaque_id:domain</c>, minted by a server (spec v1.19, rooms v1 §Event IDs).</summary>
    ServerScoped = 1,

    /// <summary>Room version 3: <c>$</c> + the reference hash in unpadded standard base64, which may contain <c>+</c> and <c>/</c> (rooms v3 §Event IDs).</summary>
    StandardBase64Hash,

    /// <summary>Room versions 4 and later: <c>$</c> + the reference hash in URL-safe unpadded base64, with <c>-</c> and <c>_</c> (rooms v4 §Event IDs).</summary>
    UrlSafeBase64Hash,

    /// <summary>
    /// Any <c>$</c>-prefixed name (no NUL, no lone surrogate, at most 255 bytes). Not a format of any room
    /// version: hand-written test inputs and conformance vectors name their events this way (an
    /// <c>event_id</c> key overrides the reference hash), so readable names such as <c>$CREATE</c> work in every version.
    /// </summary>
    TestName,
}

/// <summary>
/// A Matrix event ID in one of the <see cref="EventIdFormat"/>s, at most 255 bytes of UTF-8 (spec v1.19,
/// appendices §Event IDs). Made only by <see cref="Parse"/> or <see cref="FromReferenceHash"/>; compared
/// ordinally, since event IDs are case-sensitive.
/// </summary>
public readonly record struct EventId
{
    private const string Kind = "event ID";
    private const int ReferenceHashBytes = 32;

    // The text and where its opaque part ends (the colon before the domain, or the end): one reference, so an ID is
    // copied (into arrays, dictionaries, PDUs) as cheaply as a string; the parts are cut out only when asked for.
    private readonly string? _value;
    private readonly int _opaqueEnd;

    private EventId(string value, EventIdFormat format, int opaqueEnd)
    {
        _value = value;
        Format = format;
        _opaqueEnd = opaqueEnd;
    }

    /// <summary>The event ID exactly as parsed or built.</summary>
    public string Value => _value ?? "";

    /// <summary>The format the ID was parsed or built in.</summary>
    public EventIdFormat Format { get; }

    /// <summary>The text after <c>$</c>: the opaque part before the domain, or the 43-character hash.</summary>
    public string OpaqueId => _value is null ? "" : _value[1.._opaqueEnd];

    /// <summary>The domain of a <see cref="EventIdFormat.ServerScoped"/> ID; null for hash formats, which have none.</summary>
    public ServerName? Server => Format == EventIdFormat.ServerScoped && _value is not null ? ServerName.OfChecked(_value, _opaqueEnd + 1) : null;

    /// <summary>Parses <paramref name="value"/> as an event ID of <paramref name="format"/>; <paramref name="path"/> locates it in the caller's document.</summary>
    public static Result<EventId> Parse(string? value, EventIdFormat format, string path = JsonPath.Root)
    {
        switch (format)
        {
            case EventIdFormat.ServerScoped:
                // Rooms v1 §Event IDs calls the opaque part "a locally-unique string"; the appendices' common
                // limits (no ':' or NUL, non-surrogate, 255 bytes) are the only grammar it has.
                if (IdentifierForms.FindScopedProblem(value, '$', out var colon, out _) is { } scoped) return scoped.ToFailure(value, Kind, path);
                return new EventId(value!, format, colon);
            case EventIdFormat.StandardBase64Hash:
            case EventIdFormat.UrlSafeBase64Hash:
                if (IdentifierForms.FindHashProblem(value, '$', format == EventIdFormat.UrlSafeBase64Hash) is { } hash) return hash.ToFailure(value, Kind, path);
                return new EventId(value!, format, value!.Length);
            case EventIdFormat.TestName:
                if (IdentifierText.CheckCommon(value, '$', Kind, path) is { } common) return common;
                if (value!.Length < 2) return Result<EventId>.Fail(IdentifierError.Empty, path, "the event ID has nothing after '$'");
                return Result<EventId>.Ok(new EventId(value, format, value.Length));
            default:
                return Result<EventId>.Fail(IdentifierError.UnsupportedFormat, path, "the event ID format is not a defined EventIdFormat");
        }
    }

    /// <summary>
    /// Parses <paramref name="value"/> as an event ID of <paramref name="format"/> as <see cref="Parse"/> does, but
    /// builds no failure when it is not one: for callers that try several formats and need only the one that fits.
    /// </summary>
    public static bool TryParse(string? value, EventIdFormat format, out EventId id)
    {
        id = default;
        switch (format)
        {
            // The cheapest disqualifier of each format first: a scoped ID has a ':', a hash ID is 44 characters.
            case EventIdFormat.ServerScoped:
                if (value is null || value.IndexOf(':') < 0) return false;
                if (IdentifierForms.FindScopedProblem(value, '$', out var colon, out _) is not null) return false;
                id = new EventId(value, format, colon);
                return true;
            case EventIdFormat.StandardBase64Hash:
            case EventIdFormat.UrlSafeBase64Hash:
                if (value?.Length != IdentifierForms.HashLength + 1) return false;
                if (IdentifierForms.FindHashProblem(value, '$', format == EventIdFormat.UrlSafeBase64Hash) is not null) return false;
                id = new EventId(value!, format, value!.Length);
                return true;
            case EventIdFormat.TestName:
                if (IdentifierText.FindCommonProblem(value, '$') is not null || value!.Length < 2) return false;
                id = new EventId(value, format, value.Length);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The event ID of a room version 3+ event whose reference hash (SHA-256, 32 bytes) is <paramref name="sha256"/>:
    /// <c>$</c> + its unpadded base64 in the alphabet of <paramref name="format"/>.
    /// </summary>
    public static Result<EventId> FromReferenceHash(ReadOnlySpan<byte> sha256, EventIdFormat format)
    {
        if (format is not (EventIdFormat.StandardBase64Hash or EventIdFormat.UrlSafeBase64Hash))
        {
            return Result<EventId>.Fail(IdentifierError.UnsupportedFormat, JsonPath.Root,
                "only the hash formats derive an event ID from a reference hash");
        }
        if (sha256.Length != ReferenceHashBytes)
        {
            return Result<EventId>.Fail(IdentifierError.InvalidHash, JsonPath.Root,
                $"a reference hash is {IdentifierText.Count(ReferenceHashBytes)} bytes of SHA-256, not {IdentifierText.Count(sha256.Length)}");
        }
        var hash = UnpaddedBase64.Encode(sha256, format == EventIdFormat.UrlSafeBase64Hash ? Base64Alphabet.UrlSafe : Base64Alphabet.Standard);
        return Result<EventId>.Ok(new EventId("$" + hash, format, 1 + hash.Length));
    }

    /// <summary>
    /// The event ID <paramref name="value"/>, already known to be one of <paramref name="format"/> (a hash format or
    /// <see cref="EventIdFormat.TestName"/>, whose opaque part is all after the sigil): for an ID derived from one checked before.
    /// </summary>
    internal static EventId OfChecked(string value, EventIdFormat format) => new(value, format, value.Length);

    public bool Equals(EventId other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The event ID exactly as parsed or built.</summary>
    public override string ToString() => Value;
}
