using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Cli.Streaming;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>--jsonl</c> as a stream of bytes: every good line is answered in order whatever the lines around it
/// hold (bytes that are not UTF-8, text that is not JSON, a request that makes a command fail, a line over
/// the size limit); <c>--jobs N</c> answers byte for byte as one job does; answers are flushed before
/// invitejoin waits for more input; memory stays within the size limit however long a line is.
/// </summary>
public sealed class StreamingTests
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static TheoryData<int> Jobs => [1, 2, 4];

    [Theory]
    [MemberData(nameof(Jobs))]
    public void ThousandGoodLinesThenOneNotUtf8_EveryGoodLineAnswered(int jobs)
    {
        // The case that once lost answers: the good lines still in the decoder's buffer when the bad one came.
        var input = new MemoryStream();
        for (var i = 0; i < 1000; i++) input.Write(Utf8.GetBytes($"{{\"n\": {i}}}\n"));
        input.Write([0x22, 0xC3, 0x28, 0x22, 0x0A]);
        input.Position = 0;

        var run = Cli.Run(input, ["canonical", "--jsonl", "--jobs", Text(jobs)], DataCommands.All);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(1001, run.Lines.Count);
        for (var i = 0; i < 1000; i++) Assert.Equal($"{{\"n\":{i}}}", run.Lines[i]);
        Assert.StartsWith("{\"error\":{\"code\":\"json.invalid_utf8\",\"message\":\"line 1001, ", run.Lines[1000], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public void GoodLinesAroundBadUtf8BadJsonAndAnInternalFailure_AllAnsweredInOrder(int jobs)
    {
        var lines = new List<byte[]>();
        var expected = new List<string>();
        void Good(int n)
        {
            for (var i = 0; i < n; i++)
            {
                lines.Add(Utf8.GetBytes($"{{\"line\": {lines.Count + 1}, \"text\": \"é\"}}"));
                expected.Add($"{{\"line\":{lines.Count},\"text\":\"é\"}}");
            }
        }
        void Bad(byte[] bytes, string code)
        {
            lines.Add(bytes);
            expected.Add(code);
        }
        Good(10);
        Bad([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], "json.invalid_utf8"); // an encoded surrogate
        Good(10);
        Bad("{\"a\": }"u8.ToArray(), "json.syntax");
        Good(10);
        Bad("{\"explode\": true}"u8.ToArray(), "internal");
        Good(10);
        Bad([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "json.syntax"); // a byte order mark on a later line
        Good(1);
        var input = new MemoryStream();
        foreach (var line in lines)
        {
            input.Write(line);
            input.WriteByte((byte)'\n');
        }
        input.Position = 0;

        var run = Cli.Run(input, ["echo", "--jsonl", "--jobs", Text(jobs)], [new EchoCommand()]);

        Assert.Equal(70, run.ExitCode);
        Assert.Equal(expected.Count, run.Lines.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].StartsWith('{')) Assert.Equal(expected[i], run.Lines[i]);
            else Assert.StartsWith($"{{\"error\":{{\"code\":\"{expected[i]}\",\"message\":\"line {i + 1}", run.Lines[i], StringComparison.Ordinal);
        }
        Assert.Contains("this is a bug", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The published auth and resolve cases, interleaved with blank lines, CRLF endings, lines that are not
    /// UTF-8, not JSON, not a request of the command, and over the size limit: one job and several give the
    /// same bytes and the same exit code.
    /// </summary>
    [Theory]
    [InlineData("auth")]
    [InlineData("resolve")]
    public void JobsOneAndMany_ByteIdenticalOnAMixedFile(string command)
    {
        var requests = command == "auth"
            ? PublishedData.AuthCases.Values.Select(c => c.Request).ToList()
            : PublishedData.Scenarios.Values.Where(s => s.ResolveRequest is not null).Select(s => s.ResolveRequest!).ToList();
        var input = new MemoryStream();
        var limit = requests.Max(r => Utf8.GetByteCount(r)) + 10;
        var answers = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            input.Write(Utf8.GetBytes(requests[i]));
            answers += i % 7 is 2 or 3 or 4 or 5 ? 2 : 1;
            input.Write((i % 7) switch
            {
                0 => "\r\n"u8.ToArray(),
                1 => "\n\n   \n"u8.ToArray(),
                2 => "\n{\"room_version\": \"10\"}\n"u8.ToArray(),
                3 => [0x0A, 0x22, 0xFF, 0x22, 0x0A],
                4 => "\n{\"a\":\n"u8.ToArray(),
                5 => Utf8.GetBytes("\n" + new string(' ', limit) + "{}\n"),
                _ => "\n"u8.ToArray(),
            });
        }
        var bytes = input.ToArray();
        DataCommand dataCommand = DataCommands.All.Single(c => c.Name == command);

        var (oneCode, one) = RunLines(dataCommand, bytes, jobs: 1, limit);
        var manyRuns = new[] { 2, 3, 8 }.Select(jobs => RunLines(dataCommand, bytes, jobs, limit)).ToList();

        Assert.Equal(2, oneCode);
        Assert.Contains("json.too_large", Utf8.GetString(one), StringComparison.Ordinal);
        Assert.Equal(answers, one.Count(b => b == (byte)'\n'));
        foreach (var (code, many) in manyRuns)
        {
            Assert.Equal(oneCode, code);
            Assert.True(one.AsSpan().SequenceEqual(many), "the answers of several jobs differ from those of one");
        }
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public void LineOverTheLimit_RefusedWhileReadAndTheNextLineAnswered(int jobs)
    {
        const int limit = 1000;
        var input = Utf8.GetBytes("[1]\n[" + string.Join(",", Enumerable.Repeat("12345678", 100_000)) + "]\r\n[2]\n[" + new string(' ', 995) + "3]\n");

        var (exitCode, output) = RunLines(new CanonicalCommand(), input, jobs, limit);

        var lines = Utf8.GetString(output).Split('\n');
        Assert.Equal(2, exitCode);
        Assert.Equal(new[] { "[1]", "[2]", "[3]", "" }, new[] { lines[0], lines[2], lines[3], lines[4] });
        Assert.StartsWith("{\"error\":{\"code\":\"json.too_large\",\"message\":\"line 2, $: the request is longer than the limit of 1000 bytes", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void LineReader_HoldsNoMoreThanTheLimitOfAnOverlongLine()
    {
        const int limit = 4096;
        var huge = new byte[5_000_000];
        huge.AsSpan().Fill((byte)'x');
        var reader = new LineReader(new ChunkedStream([.. huge, (byte)'\n', (byte)'1', (byte)'\n'], 65536), limit);

        Assert.True(reader.TryReadLine(out var first));
        Assert.True(reader.TryReadLine(out var second));

        Assert.True(first.TooLong);
        Assert.Equal(1, first.Number);
        Assert.Equal("1", Encoding.ASCII.GetString(reader.Buffer, second.Offset, second.Length));
        Assert.Equal(2, second.Number);
        Assert.InRange(reader.Buffer.Length, 1, limit + 3);
        Assert.False(reader.TryReadLine(out _));
    }

    [Fact]
    public void SingleRequestOverTheLimit_RefusedAfterReadingOneBytePastIt()
    {
        const int limit = 10_000;
        var stdin = new ChunkedStream(new byte[50_000_000], 4096);
        var output = new MemoryStream();

        var exitCode = DataCommandRunner.Run(new CanonicalCommand(), jsonLines: false, jobs: 1, stdin, new AnswerWriter(output), limit);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("{\"error\":{\"code\":\"json.too_large\"", Utf8.GetString(output.ToArray()), StringComparison.Ordinal);
        Assert.InRange(stdin.Position, limit + 1, limit + 4096);
    }

    /// <summary>A caller that writes one line and waits for its answer before writing the next (a conversation over a pipe).</summary>
    [Theory]
    [MemberData(nameof(Jobs))]
    public void LineByLineCaller_SeesEachAnswerBeforeSendingTheNextLine(int jobs)
    {
        var output = new SignallingStream();
        var stdin = new ConversationStream(["[1]\n", "{\"b\":2,\"a\":1}\n", "[3]"], output);

        var exitCode = CommandLine.Run(["canonical", "--jsonl", "--jobs", Text(jobs)], stdin, output, TextWriter.Null, DataCommands.All);

        Assert.Equal(0, exitCode);
        Assert.Null(stdin.Stalled);
        Assert.Equal("[1]\n{\"a\":1,\"b\":2}\n[3]\n", Utf8.GetString(output.ToArray()));
    }

    [Fact]
    public void EmptyStdin_NoAnswerInJsonLinesAndTruncatedForOneRequest()
    {
        Assert.Equal((0, ""), Outcome(Cli.Run(Stream.Null, ["canonical", "--jsonl"], DataCommands.All)));
        var single = Cli.Run(Stream.Null, ["canonical"], DataCommands.All);
        Assert.Equal(2, single.ExitCode);
        Assert.Equal("json.truncated", single.ErrorCode);
    }

    [Fact]
    public void StdinThatFailsToRead_IsTheEndOfTheInput()
    {
        var run = Cli.Run(new FailingAfterStream("[1]\n[2]\n"u8.ToArray()), ["canonical", "--jsonl"], DataCommands.All);

        Assert.Equal((0, "[1]\n[2]\n"), Outcome(run));
    }

    private static (int, string) Outcome(CliRun run) => (run.ExitCode, run.Stdout);

    private static (int ExitCode, byte[] Output) RunLines(DataCommand command, byte[] input, int jobs, int limit)
    {
        var output = new MemoryStream();
        var writer = new AnswerWriter(output);
        var exitCode = DataCommandRunner.Run(command, jsonLines: true, jobs, new ChunkedStream(input, 1000), writer, limit);
        return (exitCode, output.ToArray());
    }

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A planted command: answers the request itself, and throws (a bug) on an object with an <c>explode</c> key.</summary>
    private sealed class EchoCommand : DataCommand
    {
        public override string Name => "echo";

        public override string Description => "Answers the request itself; throws on {\"explode\": ...}.";

        public override Result<JsonValue> Answer(JsonValue request) =>
            request is JsonObject o && o.ContainsKey("explode") ? throw new InvalidOperationException("planted bug") : request;
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, as a pipe does.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }

    /// <summary>Reads its bytes, then fails as a stdin whose writer vanished would.</summary>
    private sealed class FailingAfterStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position < Length ? base.Read(buffer, offset, count) : throw new IOException("read failed");

        public override int Read(Span<byte> buffer) => Position < Length ? base.Read(buffer) : throw new IOException("read failed");
    }

    /// <summary>A stdout that counts the answer lines flushed to it.</summary>
    private sealed class SignallingStream : MemoryStream
    {
        private readonly object _gate = new();
        private int _flushedLines;

        public override void Flush()
        {
            lock (_gate)
            {
                _flushedLines = ToArray().Count(b => b == (byte)'\n');
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits until <paramref name="lines"/> answers have been flushed; false after a generous while.</summary>
        public bool WaitForLines(int lines)
        {
            lock (_gate)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (_flushedLines < lines)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_gate, left);
                }
                return true;
            }
        }
    }

    /// <summary>
    /// A stdin that gives one line per read and, before giving the next, waits for the answer to the one
    /// before to be flushed: a run that does not flush before waiting for input would stall here.
    /// </summary>
    private sealed class ConversationStream(string[] lines, SignallingStream answers) : Stream
    {
        private int _next;

        public string? Stalled { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_next >= lines.Length) return 0;
            if (_next > 0 && !answers.WaitForLines(_next))
            {
                Stalled = $"the answer to line {_next} was not flushed before line {_next + 1} was asked for";
                return 0;
            }
            var bytes = Utf8.GetBytes(lines[_next++]);
            bytes.CopyTo(buffer);
            return bytes.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
