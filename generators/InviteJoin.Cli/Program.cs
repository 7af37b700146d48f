using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Cli.Streaming;

namespace InviteJoin.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (Exception e)
        {
            // Everything below answers its own failures; reaching here is a bug in starting up, said in one
            // line and never as a stack trace.
            try
            {
                Console.Error.WriteLine("invitejoin: internal error (a bug): " + e.GetType().Name + ": " + (e.InnerException ?? e).Message);
            }
            catch (Exception)
            {
                // stderr is gone too; the exit code says it.
            }
            return ExitCodes.Internal;
        }
    }

    private static int Run(string[] args)
    {
        // Raw byte streams: requests are parsed from their UTF-8 bytes (ill-formed bytes are reported per
        // request, never replaced), a byte order mark reaches the strict reader (which refuses it), and
        // answers are written as UTF-8 without a byte order mark.
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false));
        if (StandardStreams.WasClosed(1))
        {
            stderr.WriteLine("invitejoin: standard output is closed, so no answer can be written");
            stderr.Flush();
            return ExitCodes.Internal;
        }
        // A closed stdin is an empty one: the end of the input.
        using var stdin = StandardStreams.WasClosed(0) ? Stream.Null : Console.OpenStandardInput();
        using var stdout = Console.OpenStandardOutput();
        var exitCode = CommandLine.Run(args, stdin, stdout, stderr, Console.IsOutputRedirected ? null : TerminalWidth());
        try
        {
            stderr.Flush();
        }
        catch (IOException)
        {
            // The reader of our errors went away; the exit code still tells what happened.
        }
        return exitCode;
    }

    // The terminal's width in columns; a terminal that will not say is taken as 80 wide.
    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
