using System.Diagnostics;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>--profile</c> and the request's <c>profile</c> field on the deciding commands, <c>invitejoin profiles</c>,
/// <c>invitejoin adapter</c> (the reference as an adapter of the adapter protocol) and <c>invitejoin differential</c>
/// run against that adapter.
/// </summary>
public sealed class ProfileCommandLineTests
{
    private static readonly string MissingAuthEvent =
        File.ReadAllText(Path.Combine(Repository.Root, "spec", "examples", "divergences", "missing_auth_event_raises.json"));

    [Fact]
    public void ProfileOption_ChoosesTheAnswer()
    {
        Assert.Equal("auth_events.missing", RuleOf(Cli.Run(MissingAuthEvent, "auth")));
        Cli.AssertAnswers(Cli.Run(MissingAuthEvent, "auth", "--profile", "synapse"),
            """{"divergence":"synapse.missing_auth_event_raises","exception":"runtime_error","rule":"auth_events.missing"}""");
    }

    [Fact]
    public void ProfileField_WinsOverTheOption()
    {
        var asSpec = WithField(MissingAuthEvent, "spec");
        var asSynapse = WithField(MissingAuthEvent, "synapse");

        Assert.Equal("auth_events.missing", RuleOf(Cli.Run(asSpec, "auth", "--profile", "synapse")));
        Assert.Equal("runtime_error", ((JsonString)((JsonObject)Cli.Run(asSynapse, "auth").Answer)["exception"]!).Value);
    }

    [Fact]
    public void UnknownProfile_InTheRequest_IsAMalformedRequest()
    {
        var auth = Cli.Run(WithField(MissingAuthEvent, "dendrite"), "auth");
        Assert.Equal(2, auth.ExitCode);
        Assert.Equal("profile.unknown", auth.ErrorCode);
        Assert.Contains("$.profile", auth.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProfile_OnTheCommandLine_IsAUsageError()
    {
        var run = Cli.Run(MissingAuthEvent, "auth", "--profile", "dendrite");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("\"rule\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("dendrite", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Profiles_ListsEveryProfileWithItsSwitches()
    {
        var run = Cli.Run("", "profiles", "--json");

        Assert.Equal(0, run.ExitCode);
        var profiles = Assert.IsType<JsonArray>(((JsonObject)run.Answer)["profiles"]).OfType<JsonObject>().ToList();
        Assert.Equal(["spec", "synapse"], profiles.Select(p => ((JsonString)p["name"]!).Value));
        Assert.Empty(Assert.IsType<JsonArray>(profiles[0]["switches"]));
        var switches = Assert.IsType<JsonArray>(profiles[1]["switches"]).OfType<JsonObject>().ToList();
        Assert.Contains(switches, s => ((JsonString)s["token"]!).Value == "synapse.rejected_never_readmitted"
            && ((JsonString)s["issue"]!).Value == "matrix-org/synapse#13797"
            && ((JsonObject)s["room_versions"]!)["first"] is JsonString { Value: "2" });
        Assert.All(switches, s => Assert.NotNull(s["code"]));

        var text = Cli.Run("", "profiles");
        Assert.Contains("synapse.cited_create_raises  (room versions 12)", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapter_WritesItsHandshake_ThenAnswersAsJsonLinesDo()
    {
        var requests = MissingAuthEvent.ReplaceLineEndings("") + "\n" + MissingAuthEvent.ReplaceLineEndings("") + "\n";
        var adapter = Cli.Run(requests, "adapter", "auth", "--profile", "synapse");
        var jsonl = Cli.Run(requests, "auth", "--jsonl", "--profile", "synapse");

        Assert.Equal(0, adapter.ExitCode);
        var handshake = StrictJsonReader.Parse(adapter.Lines[0], JsonReadOptions.Lenient).Value as JsonObject;
        Assert.Equal("invitejoin-adapter/1", (handshake!["protocol"] as JsonString)!.Value);
        Assert.Equal("auth", (handshake["suite"] as JsonString)!.Value);
        Assert.Equal("synapse", (handshake["profile"] as JsonString)!.Value);
        Assert.Equal(["auth", "resolve"], ((JsonArray)handshake["suites"]!).Select(s => ((JsonString)s).Value));
        Assert.Equal(jsonl.Lines, adapter.Lines.Skip(1));
    }

    [Fact]
    public void Differential_AgainstTheReferenceAsAdapter_AgreesUnderItsProfileOnly()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "invitejoin.dll");
        Assert.True(File.Exists(dll), $"{dll} was not copied beside the tests");
        var adapter = $"\"{DotnetHost()}\" \"{dll}\" adapter --profile synapse";
        var output = Path.Combine(Path.GetTempPath(), "invitejoin-differential-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var run = Cli.Run("", "differential", "--adapter", adapter, "--probes", "25", "--rooms", "3", "--expect", "synapse", "--out", output);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("disagreements under synapse: 0", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("disagreements under spec: 0", run.Stdout, StringComparison.Ordinal);
        // Each disagreement is written for replay; under the adapter's own profile there is none.
        Assert.True(Directory.Exists(Path.Combine(output, "spec")));
        Assert.False(Directory.Exists(Path.Combine(output, "synapse")));
        var strict = Cli.Run("", "differential", "--adapter", adapter, "--probes", "25", "--rooms", "0", "--expect", "spec");
        Assert.Equal(1, strict.ExitCode);
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public void Differential_WithAnAdapterThatDies_CostsEachCaseButFinishesTheRun()
    {
        // The adapter says hello, reads one request and exits without answering; it is started again each time.
        const string adapter = "sh -c 'echo \"{\\\"suites\\\":[\\\"auth\\\"]}\"; read line; exit 3'";

        var run = Cli.Run("", "differential", "--adapter", adapter, "--probes", "1", "--rooms", "0", "--profiles", "spec");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("auth probes", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("disagreements under spec: 12", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("adapter error:adapter.no_answer", run.Stdout, StringComparison.Ordinal);
    }

    private static string RuleOf(CliRun run) => ((JsonString)((JsonObject)run.Answer)["rule"]!).Value;

    private static string WithField(string request, string profile)
    {
        var json = (JsonObject)StrictJsonReader.Parse(request, JsonReadOptions.Lenient).Value;
        return CanonicalJson.EncodeToString(json.With("profile", JsonValue.String(profile)));
    }

    // The dotnet host that runs this test (set by the dotnet CLI), else the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
