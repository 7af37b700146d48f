using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// Malformed requests: exit 2, exactly one JSON line <c>{"error": {code, message}}</c> with the right
/// token, and nothing on stderr — in particular never a stack trace, and never the <c>internal</c> path.
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly string Seed = SpecVectors.Seed;

    private static readonly Dictionary<string, string> GoodRequests = new(StringComparer.Ordinal)
    {
        ["canonical"] = "{}",
        ["sign"] = SpecRequests.Sign("{}"),
        ["verify"] = SpecRequests.Verify(SpecVectors.SignedEmptyObject),
        ["sign-event"] = SpecRequests.SignEvent("1", SpecVectors.MinimalEvent),
        ["event-id"] = SpecRequests.Event("12", SpecVectors.V12CreateEvent),
        ["redact"] = SpecRequests.Event("1", "{}"),
    };

    /// <summary>Every case: command, stdin, expected code, expected path at the start of the message.</summary>
    public static TheoryData<string, string, string, string> Cases => ToTheoryData(RawCases);

    /// <summary>The cases that fit on one line and are not blank, so they can sit among good lines in <c>--jsonl</c>.</summary>
    public static TheoryData<string, string, string, string> SingleLineCases =>
        ToTheoryData(RawCases.Where(c => !c.Stdin.Contains('\n', StringComparison.Ordinal) && c.Stdin.Trim().Length > 0));

    private static readonly (string Command, string Stdin, string Code, string Path)[] RawCases =
    [
        ("canonical", "", "json.truncated", "$"),
        ("canonical", "   \n", "json.truncated", "$"),
        ("canonical", "{\"a\": [1, 2", "json.truncated", "$.a"),
        ("canonical", "{\"a\": 1, \"a\": 2}", "json.duplicate_key", "$"),
        ("canonical", "{\"a\": 1} {}", "json.trailing_data", "$"),
        ("canonical", "{'a': 1}", "json.syntax", "$"),
        ("canonical", "\uFEFF{}", "json.syntax", "$"),
        ("canonical", "\"\\ud800\"", "json.lone_surrogate", "$"),
        ("canonical", "1e999", "json.number_out_of_range", "$"),
        ("sign", "", "json.truncated", "$"),
        ("sign", "[]", "json.not_an_object", "$"),
        ("sign", $"{{\"object\": {{}}, \"object\": {{}}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "json.duplicate_key", "$"),
        ("sign", $"{{\"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "request.missing_field", "$.object"),
        ("sign", "{\"object\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\"}", "request.missing_field", "$.seed"),
        ("sign", $"{{\"object\": [], \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "request.wrong_type", "$.object"),
        ("sign", "{\"object\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": 7}", "request.wrong_type", "$.seed"),
        ("sign", $"{{\"object\": {{}}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\", \"sead\": 1}}", "request.unknown_field", "$.sead"),
        ("sign", "{\"object\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"not base64!\"}", "crypto.base64_invalid_character", "$.seed"),
        ("sign", "{\"object\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"YJDBA9Xnr2sVqXD9\"}", "crypto.bad_seed_length", "$.seed"),
        ("sign", "{\"object\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"YJDBA\"}", "crypto.base64_invalid_length", "$.seed"),
        ("sign", $"{{\"object\": {{}}, \"server_name\": \"domain\", \"key_id\": \"ed25519\", \"seed\": \"{Seed}\"}}", "crypto.bad_key_id", "$.key_id"),
        ("sign", $"{{\"object\": {{}}, \"server_name\": \"domain\", \"key_id\": \"curve25519:1\", \"seed\": \"{Seed}\"}}", "crypto.unknown_algorithm", "$.key_id"),
        ("sign", $"{{\"object\": {{}}, \"server_name\": \"not a server\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "id.invalid_server_name", "$.server_name"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\"}", "request.missing_field", "$.verify_keys"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\", \"verify_keys\": []}", "request.wrong_type", "$.verify_keys"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\", \"verify_keys\": {\"ed25519:1\": 5}}", "request.wrong_type", "$.verify_keys[\"ed25519:1\"]"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\", \"verify_keys\": {\"ed25519:1\": \"AAAA\"}}", "crypto.bad_public_key", "$.verify_keys[\"ed25519:1\"]"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\", \"verify_keys\": {\"ed25519:1\": \"@@@@\"}}", "crypto.base64_invalid_character", "$.verify_keys[\"ed25519:1\"]"),
        ("verify", "{\"object\": {}, \"server_name\": \"domain\", \"verify_keys\": {\"nocolon\": \"AAAA\"}}", "crypto.bad_key_id", "$.verify_keys.nocolon"),
        ("sign-event", $"{{\"room_version\": \"13\", \"event\": {{}}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "room_version.unknown", "$.room_version"),
        ("sign-event", $"{{\"room_version\": 1, \"event\": {{}}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "request.wrong_type", "$.room_version"),
        ("sign-event", $"{{\"room_version\": \"1\", \"event\": \"x\", \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "request.wrong_type", "$.event"),
        ("sign-event", $"{{\"room_version\": \"6\", \"event\": {{\"content\": {{\"n\": 1.5}}}}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"{Seed}\"}}", "pdu.not_canonical_json", "$.event.content.n"),
        ("sign-event", "{\"room_version\": \"1\", \"event\": {}, \"server_name\": \"domain\", \"key_id\": \"ed25519:1\", \"seed\": \"\"}", "crypto.bad_seed_length", "$.seed"),
        ("event-id", "{\"room_version\": \"v4\", \"event\": {}}", "room_version.unknown", "$.room_version"),
        ("event-id", "{\"event\": {}}", "request.missing_field", "$.room_version"),
        ("event-id", "{\"room_version\": \"4\", \"event\": {\"type\": \"X\"}}", "pdu.missing_field", "$.event.sender"),
        ("event-id", "{\"room_version\": \"10\", \"event\": {\"type\": \"X\", \"depth\": 9007199254740992}}", "pdu.not_canonical_json", "$.event.depth"),
        ("event-id", "{\"room_version\": \"1\", \"event\": {\"type\": \"X\", \"sender\": \"@a:domain\", \"room_id\": \"!r:domain\", \"content\": {}, \"depth\": 1, \"origin_server_ts\": 1, \"prev_events\": [], \"auth_events\": []}}", "pdu.missing_field", "$.event.event_id"),
        ("redact", "{\"room_version\": \"12\"}", "request.missing_field", "$.event"),
        ("redact", "{\"room_version\": \"\", \"event\": {}}", "room_version.unknown", "$.room_version"),
        ("redact", "{\"room_version\": \"11\", \"event\": {}, \"extra\": true}", "request.unknown_field", "$.extra"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedRequest_Exit2WithOneErrorLineAndNoTrace(string command, string stdin, string expectedCode, string expectedPath)
    {
        var run = Cli.Run(stdin, command);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}");
        Assert.Equal(expectedCode, run.ErrorCode);
        var message = ((JsonString)((JsonObject)((JsonObject)run.Answer)["error"]!)["message"]!).Value;
        Assert.StartsWith(expectedPath + ": ", message, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SingleLineCases))]
    public void MalformedRequestAmongGoodOnes_OnlyItsLineIsAnError(string command, string stdin, string expectedCode, string expectedPath)
    {
        var good = Cli.Canonical(GoodRequests[command]);

        var run = Cli.Run(good + "\n" + stdin + "\n" + good + "\n", command, "--jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, run.Lines.Count);
        Assert.Equal(expectedCode, new CliRun(0, run.Lines[1] + "\n", "").ErrorCode);
        Assert.Contains($"\"message\":\"line 2, {expectedPath.Replace("\"", "\\\"", StringComparison.Ordinal)}: ", run.Lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("internal", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandThatThrows_InternalErrorExit70WithoutStackTrace()
    {
        var run = Cli.Run("{}", ["boom"], [new ThrowingCommand(always: true)]);

        Assert.Equal(70, run.ExitCode);
        Assert.Equal("internal", run.ErrorCode);
        Assert.DoesNotContain(" at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandThatThrowsInJsonLines_OtherLinesStillAnsweredExit70()
    {
        var run = Cli.Run("{}\n{\"explode\": true}\n{}\n", ["boom", "--jsonl"], [new ThrowingCommand(always: false)]);

        Assert.Equal(70, run.ExitCode);
        Assert.Equal(["{}", "internal", "{}"], run.Lines.Select(l => l.Contains("internal", StringComparison.Ordinal) ? "internal" : l));
    }

    [Fact]
    public void CommandLineUsageError_Exit1()
    {
        var run = Cli.Run("{}", "no-such-command");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenStdout_Exit70WithoutThrowing()
    {
        var exitCode = CommandLine.Run(["canonical"], new MemoryStream("{}"u8.ToArray()), new BrokenStream(), TextWriter.Null, DataCommands.All);

        Assert.Equal(70, exitCode);
    }

    private static TheoryData<string, string, string, string> ToTheoryData(IEnumerable<(string Command, string Stdin, string Code, string Path)> cases)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var c in cases) data.Add(c.Command, c.Stdin, c.Code, c.Path);
        return data;
    }

    /// <summary>A stdout whose reader has gone away.</summary>
    private sealed class BrokenStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("broken pipe");
    }

    /// <summary>A planted bug: throws on every request, or only on objects with an <c>explode</c> key.</summary>
    private sealed class ThrowingCommand(bool always) : DataCommand
    {
        public override string Name => "boom";

        public override string Description => "Throws, to exercise the internal-error path.";

        public override Result<JsonValue> Answer(JsonValue request) =>
            always || request is JsonObject o && o.ContainsKey("explode") ? throw new InvalidOperationException("planted bug") : request;
    }
}
