using System.CommandLine;
using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Cli.Streaming;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli;

/// <summary>
/// Builds and runs the <c>invitejoin</c> command tree. Takes stdin, stdout and stderr as parameters so
/// the whole command line, exit codes included, runs in-process under test.
/// </summary>
internal static class CommandLine
{
    private const string Summary =
        "InviteJoin: a formal model and reference implementation of the Matrix federation membership protocol. " +
        "Data commands read one JSON request on stdin and write one JSON line on stdout (--jsonl: one per line). " +
        "Exit codes: 0 answered, 1 bad command line, 2 malformed request, 70 internal error or stdout not writable.";

    /// <summary>
    /// Runs <c>invitejoin</c> with <paramref name="args"/>; returns the process exit code. <paramref name="terminalWidth"/> is
    /// the width of the terminal stdout is, or null when stdout is a file or a pipe (then the output is plain lines).
    /// </summary>
    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr, int? terminalWidth = null) =>
        Run(args, stdin, stdout, stderr, DataCommands.All, terminalWidth);

    /// <summary>As <see cref="Run(string[], Stream, Stream, TextWriter, int?)"/>, with the data commands given (tests plant faulty ones).</summary>
    internal static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr, IReadOnlyList<DataCommand> dataCommands, int? terminalWidth = null)
    {
        var answers = new AnswerWriter(stdout);
        var text = new StreamWriter(stdout, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 4096, leaveOpen: true);
        int exitCode;
        try
        {
            var root = new RootCommand(Summary);
            foreach (var command in dataCommands) root.Subcommands.Add(Build(command, stdin, answers));
            // Drawing the machines builds every one of them; only a run that may ask for them pays for that.
            root.Subcommands.Add(args.Contains(MachinesCommand.Name, StringComparer.Ordinal) ? MachinesCommand.Build(text, stderr) : MachinesCommand.Placeholder());
            var explore = ExploreCommand.Build(text, stderr, terminalWidth);
            root.Subcommands.Add(explore);
            root.Subcommands.Add(ProfilesCommand.Build(text));
            root.Subcommands.Add(AdapterCommand.Build(dataCommands, stdin, answers));
            root.Subcommands.Add(Differential.DifferentialCommand.Build(text, stderr));
            root.Subcommands.Add(FuzzCommand.Build(text, stdout));
            var configuration = new InvocationConfiguration { Output = text, Error = stderr, EnableDefaultExceptionHandler = false };
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == explore)
            {
                // explore's exit code 1 means a violation was found, so a command line it cannot read is 2.
                foreach (var error in parsed.Errors) stderr.WriteLine("invitejoin explore: " + error.Message);
                text.Flush();
                return ExitCodes.MalformedInput;
            }
            exitCode = parsed.Invoke(configuration);
            text.Flush();
        }
        catch (IOException e)
        {
            answers.Flush();
            return OutputFailed(e, stderr);
        }
        catch (Exception e)
        {
            // Everything a command can throw is caught per request; reaching here is a bug in the wiring.
            return ReportInternal(e, answers, stderr);
        }
        return answers.Failure is { } failure ? OutputFailed(failure, stderr) : exitCode;
    }

    private static Command Build(DataCommand dataCommand, Stream stdin, AnswerWriter stdout)
    {
        var jsonLines = new Option<bool>("--jsonl")
        {
            Description = "Read one request per line and answer each with one line; blank lines are skipped.",
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "With --jsonl: answer lines on this many threads; answers stay in input order, byte for byte as with one. Default: " +
                DefaultJobs + ".",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultJobs,
        };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxJobs) result.AddError($"--jobs must be between 1 and {MaxJobs}.");
        });
        var command = new Command(dataCommand.Name, dataCommand.Description) { jsonLines, jobs };
        var options = dataCommand.CreateOptions();
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(parseResult =>
            DataCommandRunner.Run(dataCommand.With(parseResult, options), parseResult.GetValue(jsonLines), parseResult.GetValue(jobs), stdin, stdout));
        return command;
    }

    /// <summary>The most threads <c>--jobs</c> accepts.</summary>
    internal const int MaxJobs = 256;

    /// <summary>
    /// <c>--jobs</c> when not given: one. On the 2-core machine of the README's benchmarks a second job gained
    /// little wall time, cost about a quarter more CPU and nearly three times the memory, so more jobs are
    /// asked for, not assumed.
    /// </summary>
    internal const int DefaultJobs = 1;

    private static int OutputFailed(IOException e, TextWriter stderr)
    {
        try
        {
            stderr.WriteLine("invitejoin: cannot write to standard output (" + e.Message + "); stopped without answering the rest");
            stderr.Flush();
        }
        catch (Exception)
        {
            // stderr is gone too; the exit code is all that is left to say it.
        }
        return ExitCodes.Internal;
    }

    private static int ReportInternal(Exception e, AnswerWriter stdout, TextWriter stderr)
    {
        try
        {
            CanonicalJson.Write(ErrorResponse.Internal(e), stdout);
            stdout.EndAnswer();
            stdout.Flush();
            stderr.WriteLine("invitejoin: internal error (a bug): " + e.GetType().Name + ": " + e.Message);
            stderr.Flush();
        }
        catch (Exception)
        {
            // stdout or stderr itself is what failed (a closed pipe, a broken writer); the exit code is
            // all that is left to say it, and nothing may escape the entry point as a stack trace.
        }
        return ExitCodes.Internal;
    }
}
