using System.Buffers;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Streaming;

/// <summary>
/// <c>--jsonl --jobs N</c>: a reader thread splits stdin into lines while N workers answer them, and the
/// answers are written in input order, so the output and the exit code are byte for byte those of one job.
/// Lines are taken in batches of what has been read so far; when nothing is waiting, the answers so far are
/// flushed before waiting for more, so a caller speaking line by line still sees each answer at once.
/// </summary>
internal static class ParallelLines
{
    // Bounds on what is read ahead of the answers: memory stays within a few times the line limit.
    private const int MaxBatchLines = 1024;
    private const long MaxBatchBytes = 1024 * 1024;

    public static int Run(DataCommand command, LineReader lines, int jobs, AnswerWriter stdout)
    {
        var queue = new LineQueue(Math.Max(MaxBatchBytes * 4, lines.MaxLineBytes + 16L));
        var reader = new Thread(() => queue.Fill(lines)) { IsBackground = true, Name = "invitejoin stdin" };
        reader.Start();

        var workers = new Worker[jobs];
        for (var i = 0; i < workers.Length; i++) workers[i] = new Worker();
        var exitCode = ExitCodes.Ok;
        var batch = new List<QueuedLine>();
        try
        {
            while (queue.TakeBatch(batch, MaxBatchLines, MaxBatchBytes, stdout.Flush))
            {
                exitCode = ExitCodes.Combine(exitCode, AnswerBatch(command, batch, workers, lines.MaxLineBytes, stdout));
                foreach (var line in batch) line.Return();
                batch.Clear();
                if (stdout.Failure is not null) break;
            }
        }
        finally
        {
            queue.Stop();
        }
        stdout.Flush();
        return exitCode;
    }

    private static int AnswerBatch(DataCommand command, List<QueuedLine> batch, Worker[] workers, int maxLineBytes, AnswerWriter stdout)
    {
        var answers = new Placed[batch.Count];
        var next = -1;
        var used = Math.Min(workers.Length, batch.Count);
        for (var w = 0; w < used; w++) workers[w].Output.ResetWrittenCount();
        void Work(int w)
        {
            var output = workers[w].Output;
            for (var i = Interlocked.Increment(ref next); i < batch.Count; i = Interlocked.Increment(ref next))
            {
                var line = batch[i];
                var start = output.WrittenCount;
                var answered = DataCommandRunner.AnswerLine(command, line.Line, line.Bytes, maxLineBytes);
                CanonicalJson.Write(answered.Json, output);
                answers[i] = new Placed(w, start, output.WrittenCount - start, answered.ExitCode);
            }
        }
        if (used == 1) Work(0);
        else Parallel.For(0, used, new ParallelOptions { MaxDegreeOfParallelism = used }, Work);

        var exitCode = ExitCodes.Ok;
        foreach (var answer in answers)
        {
            stdout.Write(workers[answer.Worker].Output.WrittenSpan.Slice(answer.Start, answer.Length));
            stdout.EndAnswer();
            exitCode = ExitCodes.Combine(exitCode, answer.ExitCode);
        }
        return exitCode;
    }

    private readonly record struct Placed(int Worker, int Start, int Length, int ExitCode);

    private sealed class Worker
    {
        public ArrayBufferWriter<byte> Output { get; } = new(64 * 1024);
    }

    /// <summary>A line copied out of the reader's buffer into a rented array, returned once answered.</summary>
    private sealed class QueuedLine(InputLine line, byte[]? rented)
    {
        public InputLine Line => line;

        public ReadOnlySpan<byte> Bytes => rented is null ? default : rented.AsSpan(0, line.Length);

        public int Size => line.Length;

        public void Return()
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The lines read and not yet answered, at most a byte budget of them; filled by the reader thread.</summary>
    private sealed class LineQueue(long budget)
    {
        private readonly Queue<QueuedLine> _lines = new();
        private readonly object _gate = new();
        private long _bytes;
        private bool _done;
        private bool _stopped;

        // The reader thread: every non-blank line, copied, until the input ends or the run stops.
        public void Fill(LineReader reader)
        {
            try
            {
                while (reader.TryReadLine(out var line))
                {
                    var bytes = line.TooLong ? default : reader.Buffer.AsSpan(line.Offset, line.Length);
                    if (!line.TooLong && DataCommandRunner.IsJsonWhitespace(bytes)) continue;
                    byte[]? rented = null;
                    if (!line.TooLong)
                    {
                        rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
                        bytes.CopyTo(rented);
                    }
                    if (!Add(new QueuedLine(line, rented))) return;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private bool Add(QueuedLine line)
        {
            lock (_gate)
            {
                while (!_stopped && _lines.Count > 0 && _bytes + line.Size > budget) Monitor.Wait(_gate);
                if (_stopped)
                {
                    line.Return();
                    return false;
                }
                _lines.Enqueue(line);
                _bytes += line.Size;
                Monitor.PulseAll(_gate);
                return true;
            }
        }

        // Waits for at least one line (flushing first when none is waiting), then takes what is there, up to the bounds.
        public bool TakeBatch(List<QueuedLine> batch, int maxLines, long maxBytes, Action beforeWaiting)
        {
            lock (_gate)
            {
                if (_lines.Count == 0 && !_done)
                {
                    Monitor.Exit(_gate);
                    try
                    {
                        beforeWaiting();
                    }
                    finally
                    {
                        Monitor.Enter(_gate);
                    }
                    while (_lines.Count == 0 && !_done) Monitor.Wait(_gate);
                }
                long taken = 0;
                while (_lines.Count > 0 && batch.Count < maxLines && (batch.Count == 0 || taken + _lines.Peek().Size <= maxBytes))
                {
                    var line = _lines.Dequeue();
                    taken += line.Size;
                    batch.Add(line);
                }
                _bytes -= taken;
                Monitor.PulseAll(_gate);
                return batch.Count > 0;
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                while (_lines.Count > 0) _lines.Dequeue().Return();
                Monitor.PulseAll(_gate);
            }
        }
    }
}
