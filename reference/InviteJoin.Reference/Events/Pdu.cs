using System.Collections.Immutable;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// A parsed persistent data unit: the typed fields the protocol reads, alongside the JSON it was
/// parsed from (which hashing, signing and redaction operate on). Made only by <see cref="PduParser"/>
/// (the only maker), so its fields always agree with <see cref="Json"/>.
/// </summary>
public sealed record Pdu
{
    internal Pdu()
    {
    }

    /// <summary>The event as received, unredacted, with <c>unsigned</c> if any.</summary>
    public required JsonObject Json { get; init; }

    /// <summary>The event format of the room version it was parsed under.</summary>
    public required EventFormat Format { get; init; }

    /// <summary>
    /// The event ID: the <c>event_id</c> field in room versions 1–2, the reference hash in 3+
    /// (or a given override for test inputs, see <see cref="PduParseOptions.AcceptEventIdOverride"/>).
    /// </summary>
    public required EventId EventId { get; init; }

    /// <summary>The room ID; for a room version 12 create event, derived from its event ID.</summary>
    public required RoomId RoomId { get; init; }

    public required UserId Sender { get; init; }

    public required string Type { get; init; }

    /// <summary>The state key; null for non-state events.</summary>
    public required string? StateKey { get; init; }

    public required JsonObject Content { get; init; }

    public required ImmutableArray<EventId> PrevEvents { get; init; }

    /// <summary>The auth events the event cites (in room version 12 never the create event, which is implied).</summary>
    public required ImmutableArray<EventId> AuthEvents { get; init; }

    public required long Depth { get; init; }

    public required long OriginServerTs { get; init; }

    /// <summary>The claimed SHA-256 content hash (unpadded base64), if the event carries <c>hashes</c>.</summary>
    public required string? ContentHashSha256 { get; init; }

    /// <summary>The target of a redaction: top-level <c>redacts</c> before room version 11, <c>content.redacts</c> from it.</summary>
    public required string? Redacts { get; init; }

    /// <summary>How the parser read this PDU; a copy made <c>with</c> another <see cref="Json"/> or <see cref="Format"/> is not that reading.</summary>
    internal PduReading? Reading { get; init; }

    /// <summary>True when the parser made this PDU from its own <see cref="Json"/> in <paramref name="format"/> under <paramref name="options"/>.</summary>
    internal bool WasReadAs(EventFormat format, PduParseOptions options) =>
        Reading is { } reading && ReferenceEquals(reading.Of, Json) && ReferenceEquals(reading.Format, format) && ReferenceEquals(Format, format) && reading.Options == options;

    /// <summary>Room versions 1–2: this event's reference hash (unpadded base64) under <paramref name="format"/> when the parser computed it, otherwise null.</summary>
    internal string? KnownReferenceHash(EventFormat format) =>
        Reading is { ReferenceHash: { } hash } reading && ReferenceEquals(reading.Of, Json) && ReferenceEquals(reading.Format, format) ? hash : null;

    /// <summary>True for state events (those with a <c>state_key</c>).</summary>
    public bool IsState => StateKey is not null;

    /// <summary>The membership of an <c>m.room.member</c> event, when it is a string.</summary>
    public string? Membership => (Content[MemberContent.Membership] as JsonString)?.Value;

    /// <summary>
    /// The create event this event's room ID names, which room version 12 implies as an auth event of every
    /// other event without its citing it (MSC4291; spec v1.19, rooms v12 "Event format";
    /// `stateres.implied_create_event`); null in earlier versions and for the create event itself.
    /// </summary>
    public EventId? ImpliedCreateEvent =>
        Format.RoomIdFromCreateEvent && !string.Equals(Type, EventTypes.Create, StringComparison.Ordinal) ? RoomId.CreateEventId : null;

    /// <summary>
    /// Every event this event is authorised by: the auth events it cites, in cited order, then in room version
    /// 12 the implied create event (<see cref="ImpliedCreateEvent"/>), unless it is also cited.
    /// </summary>
    public ImmutableArray<EventId> AuthEventsWithImpliedCreate =>
        ImpliedCreateEvent is { } create && !AuthEvents.Contains(create) ? AuthEvents.Add(create) : AuthEvents;

    public override string ToString() => $"{EventId} ({Type}{(StateKey is null ? "" : " " + StateKey)} by {Sender})";
}

/// <summary>Options for <see cref="PduParser"/>.</summary>
public sealed record PduParseOptions
{
    /// <summary>Events received over federation: hashes and signatures required, no ID override.</summary>
    public static readonly PduParseOptions Federation = new();

    /// <summary>
    /// Hand-written test inputs (the CLI's <c>auth</c> and <c>resolve</c>, vectors): hashes and
    /// signatures may be absent, and an <c>event_id</c> key names the event in any room version.
    /// </summary>
    public static readonly PduParseOptions TestInput = new() { RequireHashesAndSignatures = false, AcceptEventIdOverride = true };

    /// <summary><c>hashes</c> and <c>signatures</c> must be present (they are required fields of every PDU format).</summary>
    public bool RequireHashesAndSignatures { get; init; } = true;

    /// <summary>In room versions 3+, an <c>event_id</c> key overrides the reference hash as the event's name.</summary>
    public bool AcceptEventIdOverride { get; init; }

    /// <summary>The PDU size limit in bytes of canonical JSON (spec v1.19, client-server API "Size limits").</summary>
    public int MaxSizeBytes { get; init; } = 65536;
}

/// <summary>
/// What the parser read a <see cref="Pdu"/> from: the object, its format and the options; in room versions 1–2, when it was
/// given the redacted signing bytes, the event's reference hash (unpadded base64), with which others cite it.
/// </summary>
internal sealed record PduReading(JsonObject Of, EventFormat Format, PduParseOptions Options, string? ReferenceHash);
