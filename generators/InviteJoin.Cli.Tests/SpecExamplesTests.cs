namespace InviteJoin.Cli.Tests;

/// <summary>The requests in spec/examples give the answers their README promises.</summary>
public sealed class SpecExamplesTests
{
    [Theory]
    [InlineData("signed-empty-object.json", "verify", """{"valid":true}""")]
    [InlineData("sign-empty-object.json", "sign", nameof(SpecVectors.SignedEmptyObject))]
    [InlineData("canonical-numbers.json", "canonical", """{"a":0,"b":10000000000}""")]
    [InlineData("sign-event-minimal.json", "sign-event", nameof(SpecVectors.SignedMinimalEvent))]
    public void Example_AnswersAsDocumented(string file, string command, string expectedJsonOrVector)
    {
        var expected = expectedJsonOrVector.StartsWith('{') ? expectedJsonOrVector : SpecVectors.Named(expectedJsonOrVector);
        var request = File.ReadAllText(Path.Combine(Repository.Root, "spec", "examples", file));

        Cli.AssertAnswers(Cli.Run(request, command), expected);
    }

    [Fact]
    public void EveryExample_IsListedInTheReadme()
    {
        var folder = Path.Combine(Repository.Root, "spec", "examples");
        var readme = File.ReadAllText(Path.Combine(folder, "README.md"));

        Assert.All(Directory.EnumerateFiles(folder, "*.json"), file => Assert.Contains($"`{Path.GetFileName(file)}`", readme, StringComparison.Ordinal));
    }
}
