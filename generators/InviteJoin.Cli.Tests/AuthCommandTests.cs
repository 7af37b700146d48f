using System.Text;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>auth</c>: the authorisation rules against the event's own auth events (spec v1.19, server-server API
/// "Checks performed on receipt of a PDU" 4; room versions "Authorization rules"), with the request and
/// answer shapes of the command-line contract, and every published case of the kit's test data.
/// </summary>
public sealed class AuthCommandTests
{
    // A room version 10 room: Alice created it and joined, holds level 100, and the join rule is restricted.
    private const string Create = """
        {"event_id": "$create", "room_id": "!r:a.test", "type": "m.room.create", "state_key": "", "sender": "@alice:a.test",
         "content": {"room_version": "10", "creator": "@alice:a.test"}, "depth": 1, "origin_server_ts": 1, "prev_events": [], "auth_events": []}
        """;

    private const string AliceJoin = """
        {"event_id": "$alice", "room_id": "!r:a.test", "type": "m.room.member", "state_key": "@alice:a.test", "sender": "@alice:a.test",
         "content": {"membership": "join"}, "depth": 2, "origin_server_ts": 2, "prev_events": ["$create"], "auth_events": ["$create"]}
        """;

    private const string PowerLevels = """
        {"event_id": "$pl", "room_id": "!r:a.test", "type": "m.room.power_levels", "state_key": "", "sender": "@alice:a.test",
         "content": {"users": {"@alice:a.test": 100}}, "depth": 3, "origin_server_ts": 3, "prev_events": ["$alice"], "auth_events": ["$create", "$alice"]}
        """;

    private const string JoinRules = """
        {"event_id": "$jr", "room_id": "!r:a.test", "type": "m.room.join_rules", "state_key": "", "sender": "@alice:a.test",
         "content": {"join_rule": "restricted"}, "depth": 4, "origin_server_ts": 4, "prev_events": ["$pl"], "auth_events": ["$create", "$pl", "$alice"]}
        """;

    private static readonly string Room = string.Join(", ", Create, AliceJoin, PowerLevels, JoinRules);

    private static string Message(string sender, params string[] authEvents) => $$"""
        {"event_id": "$m", "room_id": "!r:a.test", "type": "m.room.message", "sender": "{{sender}}", "content": {"body": "hi"},
         "depth": 5, "origin_server_ts": 5, "prev_events": ["$jr"], "auth_events": [{{string.Join(", ", authEvents.Select(id => "\"" + id + "\""))}}]}
        """;

    // Charlie joins, authorised by Alice; the "signature" of Alice's server is 64 zero bytes, a stand-in.
    private static readonly string RestrictedJoin = """
        {"event_id": "$charlie", "room_id": "!r:a.test", "type": "m.room.member", "state_key": "@charlie:c.test", "sender": "@charlie:c.test",
         "content": {"membership": "join", "join_authorised_via_users_server": "@alice:a.test"}, "depth": 5, "origin_server_ts": 5,
         "prev_events": ["$jr"], "auth_events": ["$create", "$pl", "$jr", "$alice"],
         "signatures": {"a.test": {"ed25519:1": "ZEROS"}}}
        """.Replace("ZEROS", Convert.ToBase64String(new byte[64]).TrimEnd('='), StringComparison.Ordinal);

    private static string Request(string @event, string authEvents, string extra = "") =>
        $$"""{"room_version": "10", "event": {{@event}}, "auth_events": [{{authEvents}}]{{extra}}}""";

    [Fact]
    public void MessageFromJoinedMember_IsAllowedWithoutEvidence()
    {
        var run = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), Room), "auth");

        Cli.AssertAnswers(run, """{"allowed": true, "rule": "event.allowed", "reason": "The event passes every rule."}""");
    }

    [Fact]
    public void MessageFromNonMember_IsRejectedWithRuleReasonAndEvidence()
    {
        var run = Cli.Run(Request(Message("@bob:b.test", "$create", "$pl"), Room), "auth");

        Assert.Equal(0, run.ExitCode);
        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(new[] { "allowed", "evidence", "reason", "rule" }, answer.Keys);
        Assert.Equal(JsonValue.Bool(false), answer["allowed"]);
        Assert.Equal(JsonValue.String("sender.not_joined"), answer["rule"]);
        Assert.Equal(JsonValue.Object(("membership", JsonValue.String("none"))), answer["evidence"]);
        Assert.IsType<JsonString>(answer["reason"]);
    }

    [Fact]
    public void CitedAuthEventNotGiven_IsTheRuleAuthEventsMissing()
    {
        var run = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), string.Join(", ", Create, PowerLevels)), "auth");

        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(JsonValue.String("auth_events.missing"), answer["rule"]);
        Assert.Equal(JsonValue.Object(("auth_event", JsonValue.String("$alice"))), answer["evidence"]);
    }

    [Fact]
    public void GivenEventsTheEventDoesNotCite_AreIgnored()
    {
        var cited = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), string.Join(", ", Create, AliceJoin, PowerLevels)), "auth");
        var withExtra = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), Room), "auth");

        Assert.Equal(cited.Stdout, withExtra.Stdout);
        Assert.Contains("\"allowed\":true", cited.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthEventListedAsRejected_IsNeverUsed()
    {
        var run = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), Room, """, "rejected": ["$alice"]"""), "auth");

        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(false), answer["allowed"]);
        Assert.Equal(JsonValue.String("auth_events.rejected"), answer["rule"]);
    }

    [Fact]
    public void RejectedIdThatIsNotGiven_ChangesNothing()
    {
        var run = Cli.Run(Request(Message("@alice:a.test", "$create", "$pl", "$alice"), Room, """, "rejected": ["$elsewhere"]"""), "auth");

        Assert.Contains("\"rule\":\"event.allowed\"", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RestrictedJoinWithoutVerifyKeys_TrustsTheSignatureEntry()
    {
        var run = Cli.Run(Request(RestrictedJoin, Room), "auth");

        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(true), answer["allowed"]);
        Assert.Equal(JsonValue.String("member.join.restricted.authorised"), answer["rule"]);
    }

    [Fact]
    public void RestrictedJoinWithVerifyKeys_PlaceholderSignatureIsRejected()
    {
        var keys = $$$""", "verify_keys": {"a.test": {"ed25519:1": "{{{SpecVectors.PublicKey}}}"}}""";

        var run = Cli.Run(Request(RestrictedJoin, Room, keys), "auth");

        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(JsonValue.Bool(false), answer["allowed"]);
        Assert.Equal(JsonValue.String("member.authoriser_signature_invalid"), answer["rule"]);
    }

    [Fact]
    public void RestrictedJoinWithVerifyKeys_RealSignatureIsAllowed()
    {
        var unsigned = ((JsonObject)StrictJsonReader.Parse(RestrictedJoin, JsonReadOptions.Lenient).Value).Without("signatures").ToString();
        var signRequest = $$"""{"room_version": "10", "event": {{unsigned}}, "server_name": "a.test", "key_id": "ed25519:1", "seed": "{{SpecVectors.Seed}}"}""";
        var signed = Cli.Run(signRequest, "sign-event").Stdout.TrimEnd('\n');
        var keys = $$$""", "verify_keys": {"a.test": {"ed25519:1": "{{{SpecVectors.PublicKey}}}"}}""";

        var run = Cli.Run(Request(signed, Room, keys), "auth");

        Assert.Contains("\"rule\":\"member.join.restricted.authorised\"", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Malformed requests: command, stdin, expected code, expected path at the start of the message.</summary>
    public static TheoryData<string, string, string> MalformedCases() => new()
    {
        { "{\"room_version\": \"10\", \"event\": {}}", "request.missing_field", "$.auth_events" },
        { "{\"room_version\": \"10\", \"auth_events\": []}", "request.missing_field", "$.event" },
        { "{\"room_version\": \"10\", \"event\": [], \"auth_events\": []}", "request.wrong_type", "$.event" },
        { "{\"room_version\": \"10\", \"event\": " + Create + ", \"auth_events\": {}}", "request.wrong_type", "$.auth_events" },
        { Request(Create, "\"$alice\""), "request.wrong_type", "$.auth_events[0]" },
        { Request(Create, Create, ", \"rejected\": \"$alice\""), "request.wrong_type", "$.rejected" },
        { Request(Create, Create, ", \"rejected\": [\"$alice\", 7]"), "request.wrong_type", "$.rejected[1]" },
        { Request(Create, Create, ", \"rejectd\": []"), "request.unknown_field", "$.rejectd" },
        { Request(Create, "").Replace("\"10\"", "\"13\"", StringComparison.Ordinal), "room_version.unknown", "$.room_version" },
        { Request(Message("bob", "$create"), Room), "pdu.bad_identifier", "$.event.sender" },
        { Request(Create, string.Join(", ", Create, AliceJoin, AliceJoin.Replace("\"@alice:a.test\", \"sender\"", "\"@alice:a.test\", \"sender\": 5, \"x\"", StringComparison.Ordinal))), "pdu.wrong_type", "$.auth_events[2].sender" },
        { Request(Create, string.Join(", ", Create, AliceJoin.Replace("\"depth\": 2", "\"depth\": 2.5", StringComparison.Ordinal))), "pdu.not_canonical_json", "$.auth_events[1].depth" },
        { Request(Create, Create, ", \"verify_keys\": {\"not a server\": {}}"), "id.invalid_server_name", "$.verify_keys[\"not a server\"]" },
        { Request(Create, Create, ", \"verify_keys\": {\"a.test\": []}"), "request.wrong_type", "$.verify_keys[\"a.test\"]" },
        { Request(Create, Create, ", \"verify_keys\": {\"a.test\": {\"ed25519:1\": \"AAAA\"}}"), "crypto.bad_public_key", "$.verify_keys[\"a.test\"][\"ed25519:1\"]" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void MalformedRequest_Exit2WithTokenAndPath(string stdin, string expectedCode, string expectedPath)
    {
        var run = Cli.Run(stdin, "auth");

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}");
        Assert.Equal(expectedCode, run.ErrorCode);
        var message = ((JsonString)((JsonObject)((JsonObject)run.Answer)["error"]!)["message"]!).Value;
        Assert.StartsWith(expectedPath + ": ", message, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    /// <summary>
    /// Every published case of the kit's TestData/auth (other implementations' tests as data), run
    /// through the command line in one <c>--jsonl</c> batch. The verdict and, where the case names one,
    /// the rule must match; where it names none, the rule must be one of our documented open-point rules.
    /// A case marked malformed holds an event that is not a valid PDU of its room version: its answer must
    /// be a <c>pdu.*</c> error about the event.
    /// </summary>
    [Fact]
    public void EveryPublishedAuthCase_AnswersItsExpectedVerdictAndRule()
    {
        var cases = PublishedData.AuthCases.Values.ToList();
        Assert.True(cases.Count > 300, $"only {cases.Count} published cases were found");
        var stdin = new StringBuilder();
        foreach (var c in cases) stdin.Append(c.Request).Append('\n');

        var run = Cli.Run(stdin.ToString(), "auth", "--jsonl");

        Assert.Equal("", run.Stderr);
        Assert.Equal(cases.Any(c => c.Malformed) ? 2 : 0, run.ExitCode);
        Assert.Equal(cases.Count, run.Lines.Count);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            if (Mismatch(cases[i], run.Lines[i]) is { } problem) failures.Add(cases[i].Id + ": " + problem + " — " + run.Lines[i]);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? Mismatch(PublishedAuthCase expected, string line)
    {
        var answer = (JsonObject)StrictJsonReader.Parse(line, JsonReadOptions.Lenient).Value;
        if (expected.Malformed)
        {
            if (answer["error"] is not JsonObject error) return "the case is malformed but was answered with a verdict";
            var code = ((JsonString)error["code"]!).Value;
            var message = ((JsonString)error["message"]!).Value;
            if (!code.StartsWith("pdu.", StringComparison.Ordinal)) return "expected a pdu.* error, got " + code;
            return message.Contains(", $.event", StringComparison.Ordinal) ? null : "the error is not about the event";
        }
        if (answer["allowed"] is not JsonBool allowed) return "expected a verdict";
        return expected.Mismatch(allowed.Value, ((JsonString)answer["rule"]!).Value);
    }
}
