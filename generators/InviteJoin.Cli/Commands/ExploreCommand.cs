using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin explore</c>, the main job: adversarial exploration of simulated federations — many servers, some
/// Byzantine, every delivery order a schedule picks — with the protocol's invariants checked after every step, each
/// violation shrunk to a short story with a picture of its event graph and its one-line replay, the verdict of each
/// attack of spec/dance.md, and a JSON report that shard reports merge into. Exit code 0 when no invariant failed, 1
/// when one did, 2 when the command's input (an option, a report to merge, a file to write) is wrong.
/// </summary>
internal static class ExploreCommand
{
    /// <summary>The exit code of a run that found a violation.</summary>
    public const int Violated = 1;

    /// <summary>The default time budget, in seconds.</summary>
    public const double DefaultSeconds = 60;

    public static Command Build(TextWriter stdout, TextWriter stderr, int? terminalWidth = null)
    {
        var seconds = new Option<string?>("--seconds") { Description = "Explore for about this long, in seconds (default 60); the report then covers the schedules run in time.", HelpName = "s" };
        var schedules = new Option<string?>("--schedules") { Description = "Explore exactly this many schedules instead: a reproducible budget (the same seed and count give the same report on any machine and any number of threads).", HelpName = "n" };
        var seed = new Option<string?>("--seed") { Description = "The run's seed (a number); chosen at random and printed when absent.", HelpName = "n" };
        var versions = new Option<string?>("--room-versions") { Description = "Room versions to explore, e.g. 1,2,10-12 (default: 1-12).", HelpName = "list" };
        var servers = new Option<string?>("--servers") { Description = $"Servers per federation, n or min-max within 2-{Cast.MaxServers} (default 2-5).", HelpName = "range" };
        var byzantine = new Option<string?>("--byzantine") { Description = "At most this many Byzantine servers per federation, 0-6 (default 1); never the room's creator.", HelpName = "k" };
        var strategies = new Option<string?>("--strategies") { Description = "Byzantine strategies to draw from (default: all but policy-evasion, which is drawn only when named and then gives the main room a policy server, and omitted-ban, which is drawn only when named or by the fault it shows): " + string.Join(", ", Adversaries.All.Select(Adversaries.Name)) + ".", HelpName = "list" };
        var strict = new Option<bool>("--strict-invites") { Description = "An invite entitles a join only when the invitee's server countersigned it." };
        var faultFinding = new Option<bool>("--fault-finding") { Description = "Explore the space --fault explores (probing Byzantine servers in every federation, every server's first user at power 100 in half of them, users eager to join), here with every server running the reference." };
        var signatures = new Option<string?>("--signatures") { Description = "real (Ed25519) or symbolic for every schedule (default: symbolic, one schedule in 20 real).", HelpName = "real|symbolic" };
        var fault = new Option<string?>("--fault") { Description = "Run some honest servers with this planted fault (see --list-faults).", HelpName = "name" };
        var listFaults = new Option<bool>("--list-faults") { Description = "List the planted faults, one per line, name first, and exit." };
        var replay = new Option<string?>("--replay") { Description = "Replay schedule n of the run given by --seed and the space options, shrink it (to its violation, or to how its attacks ended) and tell its story with a picture.", HelpName = "n" };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (i/n, 0 <= i < n): the schedules whose number is i modulo n. Merge the shards' reports with --merge.", HelpName = "i/n" };
        var merge = new Option<string[]>("--merge") { Description = "Merge these shard reports into the report of the whole run and print it (every shard once; the run's options come from the reports).", HelpName = "report", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
        var report = new Option<string?>("--report") { Description = "Write the JSON report to this file (pictures of violations go beside it unless --pictures says where).", HelpName = "file" };
        var pictures = new Option<string?>("--pictures") { Description = "Write each counterexample's event graph as Mermaid (.mmd) and Graphviz (.dot) into this folder.", HelpName = "dir" };
        var profiles = new Option<string?>("--profiles") { Description = "Mix servers deciding under these behaviour profiles, e.g. spec,synapse (default: spec); a federation that stops converging shows what a divergence costs (spec/divergences.md).", HelpName = "list" };
        var threads = new Option<string?>("--threads") { Description = "Threads to explore on (default: every core). The report does not depend on it.", HelpName = "n" };
        var command = new Command("explore", "Explore simulated federations (some servers Byzantine) over every delivery order a schedule picks, check the protocol's invariants after every step, judge the attacks of spec/dance.md, and shrink each violation to a replayable story with a picture.")
        {
            seconds, schedules, seed, versions, servers, byzantine, strategies, strict, faultFinding, signatures, fault, profiles, listFaults, replay, shard, merge, report, pictures, threads,
        };
        command.SetAction(parse =>
        {
            var view = ExploreView.For(stdout, terminalWidth);
            try
            {
                if (parse.GetValue(listFaults))
                {
                    foreach (var f in Faults.All) stdout.WriteLine($"{f.Name}  {f.Bug}  {f.Description}");
                    return ExitCodes.Ok;
                }
                var given = new Dictionary<string, bool>(StringComparer.Ordinal)
                {
                    ["--seconds"] = Given(parse, seconds),
                    ["--schedules"] = Given(parse, schedules),
                    ["--seed"] = Given(parse, seed),
                    ["--room-versions"] = Given(parse, versions),
                    ["--servers"] = Given(parse, servers),
                    ["--byzantine"] = Given(parse, byzantine),
                    ["--strategies"] = Given(parse, strategies),
                    ["--strict-invites"] = Given(parse, strict),
                    ["--fault-finding"] = Given(parse, faultFinding),
                    ["--signatures"] = Given(parse, signatures),
                    ["--fault"] = Given(parse, fault),
                    ["--profiles"] = Given(parse, profiles),
                    ["--replay"] = Given(parse, replay),
                    ["--shard"] = Given(parse, shard),
                    ["--threads"] = Given(parse, threads),
                    ["--report"] = Given(parse, report),
                };
                var output = new PictureTarget(parse.GetValue(pictures), parse.GetValue(report));
                if (Given(parse, merge))
                {
                    var files = parse.GetValue(merge) ?? [];
                    if (files.Length == 0) throw new UsageException("--merge: name the shard reports to merge");
                    Conflicts("--merge", given, "--report");
                    return Merge(files, parse.GetValue(report), output, view);
                }
                var run = ReadRun(parse.GetValue(seed), parse.GetValue(schedules), parse.GetValue(versions), parse.GetValue(servers), parse.GetValue(byzantine),
                    parse.GetValue(strategies), parse.GetValue(strict), parse.GetValue(signatures), parse.GetValue(fault), parse.GetValue(shard), parse.GetValue(profiles), parse.GetValue(faultFinding));
                if (parse.GetValue(replay) is { } replayText)
                {
                    if (!given["--seed"]) throw new UsageException("--replay: give the --seed of the run the schedule belongs to");
                    Conflicts("--replay", given, "--seed", "--room-versions", "--servers", "--byzantine", "--strategies", "--strict-invites", "--fault-finding", "--signatures", "--fault", "--profiles");
                    return Replay(run, Whole(replayText, "--replay", 0, long.MaxValue), output, view);
                }
                if (given["--seconds"] && given["--schedules"]) throw new UsageException("--seconds and --schedules: give one budget, a time or a count, not both");
                var budget = parse.GetValue(seconds) is { } text ? Seconds(text) : DefaultSeconds;
                var threadCount = parse.GetValue(threads) is { } t ? (int)Whole(t, "--threads", 1, 1024) : Environment.ProcessorCount;
                var reportFile = parse.GetValue(report);
                if (reportFile is not null) CheckWritable(reportFile);
                return Explore(run, budget, threadCount, reportFile, output, view);
            }
            catch (UsageException e)
            {
                stderr.WriteLine("invitejoin explore: " + e.Message);
                return ExitCodes.MalformedInput;
            }
        });
        return command;
    }

    /// <summary>A mistake in explore's command line or in a file it reads or writes; the message names the option and what is wrong.</summary>
    internal sealed class UsageException(string message) : Exception(message);

    // An option the command line names (not one given its default value).
    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static void Conflicts(string option, Dictionary<string, bool> given, params string[] allowed)
    {
        var others = given.Where(kv => kv.Value && kv.Key != option && !allowed.Contains(kv.Key)).Select(kv => kv.Key).ToList();
        if (others.Count > 0) throw new UsageException($"{option}: cannot be combined with {string.Join(", ", others)}");
    }

    private static ExploreRun ReadRun(string? seedText, string? schedulesText, string? versions, string? servers, string? byzantineText, string? strategies, bool strict,
        string? signatures, string? fault, string? shard, string? profiles, bool faultFinding = false)
    {
        var profileNames = profiles is null ? ImmutableArray.Create("spec") : [.. profiles.Split(',').Select(p => p.Trim())];
        foreach (var name in profileNames)
        {
            if (!Reference.Profiles.BehaviourProfiles.Lookup(name).IsOk) throw new UsageException($"--profiles: no behaviour profile is named \"{name}\" (invitejoin profiles lists them)");
        }
        ulong seed;
        if (seedText is null) seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;
        else if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed)) throw new UsageException($"--seed: \"{seedText}\" is not a whole number from 0 to {ulong.MaxValue}");
        long? schedules = schedulesText is null ? null : Whole(schedulesText, "--schedules", 1, long.MaxValue / 2);
        var (minServers, maxServers) = servers is null ? (2, 5) : Range(servers, "--servers", 2, Cast.MaxServers);
        var byzantine = byzantineText is null ? 1 : (int)Whole(byzantineText, "--byzantine", 0, Cast.MaxServers - 1);
        if (fault is not null && Faults.Find(fault) is null) throw new UsageException($"--fault: no planted fault is named \"{fault}\" (see --list-faults)");
        SignatureMode? mode = signatures switch
        {
            null => null,
            "real" => SignatureMode.Real,
            "symbolic" => SignatureMode.Symbolic,
            _ => throw new UsageException($"--signatures: \"{signatures}\" is neither real nor symbolic"),
        };
        var (shardIndex, shardCount) = (0, 1);
        if (shard is not null)
        {
            var parts = shard.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out shardIndex)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out shardCount) || shardCount < 1 || shardIndex >= shardCount)
            {
                throw new UsageException($"--shard: \"{shard}\" is not i/n with 0 <= i < n");
            }
        }
        var chosenVersions = versions is null ? RoomVersionRegistry.All : Versions(versions);
        if (Faults.Find(fault) is { } planted && !chosenVersions.Any(v => SimConfig.JoinRulesOf(v).Any(r => planted.ShowsIn(v, r))))
        {
            throw new UsageException($"--fault: {fault} cannot show in room versions {string.Join(",", chosenVersions.Select(v => v.Id))}");
        }
        return new ExploreRun
        {
            Seed = seed,
            Schedules = schedules,
            ShardIndex = shardIndex,
            ShardCount = shardCount,
            Space = new ExploreSpace
            {
                Versions = chosenVersions,
                MinServers = minServers,
                MaxServers = maxServers,
                MaxByzantine = byzantine,
                Strategies = strategies is null ? Adversaries.Default : Strategies(strategies),
                StrictInvites = strict,
                Signatures = mode,
                Fault = fault,
                FaultFinding = faultFinding || fault is not null,
                Profiles = profileNames,
            },
        };
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or a usage error naming <paramref name="option"/>.</summary>
    private static long Whole(string text, string option, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) throw new UsageException($"{option}: \"{text}\" is not a whole number");
        if (value < min || value > max) throw new UsageException($"{option}: {value} is outside {min}-{max}");
        return value;
    }

    private static double Seconds(string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 || value > 31_536_000)
        {
            throw new UsageException($"--seconds: \"{text}\" is not a number of seconds above 0 (at most a year)");
        }
        return value;
    }

    private static (int, int) Range(string text, string option, int min, int max)
    {
        var parts = text.Split('-');
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new UsageException($"{option}: \"{text}\" is not n or min-max");
        }
        var low = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var high = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        if (low < min || high > max || low > high) throw new UsageException($"{option}: \"{text}\" is outside {min}-{max}");
        return (low, high);
    }

    private static ImmutableArray<RoomVersion> Versions(string text)
    {
        var chosen = new SortedSet<int>();
        foreach (var part in text.Split(','))
        {
            var (low, high) = Range(part.Trim(), "--room-versions", 1, RoomVersionRegistry.All.Length);
            for (var v = low; v <= high; v++) chosen.Add(v);
        }
        return [.. chosen.Select(v => RoomVersionRegistry.Lookup(v.ToString(CultureInfo.InvariantCulture)).Value)];
    }

    private static ImmutableArray<Adversary> Strategies(string text) =>
        [.. text.Split(',').Select(name => Adversaries.Parse(name.Trim()) ?? throw new UsageException($"--strategies: no strategy is named \"{name.Trim()}\" (the strategies: {string.Join(", ", Adversaries.All.Select(Adversaries.Name))})"))];

    private static int Explore(ExploreRun run, double seconds, int threads, string? reportFile, PictureTarget pictures, ExploreView view)
    {
        view.Started(run, seconds, threads);
        var clock = Stopwatch.StartNew();
        var report = view.WithProgress(run, seconds, progress =>
            Explorer.Explore(run, threads, () => progress.Stop(clock.Elapsed.TotalSeconds >= seconds), progress.Report));
        var elapsed = clock.Elapsed.TotalSeconds;
        var drawn = ExplorePictures.Draw(report, pictures);
        view.Finished(report, drawn);
        if (reportFile is not null) Write(report, reportFile);
        view.Summary(report, elapsed, threads);
        return report.Failed ? Violated : ExitCodes.Ok;
    }

    /// <summary>The one-line command that replays schedule <paramref name="index"/> of <paramref name="run"/>.</summary>
    public static string ReplayLine(ExploreRun run, long index)
    {
        var space = run.Space;
        var parts = new List<string> { "invitejoin explore", "--seed " + run.Seed.ToString(CultureInfo.InvariantCulture), "--replay " + index.ToString(CultureInfo.InvariantCulture) };
        if (!space.Versions.SequenceEqual(RoomVersionRegistry.All)) parts.Add("--room-versions " + VersionList(space.Versions));
        if (space.MinServers != 2 || space.MaxServers != 5) parts.Add($"--servers {space.MinServers}-{space.MaxServers}");
        if (space.MaxByzantine != 1) parts.Add("--byzantine " + space.MaxByzantine.ToString(CultureInfo.InvariantCulture));
        if (!space.Strategies.SequenceEqual(Adversaries.Default)) parts.Add("--strategies " + string.Join(",", space.Strategies.Select(Adversaries.Name)));
        if (space.StrictInvites) parts.Add("--strict-invites");
        if (space.Signatures is { } mode) parts.Add("--signatures " + SignatureModes.Name(mode));
        if (space.Fault is not null) parts.Add("--fault " + space.Fault);
        else if (space.FaultFinding) parts.Add("--fault-finding");
        if (!space.Profiles.SequenceEqual(["spec"])) parts.Add("--profiles " + string.Join(",", space.Profiles));
        return string.Join(" ", parts);
    }

    // Room versions as the option writes them, runs of consecutive versions as ranges: 1,2,7-12.
    private static string VersionList(IEnumerable<RoomVersion> versions)
    {
        var numbers = versions.Select(v => int.Parse(v.Id, CultureInfo.InvariantCulture)).Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var j = i;
            while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1) j++;
            parts.Add(j == i ? numbers[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{numbers[i]}-{numbers[j]}"));
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    private static int Replay(ExploreRun run, long index, PictureTarget pictures, ExploreView view)
    {
        var (schedule, result, counterexample) = Explorer.Replay(run, index);
        var name = "schedule-" + index.ToString(CultureInfo.InvariantCulture);
        var title = $"schedule {index} of seed {run.Seed}, shrunk";
        if (counterexample is not null)
        {
            view.Replayed(run, index, schedule, new ReplayStory(
                $"{result.Violation}; shrunk to {counterexample.Schedule.StepsText} ({counterexample.Events} events):",
                counterexample.Story,
                ExplorePictures.Draw(counterexample.Schedule, name, pictures, title)));
            return Violated;
        }
        var scenario = AttackScenario.Of(schedule, run.ShrinkRuns);
        view.Replayed(run, index, schedule, scenario.Outcomes.IsEmpty
            ? new ReplayStory($"no invariant fails ({result.Steps} steps run), and no server plays an attack of spec/dance.md", [], null)
            : new ReplayStory(
                $"no invariant fails ({result.Steps} steps run); what became of its attacks, shrunk to {scenario.Schedule.StepsText}:",
                scenario.Story,
                ExplorePictures.Draw(scenario.World, name, pictures, title)));
        return ExitCodes.Ok;
    }

    private static int Merge(string[] files, string? reportFile, PictureTarget pictures, ExploreView view)
    {
        var shards = new List<ExploreReport>();
        foreach (var file in files)
        {
            try
            {
                var parsed = StrictJsonReader.Parse(File.ReadAllBytes(file), JsonReadOptions.Canonical);
                if (!parsed.IsOk) throw new UsageException($"--merge: {file} is not JSON: {parsed.Failure}");
                shards.Add(ReportJson.FromJson(parsed.Value));
            }
            catch (FormatException e)
            {
                throw new UsageException($"--merge: {file} is not an exploration report ({ReportJson.Format}): {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--merge: cannot read {file}: {e.Message}");
            }
        }
        var first = shards[0].Run;
        var whole = CanonicalJson.EncodeToString(ReportJson.RunJson(first with { ShardIndex = 0 }));
        foreach (var (shard, file) in shards.Zip(files))
        {
            if (CanonicalJson.EncodeToString(ReportJson.RunJson(shard.Run with { ShardIndex = 0 })) != whole)
            {
                throw new UsageException($"--merge: {file} is a shard of another run than {files[0]} (seed, budget, shard count or options differ)");
            }
        }
        var indices = shards.Select(s => s.Run.ShardIndex).ToList();
        if (indices.Distinct().Count() != indices.Count || indices.Count != first.ShardCount)
        {
            throw new UsageException($"--merge: expected each of the {first.ShardCount} shards once, got shards {string.Join(", ", indices.Order())}");
        }
        if (reportFile is not null) CheckWritable(reportFile);
        var merged = Explorer.Merge(shards);
        view.Finished(merged, ExplorePictures.Draw(merged, pictures));
        if (reportFile is not null) Write(merged, reportFile);
        return merged.Failed ? Violated : ExitCodes.Ok;
    }

    /// <summary>The report's bytes: canonical JSON and a line break, so equal reports are equal files.</summary>
    public static byte[] Bytes(ExploreReport report) => [.. CanonicalJson.Encode(ReportJson.ToJson(report)), (byte)'\n'];

    private static void Write(ExploreReport report, string file) => WriteFile(file, Bytes(report), "--report");

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="file"/>; a failure is a usage error naming <paramref name="option"/>.</summary>
    internal static void WriteFile(string file, byte[] bytes, string option)
    {
        try
        {
            File.WriteAllBytes(file, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option}: cannot write {file}: {e.Message}");
        }
    }

    // Before a run of a minute rather than after it: the report's folder must exist, and the report not be a folder.
    private static void CheckWritable(string file)
    {
        string full;
        try
        {
            full = Path.GetFullPath(file);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"--report: \"{file}\" is not a file name: {e.Message}");
        }
        if (Directory.Exists(full)) throw new UsageException($"--report: {file} is a folder");
        if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder)) throw new UsageException($"--report: the folder {folder} does not exist");
    }
}
