using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using InviteJoin.Cli.RoomAudit;
using InviteJoin.Conformance.Html;
using InviteJoin.Reference.Json;
using Spectre.Console;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin audit-room EXPORT...</c>: audits a real room's exported events (federation responses, PDU lists,
/// Synapse's <c>event_json</c> rows) with the reference — format, hashes, signatures where keys are given, each
/// event's auth against its auth events and the state before it, claimed states against the resolved ones — and
/// reports every anomaly with its rule token on the terminal, as JSON (<c>--report</c>) and as one self-contained
/// HTML file (<c>--html</c>). Exit code 0 when no anomaly was found, 1 when one was, 2 when the input is wrong.
/// </summary>
internal static class AuditRoomCommand
{
    /// <summary>The exit code of an audit that found an anomaly.</summary>
    public const int AnomaliesFound = 1;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var exports = new Argument<string[]>("export")
        {
            Description = "Files of the export: /state, /state_ids, /event_auth, transaction or /backfill responses, JSON arrays or JSON lines of PDUs, Synapse event_json rows.",
            Arity = ArgumentArity.OneOrMore,
        };
        var keys = new Option<string[]>("--keys") { Description = "Servers' keys: /_matrix/key/v2/server (or /query) responses, or a {server: {key_id: key}} map. Without keys, signatures are not checked.", HelpName = "file", AllowMultipleArgumentsPerToken = true };
        var stateAt = new Option<string[]>("--state-at") { Description = "Where each /state or /state_ids response of the export stands, in file order: an event ID (the state before it) or current.", HelpName = "event", AllowMultipleArgumentsPerToken = true };
        var version = new Option<string?>("--room-version") { Description = "The room version (default: the create event's).", HelpName = "version" };
        var roomId = new Option<string?>("--room-id") { Description = "The room to audit when the export holds several.", HelpName = "room" };
        var html = new Option<string?>("--html") { Description = "Write the report as one self-contained HTML file.", HelpName = "file" };
        var report = new Option<string?>("--report") { Description = "Write the report as JSON, every finding included.", HelpName = "file" };
        var profile = ProfileOption.Create();
        var command = new Command("audit-room", "Audit a real room's exported events: format, hashes, signatures, each event's auth against its auth events and the state before it, claimed states against the resolved ones.")
        {
            exports, keys, stateAt, version, roomId, html, report, profile,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(exports) ?? [];
            var keyFiles = parse.GetValue(keys) ?? [];
            var at = parse.GetValue(stateAt) ?? [];
            try
            {
                // An output that cannot be written is said before the audit runs, not after.
                CheckWritable(parse.GetValue(html), "--html");
                CheckWritable(parse.GetValue(report), "--report");
                var options = new RoomAuditOptions
                {
                    RoomVersion = parse.GetValue(version),
                    RoomId = parse.GetValue(roomId),
                    StateAt = [.. at],
                    Keys = ServerKeyFiles.Read(keyFiles),
                    Profile = ProfileOption.FromCommandLine(parse.GetValue(profile)),
                };
                var result = Run(files, options, stderr);
                stdout.Write(RoomAuditReport.ToText(result));
                var rerun = Rerun(files, keyFiles, at, parse.GetValue(version), parse.GetValue(roomId), parse.GetValue(profile));
                if (parse.GetValue(html) is { } htmlFile)
                {
                    Write(htmlFile, HtmlReport.Render(RoomAuditReport.ToDocument(result, rerun)), "--html");
                    stdout.WriteLine("HTML report: " + htmlFile);
                }
                if (parse.GetValue(report) is { } reportFile)
                {
                    Write(reportFile, CanonicalJson.EncodeToString(RoomAuditReport.ToJson(result)) + "\n", "--report");
                    stdout.WriteLine("JSON report: " + reportFile);
                }
                return result.Failures == 0 ? ExitCodes.Ok : AnomaliesFound;
            }
            catch (ExportInputException e)
            {
                stderr.WriteLine($"invitejoin audit-room: {e.Code}: {e.Message}");
                return ExitCodes.MalformedInput;
            }
        });
        return command;
    }

    private static RoomAuditResult Run(string[] files, RoomAuditOptions options, TextWriter stderr)
    {
        if (IsTerminal(stderr))
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Yes,
                Out = new AnsiConsoleOutput(stderr),
            });
            RoomAuditResult? result = null;
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var tasks = Enum.GetValues<RoomAuditPhase>().ToDictionary(p => p, p => context.AddTask(Word(p), autoStart: false, maxValue: 1));
                    result = RoomAuditor.Audit(files, options, (phase, done, total) =>
                    {
                        var task = tasks[phase];
                        if (!task.IsStarted) task.StartTask();
                        task.MaxValue = Math.Max(1, total);
                        task.Value = done;
                    });
                    foreach (var task in tasks.Values) task.Value = task.MaxValue;
                });
            return result!;
        }

        // Not a terminal: a plain line at each tenth of each phase.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = new Dictionary<RoomAuditPhase, long>(); // look-ups only
        return RoomAuditor.Audit(files, options, (phase, done, total) =>
        {
            var tenth = total <= 0 ? 10 : done * 10 / total;
            if (last.TryGetValue(phase, out var shown) && shown >= tenth) return;
            last[phase] = tenth;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"audit-room: {Word(phase)} {tenth * 10}% ({done:N0} of {total:N0} {(phase == RoomAuditPhase.Reading ? "bytes" : "events")}), {clock.Elapsed.TotalSeconds:0} s"));
            stderr.Flush();
        });
    }

    // A progress bar only for a person watching: stderr is the process's own and not redirected.
    private static bool IsTerminal(TextWriter stderr) => stderr is StreamWriter && !Console.IsErrorRedirected;

    private static string Word(RoomAuditPhase phase) => phase switch
    {
        RoomAuditPhase.Reading => "reading",
        RoomAuditPhase.Checking => "checking events",
        RoomAuditPhase.Replaying => "replaying the room",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private static string Rerun(string[] files, string[] keys, string[] stateAt, string? version, string? roomId, string? profile)
    {
        var parts = new List<string> { "invitejoin audit-room" };
        parts.AddRange(files.Select(Quote));
        parts.AddRange(keys.Select(k => "--keys " + Quote(k)));
        parts.AddRange(stateAt.Select(a => "--state-at " + Quote(a)));
        if (version is not null) parts.Add("--room-version " + Quote(version));
        if (roomId is not null) parts.Add("--room-id " + Quote(roomId));
        if (profile is not null) parts.Add("--profile " + Quote(profile));
        return string.Join(" ", parts);
    }

    // Event and room IDs start with $ and !, which a shell would read; quote anything but plain words.
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void CheckWritable(string? file, string option)
    {
        if (file is null) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && !Directory.Exists(folder)) throw new ExportInputException("audit_room.unwritable_output", $"{option}: cannot write {file}: the folder {folder} does not exist");
    }

    private static void Write(string file, string text, string option)
    {
        try
        {
            File.WriteAllText(file, text, new System.Text.UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExportInputException("audit_room.unwritable_output", $"{option}: cannot write {file}: {e.Message}");
        }
    }
}
