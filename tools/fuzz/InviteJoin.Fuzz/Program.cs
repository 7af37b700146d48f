using System.Text;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using SharpFuzz;

namespace InviteJoin.Fuzz;

/// <summary>
/// The coverage-guided fuzz targets, run under libFuzzer by <c>tools/fuzz.sh</c> (the SharpFuzz protocol:
/// the driver hands each input over shared memory and reads the coverage of the instrumented reference back).
/// A target fails — throws, so the driver records the input as a crash — only on what the reference forbids
/// itself: an exception escaping the reference, or an inconsistency between answers it gives. A hang is
/// caught by libFuzzer's <c>-timeout</c>. Run with a file path instead of under the driver to replay one input.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine("usage: InviteJoin.Fuzz json|pdu [input-file]  (under libFuzzer: no input file)");
            return 2;
        }

        if (args.Length > 1)
        {
            // Replay one input outside the driver: an inconsistency or a throw ends with its stack trace.
            target(File.ReadAllBytes(args[1]));
            Console.WriteLine("ok: the input passes the target's checks");
            return 0;
        }

        Fuzzer.LibFuzzer.Run(span => target(span));
        return 0;
    }

    private static readonly Dictionary<string, ReadOnlySpanAction> Targets = new(StringComparer.Ordinal)
    {
        ["json"] = JsonTarget,
        ["pdu"] = PduTarget,
    };

    /// <summary>
    /// The strict JSON reader as the command line uses it (UTF-8 bytes, lenient numbers), and with canonical
    /// numbers as room versions 6+ read events. Checks: a value the canonical options accept, the lenient ones
    /// accept as the same value; the canonical encoding of an accepted value parses back to an equal value and
    /// encodes to the same bytes; the string entry point agrees with the byte one on well-formed UTF-8.
    /// </summary>
    public static void JsonTarget(ReadOnlySpan<byte> input)
    {
        var lenient = StrictJsonReader.Parse(input, JsonReadOptions.Lenient);
        var canonical = StrictJsonReader.Parse(input, JsonReadOptions.Canonical);
        if (canonical.IsOk && (!lenient.IsOk || !lenient.Value.Equals(canonical.Value)))
            Inconsistent($"canonical options accept the input but lenient ones answer {Describe(lenient)}");

        if (Utf8Text(input) is { } text)
        {
            var fromText = StrictJsonReader.Parse(text, JsonReadOptions.Lenient);
            if (fromText.IsOk != lenient.IsOk || (fromText.IsOk && !fromText.Value.Equals(lenient.Value)))
                Inconsistent($"the string entry point answers {Describe(fromText)}, the byte one {Describe(lenient)}");
        }

        if (!lenient.IsOk) return;
        var encoded = CanonicalJson.Encode(lenient.Value);
        var again = StrictJsonReader.Parse(encoded, JsonReadOptions.Lenient);
        if (!again.IsOk) Inconsistent($"the canonical encoding {Show(encoded)} does not parse: {again.Failure}");
        if (!again.Value.Equals(lenient.Value)) Inconsistent($"the canonical encoding {Show(encoded)} parses to another value");
        var twice = CanonicalJson.Encode(again.Value);
        if (!twice.AsSpan().SequenceEqual(encoded)) Inconsistent($"encoding is not stable: {Show(encoded)} then {Show(twice)}");
        if (CanonicalJson.Size(lenient.Value) != encoded.Length)
            Inconsistent($"CanonicalJson.Size says {CanonicalJson.Size(lenient.Value)} bytes, the encoding has {encoded.Length}");
        CheckSourceBytes(lenient.Value);
    }

    // The PDU size limit trusts an object's source length as a bound on its canonical size (JsonObject.SourceBytes).
    private static void CheckSourceBytes(JsonValue value)
    {
        switch (value)
        {
            case JsonObject o:
                if (o.SourceBytes >= 0 && CanonicalJson.Size(o) > o.SourceBytes)
                    Inconsistent($"an object of {o.SourceBytes} source bytes has {CanonicalJson.Size(o)} bytes of canonical JSON");
                foreach (var member in o) CheckSourceBytes(member.Value);
                break;
            case JsonArray a:
                foreach (var item in a) CheckSourceBytes(item);
                break;
        }
    }

    // Touched only inside a target: the instrumented reference must not run before Fuzzer.LibFuzzer.Run has
    // attached the coverage map (its instrumentation writes there, and a static constructor is reference code).
    private static class Pdus
    {
        public static readonly EventFormat[] Formats = [.. RoomVersionRegistry.All.Select(v => v.Format).Distinct()];

        public static readonly PduParseOptions[] Options = [PduParseOptions.Federation, PduParseOptions.TestInput];
    }

    /// <summary>
    /// <c>PduParser.Parse</c> over every room version's event format, under federation and test-input options.
    /// Checks: a PDU that parses has an event ID that parses in its format to the same ID; reading it again with
    /// a batch memo (twice, the second time from the memo) answers the same; the canonical encoding of the event
    /// parses to a PDU with the same ID.
    /// </summary>
    public static void PduTarget(ReadOnlySpan<byte> input)
    {
        var json = StrictJsonReader.Parse(input, JsonReadOptions.Lenient);
        if (!json.IsOk) return;
        foreach (var format in Pdus.Formats)
        {
            foreach (var options in Pdus.Options)
            {
                var pdu = PduParser.Parse(json.Value, format, options);
                var memo = new PduParseMemo();
                for (var i = 0; i < 2; i++)
                {
                    var memoised = PduParser.Parse(json.Value, format, options, memo);
                    if (Outcome(memoised) != Outcome(pdu))
                        Inconsistent($"{format.Name}: with a memo (read {i + 1}) the parser answers {Outcome(memoised)}, without {Outcome(pdu)}");
                }

                if (!pdu.IsOk) continue;
                var id = pdu.Value.EventId;
                // Test inputs may name an event in any event ID form (PduParseOptions.TestInput); federation, only in its format's.
                if (!options.AcceptEventIdOverride && id.Format != format.EventIds)
                    Inconsistent($"{format.Name}: the PDU's event ID {id.Value} is of the form {id.Format}, not the format's {format.EventIds}");
                var reparsed = EventId.Parse(id.Value, id.Format);
                if (!reparsed.IsOk) Inconsistent($"{format.Name}: the PDU's event ID {id.Value} does not parse in its own form {id.Format}: {reparsed.Failure}");
                if (!reparsed.Value.Equals(id)) Inconsistent($"{format.Name}: the event ID {id.Value} parses to another ID");

                // Without an override the ID is the reference hash, which redaction (idempotent) does not change.
                var obj = (JsonObject)json.Value;
                if (!format.EventIdInPdu && !(options.AcceptEventIdOverride && obj.TryGetValue("event_id", out _)))
                {
                    var computed = EventHashes.ComputeEventId(obj, format);
                    if (!computed.IsOk || !computed.Value.Equals(id))
                        Inconsistent($"{format.Name}: the PDU's ID is {id.Value}, its reference hash gives {(computed.IsOk ? computed.Value.Value : computed.Failure!.ToString())}");
                }
                var redacted = Redaction.Redact(obj, format.Redaction);
                if (!Redaction.Redact(redacted, format.Redaction).Equals(redacted)) Inconsistent($"{format.Name}: redacting twice differs from once");
                if (!EventHashes.ReferenceHash(redacted, format).AsSpan().SequenceEqual(EventHashes.ReferenceHash(obj, format)))
                    Inconsistent($"{format.Name}: the redacted event has another reference hash");
                _ = EventHashes.ContentHash(obj);

                var encoded = StrictJsonReader.Parse(CanonicalJson.Encode(json.Value), JsonReadOptions.Lenient);
                var fromEncoded = encoded.IsOk ? PduParser.Parse(encoded.Value, format, options) : default;
                if (!encoded.IsOk || Outcome(fromEncoded) != Outcome(pdu))
                    Inconsistent($"{format.Name}: the canonical encoding of the event answers {(encoded.IsOk ? Outcome(fromEncoded) : encoded.Failure!.ToString())}, the event {Outcome(pdu)}");
            }
        }
    }

    private static string Outcome(Result<Pdu> result) =>
        result.IsOk ? "ok " + result.Value.EventId.Value + " in " + result.Value.RoomId.Value : "fail " + result.Failure!.Token + " at " + result.Failure.Path;

    private static string Describe(Result<JsonValue> result) =>
        result.IsOk ? "ok " + Show(CanonicalJson.Encode(result.Value)) : result.Failure!.ToString();

    private static string? Utf8Text(ReadOnlySpan<byte> input)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Show(byte[] bytes) => bytes.Length > 200 ? Encoding.UTF8.GetString(bytes, 0, 200) + "…" : Encoding.UTF8.GetString(bytes);

    private static void Inconsistent(string what) => throw new FuzzInconsistencyException(what);
}

/// <summary>Two answers of the reference that must agree did not; the driver records the input as a crash.</summary>
public sealed class FuzzInconsistencyException(string message) : Exception(message);
