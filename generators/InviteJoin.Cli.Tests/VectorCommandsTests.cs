using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The commands the vectors' suites rest on (<c>receive</c>, <c>handshake</c>, <c>interleave</c>) on requests they cannot act
/// on: each refused with exit 2, one error line, its token and where in the request; and the adapter's suites by name.
/// </summary>
public sealed class VectorCommandsTests
{
    private static readonly string Vectors = Path.Combine(Repository.Root, "vectors");

    // The request of the first case of a vector file.
    private static JsonObject FirstRequest(string file)
    {
        var line = File.ReadAllLines(Path.Combine(Vectors, file))[1].TrimEnd(',');
        return (JsonObject)((JsonObject)StrictJsonReader.Parse(line, JsonReadOptions.Lenient).Value)["request"]!;
    }

    [Fact]
    public void Receive_StateNamingAnEventNotGiven_IsRefusedWithItsPath()
    {
        var request = FirstRequest("receipt/v10.json").With("state_before", JsonValue.Array(JsonValue.String("$not-given")));

        var run = Cli.Run(CanonicalJson.EncodeToString(request), "receive");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("request.wrong_type", run.ErrorCode);
        Assert.Contains("$.state_before[0]", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_UnknownEndpoint_IsRefusedNamingTheEndpoints()
    {
        var request = FirstRequest("handshake/v10.json").With("endpoint", JsonValue.String("make_friends"));

        var run = Cli.Run(CanonicalJson.EncodeToString(request), "handshake");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("request.wrong_type", run.ErrorCode);
        Assert.Contains("make_join", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_RoomNotStartingWithItsCreateEvent_IsRefusedWithItsPath()
    {
        var request = FirstRequest("handshake/v10.json");
        var rooms = (JsonArray)request["rooms"]!;
        var room = (JsonObject)rooms[0];
        var events = (JsonArray)room["events"]!;
        var reordered = room.With("events", JsonValue.Array(events.Skip(1).Prepend(events[1])));

        var run = Cli.Run(CanonicalJson.EncodeToString(request.With("rooms", JsonValue.Array(reordered))), "handshake");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("$.rooms[0].events[0]", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expect a.test sees ben join", "expectations are not steps")]
    [InlineData("ben dances", "unknown verb")]
    [InlineData("deliver a.test q.test", "not a server")]
    public void Interleave_StepItCannotTake_IsScenarioInvalid(string step, string message)
    {
        var request = JsonValue.Object(("servers", JsonValue.Number(2)), ("room_version", JsonValue.String("10")), ("steps", JsonValue.Array(JsonValue.String(step))));

        var run = Cli.Run(CanonicalJson.EncodeToString(request), "interleave");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("scenario.invalid", run.ErrorCode);
        Assert.Contains(message, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Interleave_AnswersWhatEachHonestServerHolds()
    {
        var request = JsonValue.Object(("servers", JsonValue.Number(2)), ("room_version", JsonValue.String("10")),
            ("steps", JsonValue.Array(JsonValue.String("ben joins via a.test as JOIN"), JsonValue.String("submit ben"), JsonValue.String("settle"))));

        var run = Cli.Run(CanonicalJson.EncodeToString(request), "interleave");

        Cli.AssertAnswers(run, """
            {"servers":{"a.test":{"events":{"JOIN":"accepted"},"members":{"@ada:a.test":"join","@ben:b.test":"join"}},
                        "b.test":{"events":{"JOIN":"accepted"},"members":{"@ada:a.test":"join","@ben:b.test":"join"}}}}
            """);
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("state_res")]
    [InlineData("receipt")]
    public void Adapter_AnswersASuiteByItsName_AndTheFirstDraftsResolve(string suite)
    {
        var run = Cli.Run("", "adapter", suite);

        Assert.Equal(0, run.ExitCode);
        var handshake = (JsonObject)StrictJsonReader.Parse(run.Lines[0], JsonReadOptions.Lenient).Value;
        Assert.Equal(suite, ((JsonString)handshake["suite"]!).Value);
    }

    [Fact]
    public void Audit_UnknownSuite_IsAUsageError()
    {
        var run = Cli.Run("", "audit", "--vectors", Vectors, "--adapter", "true", "--suites", "dance");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unknown suite \"dance\"", run.Stderr, StringComparison.Ordinal);
    }
}
