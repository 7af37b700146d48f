using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>One event of an export as read, before any check: its JSON (null when its text is not JSON), where it came from, and what the export claims about it.</summary>
internal sealed record ExportEvent(JsonObject? Json, string Source)
{
    /// <summary>The event ID the export names it by (Synapse's <c>event_id</c> column, or an <c>event_id</c> key a tool added to a room version 3+ event).</summary>
    public string? ClaimedEventId { get; init; }

    /// <summary>What Synapse recorded about the event, for rows of its <c>event_json</c> table.</summary>
    public SynapseRecord? Synapse { get; init; }

    /// <summary>Why the event's text could not be read as JSON (a Synapse row whose <c>json</c> column is broken); null otherwise.</summary>
    public Failure? Unreadable { get; init; }
}

/// <summary>What a Synapse row says of its event: stored as an outlier, soft failed, or rejected with a reason.</summary>
internal sealed record SynapseRecord(bool Outlier, bool SoftFailed, string? RejectionReason);

/// <summary>
/// A state an input claims (a <c>/state</c> or <c>/state_ids</c> response): its events, by their index among the
/// export's events (<c>/state</c>) or by ID (<c>/state_ids</c>).
/// </summary>
internal sealed record ClaimedStateInput(string Source, ImmutableArray<int> EventIndices, ImmutableArray<string> EventIds);

/// <summary>What an input file turned out to be, for the report.</summary>
internal sealed record ExportFile(string Path, string Shape, int Events);

/// <summary>Input that cannot be audited: a file that cannot be read, is not JSON, or has no known shape. The message names the file and the place.</summary>
internal sealed class ExportInputException(string code, string message) : Exception(message)
{
    /// <summary>A stable token for the kind of input error.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// Reads the files of an export: the federation API's response shapes (<c>/state</c>, <c>/state_ids</c>,
/// <c>/event_auth</c>, a transaction or <c>/backfill</c>), a JSON array of PDUs, JSON lines of PDUs or of any of
/// those shapes, and rows of Synapse's <c>event_json</c> table (<c>{event_id, room_id, json, internal_metadata,
/// format_version, rejection_reason?}</c>, the <c>json</c> column as text). JSON lines are read one line at a time,
/// so a large export is never held as text; a whole JSON document is read at once.
/// </summary>
internal sealed class ExportReader
{
    private static readonly JsonReadOptions Options = new() { MaxBytes = Array.MaxLength };

    private readonly List<ExportEvent> _events = [];
    private readonly List<ClaimedStateInput> _states = [];
    private readonly List<ExportFile> _files = [];
    private readonly Action<long>? _bytesRead;
    private long _bytesBefore;

    private ExportReader(Action<long>? bytesRead) => _bytesRead = bytesRead;

    public IReadOnlyList<ExportEvent> Events => _events;

    public IReadOnlyList<ClaimedStateInput> States => _states;

    public IReadOnlyList<ExportFile> Files => _files;

    /// <summary>Reads <paramref name="paths"/> in order; <paramref name="bytesRead"/> hears the bytes read so far across all files.</summary>
    public static ExportReader Read(IReadOnlyList<string> paths, Action<long>? bytesRead = null)
    {
        var reader = new ExportReader(bytesRead);
        foreach (var path in paths) reader.ReadFile(path);
        return reader;
    }

    /// <summary>Lets go of the events read, once they have been checked: the checked copies are all an audit keeps.</summary>
    public void Release() => _events.Clear();

    /// <summary>The total size of <paramref name="paths"/> in bytes, for a progress bar; unreadable files count 0 (reading them reports why).</summary>
    public static long TotalBytes(IEnumerable<string> paths) => paths.Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);

    private void ReadFile(string path)
    {
        var name = Path.GetFileName(path);
        var before = _events.Count;
        var shapes = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var lines = new LineReader(stream);
            if (!lines.Next(out var first, out var firstNumber))
            {
                throw new ExportInputException("audit_room.empty_input", $"{name}: the file is empty");
            }
            Result<JsonValue>? firstValue = first.Length > 0 && first[0] == (byte)'{' ? StrictJsonReader.Parse(first, Options) : (Result<JsonValue>?)null;
            if (firstValue is not { IsOk: true } parsedFirst)
            {
                // One JSON document spread over lines (or an array): read it whole.
                stream.Position = 0;
                var bytes = ReadAll(stream);
                var document = StrictJsonReader.Parse(bytes, Options);
                if (!document.IsOk) throw NotJson(name, null, document.Failure!);
                Progress(stream.Length);
                AddValue(document.Value, name, "$", shapes, name);
            }
            else if (!lines.Next(out var second, out var secondNumber))
            {
                // One JSON document on one line.
                Progress(stream.Length);
                AddValue(parsedFirst.Value, name, "$", shapes, name);
            }
            else
            {
                // JSON lines: one value per line.
                AddValue(parsedFirst.Value, name + ":" + Number(firstNumber), "$", shapes, name);
                AddLine(second, secondNumber, name, shapes);
                while (lines.Next(out var line, out var number))
                {
                    AddLine(line, number, name, shapes);
                    Progress(lines.Position);
                }
                Progress(stream.Length);
            }
            _bytesBefore += stream.Length;
        }
        catch (IOException e)
        {
            throw new ExportInputException("audit_room.unreadable_input", $"{name}: cannot read the file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ExportInputException("audit_room.unreadable_input", $"{name}: cannot read the file: {e.Message}");
        }
        _files.Add(new ExportFile(path, string.Join(", ", shapes), _events.Count - before));
    }

    private void AddLine(ReadOnlySpan<byte> line, int number, string name, SortedSet<string> shapes)
    {
        var parsed = StrictJsonReader.Parse(line, Options);
        if (!parsed.IsOk) throw NotJson(name, number, parsed.Failure!);
        AddValue(parsed.Value, name + ":" + Number(number), "$", shapes, name);
    }

    private void Progress(long position) => _bytesRead?.Invoke(_bytesBefore + position);

    // A value of a known shape; source names the file (and line), path the place inside the value.
    private void AddValue(JsonValue value, string source, string path, SortedSet<string> shapes, string file)
    {
        if (value is JsonArray array)
        {
            shapes.Add("array of PDUs");
            for (var i = 0; i < array.Count; i++) AddEventLike(array[i], source, JsonPath.Index(path, i), file);
            return;
        }
        if (value is not JsonObject obj)
        {
            throw new ExportInputException("audit_room.unknown_shape", $"{Where(source, path)}: expected a JSON object or array, found {JsonKinds.Describe(value.Kind)}");
        }
        if (obj.ContainsKey("pdus") && obj.ContainsKey("auth_chain"))
        {
            shapes.Add("/state response");
            AddEvents(obj, "auth_chain", source, path, file);
            var first = _events.Count;
            AddEvents(obj, "pdus", source, path, file);
            _states.Add(new ClaimedStateInput(Where(source, path), [.. Enumerable.Range(first, _events.Count - first)], []));
        }
        else if (obj.ContainsKey("pdu_ids") && obj.ContainsKey("auth_chain_ids"))
        {
            shapes.Add("/state_ids response");
            _states.Add(new ClaimedStateInput(Where(source, path), [], Ids(obj, "pdu_ids", source, path)));
        }
        else if (obj.ContainsKey("auth_chain"))
        {
            shapes.Add("/event_auth response");
            AddEvents(obj, "auth_chain", source, path, file);
        }
        else if (obj.ContainsKey("pdus"))
        {
            shapes.Add("transaction or /backfill response");
            AddEvents(obj, "pdus", source, path, file);
        }
        else if (IsSynapseRow(obj))
        {
            shapes.Add("Synapse event_json rows");
            AddSynapseRow(obj, source, path);
        }
        else if (obj.ContainsKey("type"))
        {
            shapes.Add("PDUs");
            _events.Add(new ExportEvent(obj, Where(source, path)));
        }
        else
        {
            var keys = string.Join(", ", obj.Keys.Take(8));
            throw new ExportInputException("audit_room.unknown_shape",
                $"{Where(source, path)}: a JSON object of no known shape (a PDU, a /state, /state_ids, /event_auth, transaction or /backfill response, a Synapse event_json row); its keys are: {keys}");
        }
    }

    private void AddEvents(JsonObject obj, string key, string source, string path, string file)
    {
        var at = JsonPath.Property(path, key);
        if (obj[key] is not JsonArray array) throw new ExportInputException("audit_room.unknown_shape", $"{Where(source, at)}: expected an array of PDUs");
        for (var i = 0; i < array.Count; i++) AddEventLike(array[i], source, JsonPath.Index(at, i), file);
    }

    private void AddEventLike(JsonValue value, string source, string path, string file)
    {
        if (value is not JsonObject obj) throw new ExportInputException("audit_room.unknown_shape", $"{Where(source, path)}: expected a PDU (a JSON object), found {JsonKinds.Describe(value.Kind)}");
        if (IsSynapseRow(obj)) AddSynapseRow(obj, source, path);
        else _events.Add(new ExportEvent(obj, Where(source, path)));
    }

    private static bool IsSynapseRow(JsonObject obj) => obj["json"] is JsonString && obj["event_id"] is JsonString;

    // A row of event_json: the event's JSON is text inside the row, its ID a column, its fate in internal_metadata
    // and (when the dump joins it in) the rejections table.
    private void AddSynapseRow(JsonObject row, string source, string path)
    {
        var where = Where(source, path);
        var eventId = ((JsonString)row["event_id"]!).Value;
        var metadata = row["internal_metadata"] switch
        {
            JsonString text => StrictJsonReader.Parse(text.Value, Options) is { IsOk: true, Value: JsonObject parsed } ? parsed : null,
            JsonObject parsed => parsed,
            _ => null,
        };
        var synapse = new SynapseRecord(
            metadata?["outlier"] is JsonBool { Value: true },
            metadata?["soft_failed"] is JsonBool { Value: true },
            (row["rejection_reason"] as JsonString)?.Value);
        var json = StrictJsonReader.Parse(((JsonString)row["json"]!).Value, Options);
        if (json.IsOk && json.Value is JsonObject pdu)
        {
            _events.Add(new ExportEvent(pdu, where) { ClaimedEventId = eventId, Synapse = synapse });
        }
        else
        {
            var failure = json.IsOk ? new Failure(JsonError.NotAnObject, "$", "the json column is not a JSON object") : json.Failure!;
            _events.Add(new ExportEvent(null, where) { ClaimedEventId = eventId, Synapse = synapse, Unreadable = failure });
        }
    }

    private static ImmutableArray<string> Ids(JsonObject obj, string key, string source, string path)
    {
        var at = JsonPath.Property(path, key);
        if (obj[key] is not JsonArray array || array.Items.Any(v => v is not JsonString))
        {
            throw new ExportInputException("audit_room.unknown_shape", $"{Where(source, at)}: expected an array of event IDs");
        }
        return [.. array.Items.Cast<JsonString>().Select(s => s.Value)];
    }

    private static ExportInputException NotJson(string name, int? line, Failure failure) =>
        new("audit_room.not_json", $"{name}{(line is { } n ? ":" + Number(n) : "")}: not JSON: {failure.Token} at {failure.Path}: {failure.Message}");

    private static string Where(string source, string path) => path == "$" ? source : source + " " + path;

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.Length > Array.MaxLength) throw new IOException($"the file is {stream.Length} bytes, more than one JSON document may be; write it as JSON lines");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Splits a stream into lines of bytes (ending at <c>\n</c>, a <c>\r</c> before it dropped), skipping blank ones, without reading it all.</summary>
    private sealed class LineReader(Stream stream)
    {
        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private int _line;
        private bool _eof;

        /// <summary>Bytes consumed from the stream so far, up to the end of the last line returned.</summary>
        public long Position { get; private set; }

        public bool Next(out ReadOnlySpan<byte> line, out int number)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0 && !_eof)
                {
                    Fill();
                    continue;
                }
                var stop = newline < 0 ? _end : newline;
                if (_start == stop && newline < 0)
                {
                    line = default;
                    number = _line;
                    return false;
                }
                _line++;
                var length = stop - _start;
                if (length > 0 && _buffer[stop - 1] == (byte)'\r') length--;
                var span = new ReadOnlySpan<byte>(_buffer, _start, length);
                Position += stop - _start + (newline < 0 ? 0 : 1);
                _start = newline < 0 ? _end : newline + 1;
                if (IsBlank(span)) continue;
                line = span;
                number = _line;
                return true;
            }
        }

        private void Fill()
        {
            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= Array.MaxLength / 2) throw new IOException("a line is longer than a JSON value may be");
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }

        private static bool IsBlank(ReadOnlySpan<byte> span)
        {
            foreach (var b in span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
            }
            return true;
        }
    }
}
