using System.Text;
using InviteJoin.Cli.Commands;

namespace InviteJoin.Cli.Tests;

/// <summary>What one in-process run of the command line produced.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines written to stdout (each answer is exactly one line ending in \n).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            Assert.EndsWith("\n", Stdout, StringComparison.Ordinal);
            return Stdout[..^1].Split('\n');
        }
    }

    /// <summary>The single answer line, parsed; fails unless stdout is exactly one JSON line.</summary>
    public JsonValue Answer
    {
        get
        {
            var lines = Lines;
            Assert.Single(lines);
            var parsed = StrictJsonReader.Parse(lines[0], JsonReadOptions.Lenient);
            Assert.True(parsed.IsOk, $"stdout is not JSON: {parsed.Failure}: {lines[0]}");
            return parsed.Value;
        }
    }

    /// <summary>The error code of the single answer line; fails unless it is an error answer.</summary>
    public string ErrorCode => ErrorCodeOf(Answer);

    public static string ErrorCodeOf(JsonValue answer)
    {
        var error = Assert.IsType<JsonObject>(Assert.IsType<JsonObject>(answer)["error"]);
        Assert.Equal(2, error.Count);
        Assert.IsType<JsonString>(error["message"]);
        return Assert.IsType<JsonString>(error["code"]).Value;
    }
}

/// <summary>Runs <c>invitejoin</c> in-process with string streams.</summary>
internal static class Cli
{
    public static CliRun Run(string stdin, params string[] args) => Run(stdin, args, DataCommands.All);

    public static CliRun Run(string stdin, string[] args, IReadOnlyList<DataCommand> commands)
    {
        using var input = new MemoryStream(new UTF8Encoding(false).GetBytes(stdin));
        return Run(input, args, commands);
    }

    /// <summary>Runs with <paramref name="stdin"/> as the raw bytes of standard input (for input that is not UTF-8).</summary>
    public static CliRun Run(Stream stdin, string[] args, IReadOnlyList<DataCommand> commands)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exitCode = CommandLine.Run(args, stdin, output, error, commands);
        return new CliRun(exitCode, new UTF8Encoding(false).GetString(output.ToArray()), error.ToString());
    }

    /// <summary>The canonical text of <paramref name="json"/>, for comparing answers with expected JSON written readably.</summary>
    public static string Canonical(string json)
    {
        var parsed = StrictJsonReader.Parse(json, JsonReadOptions.Lenient);
        Assert.True(parsed.IsOk, parsed.Failure?.ToString());
        return CanonicalJson.EncodeToString(parsed.Value);
    }

    /// <summary>Asserts the run answered exactly <paramref name="expectedJson"/> (compared canonically) with exit 0.</summary>
    public static void AssertAnswers(CliRun run, string expectedJson)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Equal(Canonical(expectedJson), run.Stdout.TrimEnd('\n'));
        Assert.Equal("", run.Stderr);
    }
}
