namespace InviteJoin.Reference.Json;

/// <summary>
/// What the strict JSON reader accepts beyond the RFC 8259 grammar: whether numbers must be
/// canonical-JSON integers (room versions 6 and later), and fixed bounds on nesting and size so
/// that hostile input costs bounded time and memory.
/// </summary>
public sealed record JsonReadOptions
{
    /// <summary>
    /// Any JSON number is accepted (within a double's range). Room versions 1–5 do not enforce
    /// canonical JSON (spec v1.19, room versions 1–5, "Canonical JSON"), and the <c>canonical</c>
    /// command reads any JSON value.
    /// </summary>
    public static readonly JsonReadOptions Lenient = new();

    /// <summary>
    /// Numbers must be integers written without fraction or exponent, within ±(2^53 − 1), as room
    /// versions 6 and later enforce (spec v1.19, room version 6, "Canonical JSON").
    /// </summary>
    public static readonly JsonReadOptions Canonical = new() { RequireCanonicalNumbers = true };

    /// <summary>True to reject fractions, exponents and integers outside ±(2^53 − 1).</summary>
    public bool RequireCanonicalNumbers { get; init; }

    /// <summary>
    /// The deepest nesting of arrays and objects accepted; one level more is <c>json.too_deep</c>.
    /// A fixed bound keeps every consumer of the parsed value (the encoder, equality, the redaction
    /// and signing code, all of which walk it recursively) safe from stack exhaustion. 256 is far
    /// above anything a real event holds, and below where Python's <c>json</c> module — used by the
    /// Matrix team's own libraries — gives up (near 1000 levels), so every input we accept is one
    /// those libraries accept too.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// The longest input accepted, in UTF-8 bytes; longer is <c>json.too_large</c>. The default
    /// (16 MiB) is far above the 65,536-byte limit on an event (spec v1.19, client-server API,
    /// "Size limits") so that whole responses, such as a <c>send_join</c> state list, still fit.
    /// </summary>
    public int MaxBytes { get; init; } = 16 * 1024 * 1024;
}
