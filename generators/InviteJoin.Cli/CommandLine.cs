using System.CommandLine;
using InviteJoin.Cli.Commands;
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
        "Exit codes: 0 answered, 1 bad command line, 2 malformed request, 70 internal error.";

    /// <summary>Runs <c>invitejoin</c> with <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdin, stdout, stderr, DataCommands.All);

    /// <summary>As <see cref="Run(string[], TextReader, TextWriter, TextWriter)"/>, with the data commands given (tests plant faulty ones).</summary>
    internal static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, IReadOnlyList<DataCommand> dataCommands)
    {
        try
        {
            var root = new RootCommand(Summary);
            foreach (var command in dataCommands) root.Subcommands.Add(Build(command, stdin, stdout));
            root.Subcommands.Add(MachinesCommand.Build(stdout, stderr));
            root.Subcommands.Add(ExploreCommand.Build(stdout, stderr));
            root.Subcommands.Add(ProfilesCommand.Build(stdout));
            root.Subcommands.Add(AdapterCommand.Build(dataCommands, stdin, stdout));
            root.Subcommands.Add(Differential.DifferentialCommand.Build(stdout, stderr));
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return root.Parse(args).Invoke(configuration);
        }
        catch (Exception e)
        {
            // Everything a command can throw is caught per request; reaching here is a bug in the wiring.
            return ReportInternal(e, stdout, stderr);
        }
    }

    private static Command Build(DataCommand dataCommand, TextReader stdin, TextWriter stdout)
    {
        var jsonLines = new Option<bool>("--jsonl")
        {
            Description = "Read one request per line and answer each with one line; blank lines are skipped.",
        };
        var command = new Command(dataCommand.Name, dataCommand.Description) { jsonLines };
        var options = dataCommand.CreateOptions();
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(parseResult => DataCommandRunner.Run(dataCommand.With(parseResult, options), parseResult.GetValue(jsonLines), stdin, stdout));
        return command;
    }

    private static int ReportInternal(Exception e, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            stdout.Write(CanonicalJson.EncodeToString(ErrorResponse.Internal(e)));
            stdout.Write('\n');
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
