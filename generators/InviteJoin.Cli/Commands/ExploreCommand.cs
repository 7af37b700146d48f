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
/// violation shrunk to a short story with its one-line replay, and a JSON report that shard reports merge into.
/// Exit code 0 when no invariant failed, 1 when one did, 2 when the command's input (an option, a report to merge)
/// is wrong.
/// </summary>
internal static class ExploreCommand
{
    /// <summary>The exit code of a run that found a violation.</summary>
    public const int Violated = 1;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var seconds = new Option<double?>("--seconds") { Description = "Explore for about this long (default 60); ignored with --schedules.", HelpName = "s" };
        var schedules = new Option<long?>("--schedules") { Description = "Explore exactly this many schedules: a reproducible budget (the same seed and count give the same report on any machine).", HelpName = "n" };
        var seed = new Option<string?>("--seed") { Description = "The run's seed (a number); chosen at random and printed when absent.", HelpName = "n" };
        var versions = new Option<string?>("--room-versions") { Description = "Room versions to explore, e.g. 1,2,10-12 (default: 1-12).", HelpName = "list" };
        var servers = new Option<string?>("--servers") { Description = "Servers per federation, n or min-max within 2-7 (default 2-5).", HelpName = "range" };
        var byzantine = new Option<int?>("--byzantine") { Description = "At most this many Byzantine servers per federation (default 1).", HelpName = "k" };
        var strategies = new Option<string?>("--strategies") { Description = "Byzantine strategies to draw from (default: all): " + string.Join(", ", Adversaries.All.Select(Adversaries.Name)) + ".", HelpName = "list" };
        var strict = new Option<bool>("--strict-invites") { Description = "An invite entitles a join only when the invitee's server countersigned it." };
        var signatures = new Option<string?>("--signatures") { Description = "real or symbolic for every schedule (default: symbolic, one schedule in 20 real).", HelpName = "real|symbolic" };
        signatures.AcceptOnlyFromAmong("real", "symbolic");
        var fault = new Option<string?>("--fault") { Description = "Run some honest servers with this planted fault (see --list-faults).", HelpName = "name" };
        var listFaults = new Option<bool>("--list-faults") { Description = "List the planted faults, one per line, name first, and exit." };
        var replay = new Option<long?>("--replay") { Description = "Replay schedule number n of the run (with the same --seed and space options), shrink it if it fails, and tell its story.", HelpName = "n" };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (i/n): the schedules whose number is i modulo n.", HelpName = "i/n" };
        var merge = new Option<string[]>("--merge") { Description = "Merge these shard reports into the report of the whole run (and print it).", HelpName = "report", AllowMultipleArgumentsPerToken = true };
        var report = new Option<string?>("--report") { Description = "Write the JSON report to this file.", HelpName = "file" };
        var threads = new Option<int?>("--threads") { Description = "Threads to explore on (default: every core). The report does not depend on it.", HelpName = "n" };
        var command = new Command("explore", "Explore simulated federations (some servers Byzantine) over every delivery order a schedule picks, check the protocol's invariants after every step, and shrink each violation to a replayable story.")
        {
            seconds, schedules, seed, versions, servers, byzantine, strategies, strict, signatures, fault, listFaults, replay, shard, merge, report, threads,
        };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(listFaults))
                {
                    foreach (var f in Faults.All) stdout.WriteLine($"{f.Name}  {f.Bug}  {f.Description}");
                    return ExitCodes.Ok;
                }
                if (parse.GetValue(merge) is { Length: > 0 } files) return Merge(files, parse.GetValue(report), stdout);
                var run = ReadRun(parse.GetValue(seed), parse.GetValue(schedules), parse.GetValue(versions), parse.GetValue(servers), parse.GetValue(byzantine),
                    parse.GetValue(strategies), parse.GetValue(strict), parse.GetValue(signatures), parse.GetValue(fault), parse.GetValue(shard));
                if (parse.GetValue(replay) is { } index) return Replay(run, index, stdout);
                return Explore(run, parse.GetValue(seconds) ?? 60, parse.GetValue(threads) ?? Environment.ProcessorCount, parse.GetValue(report), stdout, stderr);
            }
            catch (UsageException e)
            {
                stderr.WriteLine("invitejoin explore: " + e.Message);
                return ExitCodes.MalformedInput;
            }
        });
        return command;
    }

    private sealed class UsageException(string message) : Exception(message);

    private static ExploreRun ReadRun(string? seedText, long? schedules, string? versions, string? servers, int? byzantine, string? strategies, bool strict,
        string? signatures, string? fault, string? shard)
    {
        ulong seed;
        if (seedText is null) seed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;
        else if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed)) throw new UsageException($"--seed: \"{seedText}\" is not a non-negative integer");
        if (schedules is < 1) throw new UsageException("--schedules: must be at least 1");
        var (minServers, maxServers) = servers is null ? (2, 5) : Range(servers, "--servers", 2, Cast.MaxServers);
        if (byzantine is < 0 or > 6) throw new UsageException("--byzantine: must be between 0 and 6");
        if (fault is not null && Faults.Find(fault) is null) throw new UsageException($"--fault: no planted fault is named \"{fault}\" (see --list-faults)");
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
                MaxByzantine = byzantine ?? 1,
                Strategies = strategies is null ? Adversaries.All : Strategies(strategies),
                StrictInvites = strict,
                Signatures = signatures switch { "real" => SignatureMode.Real, "symbolic" => SignatureMode.Symbolic, _ => null },
                Fault = fault,
            },
        };
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
        [.. text.Split(',').Select(name => Adversaries.Parse(name.Trim()) ?? throw new UsageException($"--strategies: no strategy is named \"{name.Trim()}\""))];

    private static int Explore(ExploreRun run, double seconds, int threads, string? reportFile, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine($"invitejoin explore: seed {run.Seed}, {(run.Schedules is { } n ? n + " schedules" : seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s")}"
            + $"{(run.ShardCount > 1 ? $", shard {run.ShardIndex}/{run.ShardCount}" : "")}, {threads} thread(s)");
        stdout.Flush();
        var clock = Stopwatch.StartNew();
        var lastPrinted = TimeSpan.Zero;
        var report = Explorer.Explore(run, threads, () => clock.Elapsed.TotalSeconds >= seconds, (done, steps, failures) =>
        {
            if (clock.Elapsed - lastPrinted < TimeSpan.FromSeconds(5)) return;
            lastPrinted = clock.Elapsed;
            stdout.WriteLine($"  {done} schedules, {steps} steps, {failures} with a violation ({clock.Elapsed.TotalSeconds:0} s)");
            stdout.Flush();
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        Print(report, stdout);
        stdout.WriteLine($"{report.SchedulesRun} schedules ({report.StepsRun} steps) in {elapsed:0.0} s: {report.SchedulesRun / Math.Max(elapsed, 1e-9):0} schedules/s on {threads} thread(s)");
        if (reportFile is not null) Write(report, reportFile);
        return report.Failed ? Violated : ExitCodes.Ok;
    }

    private static void Print(ExploreReport report, TextWriter stdout)
    {
        stdout.WriteLine();
        stdout.WriteLine($"{"invariant",-6} {"",-32} {"schedules",10} {"steps",12} {"violations",10}");
        foreach (var t in report.Invariants) stdout.WriteLine($"{t.Id,-6} {t.Name,-32} {t.Schedules,10} {t.Steps,12} {t.Violations,10}");
        foreach (var v in report.Violations)
        {
            stdout.WriteLine();
            stdout.WriteLine($"{v.Invariant} failed in {v.Count} schedule(s); the first, number {v.FirstSchedule}, shrunk from {v.OriginalSteps} to {v.Counterexample.Schedule.Length} steps ({v.Counterexample.Events} events):");
            foreach (var line in v.Counterexample.Story) stdout.WriteLine("  " + line);
            stdout.WriteLine("  replay: " + ReplayLine(report.Run, v.FirstSchedule));
        }
        stdout.WriteLine();
    }

    /// <summary>The one-line command that replays schedule <paramref name="index"/> of <paramref name="run"/>.</summary>
    public static string ReplayLine(ExploreRun run, long index)
    {
        var space = run.Space;
        var parts = new List<string> { "invitejoin explore", "--seed " + run.Seed.ToString(CultureInfo.InvariantCulture), "--replay " + index.ToString(CultureInfo.InvariantCulture) };
        if (!space.Versions.SequenceEqual(RoomVersionRegistry.All)) parts.Add("--room-versions " + string.Join(",", space.Versions.Select(v => v.Id)));
        if (space.MinServers != 2 || space.MaxServers != 5) parts.Add($"--servers {space.MinServers}-{space.MaxServers}");
        if (space.MaxByzantine != 1) parts.Add("--byzantine " + space.MaxByzantine.ToString(CultureInfo.InvariantCulture));
        if (!space.Strategies.SequenceEqual(Adversaries.All)) parts.Add("--strategies " + string.Join(",", space.Strategies.Select(Adversaries.Name)));
        if (space.StrictInvites) parts.Add("--strict-invites");
        if (space.Signatures is { } mode) parts.Add("--signatures " + SignatureModes.Name(mode));
        if (space.Fault is not null) parts.Add("--fault " + space.Fault);
        return string.Join(" ", parts);
    }

    private static int Replay(ExploreRun run, long index, TextWriter stdout)
    {
        var (schedule, result, counterexample) = Explorer.Replay(run, index);
        stdout.WriteLine($"schedule {index} of seed {run.Seed}: {schedule.Config}, {schedule.Length} steps");
        if (counterexample is null)
        {
            stdout.WriteLine($"no invariant fails ({result.Steps} steps run)");
            return ExitCodes.Ok;
        }
        stdout.WriteLine($"{result.Violation}; shrunk to {counterexample.Schedule.Length} steps ({counterexample.Events} events):");
        foreach (var line in counterexample.Story) stdout.WriteLine("  " + line);
        return Violated;
    }

    private static int Merge(string[] files, string? reportFile, TextWriter stdout)
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
                throw new UsageException($"--merge: {file} is not an exploration report: {e.Message}");
            }
            catch (IOException e)
            {
                throw new UsageException($"--merge: cannot read {file}: {e.Message}");
            }
        }
        var first = shards[0].Run;
        foreach (var (shard, file) in shards.Zip(files))
        {
            if (shard.Run.Seed != first.Seed || shard.Run.Schedules != first.Schedules || shard.Run.ShardCount != first.ShardCount)
            {
                throw new UsageException($"--merge: {file} is a shard of another run (seed, budget or shard count differ)");
            }
        }
        var indices = shards.Select(s => s.Run.ShardIndex).ToList();
        if (indices.Distinct().Count() != indices.Count || indices.Count != first.ShardCount)
        {
            throw new UsageException($"--merge: expected each of the {first.ShardCount} shards once, got shards {string.Join(", ", indices.Order())}");
        }
        var merged = Explorer.Merge(shards);
        Print(merged, stdout);
        if (reportFile is not null) Write(merged, reportFile);
        return merged.Failed ? Violated : ExitCodes.Ok;
    }

    private static void Write(ExploreReport report, string file)
    {
        try
        {
            File.WriteAllBytes(file, [.. CanonicalJson.Encode(ReportJson.ToJson(report)), (byte)'\n']);
        }
        catch (IOException e)
        {
            throw new UsageException($"--report: cannot write {file}: {e.Message}");
        }
    }
}
