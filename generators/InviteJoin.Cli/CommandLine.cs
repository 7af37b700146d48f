using System.CommandLine;

namespace InviteJoin.Cli;

/// <summary>Builds the <c>invitejoin</c> command tree; the data commands are added as their layers land.</summary>
internal static class CommandLine
{
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("InviteJoin: a formal model and reference implementation of the Matrix federation membership protocol.");
        var config = root.Parse(args);
        return config.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
