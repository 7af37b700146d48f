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
    private readonly TextTable<EventId> _eventIds;
    private readonly TextTable<UserId> _userIds = new(0);
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
    public PduParseMemo(int events) => _eventIds = new(Math.Clamp(events, 0, 1024));

    // True when this memo may serve a PDU of this format under these options (the first PDU decides).
    internal bool Serves(EventFormat format, PduParseOptions options)
    {
        _format ??= format;
        _options ??= options;
        return ReferenceEquals(_format, format) && ReferenceEquals(_options, options);
    }

    internal bool TryGetEventId(string text, out EventId id) => _eventIds.TryGet(text, out id);

    internal void RememberEventId(string text, EventId id) => _eventIds.Add(text, id);

    internal bool TryGetUserId(string text, out UserId id) => _userIds.TryGet(text, out id);

    internal void RememberUserId(string text, UserId id) => _userIds.Add(text, id);

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

    /// <summary>
    /// Texts and what was read from them, in an open-addressing table: a text sits at its hash or in the first free slot
    /// after it, and the table doubles before it is half full. The hash reads at most twelve characters (the first,
    /// middle and last four) rather than the whole text, and the reader hands out one instance of each text a document
    /// repeats, so most look-ups end at a reference comparison. Which slot a text takes changes no answer.
    /// </summary>
    private sealed class TextTable<T>(int capacity)
    {
        private string?[] _texts = new string?[SizeFor(capacity)];
        private T[] _values = new T[SizeFor(capacity)];
        private int _count;

        public bool TryGet(string text, out T value)
        {
            var texts = _texts;
            var mask = texts.Length - 1;
            for (var slot = Hash(text) & mask; texts[slot] is { } candidate; slot = (slot + 1) & mask)
            {
                if (ReferenceEquals(candidate, text) || string.Equals(candidate, text, StringComparison.Ordinal))
                {
                    value = _values[slot];
                    return true;
                }
            }
            value = default!;
            return false;
        }

        // Adds a text that is not in the table.
        public void Add(string text, T value)
        {
            if (2 * (_count + 1) > _texts.Length) Grow();
            Place(text, value);
            _count++;
        }

        private void Place(string text, T value)
        {
            var mask = _texts.Length - 1;
            var slot = Hash(text) & mask;
            while (_texts[slot] is not null) slot = (slot + 1) & mask;
            _texts[slot] = text;
            _values[slot] = value;
        }

        private void Grow()
        {
            var texts = _texts;
            var values = _values;
            _texts = new string?[2 * texts.Length];
            _values = new T[2 * texts.Length];
            for (var i = 0; i < texts.Length; i++)
            {
                if (texts[i] is { } text) Place(text, values[i]);
            }
        }

        // Room for `capacity` texts while the table stays at most half full.
        private static int SizeFor(int capacity) => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, 2 * capacity));

        // The three words are multiplied independently (no chain of multiplications to wait on) and their products mixed;
        // the slot is taken from the high bits, which depend on every bit of each word. Inlined: every look-up of a
        // request's many IDs pays for it, and a call costs about as much as the hash.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static int Hash(string text)
        {
            var n = text.Length;
            var h = (ulong)n * 0x9E3779B97F4A7C15ul;
            if (n < 4)
            {
                foreach (var c in text) h = (h ^ c) * 0x9E3779B97F4A7C15ul;
            }
            else
            {
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan());
                h ^= (System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes) * 0xC2B2AE3D27D4EB4Ful)
                    ^ (System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes[(2 * ((n / 2) - 2))..]) * 0x165667B19E3779F9ul)
                    ^ (System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(bytes[(2 * (n - 4))..]) * 0x85EBCA77C2B2AE63ul);
            }
            return (int)(h >> 33);
        }
    }
}
