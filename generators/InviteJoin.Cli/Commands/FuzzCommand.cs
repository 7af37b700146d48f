using System.CommandLine;
using System.Globalization;
using InviteJoin.Cli.Fuzzing;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin fuzz [--seconds N] [--cases N] [--seed S] [--case K [--print]]</c>: runs the mutation
/// fuzzer (<see cref="Fuzzer"/>) over every data command and prints what it found, each finding with the
/// one-line command that replays it. Exit code 0 when nothing was found, 70 when something was (a bug).
/// </summary>
internal static class FuzzCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "fuzz";

    public static Command Build(TextWriter stdout, Stream rawStdout)
    {
        var seconds = new Option<int>("--seconds") { Description = "Run for this long (default 60) unless --cases ends it first.", HelpName = "N", DefaultValueFactory = _ => 60 };
        var cases = new Option<long?>("--cases") { Description = "Run at most this many cases.", HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = "The run's seed (default: chosen from the clock and printed).", HelpName = "S" };
        var single = new Option<long?>("--case") { Description = "Run only case K of the seed (to replay a finding).", HelpName = "K" };
        var print = new Option<bool>("--print") { Description = "With --case: write the case's request to stdout instead of running it, to pipe into the command." };
        var command = new Command(Name, "Fuzz every data command with mutated requests and check the command-line contract (exit 0 or 2, one JSON answer per line, no trace, --jobs identical, bounded time and memory).")
        {
            seconds, cases, seed, single, print,
        };
        command.SetAction(parseResult =>
        {
            // The clock only picks a seed that is then printed, so every run can be replayed.
            var runSeed = parseResult.GetValue(seed) ?? (int)(DateTime.UtcNow.Ticks % int.MaxValue);
            var fuzzer = new Fuzzer(runSeed);
            if (parseResult.GetValue(single) is { } index)
            {
                if (parseResult.GetValue(print))
                {
                    var (name, request) = fuzzer.Case(index);
                    stdout.Flush();
                    rawStdout.Write(request);
                    rawStdout.Flush();
                    return ExitCodes.Ok;
                }
                return Report(fuzzer.Run(index, 1), runSeed, stdout);
            }
            var duration = TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(seconds)));
            var report = fuzzer.Run(0, parseResult.GetValue(cases) ?? long.MaxValue, duration,
                done => stdout.Write(string.Create(CultureInfo.InvariantCulture, $"{done} cases\n")));
            return Report(report, runSeed, stdout);
        });
        return command;
    }

    private static int Report(FuzzReport report, int seed, TextWriter stdout)
    {
        stdout.Write(string.Create(CultureInfo.InvariantCulture,
            $"seed {seed}: {report.Cases} cases ({report.Requests} single requests, {report.Batches} --jsonl batches); " +
            $"slowest request {report.Slowest.TotalMilliseconds:F0} ms, most allocated {report.MostAllocated / 1024} KiB; {report.Findings.Length} findings\n"));
        foreach (var finding in report.Findings)
        {
            stdout.Write(string.Create(CultureInfo.InvariantCulture,
                $"{finding}\n  replay: invitejoin fuzz --seed {seed} --case {finding.Case} --print | invitejoin {finding.Command}\n"));
        }
        stdout.Flush();
        return report.Findings.IsEmpty ? ExitCodes.Ok : ExitCodes.Internal;
    }
}
