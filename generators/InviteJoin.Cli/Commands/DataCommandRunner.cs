using System.Globalization;
using InviteJoin.Cli.Streaming;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// Runs a <see cref="DataCommand"/> over stdin: one request (the whole input) or, with <c>--jsonl</c>,
/// one request per line, answering each with one canonical JSON line on stdout. Owns the contract's
/// error answers, limits and exit codes (see <see cref="ExitCodes"/>), so every command behaves alike.
/// </summary>
/// <remarks>
/// Requests are read as bytes and parsed from their bytes; each request (each line, in <c>--jsonl</c> mode)
/// is checked as UTF-8 on its own, so a line that is not UTF-8 is answered with <c>json.invalid_utf8</c>
/// and the next line is read. Lines end at <c>\n</c> (a preceding <c>\r</c> is dropped); lines holding only
/// JSON whitespace are skipped and get no answer. A request longer than <see cref="MaxRequestBytes"/> is
/// refused while it is read (<c>json.too_large</c>), holding no more of it than the limit. The exit code is
/// the most severe of all answers (0, then 2, then 70), and 0 when there was no request at all.
/// </remarks>
internal static class DataCommandRunner
{
    /// <summary>The longest request (or <c>--jsonl</c> line) accepted, in bytes: the strict reader's own limit.</summary>
    public static readonly int MaxRequestBytes = JsonReadOptions.Lenient.MaxBytes;

    /// <summary>Answers the request(s) on <paramref name="stdin"/> into <paramref name="stdout"/>; returns the exit code.</summary>
    public static int Run(DataCommand command, bool jsonLines, int jobs, Stream stdin, AnswerWriter stdout) =>
        Run(command, jsonLines, jobs, stdin, stdout, MaxRequestBytes);

    /// <summary>As <see cref="Run(DataCommand, bool, int, Stream, AnswerWriter)"/> with the size limit given (tests use a small one).</summary>
    internal static int Run(DataCommand command, bool jsonLines, int jobs, Stream stdin, AnswerWriter stdout, int maxRequestBytes)
    {
        if (!jsonLines)
        {
            var exitCode = ReadWhole(stdin, maxRequestBytes, out var request, out var length)
                ? Write(stdout, Answer(command, request.AsSpan(0, length), line: null))
                : Write(stdout, TooLarge(maxRequestBytes, line: null));
            stdout.Flush();
            return exitCode;
        }
        var lines = new LineReader(stdin, maxRequestBytes);
        return jobs > 1 ? ParallelLines.Run(command, lines, jobs, stdout) : RunLines(command, lines, stdout);
    }

    // One line after another, each parsed where it lies in the reader's buffer.
    private static int RunLines(DataCommand command, LineReader lines, AnswerWriter stdout)
    {
        var exitCode = ExitCodes.Ok;
        Action flush = stdout.Flush;
        while (lines.TryReadLine(out var line, flush))
        {
            var bytes = line.TooLong ? default : lines.Buffer.AsSpan(line.Offset, line.Length);
            if (!line.TooLong && IsJsonWhitespace(bytes)) continue;
            exitCode = ExitCodes.Combine(exitCode, Write(stdout, AnswerLine(command, line, bytes, lines.MaxLineBytes)));
            if (stdout.Failure is not null) break;
        }
        stdout.Flush();
        return exitCode;
    }

    /// <summary>The answer to one <c>--jsonl</c> line (<paramref name="bytes"/>, unless it was too long to keep).</summary>
    internal static Answered AnswerLine(DataCommand command, InputLine line, ReadOnlySpan<byte> bytes, int maxLineBytes) =>
        line.TooLong ? TooLarge(maxLineBytes, line.Number) : Answer(command, bytes, line.Number);

    /// <summary>The answer to one request, with the exit code it implies.</summary>
    internal static Answered Answer(DataCommand command, ReadOnlySpan<byte> request, int? line)
    {
        try
        {
            var parsed = StrictJsonReader.Parse(request, JsonReadOptions.Lenient);
            var answer = parsed.IsOk ? command.Answer(parsed.Value) : Result<JsonValue>.Fail(parsed.Failure!);
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

    /// <summary>True when <paramref name="line"/> holds nothing but JSON whitespace (such lines get no answer).</summary>
    internal static bool IsJsonWhitespace(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static int Write(AnswerWriter stdout, Answered answered)
    {
        CanonicalJson.Write(answered.Json, stdout);
        stdout.EndAnswer();
        return answered.ExitCode;
    }

    private static Answered TooLarge(int limit, int? line) => new(
        ErrorResponse.For(new Failure(JsonError.TooLarge, JsonPath.Root, string.Create(CultureInfo.InvariantCulture,
            $"the request is longer than the limit of {limit} bytes; it was not read further")), line),
        ExitCodes.MalformedInput);

    // The whole of stdin, unless it is longer than the limit: then false, having read one byte past it and no more.
    private static bool ReadWhole(Stream stdin, int limit, out byte[] buffer, out int length)
    {
        var largest = (int)Math.Min(Array.MaxLength, (long)limit + 1);
        buffer = new byte[Math.Min(64 * 1024, largest)];
        length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length == largest) return false;
                Array.Resize(ref buffer, (int)Math.Min(largest, 2L * buffer.Length));
            }
            int read;
            try
            {
                read = stdin.Read(buffer, length, buffer.Length - length);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0) return length <= limit;
            length += read;
        }
    }

    /// <summary>A response line and the exit code it implies.</summary>
    internal sealed record Answered(JsonValue Json, int ExitCode);
}
