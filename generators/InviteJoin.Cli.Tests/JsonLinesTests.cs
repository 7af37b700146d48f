namespace InviteJoin.Cli.Tests;

/// <summary><c>--jsonl</c>: one answer line per request line; a malformed line costs that line only.</summary>
public sealed class JsonLinesTests
{
    [Fact]
    public void MalformedLineInTheMiddle_AnsweredWithErrorAndTheRestStillAnswered_Exit2()
    {
        var input = string.Join('\n',
            Cli.Canonical(SpecRequests.Sign("{}")),
            "",
            "{\"object\": {}, \"server_name\": ",
            "   ",
            Cli.Canonical(SpecRequests.Sign(SpecVectors.DataObject))) + "\n";

        var run = Cli.Run(input, "sign", "--jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(3, run.Lines.Count);
        Assert.Equal(Cli.Canonical(SpecVectors.SignedEmptyObject), run.Lines[0]);
        var error = new CliRun(0, run.Lines[1] + "\n", "");
        Assert.Equal("json.truncated", error.ErrorCode);
        Assert.StartsWith("{\"error\":{\"code\":\"json.truncated\",\"message\":\"line 3, ", run.Lines[1], StringComparison.Ordinal);
        Assert.Equal(Cli.Canonical(SpecVectors.SignedDataObject), run.Lines[2]);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void EveryLineAnswered_Exit0()
    {
        var input = "{\"b\": 1, \"a\": 2}\r\n[1e2]\n\"x\"";

        var run = Cli.Run(input, "canonical", "--jsonl");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"a\":2,\"b\":1}\n[100]\n\"x\"\n", run.Stdout);
    }

    [Fact]
    public void VerdictsAreAnswers_Exit0()
    {
        var tampered = Cli.Canonical(SpecVectors.SignedDataObject).Replace("\"Two\"", "\"2\"", StringComparison.Ordinal);
        var input = Cli.Canonical(SpecRequests.Verify(SpecVectors.SignedEmptyObject)) + "\n" + Cli.Canonical(SpecRequests.Verify(tampered)) + "\n";

        var run = Cli.Run(input, "verify", "--jsonl");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"valid\":true}", run.Lines[0]);
        Assert.StartsWith("{\"error\":{\"code\":\"crypto.signature_mismatch\"", run.Lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"valid\":false}", run.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void NoRequests_NoAnswersAndExit0()
    {
        var run = Cli.Run("\n  \n\t\n", "canonical", "--jsonl");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void LoneCarriageReturn_IsWhitespaceNotALineBreak()
    {
        var run = Cli.Run("{\"a\":\r1}\n", "canonical", "--jsonl");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\"a\":1}\n", run.Stdout);
    }
}
