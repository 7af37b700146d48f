using System.Diagnostics;
using System.Globalization;
using InviteJoin.Generators.Simulation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace InviteJoin.Cli.Commands;

/// <summary>explore on a terminal: a live progress bar, then tables and coloured verdicts, drawn by Spectre.Console.</summary>
internal sealed class TerminalExploreView : ExploreView
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _raw;

    public TerminalExploreView(TextWriter stdout, int width)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(stdout),
        });
        _console.Profile.Width = width;
        _raw = stdout;
    }

    // Stories, pictures and replay lines go out as they are, never wrapped, so they can be copied whole.
    private void Raw(string line)
    {
        _raw.Write(line);
        _raw.Write('\n');
        _raw.Flush();
    }

    public override void Started(ExploreRun run, double seconds, int threads) =>
        _console.MarkupLineInterpolated($"[bold]{Heading(run, seconds, threads)}[/]");

    public override ExploreReport WithProgress(ExploreRun run, double seconds, Func<ProgressSink, ExploreReport> explore)
    {
        ExploreReport? report = null;
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("exploring", maxValue: run.Schedules is { } n ? Math.Max(1, (n - run.ShardIndex + run.ShardCount - 1) / run.ShardCount) : seconds);
                var clock = Stopwatch.StartNew();
                var gate = new object();
                var lastShown = TimeSpan.FromSeconds(-1);
                var sink = new ProgressSink((done, steps, failures) =>
                {
                    lock (gate)
                    {
                        var now = clock.Elapsed;
                        var finished = run.Schedules is not null && done >= task.MaxValue;
                        if (!finished && now - lastShown < TimeSpan.FromMilliseconds(100)) return;
                        lastShown = now;
                        task.Value = run.Schedules is null ? Math.Min(now.TotalSeconds, seconds) : done;
                        var rate = done / Math.Max(now.TotalSeconds, 1e-3);
                        var violating = failures == 0 ? "[green]no violation[/]" : $"[red]{failures} with a violation[/]";
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"{done:N0} schedules · {steps:N0} steps · {violating} · {rate:N0}/s")
                            + (finished && failures > 0 ? " · shrinking" : "");
                    }
                });
                report = explore(sink);
                lock (gate)
                {
                    task.Value = task.MaxValue;
                }
            });
        return report!;
    }

    public override void Finished(ExploreReport report, IReadOnlyDictionary<string, Picture> pictures)
    {
        _console.WriteLine();
        var invariants = new Table().Border(TableBorder.Rounded).Title("[bold]invariants[/]")
            .AddColumn("id").AddColumn("invariant").AddColumn(new TableColumn("schedules").RightAligned())
            .AddColumn(new TableColumn("steps").RightAligned()).AddColumn(new TableColumn("violations").RightAligned());
        foreach (var t in report.Invariants)
        {
            invariants.AddRow(new Text(t.Id), new Text(t.Name), Number(t.Schedules), Number(t.Steps),
                t.Violations == 0 ? new Markup("[green]0[/]") : new Markup($"[bold red]{t.Violations.ToString("N0", CultureInfo.InvariantCulture)}[/]"));
        }
        _console.Write(invariants);

        var attacks = new Table().Border(TableBorder.Rounded).Title("[bold]attacks of spec/dance.md[/]")
            .AddColumn("attack").AddColumn(new TableColumn("strategy").NoWrap()).AddColumn(new TableColumn("schedules").RightAligned())
            .AddColumn(new TableColumn("prevented").RightAligned()).AddColumn(new TableColumn("healed").RightAligned())
            .AddColumn(new TableColumn("open").RightAligned()).AddColumn(new TableColumn("verdict").NoWrap());
        foreach (var a in report.Attacks)
        {
            attacks.AddRow(new Text(a.Attack), new Text(Adversaries.Name(a.Strategy)), Number(a.Schedules), Number(a.Prevented.Count), Number(a.Healed.Count), Number(a.Open.Count), Verdict(a.Verdict));
        }
        _console.Write(attacks);
        foreach (var note in NotDrawn(report)) _console.MarkupLineInterpolated($"[grey]{note}[/]");
        foreach (var a in report.Attacks.Where(a => a.Verdict != AttackVerdict.NotExercised))
        {
            _console.Write(new Markup($"[bold]{a.Attack}[/] "));
            _console.Write(Verdict(a.Verdict));
            Raw(": " + a.Shown.Why);
            Raw("  " + SeedLine(report.Run, a.Shown.FirstSchedule));
        }

        foreach (var v in report.Violations)
        {
            _console.WriteLine();
            _console.Write(new Rule($"[bold red]{Markup.Escape(v.Invariant)}[/]") { Justification = Justify.Left });
            _console.MarkupLineInterpolated($"[bold]{ViolationHeading(v)}[/]");
            foreach (var line in v.Counterexample.Story) Raw("  " + line);
            if (pictures.TryGetValue(v.Invariant, out var picture)) Draw(picture);
            Raw("  " + SeedLine(report.Run, v.FirstSchedule));
        }
        _console.WriteLine();
    }

    public override void Summary(ExploreReport report, double elapsed, int threads) => _console.MarkupLineInterpolated($"[grey]{SummaryLine(report, elapsed, threads)}[/]");

    public override void Replayed(ExploreRun run, long index, Schedule schedule, ReplayStory replay)
    {
        _console.MarkupLineInterpolated($"[bold]schedule {index} of seed {run.Seed}[/]: {schedule.Config}, {schedule.Length} steps");
        _console.MarkupLineInterpolated($"[bold]{replay.Headline}[/]");
        foreach (var line in replay.Story) Raw("  " + line);
        if (replay.Picture is { } picture) Draw(picture);
    }

    private void Draw(Picture picture)
    {
        if (FilesLine(picture) is { } files) Raw("  " + files);
        Raw("```mermaid");
        Raw(picture.Mermaid.TrimEnd('\n'));
        Raw("```");
    }

    private static IRenderable Number(long n) => new Text(n.ToString("N0", CultureInfo.InvariantCulture));

    private static IRenderable Verdict(AttackVerdict verdict) => verdict switch
    {
        AttackVerdict.Prevented => new Markup("[green]prevented[/]"),
        AttackVerdict.DetectedAndHealed => new Markup("[yellow]detected and healed[/]"),
        AttackVerdict.LeftOpen => new Markup("[red]left open[/]"),
        _ => new Markup("[grey]not exercised[/]"),
    };
}
