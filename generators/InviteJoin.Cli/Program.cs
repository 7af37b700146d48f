namespace InviteJoin.Cli;

internal static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, Console.In, Console.Out, Console.Error);
}
