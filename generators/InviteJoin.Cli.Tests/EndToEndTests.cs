using System.Diagnostics;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The real entry point: the built <c>invitejoin</c> run as a child process on the committed example
/// (spec/examples), so stdin/stdout handling and exit codes are proven outside the in-process harness.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task VerifySpecSignedEmptyObject_ChildProcessAnswersValidExit0()
    {
        var request = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "spec", "examples", "signed-empty-object.json"), TestContext.Current.CancellationToken);

        var (exitCode, stdout, stderr) = await RunInvitejoinAsync(request, "verify");

        Assert.Equal("", stderr);
        Assert.Equal("{\"valid\":true}\n", stdout);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task MalformedAndNonUtf8Input_ChildProcessAnswersErrorExit2()
    {
        var (exitCode, stdout, _) = await RunInvitejoinAsync("{\"a\":", "canonical");
        Assert.Equal(2, exitCode);
        Assert.StartsWith("{\"error\":{\"code\":\"json.truncated\"", stdout, StringComparison.Ordinal);

        var (utf8ExitCode, utf8Stdout, _) = await RunInvitejoinAsync([0x22, 0xFF, 0x22], "canonical");
        Assert.Equal(2, utf8ExitCode);
        Assert.StartsWith("{\"error\":{\"code\":\"json.invalid_utf8\"", utf8Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// A stdin closed by the caller (<c>&lt;&amp;-</c>) is the end of the input, not a wait for ever: no request,
    /// so no answer with <c>--jsonl</c> and an empty request without it.
    /// </summary>
    [Fact]
    public async Task ClosedStdin_IsTheEndOfTheInput()
    {
        var (jsonLinesExit, jsonLinesOut, jsonLinesErr) = await RunThroughShellAsync("<&-", "canonical", "--jsonl");
        Assert.Equal((0, "", ""), (jsonLinesExit, jsonLinesOut, jsonLinesErr));

        var (singleExit, singleOut, _) = await RunThroughShellAsync("<&-", "canonical");
        Assert.Equal(2, singleExit);
        Assert.StartsWith("{\"error\":{\"code\":\"json.truncated\"", singleOut, StringComparison.Ordinal);
    }

    /// <summary>A closed stdout stops the run with a sentence on stderr and exit 70, never silently and never a trace.</summary>
    [Fact]
    public async Task ClosedStdout_SaidOnStderrExit70()
    {
        var (exitCode, _, stderr) = await RunThroughShellAsync(">&- </dev/null", "canonical", "--jsonl");

        Assert.Equal(70, exitCode);
        Assert.Contains("standard output is closed", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    // Runs the built invitejoin through /bin/sh with the redirections given (which .NET cannot set up itself).
    private static async Task<(int, string, string)> RunThroughShellAsync(string redirections, params string[] args)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dll = Path.Combine(AppContext.BaseDirectory, "invitejoin.dll");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" " + redirections);
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static Task<(int, string, string)> RunInvitejoinAsync(string stdin, params string[] args) =>
        RunInvitejoinAsync(new System.Text.UTF8Encoding(false).GetBytes(stdin), args);

    private static async Task<(int, string, string)> RunInvitejoinAsync(byte[] stdin, params string[] args)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dll = Path.Combine(AppContext.BaseDirectory, "invitejoin.dll");
        Assert.True(File.Exists(dll), $"{dll} was not copied beside the tests");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.StandardInput.BaseStream.WriteAsync(stdin, cancellation);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    // The dotnet host that runs this test (set by the dotnet CLI), else the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
