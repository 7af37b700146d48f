using System.Collections.Immutable;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Vectors;

/// <summary>
/// The suites of the adapter protocol (spec/vectors/adapter-protocol.md) as the reference answers them: each is a
/// data command of the command line, or a thin wrapper of one where the suite's request or answer is an object
/// around the command's (<c>canonical_json</c>, <c>signing</c>, <c>redaction</c>). <c>invitejoin adapter SUITE</c>
/// and the vector generator both answer through this table, so the vectors hold what the reference's adapter says.
/// </summary>
internal static class AdapterSuites
{
    /// <summary>The suites, in the order of <c>InviteJoin.Conformance.Vectors.Suites</c>, with the data command each rests on.</summary>
    public static readonly ImmutableArray<(string Suite, string Command)> Table =
    [
        ("canonical_json", "canonical"),
        ("signing", "sign"),
        ("event_id", "event-id"),
        ("redaction", "redact"),
        ("auth", "auth"),
        ("receipt", "receive"),
        ("state_res", "resolve"),
        ("handshake", "handshake"),
        ("interleaving", "interleave"),
    ];

    /// <summary>Names the first draft of the protocol used, still accepted: <c>resolve</c> is <c>state_res</c>.</summary>
    public static string Canonical(string suite) => suite == "resolve" ? "state_res" : suite;

    /// <summary>The suites <paramref name="commands"/> can answer (every suite whose data command is among them).</summary>
    public static ImmutableArray<string> Available(IReadOnlyList<DataCommand> commands) =>
        [.. Table.Where(t => commands.Any(c => c.Name == t.Command)).Select(t => t.Suite)];

    /// <summary>The command that answers <paramref name="suite"/> under <paramref name="profile"/>, or null when none of <paramref name="commands"/> does.</summary>
    public static DataCommand? For(string suite, IReadOnlyList<DataCommand> commands, BehaviourProfile profile)
    {
        suite = Canonical(suite);
        var entry = Table.FirstOrDefault(t => t.Suite == suite);
        if (entry.Suite is null || commands.FirstOrDefault(c => c.Name == entry.Command) is not { } command) return null;
        var profiled = command.ForProfile(profile) ?? command;
        return suite switch
        {
            "canonical_json" => new CanonicalJsonSuite(),
            "signing" => new SigningSuite(profiled, commands.FirstOrDefault(c => c.Name == "verify") ?? new VerifyCommand()),
            "redaction" => new RedactionSuite(profiled),
            _ => profiled,
        };
    }
}

/// <summary>
/// <c>canonical_json</c>: <c>{"input": JSON text}</c> → <c>{"canonical": text}</c>, or <c>{"invalid": true, "rule"}</c> when
/// the text is not JSON or holds a number canonical JSON cannot encode (spec v1.19, appendices "Canonical JSON":
/// integers within ±(2^53−1); integral values written with an exponent or fraction part are integers).
/// </summary>
internal sealed class CanonicalJsonSuite : DataCommand
{
    private const long MaxSafe = 9_007_199_254_740_991;

    public override string Name => "canonical_json";

    public override string Description => "{input: JSON text} -> {canonical} or {invalid, rule}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "input").TryGet(out var fields, out var failure)) return failure!;
        var input = fields.String("input");
        if (!input.IsOk) return input.Failure!;
        var parsed = StrictJsonReader.Parse(input.Value, JsonReadOptions.Lenient);
        if (!parsed.IsOk) return Invalid(parsed.Failure!.Token);
        if (NotEncodable(parsed.Value) is { } token) return Invalid(token);
        return JsonValue.Object(("canonical", JsonValue.String(CanonicalJson.EncodeToString(parsed.Value))));
    }

    private static JsonObject Invalid(string token) => JsonValue.Object(("invalid", JsonValue.Bool(true)), ("rule", JsonValue.String(token)));

    private static string? NotEncodable(JsonValue value) => value switch
    {
        JsonNumber n when n.Integer is not { } integer => WireToken.Of(JsonError.FloatNotAllowed),
        JsonNumber n when n.Integer is { } integer && (integer > MaxSafe || integer < -MaxSafe) => WireToken.Of(JsonError.IntegerOutOfRange),
        JsonArray a => a.Select(NotEncodable).FirstOrDefault(t => t is not null),
        JsonObject o => o.Select(m => NotEncodable(m.Value)).FirstOrDefault(t => t is not null),
        _ => null,
    };
}

/// <summary>
/// <c>signing</c>: <c>{"sign": sign-request}</c> → <c>{"signed": object}</c>; <c>{"verify": verify-request}</c> →
/// <c>{"valid", "rule"?}</c>, the requests being those of the <c>sign</c> and <c>verify</c> commands.
/// </summary>
internal sealed class SigningSuite(DataCommand sign, DataCommand verify) : DataCommand
{
    public override string Name => "signing";

    public override string Description => "{sign: {object, server_name, key_id, seed}} -> {signed}; {verify: {object, server_name, verify_keys}} -> {valid, rule?}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (request is JsonObject { Count: 1 } o && o["sign"] is { } signRequest)
        {
            return Under("sign", sign.Answer(signRequest)).Map<JsonValue>(signed => JsonValue.Object(("signed", signed)));
        }
        if (request is JsonObject { Count: 1 } v && v["verify"] is { } verifyRequest)
        {
            return Under("verify", verify.Answer(verifyRequest)).Map<JsonValue>(answer =>
            {
                var verdict = (JsonObject)answer;
                var result = JsonValue.Object(("valid", verdict["valid"]!));
                return verdict["error"] is JsonObject { } error && error["code"] is { } code ? result.With("rule", code) : result;
            });
        }
        return Result<JsonValue>.Fail(RequestError.WrongType, JsonPath.Root, "a signing request is {\"sign\": {...}} or {\"verify\": {...}}");
    }

    private static Result<JsonValue> Under(string field, Result<JsonValue> result) => Request.At(result, Request.PathOf(field));
}

/// <summary><c>redaction</c>: the <c>redact</c> request → <c>{"redacted": event}</c>.</summary>
internal sealed class RedactionSuite(DataCommand redact) : DataCommand
{
    public override string Name => "redaction";

    public override string Description => "{room_version, event} -> {redacted}.";

    public override Result<JsonValue> Answer(JsonValue request) =>
        redact.Answer(request).Map<JsonValue>(redacted => JsonValue.Object(("redacted", redacted)));
}
