namespace InviteJoin.Cli.Streaming;

/// <summary>
/// One line of <c>--jsonl</c> input: its number (counting every line, blank ones included) and where its
/// bytes are in the reader's buffer, without the <c>\n</c> that ends it or a <c>\r</c> before that; or,
/// when it is longer than the limit, only the mark that it was (its bytes were never kept).
/// </summary>
internal readonly record struct InputLine(int Number, int Offset, int Length, bool TooLong);

/// <summary>
/// Splits a byte stream into lines at <c>\n</c>, reading through one buffer that grows only as far as the
/// longest line it must hold, which is at most <see cref="MaxLineBytes"/>: a longer line is skipped while it
/// is read, keeping none of it, and reported as <see cref="InputLine.TooLong"/>. Lines are handed out as
/// places in <see cref="Buffer"/>, valid until the next call. Bytes are not decoded here: a line that is not
/// UTF-8 is the JSON reader's to report, and cannot hide a <c>\n</c>, which UTF-8 never uses inside a sequence.
/// </summary>
internal sealed class LineReader
{
    private readonly Stream _input;
    private readonly int _largestBuffer;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfInput;
    private int _lineNumber;

    /// <param name="input">The stream to read; a failing read ends the input, as a closed stream does.</param>
    /// <param name="maxLineBytes">The longest line kept, in bytes, without its line break.</param>
    /// <param name="initialBufferBytes">The first buffer's size; reads ask for as much as fits.</param>
    public LineReader(Stream input, int maxLineBytes, int initialBufferBytes = 256 * 1024)
    {
        _input = input;
        MaxLineBytes = maxLineBytes;
        // A line at the limit, its "\r\n", and one byte more to see that it does not go on.
        _largestBuffer = (int)Math.Min(Array.MaxLength, (long)maxLineBytes + 3);
        _buffer = new byte[Math.Min(initialBufferBytes, _largestBuffer)];
    }

    /// <summary>The longest line kept, in bytes.</summary>
    public int MaxLineBytes { get; }

    /// <summary>The buffer that <see cref="InputLine.Offset"/> points into.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>
    /// Reads the next line; false at the end of the input. <paramref name="beforeWaiting"/> runs before every
    /// read of the stream, which may block until more input comes: the moment to flush answers already made.
    /// </summary>
    public bool TryReadLine(out InputLine line, Action? beforeWaiting = null)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Take(newline, newline + 1);
                return true;
            }
            if (_endOfInput)
            {
                line = pending.IsEmpty ? default : Take(pending.Length, pending.Length);
                return !pending.IsEmpty;
            }
            if (pending.Length > MaxLineBytes + 1)
            {
                line = SkipLongLine(beforeWaiting);
                return true;
            }
            MakeRoom();
            beforeWaiting?.Invoke();
            Fill();
        }
    }

    private InputLine Take(int length, int consumed)
    {
        var offset = _start;
        _start += consumed;
        if (length > 0 && _buffer[offset + length - 1] == (byte)'\r') length--;
        _lineNumber++;
        return length > MaxLineBytes
            ? new InputLine(_lineNumber, 0, 0, TooLong: true)
            : new InputLine(_lineNumber, offset, length, TooLong: false);
    }

    // The line under way is already longer than the limit: drop what is held and read on to its end.
    private InputLine SkipLongLine(Action? beforeWaiting)
    {
        _lineNumber++;
        _start = _end = 0;
        while (!_endOfInput)
        {
            beforeWaiting?.Invoke();
            Fill();
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                break;
            }
            _start = _end = 0;
        }
        return new InputLine(_lineNumber, 0, 0, TooLong: true);
    }

    // Moves the unfinished line to the front, and grows the buffer when that line fills it.
    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length && _buffer.Length < _largestBuffer)
        {
            var grown = new byte[(int)Math.Min(_largestBuffer, 2L * _buffer.Length)];
            _buffer.AsSpan(0, _end).CopyTo(grown);
            _buffer = grown;
        }
    }

    private void Fill()
    {
        int read;
        try
        {
            read = _input.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (IOException)
        {
            // A stdin that cannot be read (closed, or gone) has nothing more to say: that is the end of the input.
            read = 0;
        }
        if (read == 0) _endOfInput = true;
        _end += read;
    }
}
