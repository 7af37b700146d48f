using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Globalization;
using System.Text;

namespace InviteJoin.Reference.Json;

/// <summary>
/// Canonical JSON as defined in the spec's appendices ("Canonical JSON", spec v1.19): UTF-8, no
/// insignificant whitespace, object keys in code-point order, strings escaped only where JSON
/// requires (<c>"</c>, <c>\</c> and U+0000–U+001F, the latter as <c>\b \t \n \f \r</c> or
/// lower-case <c>\u00xx</c>), integers without fraction, exponent or <c>-0</c>.
/// </summary>
public static class CanonicalJson
{
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    /// <summary>The canonical encoding of <paramref name="value"/>.</summary>
    public static byte[] Encode(JsonValue value)
    {
        using var buffer = new ScratchBuffer();
        Write(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical encoding of <paramref name="value"/> as a string.</summary>
    public static string EncodeToString(JsonValue value)
    {
        using var buffer = new ScratchBuffer();
        Write(value, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The canonical encoding of <paramref name="value"/> without its top-level members named in
    /// <paramref name="omit"/>: what hashing and signing encode (an event without <c>signatures</c>,
    /// <c>unsigned</c>, ...), without building the reduced object first.
    /// </summary>
    public static byte[] EncodeWithout(JsonObject value, params ReadOnlySpan<string> omit)
    {
        using var buffer = new ScratchBuffer();
        var writer = new Writer(buffer);
        writer.Byte((byte)'{');
        var first = true;
        foreach (var member in value.Members)
        {
            if (omit.Contains(member.Key)) continue;
            writer.MemberName(member.Key, ref first);
            writer.Value(member.Value);
        }
        writer.Byte((byte)'}');
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the canonical encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(JsonValue value, IBufferWriter<byte> output)
    {
        var writer = new Writer(output);
        writer.Value(value);
        writer.Commit();
    }

    /// <summary>
    /// The path of the first number in <paramref name="value"/> (in key order) that canonical JSON forbids —
    /// a fraction, an exponent, or an integer outside ±(2^53 − 1) — or null when there is none. An object
    /// the strict reader found free of such numbers answers at once; otherwise a walk that builds no paths
    /// answers, and only a number that is found pays for its path.
    /// </summary>
    public static string? FindNonCanonicalNumber(JsonValue value, string path)
    {
        if (value is JsonObject { NumbersKnownCanonical: true }) return null;
        return HasNonCanonicalNumber(value) ? PathOfNonCanonicalNumber(value, path) : null;
    }

    private static bool HasNonCanonicalNumber(JsonValue value)
    {
        switch (value)
        {
            case JsonNumber n:
                return !n.IsCanonical;
            case JsonArray a:
                foreach (var item in a.Items)
                {
                    if (item is JsonNumber or JsonArray or JsonObject && HasNonCanonicalNumber(item)) return true;
                }
                return false;
            case JsonObject o:
                if (o.NumbersKnownCanonical) return false;
                foreach (var member in o.Members)
                {
                    if (member.Value is JsonNumber or JsonArray or JsonObject && HasNonCanonicalNumber(member.Value)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static string? PathOfNonCanonicalNumber(JsonValue value, string path)
    {
        switch (value)
        {
            case JsonNumber n:
                return n.IsCanonical ? null : path;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonNumber or JsonArray or JsonObject && PathOfNonCanonicalNumber(a[i], JsonPath.Index(path, i)) is { } found) return found;
                }
                return null;
            case JsonObject o:
                foreach (var (key, member) in o)
                {
                    if (member is JsonNumber or JsonArray or JsonObject && PathOfNonCanonicalNumber(member, JsonPath.Property(path, key)) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The length in bytes of the canonical encoding of <paramref name="value"/>, computed without
    /// writing it (the PDU size limit needs only the length).
    /// </summary>
    public static int Size(JsonValue value)
    {
        switch (value)
        {
            case JsonNull:
                return 4;
            case JsonBool b:
                return b.Value ? 4 : 5;
            case JsonNumber n:
                if (n.TryGetInt64(out var small))
                {
                    Span<byte> digits = stackalloc byte[20];
                    small.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                    return written;
                }
                return NumberText(n).Length;
            case JsonString s:
                return StringSize(s.Value);
            case JsonArray a:
                var arraySize = 2 + Math.Max(0, a.Items.Length - 1);
                foreach (var item in a.Items) arraySize += Size(item);
                return arraySize;
            case JsonObject o:
                var members = o.Members;
                var objectSize = 2 + Math.Max(0, members.Length - 1);
                foreach (var member in members) objectSize += StringSize(member.Key) + 1 + Size(member.Value);
                return objectSize;
            default:
                return 0;
        }
    }

    /// <summary>
    /// True when the canonical encoding of <paramref name="value"/> is at most <paramref name="limit"/> bytes. A bound that reads
    /// no character answers most values (a string of n UTF-16 characters takes at most 2 + 6n bytes, as a <c>\u00xx</c> escape
    /// or three bytes of UTF-8 each); only a value the bound does not settle pays for <see cref="Size"/>.
    /// </summary>
    public static bool FitsWithin(JsonValue value, int limit)
    {
        var budget = limit;
        return WithinBound(value, ref budget) || Size(value) <= limit;
    }

    // Takes an upper bound of value's size from budget; false once the budget is spent (the bound then settles nothing).
    private static bool WithinBound(JsonValue value, ref int budget)
    {
        switch (value)
        {
            case JsonString s:
                budget -= 2 + 6 * Math.Min(s.Value.Length, int.MaxValue / 8);
                return budget >= 0;
            case JsonObject o:
                var members = o.Members;
                budget -= 2 + 2 * members.Length; // braces, and at most a comma and a colon a member
                foreach (var member in members)
                {
                    budget -= 2 + 6 * Math.Min(member.Key.Length, int.MaxValue / 8);
                    if (budget < 0 || !WithinBound(member.Value, ref budget)) return false;
                }
                return budget >= 0;
            case JsonArray a:
                budget -= 2 + a.Items.Length;
                foreach (var item in a.Items)
                {
                    if (budget < 0 || !WithinBound(item, ref budget)) return false;
                }
                return budget >= 0;
            case JsonNumber n:
                budget -= n.TryGetInt64(out _) ? 20 : Size(n);
                return budget >= 0;
            default:
                budget -= 5;
                return budget >= 0;
        }
    }

    // Quotes, raw UTF-8, and the escapes the writer uses: two bytes for " \ \b \t \n \f \r, six for other controls.
    private static int StringSize(string value)
    {
        var size = 2 + Encoding.UTF8.GetByteCount(value);
        var rest = value.AsSpan();
        for (var i = rest.IndexOfAny(Escaped); i >= 0; i = rest.IndexOfAny(Escaped))
        {
            size += rest[i] is '"' or '\\' or '\b' or '\t' or '\n' or '\f' or '\r' ? 1 : 5;
            rest = rest[(i + 1)..];
        }
        return size;
    }

    // The longest string the writer tries to copy byte for byte before looking for escapes.
    private const int ShortString = 64;

    // The characters canonical JSON escapes: the quote, the backslash and U+0000–U+001F.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    // The text of a number that is not a 64-bit integer (a big integer, or a fraction in room versions 1–5).
    private static string NumberText(JsonNumber n)
    {
        if (n.Integer is { } big) return big.ToString(CultureInfo.InvariantCulture);
        // Only reachable for room versions 1–5, which do not enforce canonical JSON. The spec
        // gives no canonical form for fractions; we write the shortest round-trip form with a
        // lower-case exponent, as Python's json module (used by the Matrix reference libraries) does.
        return n.Fraction!.Value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    /// <summary>
    /// Writes canonical JSON into a buffer writer through one span at a time, asking the writer for more
    /// only when the span is full, so each byte costs a store rather than two interface calls.
    /// </summary>
    // The scratch space of one encoding, whose bytes are copied out at the end: rented from the shared pool and given
    // back, as a fresh buffer for every event's encoding cost more in zeroing and collection than the writing.
    internal sealed class ScratchBuffer : IBufferWriter<byte>, IDisposable
    {
        // The writer asks for room by the chunk (Writer.Ensure); one chunk holds most events.
        private const int Chunk = 4096;

        private byte[] _array = ArrayPool<byte>.Shared.Rent(Chunk);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsSpan(_written);
        }

        private void Reserve(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_array.Length - _written >= needed) return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + needed));
            _array.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _written = 0;
        }
    }

    internal ref struct Writer(IBufferWriter<byte> output)
    {
        private Span<byte> _span;
        private int _position;

        public void Value(JsonValue value)
        {
            switch (value)
            {
                case JsonString s:
                    String(s.Value);
                    break;
                case JsonObject o:
                    Byte((byte)'{');
                    var members = o.Members;
                    for (var i = 0; i < members.Length; i++)
                    {
                        if (i > 0) Byte((byte)',');
                        String(members[i].Key);
                        Byte((byte)':');
                        Value(members[i].Value);
                    }
                    Byte((byte)'}');
                    break;
                case JsonArray a:
                    Byte((byte)'[');
                    var items = a.Items;
                    for (var i = 0; i < items.Length; i++)
                    {
                        if (i > 0) Byte((byte)',');
                        Value(items[i]);
                    }
                    Byte((byte)']');
                    break;
                case JsonNumber n:
                    if (n.TryGetInt64(out var small))
                    {
                        Ensure(20);
                        small.TryFormat(_span[_position..], out var written, default, CultureInfo.InvariantCulture);
                        _position += written;
                    }
                    else
                    {
                        Ascii(NumberText(n));
                    }
                    break;
                case JsonBool b:
                    Bytes(b.Value ? "true"u8 : "false"u8);
                    break;
                case JsonNull:
                    Bytes("null"u8);
                    break;
            }
        }

        public void String(string value)
        {
            // Keys, identifiers and most values are short printable ASCII, which is written byte for byte; anything
            // else (an escape, a control character, non-ASCII) is written by the general path from the start.
            if (value.Length <= ShortString)
            {
                Ensure(value.Length + 2);
                var span = _span[_position..];
                span[0] = (byte)'"';
                var i = 0;
                if (Vector128.IsHardwareAccelerated)
                {
                    // Eight characters at a time while none needs more than its one byte.
                    ref var first = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<char, ushort>(value.AsSpan()));
                    var space = Vector128.Create((ushort)' ');
                    var tilde = Vector128.Create((ushort)'~');
                    var quote = Vector128.Create((ushort)'"');
                    var backslash = Vector128.Create((ushort)'\\');
                    for (; i + Vector128<ushort>.Count <= value.Length; i += Vector128<ushort>.Count)
                    {
                        var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                        var stops = Vector128.LessThan(chunk, space) | Vector128.GreaterThan(chunk, tilde) | Vector128.Equals(chunk, quote) | Vector128.Equals(chunk, backslash);
                        if (stops != Vector128<ushort>.Zero) break;
                        Vector128.Narrow(chunk, chunk).GetLower().CopyTo(span.Slice(i + 1, Vector128<ushort>.Count));
                    }
                }
                for (; i < value.Length; i++)
                {
                    var ch = value[i];
                    if (ch is < ' ' or > '~' or '"' or '\\') break;
                    span[i + 1] = (byte)ch;
                }
                if (i == value.Length)
                {
                    span[i + 1] = (byte)'"';
                    _position += i + 2;
                    return;
                }
            }
            Byte((byte)'"');
            var rest = value.AsSpan();
            while (true)
            {
                var escape = rest.IndexOfAny(Escaped);
                Utf8(escape < 0 ? rest : rest[..escape]);
                if (escape < 0) break;
                var c = rest[escape];
                switch (c)
                {
                    case '"': Bytes("\\\""u8); break;
                    case '\\': Bytes("\\\\"u8); break;
                    case '\b': Bytes("\\b"u8); break;
                    case '\t': Bytes("\\t"u8); break;
                    case '\n': Bytes("\\n"u8); break;
                    case '\f': Bytes("\\f"u8); break;
                    case '\r': Bytes("\\r"u8); break;
                    default:
                        Ensure(6);
                        var span = _span[_position..];
                        span[0] = (byte)'\\';
                        span[1] = (byte)'u';
                        span[2] = (byte)'0';
                        span[3] = (byte)'0';
                        span[4] = HexDigits[c >> 4];
                        span[5] = HexDigits[c & 0xF];
                        _position += 6;
                        break;
                }
                rest = rest[(escape + 1)..];
            }
            Byte((byte)'"');
        }

        /// <summary>Writes a member's name and colon, after a comma unless it is the <paramref name="first"/> of its object.</summary>
        public void MemberName(string key, ref bool first)
        {
            if (!first) Byte((byte)',');
            first = false;
            String(key);
            Byte((byte)':');
        }

        public void Byte(byte b)
        {
            Ensure(1);
            _span[_position++] = b;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_span[_position..]);
            _position += bytes.Length;
        }

        /// <summary>Hands what was written to the buffer writer; call once, at the end.</summary>
        public void Commit()
        {
            output.Advance(_position);
            _span = default;
            _position = 0;
        }

        private void Ascii(string text)
        {
            Ensure(text.Length);
            _position += Encoding.ASCII.GetBytes(text, _span[_position..]);
        }

        // Lone surrogates become U+FFFD, as the UTF-8 encoder writes them; the strict reader never produces one.
        private void Utf8(ReadOnlySpan<char> chars)
        {
            if (chars.IsEmpty) return;
            Ensure(Encoding.UTF8.GetMaxByteCount(chars.Length));
            _position += Encoding.UTF8.GetBytes(chars, _span[_position..]);
        }

        private void Ensure(int count)
        {
            if (_span.Length - _position >= count) return;
            output.Advance(_position);
            _span = output.GetSpan(Math.Max(count, 4096));
            _position = 0;
        }
    }
}
