using System.Text;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// Runs a <see cref="DataCommand"/> over stdin: one request (the whole input) or, with <c>--jsonl</c>,
/// one request per line, answering each with one canonical JSON line on stdout. Owns the contract's
/// error answers and exit codes (see <see cref="ExitCodes"/>), so every command behaves alike.
/// </summary>
/// <remarks>
/// In <c>--jsonl</c> mode lines end at <c>\n</c> (a preceding <c>\r</c> is dropped); lines holding only
/// JSON whitespace are skipped and get no answer; a malformed line is answered with an error line and
/// the next line is read. The exit code is the most severe of all answers (0, then 2, then 70), and 0
/// when there was no request at all. Input that is not UTF-8 cannot be split into lines reliably, so it
/// ends the run with a <c>json.invalid_utf8</c> answer.
/// </remarks>
internal static class DataCommandRunner
{
    /// <summary>Answers the request(s) on <paramref name="stdin"/>; returns the exit code.</summary>
    public static int Run(DataCommand command, bool jsonLines, TextReader stdin, TextWriter stdout)
    {
        if (!jsonLines)
        {
            if (!TryRead(stdin.ReadToEnd, out var text, out var notUtf8)) return Write(stdout, NotUtf8(notUtf8!, line: null));
            return Write(stdout, Answer(command, text!, line: null));
        }

        var exitCode = ExitCodes.Ok;
        for (var lineNumber = 1; ; lineNumber++)
        {
            if (!TryRead(() => ReadLine(stdin), out var line, out var notUtf8))
            {
                return ExitCodes.Combine(exitCode, Write(stdout, NotUtf8(notUtf8!, lineNumber)));
            }
            if (line is null) return exitCode;
            if (IsJsonWhitespace(line)) continue;
            exitCode = ExitCodes.Combine(exitCode, Write(stdout, Answer(command, line, lineNumber)));
        }
    }

    /// <summary>The answer to one request text, with the exit code it implies.</summary>
    internal static Answered Answer(DataCommand command, string text, int? line)
    {
        try
        {
            var request = StrictJsonReader.Parse(text, JsonReadOptions.Lenient);
            var answer = request.IsOk ? command.Answer(request.Value) : Result<JsonValue>.Fail(request.Failure!);
            return answer.IsOk
                ? new Answered(answer.Value, ExitCodes.Ok)
                : new Answered(ErrorResponse.For(answer.Failure!, line), ExitCodes.MalformedInput);
        }
        catch (Exception e)
        {
            // A command threw: that is a bug, but the caller still gets one JSON line and a documented exit code.
            return new Answered(ErrorResponse.Internal(e, line), ExitCodes.Internal);
        }
    }

    private static int Write(TextWriter stdout, Answered answered)
    {
        stdout.Write(CanonicalJson.EncodeToString(answered.Json));
        stdout.Write('\n');
        // Flushed per answer so that a caller speaking --jsonl line by line over a pipe sees each answer at once.
        stdout.Flush();
        return answered.ExitCode;
    }

    // Reading can fail only when the real stdin holds bytes that are not UTF-8 (Program sets a throwing decoder).
    private static bool TryRead(Func<string?> read, out string? text, out DecoderFallbackException? notUtf8)
    {
        try
        {
            text = read();
            notUtf8 = null;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            text = null;
            notUtf8 = e;
            return false;
        }
    }

    private static Answered NotUtf8(DecoderFallbackException e, int? line) => new(
        ErrorResponse.For(new Failure(JsonError.InvalidUtf8, JsonPath.Root, "the input is not well-formed UTF-8: " + e.Message), line),
        ExitCodes.MalformedInput);

    // TextReader.ReadLine also splits at a lone '\r'; JSON lines are separated by '\n' only.
    private static string? ReadLine(TextReader reader)
    {
        var builder = new StringBuilder();
        while (true)
        {
            var c = reader.Read();
            if (c < 0) return builder.Length == 0 ? null : TrimCarriageReturn(builder);
            if (c == '\n') return TrimCarriageReturn(builder);
            builder.Append((char)c);
        }
    }

    private static string TrimCarriageReturn(StringBuilder builder)
    {
        if (builder.Length > 0 && builder[^1] == '\r') builder.Length--;
        return builder.ToString();
    }

    private static bool IsJsonWhitespace(string line)
    {
        foreach (var c in line)
        {
            if (c is not (' ' or '\t' or '\r' or '\n')) return false;
        }
        return true;
    }

    /// <summary>A response line and the exit code it implies.</summary>
    internal sealed record Answered(JsonValue Json, int ExitCode);
}
