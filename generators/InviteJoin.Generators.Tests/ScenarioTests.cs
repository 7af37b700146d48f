using InviteJoin.Generators.Simulation;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// Every scenario of Scenarios/ runs through the one driver and meets its expectations, with every invariant checked
/// after every step (spec/scenarios.md).
/// </summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.scenario").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_MeetsItsExpectations(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scenarios", file);
        var result = ScenarioRunner.Run(ScenarioParser.Parse(file, File.ReadAllText(path)));
        Assert.True(result.Passed, result.Failure + "\n" + string.Join("\n", result.Transcript));
    }

    [Fact]
    public void ScenarioFolder_IsNotEmpty() => Assert.True(Files().Count >= 5);

    [Fact]
    public void ExpectationThatDoesNotHold_FailsTheScenario_NamingTheLine()
    {
        var scenario = ScenarioParser.Parse("planted", "servers 2\nroom_version 10\n--\nben joins via a.test\nsubmit ben\nexpect a.test sees ben leave\n");
        var result = ScenarioRunner.Run(scenario);
        Assert.False(result.Passed);
        Assert.StartsWith("planted:6:", result.Failure);
    }

    [Theory]
    [InlineData("room_version 10\n--\n", "the header needs servers")]
    [InlineData("servers 9\nroom_version 10\n--\n", "servers takes a number")]
    [InlineData("servers 2\nroom_version 6\njoin_rule knock\n--\n", "has no join rule knock")]
    [InlineData("servers 2\nroom_version 12\ncolour red\n--\n", "unknown header line")]
    public void BadHeader_IsAClearError(string text, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse("bad", text));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zed says", "not a user")]
    [InlineData("ada dances", "unknown verb")]
    [InlineData("deliver a.test q.test", "not a server")]
    public void BadStep_IsAClearError(string step, string message)
    {
        var result = ScenarioRunner.Run(ScenarioParser.Parse("bad", "servers 2\nroom_version 10\n--\n" + step + "\n"));
        Assert.False(result.Passed);
        Assert.Contains(message, result.Failure, StringComparison.Ordinal);
    }
}
