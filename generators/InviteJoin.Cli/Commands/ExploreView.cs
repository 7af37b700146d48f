using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using InviteJoin.Generators.Simulation;

namespace InviteJoin.Cli.Commands;

/// <summary>What explore's workers tell the display as they go, and when a time budget ran out.</summary>
internal sealed class ProgressSink(Action<long, long, long> report)
{
    /// <summary>True once the time budget has run out (the run then finishes its schedules and shrinks).</summary>
    public bool TimeUp { get; private set; }

    /// <summary>Called with (schedules, steps, schedules with a violation) after each schedule.</summary>
    public void Report(long done, long steps, long failures) => report(done, steps, failures);

    /// <summary>Passes <paramref name="timeUp"/> through, remembering it.</summary>
    public bool Stop(bool timeUp)
    {
        if (timeUp) TimeUp = true;
        return timeUp;
    }
}

/// <summary>What a replay found, to print: a headline, the story (shrunk) and its picture.</summary>
internal sealed record ReplayStory(string Headline, ImmutableArray<string> Story, Picture? Picture);

/// <summary>
/// How explore shows a run: live progress, the invariant table, the attack verdicts, the counterexamples with their
/// pictures and replay lines. On a terminal it draws with Spectre.Console; to a file or a pipe it writes plain lines.
/// </summary>
internal abstract class ExploreView
{
    public static ExploreView For(TextWriter stdout, int? terminalWidth) =>
        terminalWidth is { } width ? new TerminalExploreView(stdout, width) : new PlainExploreView(stdout);

    public abstract void Started(ExploreRun run, double seconds, int threads);

    /// <summary>Runs <paramref name="explore"/> while showing its progress.</summary>
    public abstract ExploreReport WithProgress(ExploreRun run, double seconds, Func<ProgressSink, ExploreReport> explore);

    /// <summary>The report: invariants, attacks, violations (with <paramref name="pictures"/>, by invariant).</summary>
    public abstract void Finished(ExploreReport report, IReadOnlyDictionary<string, Picture> pictures);

    public abstract void Summary(ExploreReport report, double elapsed, int threads);

    public abstract void Replayed(ExploreRun run, long index, Schedule schedule, ReplayStory replay);

    /// <summary>
    /// Notes under the attack table for the attacks whose strategy a space draws only when <c>--strategies</c> names it
    /// (<see cref="Adversaries.Default"/>) and this run's space does not.
    /// </summary>
    public static IEnumerable<string> NotDrawn(ExploreReport report) =>
        report.Attacks.Where(a => !Adversaries.Default.Contains(a.Strategy) && !report.Run.Space.Strategies.Contains(a.Strategy))
            .Select(a => $"{a.Attack}: not drawn: {Adversaries.Name(a.Strategy)} plays only when --strategies names it, which gives the main room a policy server");

    // ---- text shared by both views ----

    protected static string Budget(ExploreRun run, double seconds) =>
        run.Schedules is { } n ? n.ToString(CultureInfo.InvariantCulture) + " schedules" : seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    protected static string Heading(ExploreRun run, double seconds, int threads) =>
        $"invitejoin explore: seed {run.Seed}, {Budget(run, seconds)}{(run.ShardCount > 1 ? $", shard {run.ShardIndex}/{run.ShardCount}" : "")}, {threads} thread(s)";

    protected static string ViolationHeading(ViolationGroup v) =>
        $"{v.Invariant} failed in {v.Count} schedule(s); the first, number {v.FirstSchedule}, shrunk from {v.OriginalSteps} to {v.Counterexample.Schedule.StepsText} ({v.Counterexample.Events} events):";

    protected static string SeedLine(ExploreRun run, long index) => $"seed {run.Seed}, schedule {index}; replay: {ExploreCommand.ReplayLine(run, index)}";

    protected static string SummaryLine(ExploreReport report, double elapsed, int threads) =>
        $"{report.SchedulesRun} schedules ({report.StepsRun} steps) in {elapsed:0.0} s: {report.SchedulesRun / Math.Max(elapsed, 1e-9):0} schedules/s on {threads} thread(s)";

    protected static string Count(AttackCase c) => c.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>The files a picture went to, for a line "picture: …".</summary>
    protected static string? FilesLine(Picture picture) => picture.Files.IsEmpty ? null : "picture: " + string.Join(", ", picture.Files);
}

/// <summary>Plain lines, for files and pipes: no colours, no cursor movement; progress every five seconds.</summary>
internal sealed class PlainExploreView(TextWriter stdout) : ExploreView
{
    public override void Started(ExploreRun run, double seconds, int threads)
    {
        stdout.WriteLine(Heading(run, seconds, threads));
        stdout.Flush();
    }

    public override ExploreReport WithProgress(ExploreRun run, double seconds, Func<ProgressSink, ExploreReport> explore)
    {
        var clock = Stopwatch.StartNew();
        var lastPrinted = TimeSpan.Zero;
        return explore(new ProgressSink((done, steps, failures) =>
        {
            if (clock.Elapsed - lastPrinted < TimeSpan.FromSeconds(5)) return;
            lastPrinted = clock.Elapsed;
            stdout.WriteLine($"  {done} schedules, {steps} steps, {failures} with a violation ({clock.Elapsed.TotalSeconds:0} s)");
            stdout.Flush();
        }));
    }

    public override void Finished(ExploreReport report, IReadOnlyDictionary<string, Picture> pictures)
    {
        stdout.WriteLine();
        stdout.WriteLine($"{"invariant",-6} {"",-32} {"schedules",10} {"steps",12} {"violations",10}");
        foreach (var t in report.Invariants) stdout.WriteLine($"{t.Id,-6} {t.Name,-32} {t.Schedules,10} {t.Steps,12} {t.Violations,10}");

        stdout.WriteLine();
        stdout.WriteLine($"{"attack",-6} {"strategy",-24} {"schedules",10} {"prevented",10} {"healed",8} {"open",8}  verdict");
        foreach (var a in report.Attacks)
        {
            stdout.WriteLine($"{a.Attack,-6} {Adversaries.Name(a.Strategy),-24} {a.Schedules,10} {Count(a.Prevented),10} {Count(a.Healed),8} {Count(a.Open),8}  {AttackVerdicts.Text(a.Verdict)}");
        }
        foreach (var note in NotDrawn(report)) stdout.WriteLine(note);
        foreach (var a in report.Attacks.Where(a => a.Verdict != AttackVerdict.NotExercised))
        {
            stdout.WriteLine($"{a.Attack} {AttackVerdicts.Text(a.Verdict)}: {a.Shown.Why}");
            stdout.WriteLine("  " + SeedLine(report.Run, a.Shown.FirstSchedule));
        }

        foreach (var v in report.Violations)
        {
            stdout.WriteLine();
            stdout.WriteLine(ViolationHeading(v));
            foreach (var line in v.Counterexample.Story) stdout.WriteLine("  " + line);
            if (pictures.TryGetValue(v.Invariant, out var picture)) Draw(picture);
            stdout.WriteLine("  " + SeedLine(report.Run, v.FirstSchedule));
        }
        stdout.WriteLine();
        stdout.Flush();
    }

    public override void Summary(ExploreReport report, double elapsed, int threads)
    {
        stdout.WriteLine(SummaryLine(report, elapsed, threads));
        stdout.Flush();
    }

    public override void Replayed(ExploreRun run, long index, Schedule schedule, ReplayStory replay)
    {
        stdout.WriteLine($"schedule {index} of seed {run.Seed}: {schedule.Config}, {schedule.Length} steps");
        stdout.WriteLine(replay.Headline);
        foreach (var line in replay.Story) stdout.WriteLine("  " + line);
        if (replay.Picture is { } picture) Draw(picture);
        stdout.Flush();
    }

    private void Draw(Picture picture)
    {
        if (FilesLine(picture) is { } files) stdout.WriteLine("  " + files);
        stdout.WriteLine("```mermaid");
        stdout.Write(picture.Mermaid);
        stdout.WriteLine("```");
    }
}
