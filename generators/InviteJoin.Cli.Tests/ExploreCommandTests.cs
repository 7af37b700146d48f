using InviteJoin.Reference.Json;
using InviteJoin.Generators.Simulation;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>invitejoin explore</c> end to end, in-process, on small schedule budgets: the report depends on the seed and the
/// budget alone (never on the threads), shard reports merge into the unsharded report byte for byte, violations come
/// with a story, a picture and a replay line, and every mistake on the command line is a sentence naming the option
/// with exit code 2.
/// </summary>
public sealed class ExploreCommandTests : IDisposable
{
    // A planted fault that a probe finds within 40 schedules, and a seed attack that is exercised in them: the report
    // then has a violation with its shrunk counterexample and an attack verdict, so both take part in the comparisons.
    private static readonly string[] Space =
        ["--seed", "3", "--strategies", "failing-events,forged-invite,hidden-invite", "--fault", "knock-under-any-join-rule", "--room-versions", "7-12", "--servers", "2-3"];

    private const int Budget = 40;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("invitejoin-explore-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private static CliRun Explore(params string[] args) => Cli.Run("", ["explore", .. args]);

    private byte[] Report(string name, params string[] args)
    {
        var file = PathOf(name);
        var run = Explore([.. Space, "--schedules", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture), "--report", file, .. args]);
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return File.ReadAllBytes(file);
    }

    private static JsonObject Parse(byte[] report)
    {
        var parsed = StrictJsonReader.Parse(report, JsonReadOptions.Canonical);
        Assert.True(parsed.IsOk, parsed.Failure?.ToString());
        return Assert.IsType<JsonObject>(parsed.Value);
    }

    [Fact]
    public void SameSeedAndBudget_GiveTheSameReportBytes_WhateverTheThreads()
    {
        var one = Report("one.json", "--threads", "1");
        var two = Report("two.json", "--threads", "2");
        var three = Report("three.json", "--threads", "3");
        var again = Report("again.json", "--threads", "2");

        // The comparison means something only if the report holds a shrunk violation and an attack verdict.
        var report = Parse(one);
        Assert.NotEmpty(Assert.IsType<JsonArray>(report["violations"]));
        Assert.Contains(Assert.IsType<JsonArray>(report["attacks"]).OfType<JsonObject>(), a => a["verdict"] is JsonString { Value: not "not_exercised" });
        Assert.Equal(one, two);
        Assert.Equal(one, three);
        Assert.Equal(two, again);
    }

    [Fact]
    public void ShardReports_MergeIntoTheUnshardedReport_ByteForByte()
    {
        var whole = Report("whole.json");
        var shards = new[] { "0/3", "1/3", "2/3" }.Select((shard, i) => (File: PathOf($"shard{i}.json"), Bytes: Report($"shard{i}.json", "--shard", shard))).ToList();

        // Each shard ran its own slice: the slices' counts add up to the whole and none is the whole.
        var counts = shards.Select(s => Assert.IsType<JsonNumber>(Parse(s.Bytes)["schedules_run"]).TryGetInt64(out var n) ? n : -1).ToList();
        Assert.Equal([14L, 13L, 13L], counts);

        var merged = PathOf("merged.json");
        var run = Explore(["--merge", shards[2].File, shards[0].File, shards[1].File, "--report", merged]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(whole, File.ReadAllBytes(merged));
        Assert.Contains(FailedInvariant(whole) + " failed in", run.Stdout, StringComparison.Ordinal);
    }

    // The invariant the planted fault breaks, as the report names it.
    private static string FailedInvariant(byte[] report) =>
        Assert.IsType<JsonString>(Assert.IsType<JsonObject>(Assert.Single(Assert.IsType<JsonArray>(Parse(report)["violations"])))["invariant"]).Value;

    [Fact]
    public void Violation_IsToldWithItsPictureSeedAndReplayLine_AndExitsOne()
    {
        var report = PathOf("run.json");
        var run = Explore([.. Space, "--schedules", "40", "--report", report]);

        Assert.Equal(1, run.ExitCode);
        var text = run.Stdout;
        var failed = FailedInvariant(File.ReadAllBytes(report));
        var violation = Assert.IsType<JsonObject>(Assert.Single(Assert.IsType<JsonArray>(Parse(File.ReadAllBytes(report))["violations"])));
        var count = Assert.IsType<JsonNumber>(violation["count"]).ToString();
        var first = Assert.IsType<JsonNumber>(violation["first_schedule"]).ToString();
        Assert.Contains($"{failed} failed in {count} schedule(s); the first, number {first}, ", text, StringComparison.Ordinal);
        Assert.Contains("  let 2 servers, room version", text, StringComparison.Ordinal);
        Assert.Contains($"  and {failed} fails: ", text, StringComparison.Ordinal);
        Assert.Contains("```mermaid\nflowchart TB\n", text, StringComparison.Ordinal);
        Assert.Contains("(faulty: knock-under-any-join-rule)", text, StringComparison.Ordinal);
        Assert.Contains("(byzantine: failing-events)", text, StringComparison.Ordinal);
        Assert.Contains($"seed 3, schedule {first}; replay: invitejoin explore --seed 3 --replay {first} --room-versions 7-12 --servers 2-3 --strategies failing-events,forged-invite,hidden-invite --fault knock-under-any-join-rule", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);

        // The pictures go beside the report, in both languages.
        var mermaid = File.ReadAllText(PathOf($"run.{failed}.mmd"));
        Assert.StartsWith("flowchart TB\n", mermaid, StringComparison.Ordinal);
        Assert.Contains(mermaid, text, StringComparison.Ordinal);
        Assert.StartsWith("digraph events {\n", File.ReadAllText(PathOf($"run.{failed}.dot")), StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--fault-finding</c> explores the space <c>--fault</c> explores with every server running the reference: the report says
    /// so, the federations differ from the default space's (every one has a Byzantine server), its replay lines name the
    /// option, and a replay with it runs the same schedule.
    /// </summary>
    [Fact]
    public void FaultFinding_ExploresTheFaultSpaceWithTheReference_AndReplaysWithTheOption()
    {
        var plain = PathOf("plain.json");
        var leaning = PathOf("leaning.json");
        Assert.Equal(0, Explore(["--seed", "9", "--schedules", "12", "--servers", "2-3", "--report", plain]).ExitCode);
        Assert.Equal(0, Explore(["--seed", "9", "--schedules", "12", "--servers", "2-3", "--fault-finding", "--report", leaning]).ExitCode);

        Assert.Equal(JsonValue.Bool(true), SpaceOf(leaning)["fault_finding"]);
        Assert.Equal(JsonValue.Bool(false), SpaceOf(plain)["fault_finding"]);
        Assert.NotEqual(File.ReadAllBytes(plain), File.ReadAllBytes(leaning));

        var run = ReplayLineOf(new ExploreRun { Seed = 9, Schedules = 12, Space = new ExploreSpace { FaultFinding = true } }, 5);
        Assert.Equal("invitejoin explore --seed 9 --replay 5 --fault-finding", run);
        var replay = Explore(["--seed", "9", "--replay", "5", "--fault-finding"]);
        Assert.Equal(0, replay.ExitCode);
        Assert.StartsWith("schedule 5 of seed 9: ", replay.Stdout, StringComparison.Ordinal);
        Assert.Contains("byzantine", replay.Stdout, StringComparison.Ordinal);
    }

    private static JsonObject SpaceOf(string report) => Assert.IsType<JsonObject>(Assert.IsType<JsonObject>(Parse(File.ReadAllBytes(report))["run"])["space"]);

    private static string ReplayLineOf(ExploreRun run, long index) => InviteJoin.Cli.Commands.ExploreCommand.ReplayLine(run, index);

    [Fact]
    public void Replay_ShrinksTheScheduleTellsItAndDrawsIt()
    {
        var pictures = PathOf("pictures");
        var run = Explore(["--seed", "3", "--replay", "4", "--room-versions", "7-12", "--servers", "2-3", "--strategies", "failing-events,forged-invite,hidden-invite",
            "--fault", "knock-under-any-join-rule", "--pictures", pictures]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("schedule 4 of seed 3: ", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nI-\d\d after step \d+: [^\n]*; shrunk to 1 steps", run.Stdout);
        Assert.Matches(@"\n  and I-\d\d fails: ", run.Stdout);
        Assert.True(File.Exists(Path.Combine(pictures, "schedule-4.mmd")));
        Assert.True(File.Exists(Path.Combine(pictures, "schedule-4.dot")));
    }

    [Fact]
    public void OnATerminal_ProgressAndTablesAreDrawn()
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = CommandLine.Run(["explore", .. Space, "--schedules", "12"], Stream.Null, output, error, terminalWidth: 120);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.True(exit is 0 or 1, error.ToString());
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("invariants", text, StringComparison.Ordinal);
        Assert.Contains("attacks of spec/dance.md", text, StringComparison.Ordinal);
        Assert.Contains("│ I-10 ", text, StringComparison.Ordinal);
        Assert.Contains("forged-invite", text, StringComparison.Ordinal);
        Assert.Contains("12 schedules", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ListFaults_PrintsOneFaultPerLineNameFirst()
    {
        var run = Explore("--list-faults");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, line => line.StartsWith("knock-under-any-join-rule  B9  ", StringComparison.Ordinal));
    }

    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { ["--schedules", "0"], "--schedules: 0 is outside 1-" },
        { ["--schedules", "many"], "--schedules: \"many\" is not a whole number" },
        { ["--seconds", "-3"], "--seconds: \"-3\" is not a number of seconds above 0" },
        { ["--seconds", "1", "--schedules", "5"], "--seconds and --schedules: give one budget" },
        { ["--seed", "-1"], "--seed: \"-1\" is not a whole number" },
        { ["--room-versions", "13"], "--room-versions: \"13\" is outside 1-12" },
        { ["--room-versions", "v10"], "--room-versions: \"v10\" is not n or min-max" },
        { ["--servers", "1-9"], "--servers: \"1-9\" is outside 2-7" },
        { ["--byzantine", "7"], "--byzantine: 7 is outside 0-6" },
        { ["--strategies", "sneaky"], "--strategies: no strategy is named \"sneaky\"" },
        { ["--signatures", "fake"], "--signatures: \"fake\" is neither real nor symbolic" },
        { ["--fault", "nothing"], "--fault: no planted fault is named \"nothing\"" },
        { ["--shard", "3/3"], "--shard: \"3/3\" is not i/n with 0 <= i < n" },
        { ["--threads", "0"], "--threads: 0 is outside 1-1024" },
        { ["--replay", "5"], "--replay: give the --seed of the run" },
        { ["--replay", "5", "--seed", "1", "--shard", "0/2"], "--replay: cannot be combined with --shard" },
        { ["--merge"], "--merge: name the shard reports to merge" },
        { ["--merge", "a.json", "--seed", "1"], "--merge: cannot be combined with --seed" },
        { ["--merge", "no-such-report.json"], "--merge: cannot read no-such-report.json" },
        { ["--report", "no-such-folder/report.json", "--schedules", "1"], "--report: the folder " },
        { ["--no-such-option"], "no-such-option" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void BadCommandLine_IsASentenceNamingTheOption_WithExitCodeTwo(string[] args, string expected)
    {
        var run = Explore(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("invitejoin explore: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RefusesAnIncompleteSetOfShardsAndReportsOfOtherRuns()
    {
        var shard0 = PathOf("shard0.json");
        Report("shard0.json", "--shard", "0/2");
        var other = PathOf("other.json");
        Assert.True(Explore(["--seed", "4", "--schedules", "4", "--shard", "1/2", "--byzantine", "0", "--report", other]).ExitCode is 0 or 1);
        var notReport = PathOf("not-report.json");
        File.WriteAllText(notReport, "{\"format\":\"something else\"}");
        var notJson = PathOf("not-json.json");
        File.WriteAllText(notJson, "{");

        Assert.Contains("expected each of the 2 shards once, got shards 0", Explore("--merge", shard0).Stderr, StringComparison.Ordinal);
        Assert.Contains("expected each of the 2 shards once, got shards 0, 0", Explore("--merge", shard0, shard0).Stderr, StringComparison.Ordinal);
        Assert.Contains($"{other} is a shard of another run than {shard0}", Explore("--merge", shard0, other).Stderr, StringComparison.Ordinal);
        Assert.Contains($"{notReport} is not an exploration report (invitejoin.explore/2): $.format", Explore("--merge", notReport).Stderr, StringComparison.Ordinal);
        Assert.Contains($"{notJson} is not JSON", Explore("--merge", notJson).Stderr, StringComparison.Ordinal);
        foreach (var args in new[] { new[] { "--merge", shard0 }, ["--merge", notReport], ["--merge", notJson] }) Assert.Equal(2, Explore(args).ExitCode);
    }
}
