namespace InviteJoin.Reference.Events;

/// <summary>
/// The identifiers one batch of PDUs (the events of one request) keeps repeating — the room, the senders and
/// members, the event IDs the events cite — each read once by <see cref="PduParser"/> and remembered for the
/// rest of the batch. Only identifiers that were read without a problem are remembered, and an identifier
/// reads the same however often it is read, so the memo changes no answer, only how often the grammar runs.
/// A memo belongs to one event format and one set of options (a PDU of another is read without it), and to
/// one caller at a time.
/// </summary>
public sealed class PduParseMemo
{
    // Look-ups only; never enumerated.
    private readonly Dictionary<string, EventId> _eventIds;
    private readonly Dictionary<string, UserId> _userIds = new(StringComparer.Ordinal);
    private EventFormat? _format;
    private PduParseOptions? _options;
    private string? _roomText;
    private RoomId _room;

    /// <summary>A memo for a batch of PDUs.</summary>
    public PduParseMemo()
        : this(0)
    {
    }

    /// <summary>A memo for a batch of about <paramref name="events"/> PDUs (each names itself, so as many event IDs are read at least).</summary>
    public PduParseMemo(int events) => _eventIds = new(Math.Clamp(events, 0, 1024), StringComparer.Ordinal);

    // True when this memo may serve a PDU of this format under these options (the first PDU decides).
    internal bool Serves(EventFormat format, PduParseOptions options)
    {
        _format ??= format;
        _options ??= options;
        return ReferenceEquals(_format, format) && ReferenceEquals(_options, options);
    }

    internal bool TryGetEventId(string text, out EventId id) => _eventIds.TryGetValue(text, out id);

    internal void RememberEventId(string text, EventId id) => _eventIds[text] = id;

    /// <summary>
    /// The place of <paramref name="text"/>'s event ID: <paramref name="known"/> when it was read before; otherwise a new
    /// place the caller fills or gives up with <see cref="Forget"/> (one look-up either way).
    /// </summary>
    internal ref EventId EventIdPlace(string text, out bool known) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_eventIds, text, out known);

    /// <summary>Takes back the place <see cref="EventIdPlace"/> made for a text that is no event ID.</summary>
    internal void Forget(string text) => _eventIds.Remove(text);

    internal bool TryGetUserId(string text, out UserId id) => _userIds.TryGetValue(text, out id);

    internal void RememberUserId(string text, UserId id) => _userIds[text] = id;

    internal bool TryGetRoomId(string text, out RoomId id)
    {
        id = _room;
        return _roomText is not null && string.Equals(_roomText, text, StringComparison.Ordinal);
    }

    internal void RememberRoomId(string text, RoomId id)
    {
        _roomText = text;
        _room = id;
    }
}
