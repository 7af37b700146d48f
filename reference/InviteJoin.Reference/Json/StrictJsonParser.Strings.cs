using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using static System.FormattableString;

namespace InviteJoin.Reference.Json;

/// <summary>Strings: escapes, surrogate pairs and strict UTF-8 validation.</summary>
internal ref partial struct StrictJsonParser
{
    // Bytes that stand for themselves inside a string: printable ASCII and DEL, except '"' and '\'.
    private static readonly SearchValues<byte> PlainStringBytes = SearchValues.Create(
        Enumerable.Range(0x20, 0x60).Where(b => b is not '"' and not '\\').Select(b => (byte)b).ToArray());

    // Reads the string whose opening quote is at _position. The common case — ASCII without
    // escapes — is found by a scan sixteen bytes at a time and decoded without a scratch buffer; a
    // short one is first looked up among the common strings. Its bytes, all below 0x80, are widened as
    // Latin-1 (which reads them as ASCII does, without checking them again).
    private bool ParseString(bool isKey, out string value) => ParseString(isKey, out value, out _);

    // As above, with the rank of a common string (see CommonStrings), or -1.
    private bool ParseString(bool isKey, out string value, out int rank)
    {
        rank = -1;
        var start = _position + 1;
        var rest = _input[start..];
        if (Vector128.IsHardwareAccelerated && rest.Length >= Vector128<byte>.Count)
        {
            // Most keys and values are short: one or two vectors hold the string and its closing quote, and the common
            // strings are looked up by those vectors, their bytes past the string cleared.
            var chunk = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(rest));
            var mask = Stops(chunk);
            if (mask != 0)
            {
                var length = BitOperations.TrailingZeroCount(mask);
                if (rest[length] != (byte)'"') return ParseStringSlowly(isKey, start, length, out value);
                var padded = Padded(chunk, length);
                value = _shortStrings.Find(padded, length, out rank) ?? Repeated(padded, default, start, length);
                _position = start + length + 1;
                return true;
            }
            if (rest.Length >= 2 * Vector128<byte>.Count)
            {
                var second = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(rest), (nuint)Vector128<byte>.Count);
                mask = Stops(second);
                if (mask != 0)
                {
                    var beyond = BitOperations.TrailingZeroCount(mask);
                    var length = Vector128<byte>.Count + beyond;
                    if (rest[length] != (byte)'"') return ParseStringSlowly(isKey, start, length, out value);
                    var padded = Padded(second, beyond);
                    value = _shortStrings.FindLong(chunk, padded, length, out rank) ?? Repeated(chunk, padded, start, length);
                    _position = start + length + 1;
                    return true;
                }
            }
        }
        var plain = PlainLength(rest);
        if (plain < rest.Length && rest[plain] == (byte)'"')
        {
            var ascii = rest[..plain];
            value = (plain <= CommonStrings.MaxLength ? CommonStrings.Find(ascii, out rank) : null) ?? Encoding.Latin1.GetString(ascii);
            _position = start + plain + 1;
            return true;
        }
        return ParseStringSlowly(isKey, start, plain, out value);
    }

    // The common string (and its rank and length) whose bytes and closing quote lie in the sixteen bytes at `start`, all of
    // them plain; null when they are not, or the string is not common. Sixteen bytes must remain from `start`.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private readonly string? FindInOneVector(int start, out int rank, out int length)
    {
        var chunk = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(_input), (nuint)start);
        var mask = Stops(chunk);
        // 32 when no byte stops the string.
        length = BitOperations.TrailingZeroCount(mask);
        rank = -1;
        if (mask == 0 || _input[start + length] != (byte)'"') return null;
        return _shortStrings.Find(Padded(chunk, length), length, out rank);
    }

    // The first `length` bytes of `chunk`, the rest cleared.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Padded(Vector128<byte> chunk, int length) => chunk & Vector128.LessThan(ByteIndices, Vector128.Create((byte)length));

    // The instance of a string of at most 31 plain bytes (its bytes as two vectors padded with zeros) this document has
    // read before, or a new one, remembered while the table has room: a document repeats its identifiers (event IDs,
    // senders, its room), and one instance of each costs fewer allocations. Which instance a string is changes no result.
    // A short document (a single event, say) repeats too little to pay for the table.
    // The text is found by its offset in the input rather than passed as a span (see BuildByRank).
    private string Repeated(Vector128<byte> first, Vector128<byte> second, int start, int length)
    {
        if (_input.Length < MinSharingDocument) return Encoding.Latin1.GetString(_input.Slice(start, length));
        var texts = _seenTexts ??= System.Buffers.ArrayPool<string?>.Shared.Rent(SeenSlots);
        // Two vectors a slot; what a slot without a text holds is never read.
        var vectors = _seenVectors ??= System.Buffers.ArrayPool<Vector128<byte>>.Shared.Rent(2 * SeenSlots);
        var slot = (int)(unchecked(((first.AsUInt64().ToScalar() ^ second.AsUInt64().ToScalar()) + (ulong)length) * 0x9E3779B97F4A7C15ul) >> (64 - SeenSlotBits));
        while (texts[slot] is { } text)
        {
            if (vectors[2 * slot] == first && vectors[(2 * slot) + 1] == second) return text;
            slot = (slot + 1) & (SeenSlots - 1);
        }
        var made = Encoding.Latin1.GetString(_input.Slice(start, length));
        if (_seenCount < SeenSlots / 2)
        {
            vectors[2 * slot] = first;
            vectors[(2 * slot) + 1] = second;
            texts[slot] = made;
            _seenCount++;
        }
        return made;
    }

    // A bit for each of the sixteen bytes that is not plain: below 0x20 or above 0x7F (negative or small as a signed
    // byte), '"' or '\'.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Stops(Vector128<byte> chunk) =>
        (Vector128.LessThan(chunk.AsSByte(), Vector128.Create((sbyte)0x20)).AsByte()
            | Vector128.Equals(chunk, Vector128.Create((byte)'"')) | Vector128.Equals(chunk, Vector128.Create((byte)'\\'))).ExtractMostSignificantBits();

    private static Vector128<byte> ByteIndices => Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    // The length of the run of plain bytes (PlainStringBytes) that starts `bytes`: sixteen bytes at a time
    // while sixteen remain (a byte below 0x20 or above 0x7F is negative or small as a signed byte), then by table.
    private static int PlainLength(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(bytes);
            var space = Vector128.Create((sbyte)0x20);
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            for (; i + Vector128<byte>.Count <= bytes.Length; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector128.LessThan(chunk.AsSByte(), space).AsByte() | Vector128.Equals(chunk, quote) | Vector128.Equals(chunk, backslash);
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0) return i + BitOperations.TrailingZeroCount(mask);
            }
        }
        var table = PlainTable;
        while (i < bytes.Length && table[bytes[i]] != 0) i++;
        return i;
    }

    // 1 for the bytes of PlainStringBytes, indexed by byte: a scan of a short string costs one load per byte.
    private static ReadOnlySpan<byte> PlainTable =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private bool ParseStringSlowly(bool isKey, int start, int plainLength, out string value)
    {
        value = "";
        var inElement = !isKey;
        var length = 0;
        AppendAscii(_input.Slice(start, plainLength), ref length);
        var p = start + plainLength;
        while (true)
        {
            if (p >= _input.Length)
            {
                _position = p;
                return Fail(JsonError.Truncated, inElement, Invariant(
                    $"the input ends at byte {_input.Length} inside the {(isKey ? "key" : "string")} that starts at byte {start - 1}"));
            }
            var b = _input[p];
            if (b == (byte)'"')
            {
                value = new string(_chars!, 0, length);
                _position = p + 1;
                return true;
            }
            if (b == (byte)'\\')
            {
                if (!ParseEscape(ref p, ref length, inElement)) return false;
            }
            else if (b < 0x20)
            {
                return Fail(JsonError.ControlCharacter, inElement, Invariant(
                    $"raw control character U+{b:X4} at byte {p} inside a string; JSON requires it to be escaped"));
            }
            else
            {
                // Only non-ASCII bytes reach here: everything else below 0x80 is plain or handled above.
                if (!CheckUtf8(p, inElement, out var rune, out var consumed)) return false;
                EnsureChars(length + 2);
                length += rune.EncodeToUtf16(_chars.AsSpan(length));
                p += consumed;
            }
            var run = _input[p..].IndexOfAnyExcept(PlainStringBytes);
            if (run < 0) run = _input.Length - p;
            AppendAscii(_input.Slice(p, run), ref length);
            p += run;
        }
    }

    // Reads the escape whose backslash is at p and appends what it stands for (RFC 8259 §7).
    private bool ParseEscape(ref int p, ref int length, bool inElement)
    {
        if (p + 1 >= _input.Length) return Truncated("an escape after '\\'", inElement);
        char c;
        switch (_input[p + 1])
        {
            case (byte)'"': c = '"'; break;
            case (byte)'\\': c = '\\'; break;
            case (byte)'/': c = '/'; break;
            case (byte)'b': c = '\b'; break;
            case (byte)'f': c = '\f'; break;
            case (byte)'n': c = '\n'; break;
            case (byte)'r': c = '\r'; break;
            case (byte)'t': c = '\t'; break;
            case (byte)'u':
                return ParseUnicodeEscape(ref p, ref length, inElement);
            default:
                if (_input[p + 1] >= 0x80 && !CheckUtf8(p + 1, inElement, out _, out _)) return false;
                return Fail(JsonError.InvalidEscape, inElement, Invariant(
                    $"'\\' followed by {Describe(p + 1)} at byte {p} is not a JSON escape (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
        }
        EnsureChars(length + 1);
        _chars![length++] = c;
        p += 2;
        return true;
    }

    // \uXXXX. A surrogate is only meaningful as a high-low pair of two escapes; either half alone
    // names no character and has no UTF-8 form, so canonical JSON could not write it back.
    private bool ParseUnicodeEscape(ref int p, ref int length, bool inElement)
    {
        if (!ReadHex4(p, inElement, out var code)) return false;
        if (code is >= 0xDC00 and <= 0xDFFF)
        {
            return Fail(JsonError.LoneSurrogate, inElement, Invariant(
                $"the escape \\u{code:X4} at byte {p} is a low surrogate without a high surrogate before it"));
        }
        if (code is >= 0xD800 and <= 0xDBFF)
        {
            var q = p + 6;
            if (q >= _input.Length || (_input[q] == (byte)'\\' && q + 1 >= _input.Length))
            {
                return Truncated(Invariant($"a low-surrogate escape after \\u{code:X4}"), inElement);
            }
            var low = -1;
            if (_input[q] == (byte)'\\' && _input[q + 1] == (byte)'u' && !ReadHex4(q, inElement, out low)) return false;
            if (low is not (>= 0xDC00 and <= 0xDFFF))
            {
                return Fail(JsonError.LoneSurrogate, inElement, Invariant(
                    $"the escape \\u{code:X4} at byte {p} is a high surrogate not followed by a low-surrogate escape"));
            }
            EnsureChars(length + 2);
            _chars![length++] = (char)code;
            _chars[length++] = (char)low;
            p = q + 6;
            return true;
        }
        EnsureChars(length + 1);
        _chars![length++] = (char)code;
        p += 6;
        return true;
    }

    // The four hex digits of the \u escape whose backslash is at p.
    private bool ReadHex4(int p, bool inElement, out int code)
    {
        code = 0;
        for (var i = 2; i < 6; i++)
        {
            if (p + i >= _input.Length) return Truncated("four hex digits after '\\u'", inElement);
            var digit = HexValue(_input[p + i]);
            if (digit < 0)
            {
                return Fail(JsonError.InvalidEscape, inElement, Invariant(
                    $"the escape at byte {p} needs four hex digits after '\\u' but has {Describe(p + i)} at byte {p + i}"));
            }
            code = (code << 4) | digit;
        }
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    // Decodes the UTF-8 sequence at offset, refusing what Unicode calls ill-formed (overlong forms,
    // encoded surrogates, values above U+10FFFF, cut-off sequences): two decoders must never read
    // different text from the same bytes.
    private bool CheckUtf8(int offset, bool inElement, out Rune rune, out int consumed)
    {
        var status = Rune.DecodeFromUtf8(_input[offset..], out rune, out consumed);
        if (status == OperationStatus.Done) return true;
        var bytes = _input.Slice(offset, Math.Min(Math.Max(consumed, 1), _input.Length - offset));
        // A lone surrogate from a .NET string was written as ED A0–BF xx (see StrictJsonReader).
        if (_surrogatesFromText && bytes.Length == 1 && bytes[0] == 0xED && offset + 2 < _input.Length
            && (_input[offset + 1] & 0xE0) == 0xA0 && (_input[offset + 2] & 0xC0) == 0x80)
        {
            var surrogate = 0xD000 | ((_input[offset + 1] & 0x3F) << 6) | (_input[offset + 2] & 0x3F);
            return Fail(JsonError.LoneSurrogate, inElement, Invariant(
                $"the text holds a lone surrogate U+{surrogate:X4} (at UTF-8 byte {offset}), which has no UTF-8 encoding"));
        }
        var hex = Convert.ToHexString(bytes);
        return Fail(JsonError.InvalidUtf8, inElement, status == OperationStatus.NeedMoreData
            ? Invariant($"the input ends inside a UTF-8 sequence (0x{hex}) that starts at byte {offset}")
            : Invariant($"ill-formed UTF-8 (0x{hex}) at byte {offset}"));
    }

    private void AppendAscii(ReadOnlySpan<byte> ascii, ref int length)
    {
        EnsureChars(length + ascii.Length);
        length += Encoding.ASCII.GetChars(ascii, _chars.AsSpan(length));
    }

    private void EnsureChars(int needed)
    {
        if (_chars is not null && _chars.Length >= needed) return;
        var size = Math.Max(needed, Math.Max(64, (_chars?.Length ?? 0) * 2));
        var grown = new char[size];
        _chars?.AsSpan().CopyTo(grown);
        _chars = grown;
    }
}
