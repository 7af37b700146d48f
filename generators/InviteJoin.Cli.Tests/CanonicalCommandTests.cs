namespace InviteJoin.Cli.Tests;

/// <summary><c>canonical</c> against the spec's canonical JSON examples (spec v1.19, appendices "Canonical JSON").</summary>
public sealed class CanonicalCommandTests
{
    private const string NestedInput = """
        {
            "auth": {
                "success": true,
                "mxid": "@john.doe:example.com",
                "profile": {
                    "display_name": "John Doe",
                    "three_pids": [
                        {
                            "medium": "email",
                            "address": "john.doe@example.org"
                        },
                        {
                            "medium": "msisdn",
                            "address": "123456789"
                        }
                    ]
                }
            }
        }
        """;

    private const string NestedOutput =
        """{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}""";

    [Theory]
    [InlineData("{}", "{}")]
    [InlineData("""{"one": 1, "two": "Two"}""", """{"one":1,"two":"Two"}""")]
    [InlineData("""{"b": "2", "a": "1"}""", """{"a":"1","b":"2"}""")]
    [InlineData("""{"b":"2","a":"1"}""", """{"a":"1","b":"2"}""")]
    [InlineData(NestedInput, NestedOutput)]
    [InlineData("""{"a": "日本語"}""", """{"a":"日本語"}""")]
    [InlineData("""{"本": 2, "日": 1}""", """{"日":1,"本":2}""")]
    [InlineData("""{"a": "\u65E5"}""", """{"a":"日"}""")]
    [InlineData("""{"a": null}""", """{"a":null}""")]
    [InlineData("""{"a": -0, "b": 1e10}""", """{"a":0,"b":10000000000}""")]
    public void SpecExample_AnswersExactCanonicalText(string input, string expected)
    {
        var run = Cli.Run(input, "canonical");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected + "\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Theory]
    [InlineData(" [3, 1 , 2] ", "[3,1,2]")]
    [InlineData("\"tab\\tand \\u0001\"", "\"tab\\tand \\u0001\"")]
    [InlineData("true", "true")]
    [InlineData("-12", "-12")]
    public void NonObjectValue_AnswersItsCanonicalText(string input, string expected)
    {
        var run = Cli.Run(input, "canonical");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected + "\n", run.Stdout);
    }
}
