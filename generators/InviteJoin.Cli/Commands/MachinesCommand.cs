using System.CommandLine;
using System.Text;
using InviteJoin.Diagrams;
using InviteJoin.Reference.Dance.Machines;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>invitejoin machines [--format mermaid|dot] [--machine name] [--write dir]</c>: prints the
/// protocol's state machines as Mermaid or DOT, or writes them as files (the committed copy is
/// spec/machines). Not a data command: it reads nothing and prints text.
/// </summary>
internal static class MachinesCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "machines";

    private const string Description =
        "Print the protocol's state machines (membership and the federation handshakes) as Mermaid or DOT, drawn from their Stateless configuration.";

    private const string Mermaid = "mermaid";
    private const string Dot = "dot";

    /// <summary>The <c>machines</c> command, printing to <paramref name="stdout"/> and reporting problems on <paramref name="stderr"/>.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format")
        {
            Description = "mermaid (default when printing) or dot; with --write, both unless given.",
            HelpName = "mermaid|dot",
        };
        format.AcceptOnlyFromAmong(Mermaid, Dot);
        var machine = new Option<string>("--machine")
        {
            Description = "Only this machine (default: every machine): " + string.Join(", ", MachineCatalogue.All.Select(entry => entry.Name)) + ".",
            HelpName = "name",
        };
        machine.AcceptOnlyFromAmong([.. MachineCatalogue.All.Select(entry => entry.Name)]);
        var write = new Option<string>("--write")
        {
            Description = "Write <machine>.mmd / <machine>.dot (and, for every machine in both formats, README.md) into this folder instead of printing.",
            HelpName = "dir",
        };
        var command = new Command(Name, Description)
        {
            format, machine, write,
        };
        command.SetAction(parseResult => Run(parseResult.GetValue(format), parseResult.GetValue(machine), parseResult.GetValue(write), stdout, stderr));
        return command;
    }

    /// <summary>
    /// The command as <c>--help</c> lists it, without its options, whose choices need every machine built:
    /// it stands in the tree when the command line does not name <c>machines</c>, so it is never run.
    /// </summary>
    public static Command Placeholder() => new(Name, Description);

    private static int Run(string? formatName, string? machineName, string? directory, TextWriter stdout, TextWriter stderr)
    {
        var machines = machineName is null ? MachineCatalogue.All : [MachineCatalogue.Find(machineName)!];
        if (directory is null)
        {
            var chosen = FormatOf(formatName ?? Mermaid);
            for (var i = 0; i < machines.Length; i++)
            {
                if (i > 0) stdout.Write('\n');
                stdout.Write(MachineDiagrams.Render(machines[i], chosen));
            }
            stdout.Flush();
            return ExitCodes.Ok;
        }

        DiagramFormat[] formats = formatName is null ? [DiagramFormat.Mermaid, DiagramFormat.Dot] : [FormatOf(formatName)];
        var files = machines.SelectMany(entry => formats.Select(f => new DiagramFile(MachineDiagrams.FileName(entry, f), MachineDiagrams.Render(entry, f)))).ToList();
        // The README lists every machine, so it is written only with the complete set.
        if (machineName is null && formatName is null) files.Add(new DiagramFile("README.md", MachineDiagrams.Readme()));
        try
        {
            Directory.CreateDirectory(directory);
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            foreach (var file in files)
            {
                var path = Path.Combine(directory, file.Name);
                File.WriteAllText(path, file.Text, utf8);
                stdout.Write("wrote " + path + "\n");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("invitejoin machines: cannot write into " + directory + ": " + e.Message);
            stderr.Flush();
            return ExitCodes.Usage;
        }
        stdout.Flush();
        return ExitCodes.Ok;
    }

    private static DiagramFormat FormatOf(string name) => string.Equals(name, Dot, StringComparison.Ordinal) ? DiagramFormat.Dot : DiagramFormat.Mermaid;
}
