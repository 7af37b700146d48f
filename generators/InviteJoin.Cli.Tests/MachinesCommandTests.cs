using InviteJoin.Diagrams;
using InviteJoin.Reference.Dance.Machines;

namespace InviteJoin.Cli.Tests;

/// <summary><c>invitejoin machines</c>: the state machines as text, printed or written as the files of spec/machines.</summary>
public sealed class MachinesCommandTests
{
    [Fact]
    public void OneMachine_PrintsItsMermaidDiagram()
    {
        var run = Cli.Run("", "machines", "--machine", "join-joiner");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(MachineDiagrams.Render(MachineCatalogue.Find("join-joiner")!, DiagramFormat.Mermaid), run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void DotFormat_PrintsEveryMachineAsADigraph()
    {
        var run = Cli.Run("", "machines", "--format", "dot");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(MachineCatalogue.All.Length, run.Stdout.Split("digraph {\n").Length - 1);
    }

    [Fact]
    public void UnknownMachineOrFormat_IsACommandLineError()
    {
        Assert.Equal(1, Cli.Run("", "machines", "--machine", "membership").ExitCode);
        Assert.Equal(1, Cli.Run("", "machines", "--format", "png").ExitCode);
    }

    [Fact]
    public void Write_WritesEveryDiagramInBothFormatsAndTheReadme()
    {
        var directory = Path.Combine(Path.GetTempPath(), "invitejoin-machines-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = Cli.Run("", "machines", "--write", directory);
            Assert.Equal(0, run.ExitCode);
            foreach (var file in MachineDiagrams.Files())
            {
                Assert.Equal(file.Text, File.ReadAllText(Path.Combine(directory, file.Name)));
            }
            Assert.Equal(MachineDiagrams.Files().Length, Directory.GetFiles(directory).Length);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteOneMachineInOneFormat_WritesOnlyThatFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "invitejoin-machines-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Cli.Run("", "machines", "--machine", "leave-resident", "--format", "dot", "--write", directory).ExitCode);
            Assert.Equal(["leave-resident.dot"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
