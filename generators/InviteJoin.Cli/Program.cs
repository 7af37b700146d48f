using System.Text;

namespace InviteJoin.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        // Raw streams rather than Console.In/Out: requests must be UTF-8 and ill-formed bytes must be
        // reported (a throwing decoder), not replaced with U+FFFD; a byte order mark must reach the strict
        // reader (which refuses it) rather than be skipped; answers are UTF-8 without a byte order mark.
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var stdin = new StreamReader(Console.OpenStandardInput(), strictUtf8, detectEncodingFromByteOrderMarks: false);
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false));
        var exitCode = CommandLine.Run(args, stdin, stdout, stderr, Console.IsOutputRedirected ? null : TerminalWidth());
        try
        {
            stdout.Flush();
            stderr.Flush();
        }
        catch (IOException)
        {
            // The reader of our output went away (a closed pipe); the exit code still tells what happened.
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
