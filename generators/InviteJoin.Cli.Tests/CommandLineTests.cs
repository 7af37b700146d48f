using InviteJoin.Cli.Commands;

namespace InviteJoin.Cli.Tests;

/// <summary>The command tree: help lists every data command, and the version is printed.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_ListsEveryDataCommandWithItsDescription()
    {
        var run = Cli.Run("", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in DataCommands.All)
        {
            Assert.Contains(command.Name, run.Stdout, StringComparison.Ordinal);
            Assert.Contains(command.Description, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DataCommands_HaveDistinctNamesAndOneLineDescriptions()
    {
        Assert.Equal(
            new[] { "canonical", "sign", "verify", "sign-event", "event-id", "redact", "auth", "resolve" },
            DataCommands.All.Select(c => c.Name));
        Assert.All(DataCommands.All, c => Assert.DoesNotContain('\n', c.Description));
    }

    [Fact]
    public void Version_PrintsTheToolVersion()
    {
        var run = Cli.Run("", "--version");

        Assert.Equal(0, run.ExitCode);
        var version = typeof(CommandLine).Assembly.GetName().Version!;
        Assert.StartsWith($"{version.Major}.{version.Minor}.{version.Build}", run.Stdout, StringComparison.Ordinal);
    }
}
