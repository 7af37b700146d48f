using System.Buffers;

namespace InviteJoin.Cli.Streaming;

/// <summary>
/// Collects answer bytes for stdout and writes them in large pieces: when more than
/// <see cref="FlushThreshold"/> bytes wait after a complete answer, and whenever <see cref="Flush"/> is
/// called (before the input is read again, and at the end). A write that fails (a closed stdout, a reader
/// that went away) is remembered: everything after it is dropped, and <see cref="Failure"/> says why.
/// </summary>
internal sealed class AnswerWriter : IBufferWriter<byte>
{
    /// <summary>Bytes held before they are written without being asked.</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly Stream _output;
    private byte[] _buffer = new byte[FlushThreshold * 2];
    private int _count;

    public AnswerWriter(Stream output) => _output = output;

    /// <summary>Why stdout could not be written, once a write has failed; null while all is well.</summary>
    public IOException? Failure { get; private set; }

    /// <summary>How many bytes are held now (the start of the answer being written).</summary>
    public int Position => _count;

    public void Advance(int count) => _count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_count);
    }

    /// <summary>Drops what was written since <paramref name="position"/> (an answer that failed half-way).</summary>
    public void Truncate(int position) => _count = position;

    /// <summary>Appends bytes made elsewhere (an answer made by another worker).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _count += bytes.Length;
    }

    /// <summary>Ends an answer: the line break, then a write if enough is held.</summary>
    public void EndAnswer()
    {
        GetSpan(1)[0] = (byte)'\n';
        _count++;
        if (_count >= FlushThreshold) Send(flushStream: false);
    }

    /// <summary>Writes everything held, and flushes the stream, so that a waiting caller sees every answer so far.</summary>
    public void Flush() => Send(flushStream: true);

    private void Send(bool flushStream)
    {
        if (Failure is null)
        {
            try
            {
                if (_count > 0) _output.Write(_buffer, 0, _count);
                if (flushStream) _output.Flush();
            }
            catch (IOException e)
            {
                Failure = e;
            }
        }
        _count = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _count >= needed) return;
        var grown = new byte[Math.Max(_buffer.Length * 2, _count + needed)];
        _buffer.AsSpan(0, _count).CopyTo(grown);
        _buffer = grown;
    }
}
