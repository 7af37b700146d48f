using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Json;

/// <summary>
/// Reads JSON exactly as RFC 8259 defines it — no comments, trailing commas, leading zeros, byte
/// order marks, lone surrogates, duplicate keys or ill-formed UTF-8 — into a <see cref="JsonValue"/>.
/// Matrix signs and hashes the canonical form of what it parses, so any leniency here would let two
/// servers read the same bytes as different events. Every refusal is a <see cref="Failure"/> with a
/// <see cref="JsonError"/> token, the JSON path and the byte offset; nothing throws.
/// </summary>
public static class StrictJsonReader
{
    /// <summary>Parses one JSON value from UTF-8 bytes.</summary>
    public static Result<JsonValue> Parse(ReadOnlySpan<byte> utf8, JsonReadOptions options)
    {
        if (utf8.Length > options.MaxBytes) return TooLarge(utf8.Length, options);
        return new StrictJsonParser(utf8, options, surrogatesFromText: false).ParseDocument();
    }

    /// <summary>
    /// Parses one JSON value from a .NET string. A .NET string can hold a lone surrogate, which
    /// has no UTF-8 form; it is reported as <c>json.lone_surrogate</c> at the place it occurs,
    /// never silently replaced.
    /// </summary>
    public static Result<JsonValue> Parse(string text, JsonReadOptions options)
    {
        // Each UTF-16 code unit takes at least one UTF-8 byte, so this bounds the work before encoding.
        if (text.Length > options.MaxBytes) return TooLarge(text.Length, options);
        // Counts a lone surrogate as three bytes (its replacement character), which is also the
        // length of the generalised UTF-8 form written for it below.
        var length = Encoding.UTF8.GetByteCount(text);
        if (length > options.MaxBytes) return TooLarge(length, options);
        var bytes = new byte[length];
        EncodeKeepingLoneSurrogates(text, bytes);
        return new StrictJsonParser(bytes, options, surrogatesFromText: true).ParseDocument();
    }

    /// <summary>Parses a JSON object (an event, a request body) from UTF-8 bytes; any other top-level value is <c>json.not_an_object</c>.</summary>
    public static Result<JsonObject> ParseObject(ReadOnlySpan<byte> utf8, JsonReadOptions options) =>
        RequireObject(Parse(utf8, options));

    /// <summary>Parses a JSON object from a .NET string; any other top-level value is <c>json.not_an_object</c>.</summary>
    public static Result<JsonObject> ParseObject(string text, JsonReadOptions options) =>
        RequireObject(Parse(text, options));

    private static Result<JsonObject> RequireObject(Result<JsonValue> parsed)
    {
        if (!parsed.IsOk) return Result<JsonObject>.Fail(parsed.Failure!);
        if (parsed.Value is JsonObject o) return Result<JsonObject>.Ok(o);
        return Result<JsonObject>.Fail(JsonError.NotAnObject, JsonPath.Root,
            $"expected a JSON object at the top level, found {JsonKinds.Describe(parsed.Value.Kind)}");
    }

    private static Result<JsonValue> TooLarge(int length, JsonReadOptions options) =>
        Result<JsonValue>.Fail(JsonError.TooLarge, JsonPath.Root, string.Create(CultureInfo.InvariantCulture,
            $"the input is at least {length} bytes long; the limit is {options.MaxBytes} bytes"));

    // Encodes to UTF-8, writing a lone surrogate in its generalised three-byte form (ED A0–BF xx).
    // Well-formed UTF-8 never contains that form, so the parser, told the bytes came from a string,
    // reports it as json.lone_surrogate with the JSON path where it sits.
    private static void EncodeKeepingLoneSurrogates(string text, Span<byte> destination)
    {
        ReadOnlySpan<char> source = text;
        while (true)
        {
            var status = Utf8.FromUtf16(source, destination, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == OperationStatus.Done) return;
            if (status != OperationStatus.InvalidData) throw new InvalidOperationException($"UTF-8 buffer sized wrongly: {status}.");
            int surrogate = source[read];
            destination = destination[written..];
            destination[0] = (byte)(0xE0 | (surrogate >> 12));
            destination[1] = (byte)(0x80 | ((surrogate >> 6) & 0x3F));
            destination[2] = (byte)(0x80 | (surrogate & 0x3F));
            destination = destination[3..];
            source = source[(read + 1)..];
        }
    }
}
