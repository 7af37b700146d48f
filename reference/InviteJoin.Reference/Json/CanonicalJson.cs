using System.Buffers;
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
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical encoding of <paramref name="value"/> as a string.</summary>
    public static string EncodeToString(JsonValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
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
        var buffer = new ArrayBufferWriter<byte>(1024);
        AppendByte(buffer, (byte)'{');
        var first = true;
        foreach (var member in value.Members)
        {
            if (omit.Contains(member.Key)) continue;
            if (!first) AppendByte(buffer, (byte)',');
            first = false;
            WriteString(member.Key, buffer);
            AppendByte(buffer, (byte)':');
            Write(member.Value, buffer);
        }
        AppendByte(buffer, (byte)'}');
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Appends the canonical encoding of <paramref name="value"/> to <paramref name="output"/>.</summary>
    public static void Write(JsonValue value, IBufferWriter<byte> output)
    {
        switch (value)
        {
            case JsonNull:
                Append(output, "null"u8);
                break;
            case JsonBool b:
                Append(output, b.Value ? "true"u8 : "false"u8);
                break;
            case JsonNumber n:
                WriteNumber(n, output);
                break;
            case JsonString s:
                WriteString(s.Value, output);
                break;
            case JsonArray a:
                AppendByte(output, (byte)'[');
                for (var i = 0; i < a.Items.Length; i++)
                {
                    if (i > 0) AppendByte(output, (byte)',');
                    Write(a.Items[i], output);
                }
                AppendByte(output, (byte)']');
                break;
            case JsonObject o:
                AppendByte(output, (byte)'{');
                var first = true;
                foreach (var member in o.Members)
                {
                    if (!first) AppendByte(output, (byte)',');
                    first = false;
                    WriteString(member.Key, output);
                    AppendByte(output, (byte)':');
                    Write(member.Value, output);
                }
                AppendByte(output, (byte)'}');
                break;
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
                var buffer = new ArrayBufferWriter<byte>(32);
                WriteNumber(n, buffer);
                return buffer.WrittenCount;
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

    // Quotes, raw UTF-8, and the escapes WriteString uses: two bytes for " \ \b \t \n \f \r, six for other controls.
    private static int StringSize(string value)
    {
        var size = 2 + Encoding.UTF8.GetByteCount(value);
        foreach (var c in value)
        {
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            size += c is '"' or '\\' or '\b' or '\t' or '\n' or '\f' or '\r' ? 1 : 5;
        }
        return size;
    }

    private static void WriteNumber(JsonNumber n, IBufferWriter<byte> output)
    {
        if (n.TryGetInt64(out var small))
        {
            var span = output.GetSpan(20);
            small.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }
        else if (n.Integer is { } big)
        {
            Append(output, Encoding.ASCII.GetBytes(big.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            // Only reachable for room versions 1–5, which do not enforce canonical JSON. The spec
            // gives no canonical form for fractions; we write the shortest round-trip form with a
            // lower-case exponent, as Python's json module (used by the Matrix reference libraries) does.
            var text = n.Fraction!.Value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
            Append(output, Encoding.ASCII.GetBytes(text));
        }
    }

    private static void WriteString(string value, IBufferWriter<byte> output)
    {
        AppendByte(output, (byte)'"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            AppendUtf8(value.AsSpan(start, i - start), output);
            switch (c)
            {
                case '"': Append(output, "\\\""u8); break;
                case '\\': Append(output, "\\\\"u8); break;
                case '\b': Append(output, "\\b"u8); break;
                case '\t': Append(output, "\\t"u8); break;
                case '\n': Append(output, "\\n"u8); break;
                case '\f': Append(output, "\\f"u8); break;
                case '\r': Append(output, "\\r"u8); break;
                default:
                    var span = output.GetSpan(6);
                    span[0] = (byte)'\\';
                    span[1] = (byte)'u';
                    span[2] = (byte)'0';
                    span[3] = (byte)'0';
                    span[4] = HexDigits[c >> 4];
                    span[5] = HexDigits[c & 0xF];
                    output.Advance(6);
                    break;
            }
            start = i + 1;
        }
        AppendUtf8(value.AsSpan(start), output);
        AppendByte(output, (byte)'"');
    }

    private static void AppendUtf8(ReadOnlySpan<char> chars, IBufferWriter<byte> output)
    {
        if (chars.IsEmpty) return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        var written = Encoding.UTF8.GetBytes(chars, span);
        output.Advance(written);
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void AppendByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}
