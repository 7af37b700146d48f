using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using InviteJoin.Reference.Errors;
using static System.FormattableString;

namespace InviteJoin.Reference.Json;

/// <summary>
/// One pass of the strict reader over UTF-8 bytes. It is iterative: open arrays and objects live
/// on explicit stacks, so the call stack stays flat however deep the input nests, and
/// <see cref="JsonReadOptions.MaxDepth"/> is a policy bound rather than a guard against overflow.
/// Finished values wait on one shared value stack until their container closes, and the path of
/// an error is rebuilt from those stacks only when an error happens.
/// </summary>
internal ref partial struct StrictJsonParser
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly ReadOnlySpan<byte> _input;
    private readonly JsonReadOptions _options;
    // True when the bytes were made from a .NET string, whose lone surrogates were written in
    // their generalised UTF-8 form so that they can be reported where they occur.
    private readonly bool _surrogatesFromText;
    private int _position;
    // The open containers, innermost last: an array with a count, so reading the innermost copies nothing.
    private Frame[]? _frames;
    private int _depth;
    // The value and key stacks, as arrays with counts: a slot struct keeps stores free of the covariance
    // check an array of JsonValue would pay, and closing a container only lowers a count.
    private ValueSlot[]? _values;
    private int _valueCount;
    private string[]? _keys;
    private int[]? _keyOffsets;
    private int[]? _keyRanks;
    private int _keyCount;
    // Numbers read so far that canonical JSON forbids, and those among them written with a fraction or
    // exponent (whose canonical text may be longer than their source): objects record what they hold.
    private int _nonCanonicalNumbers;
    private int _nonIntegerNumbers;
    private char[]? _chars;
    private Failure? _failure;
    private readonly ShortStrings _shortStrings = CommonStrings.Short;
    // The strings read so far that are not common (see Repeated), in an open-addressing table rented from the shared pool.
    private string?[]? _seenTexts;
    private System.Runtime.Intrinsics.Vector128<byte>[]? _seenVectors;
    private int _seenCount;
    private const int SeenSlotBits = 7;
    private const int SeenSlots = 1 << SeenSlotBits;
    private const int MinSharingDocument = 1024;

    public StrictJsonParser(ReadOnlySpan<byte> input, JsonReadOptions options, bool surrogatesFromText)
    {
        _input = input;
        _options = options;
        _surrogatesFromText = surrogatesFromText;
    }

    // An open array or object: where its values and keys start on the shared stacks.
    private readonly record struct Frame(bool IsObject, int ValueStart, int KeyStart, int Offset, int NonIntegers, int NonCanonical);

    private struct ValueSlot
    {
        public JsonValue Value;
    }

    // Objects whose keys arrive out of order are sorted with this, by key in code-point order.
    private static readonly Comparer<KeyValuePair<string, JsonValue>> ByKey =
        Comparer<KeyValuePair<string, JsonValue>>.Create((a, b) => CodePointOrder.Instance.Compare(a.Key, b.Key));

    private readonly bool AtEnd => _position >= _input.Length;

    public Result<JsonValue> ParseDocument()
    {
        var result = ParseTopLevel();
        ReturnStacks();
        return result;
    }

    private Result<JsonValue> ParseTopLevel()
    {
        // RFC 8259 §8.1: implementations MUST NOT add a byte order mark; we refuse one rather than
        // skip it, so that one text has one meaning everywhere.
        if (_input.StartsWith(ByteOrderMark))
        {
            return Result<JsonValue>.Fail(JsonError.Syntax, JsonPath.Root, "a UTF-8 byte order mark at byte 0 is not allowed in JSON text (RFC 8259 §8.1)");
        }
        SkipWhitespace();
        if (AtEnd)
        {
            return Result<JsonValue>.Fail(JsonError.Truncated, JsonPath.Root,
                _input.IsEmpty ? "the input is empty; expected a JSON value" : "the input holds only whitespace; expected a JSON value");
        }
        if (!ParseValueTree(out var value)) return Result<JsonValue>.Fail(_failure!);
        SkipWhitespace();
        if (!AtEnd)
        {
            return Result<JsonValue>.Fail(JsonError.TrailingData, JsonPath.Root, Invariant(
                $"unexpected {Describe(_position)} at byte {_position} after the end of the top-level value"));
        }
        return Result<JsonValue>.Ok(value);
    }

    private bool ParseValueTree(out JsonValue result)
    {
        result = JsonValue.Null;
        while (true)
        {
            // Here a value is expected: at the top, after '[', after ',' in an array, or after ':'.
            JsonValue value;
            SkipWhitespace();
            if (AtEnd) return Truncated("a value", inElement: true);
            switch (_input[_position])
            {
                case (byte)'{':
                    if (!Push(isObject: true)) return false;
                    SkipWhitespace();
                    if (AtEnd) return Truncated("'\"' or '}'", inElement: false);
                    if (_input[_position] == (byte)'}')
                    {
                        _position++;
                        PopEmpty();
                        value = JsonObject.Empty;
                        break;
                    }
                    if (!ParseMemberName()) return false;
                    continue;
                case (byte)'[':
                    if (!Push(isObject: false)) return false;
                    SkipWhitespace();
                    if (AtEnd) return Truncated("a value or ']'", inElement: false);
                    if (_input[_position] == (byte)']')
                    {
                        _position++;
                        PopEmpty();
                        value = JsonArray.Empty;
                        break;
                    }
                    continue;
                case (byte)'"':
                    if (!ParseString(isKey: false, out var text)) return false;
                    value = new JsonString(text);
                    break;
                case (byte)'t':
                    if (!ParseLiteral("true"u8)) return false;
                    value = JsonValue.Bool(true);
                    break;
                case (byte)'f':
                    if (!ParseLiteral("false"u8)) return false;
                    value = JsonValue.Bool(false);
                    break;
                case (byte)'n':
                    if (!ParseLiteral("null"u8)) return false;
                    value = JsonValue.Null;
                    break;
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    if (!ParseNumber(out var number)) return false;
                    if (number is JsonNumber { IsCanonical: false } read)
                    {
                        _nonCanonicalNumbers++;
                        if (!read.IsIntegerLexeme) _nonIntegerNumbers++;
                    }
                    value = number;
                    break;
                default:
                    return Unexpected(_position, "a value", inElement: true);
            }

            // A value is complete: hand it to its container, closing every container that ends here.
            while (true)
            {
                if (_depth == 0)
                {
                    result = value;
                    return true;
                }
                ref readonly var frame = ref _frames![_depth - 1];
                PushValue(value);
                var close = frame.IsObject ? (byte)'}' : (byte)']';
                var expected = frame.IsObject ? "',' or '}'" : "',' or ']'";
                SkipWhitespace();
                if (AtEnd) return Truncated(expected, inElement: false);
                var next = _input[_position];
                if (next == (byte)',')
                {
                    _position++;
                    if (frame.IsObject && !ParseMemberName()) return false;
                    break;
                }
                if (next != close) return Unexpected(_position, expected, inElement: false);
                _position++;
                if (!Close(in frame, out value)) return false;
            }
        }
    }

    // Reads `"key" :` (after optional whitespace), leaving the key on the key stack.
    private bool ParseMemberName()
    {
        SkipWhitespace();
        if (AtEnd) return Truncated("'\"' (an object key)", inElement: false);
        if (_input[_position] != (byte)'"') return Unexpected(_position, "'\"' (an object key)", inElement: false);
        var offset = _position;
        // Nearly every key is a common string of at most fifteen bytes: it is recognised here by one vector, without
        // the call to the general reader (which reads the same strings the same way, see ParseString).
        string? key = null;
        var rank = -1;
        if (Vector128.IsHardwareAccelerated && offset + 1 + Vector128<byte>.Count <= _input.Length)
        {
            key = FindInOneVector(offset + 1, out rank, out var length);
            if (key is not null) _position = offset + length + 2;
        }
        if (key is null && !ParseString(isKey: true, out key, out rank)) return false;
        PushKey(key, offset, rank);
        // Most keys are followed at once by ':' and at most one space, before a value.
        if (_position + 1 < _input.Length && _input[_position] == (byte)':')
        {
            _position += _input[_position + 1] == (byte)' ' ? 2 : 1;
            return true;
        }
        SkipWhitespace();
        if (AtEnd) return Truncated("':'", inElement: false);
        if (_input[_position] != (byte)':') return Unexpected(_position, "':'", inElement: false);
        _position++;
        return true;
    }

    private bool Push(bool isObject)
    {
        if (_depth >= _options.MaxDepth)
        {
            return Fail(JsonError.TooDeep, inElement: true, Invariant(
                $"{(isObject ? "an object" : "an array")} at byte {_position} nests deeper than the limit of {_options.MaxDepth} levels"));
        }
        if (_values is null)
        {
            // Sized for a typical event; the stacks grow by doubling for anything larger.
            var size = Math.Clamp(_input.Length / 16, 16, 1024);
            _values = ArrayPool<ValueSlot>.Shared.Rent(size);
            _keys = ArrayPool<string>.Shared.Rent(size);
            _keyOffsets = ArrayPool<int>.Shared.Rent(size);
            _keyRanks = ArrayPool<int>.Shared.Rent(size);
        }
        _frames ??= ArrayPool<Frame>.Shared.Rent(Math.Min(_options.MaxDepth, 16));
        if (_depth == _frames.Length) Grow(ref _frames, _frames.Length * 2);
        _frames[_depth++] = new Frame(isObject, _valueCount, _keyCount, _position, _nonIntegerNumbers, _nonCanonicalNumbers);
        _position++;
        return true;
    }

    private void PushValue(JsonValue value)
    {
        if (_valueCount == _values!.Length) Grow(ref _values, _values.Length * 2);
        _values[_valueCount++].Value = value;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void PushKey(string key, int offset, int rank)
    {
        if (_keyCount == _keys!.Length)
        {
            Grow(ref _keys, _keys.Length * 2);
            Grow(ref _keyOffsets!, _keys.Length);
            Grow(ref _keyRanks!, _keys.Length);
        }
        _keys[_keyCount] = key;
        _keyRanks![_keyCount] = rank;
        _keyOffsets![_keyCount++] = offset;
    }

    private void PopEmpty() => _depth--;

    // The stacks are rented from the shared pool: a document of a few kilobytes would otherwise allocate (and clear)
    // stacks larger than itself for every line. A full stack goes back for a larger one.
    private static void Grow<T>(ref T[] array, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        array = larger;
    }

    // Gives the stacks back once the document is read. Closing a container clears its slots, so only the values and
    // keys of containers a failure left open still hold references; they are cleared here.
    private void ReturnStacks()
    {
        if (_values is not null)
        {
            _values.AsSpan(0, _valueCount).Clear();
            _keys.AsSpan(0, _keyCount).Clear();
            ArrayPool<ValueSlot>.Shared.Return(_values);
            ArrayPool<string>.Shared.Return(_keys!);
            ArrayPool<int>.Shared.Return(_keyOffsets!);
            ArrayPool<int>.Shared.Return(_keyRanks!);
            _values = null;
            _keys = null;
            _keyOffsets = null;
            _keyRanks = null;
        }
        if (_frames is not null)
        {
            ArrayPool<Frame>.Shared.Return(_frames);
            _frames = null;
        }
        if (_seenTexts is not null)
        {
            _seenTexts.AsSpan(0, SeenSlots).Clear();
            ArrayPool<string?>.Shared.Return(_seenTexts);
            ArrayPool<System.Runtime.Intrinsics.Vector128<byte>>.Shared.Return(_seenVectors!);
            _seenTexts = null;
            _seenVectors = null;
        }
    }

    private bool Close(in Frame frame, out JsonValue value)
    {
        var count = _valueCount - frame.ValueStart;
        var items = _values.AsSpan(frame.ValueStart, count);
        if (!frame.IsObject)
        {
            var array = new JsonValue[count];
            for (var i = 0; i < items.Length; i++) array[i] = items[i].Value;
            value = new JsonArray(ImmutableCollectionsMarshal.AsImmutableArray(array));
        }
        else
        {
            if (!BuildObject(frame, count, out var obj))
            {
                value = JsonValue.Null;
                return false;
            }
            value = obj;
            _keys.AsSpan(frame.KeyStart, count).Clear();
            _keyCount = frame.KeyStart;
        }
        items.Clear();
        _valueCount = frame.ValueStart;
        _depth--;
        return true;
    }

    // Sorts the members into code-point order (canonical JSON's order, which JsonObject keeps) and
    // refuses a key given twice: which of two values a duplicate means differs between parsers.
    private bool BuildObject(in Frame frame, int count, out JsonObject result)
    {
        result = JsonObject.Empty;
        // As in BuildByRank, the stacks are read here rather than passed as spans.
        var values = _values.AsSpan(frame.ValueStart, count);
        var keys = _keys.AsSpan(frame.KeyStart, count);
        var members = new KeyValuePair<string, JsonValue>[values.Length];
        if (values.Length <= 16 && BuildByRank(frame, members, out var duplicate))
        {
            if (duplicate is not null) return DuplicateKey(frame, duplicate);
            result = Finish(frame, members);
            return true;
        }
        var sorted = true;
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = KeyValuePair.Create(keys[i], values[i].Value);
            if (i == 0 || !sorted) continue;
            var order = KeyOrder(keys[i - 1], keys[i]);
            if (order == 0) return DuplicateKey(frame, keys[i]);
            if (order > 0) sorted = false;
        }
        if (!sorted)
        {
            // Canonical input arrives sorted; only other input pays for the sort. Small objects (most of
            // them) are sorted in place by insertion, larger ones by the library's sort.
            if (members.Length <= 16) SortByInsertion(members);
            else Array.Sort(members, ByKey);
            for (var i = 1; i < members.Length; i++)
            {
                if (string.Equals(members[i - 1].Key, members[i].Key, StringComparison.Ordinal)) return DuplicateKey(frame, members[i].Key);
            }
        }
        result = Finish(frame, members);
        return true;
    }

    private readonly JsonObject Finish(in Frame frame, KeyValuePair<string, JsonValue>[] members)
    {
        // _position is just past the closing brace.
        var sourceBytes = _nonIntegerNumbers == frame.NonIntegers ? _position - frame.Offset : -1;
        return JsonObject.FromSortedUnique(ImmutableCollectionsMarshal.AsImmutableArray(members), sourceBytes, _nonCanonicalNumbers == frame.NonCanonical);
    }

    // A small object whose keys are all common strings is put in order by their ranks, integers that
    // order as the keys do; false (nothing done) when a key is not common. A key given twice is named by the
    // least such key in code-point order, whatever order the members came in. The keys and values are taken
    // from the stacks here rather than passed in: spans passed as arguments are stored and read back in pieces
    // of different sizes, which stalls the processor on every object.
    private readonly bool BuildByRank(in Frame frame, KeyValuePair<string, JsonValue>[] members, out string? duplicate)
    {
        duplicate = null;
        var keys = _keys.AsSpan(frame.KeyStart, members.Length);
        var values = _values.AsSpan(frame.ValueStart, members.Length);
        var ranks = _keyRanks.AsSpan(frame.KeyStart, members.Length);
        if (ranks.Contains(-1)) return false;
        // A fixed size (the most members this path takes): the frame needs no probing and clearing of a variable size.
        Span<int> order = stackalloc int[16];
        order = order[..members.Length];
        for (var i = 0; i < order.Length; i++)
        {
            // Insertion by rank; the index of the member rides in the low bits.
            var item = (ranks[i] << 4) | i;
            var j = i - 1;
            while (j >= 0 && order[j] > item)
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = item;
        }
        for (var i = 0; i < order.Length; i++)
        {
            var index = order[i] & 15;
            if (i > 0 && (order[i - 1] >> 4) == (order[i] >> 4))
            {
                duplicate = keys[index];
                return true;
            }
            members[i] = KeyValuePair.Create(keys[index], values[index].Value);
        }
        return true;
    }

    // Code-point order, answering from the first characters when they differ below the surrogates (most keys).
    private static int KeyOrder(string a, string b) =>
        a.Length > 0 && b.Length > 0 && a[0] != b[0] && (a[0] | b[0]) < 0xD800 ? a[0] - b[0] : CodePointOrder.Instance.Compare(a, b);

    private static void SortByInsertion(KeyValuePair<string, JsonValue>[] members)
    {
        for (var i = 1; i < members.Length; i++)
        {
            var member = members[i];
            var j = i - 1;
            while (j >= 0 && KeyOrder(members[j].Key, member.Key) > 0)
            {
                members[j + 1] = members[j];
                j--;
            }
            members[j + 1] = member;
        }
    }

    // The message names where the key first and second occur, found only now that the object is refused.
    private bool DuplicateKey(in Frame frame, string key)
    {
        var keys = _keys.AsSpan(frame.KeyStart, _keyCount - frame.KeyStart);
        var first = keys.IndexOf(key);
        var second = first + 1 + keys[(first + 1)..].IndexOf(key);
        var firstOffset = _keyOffsets![frame.KeyStart + first];
        var secondOffset = _keyOffsets[frame.KeyStart + second];
        return Fail(JsonError.DuplicateKey, inElement: false, Invariant(
            $"the object at byte {frame.Offset} has the key {Quote(key)} twice (at bytes {firstOffset} and {secondOffset})"));
    }

    private bool ParseLiteral(ReadOnlySpan<byte> literal)
    {
        for (var i = 0; i < literal.Length; i++)
        {
            var at = _position + i;
            if (at >= _input.Length)
            {
                _position = at;
                return Truncated(Invariant($"'{(char)literal[i]}' to complete '{AsciiText(literal)}'"), inElement: true);
            }
            if (_input[at] != literal[i]) return Unexpected(at, Invariant($"'{AsciiText(literal)}'"), inElement: true);
        }
        _position += literal.Length;
        return true;
    }

    // RFC 8259 §2: insignificant whitespace is space, tab, line feed and carriage return, nothing else.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        // Most values follow their separator directly.
        if (_position < _input.Length && _input[_position] > (byte)' ') return;
        while (_position < _input.Length && _input[_position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') _position++;
    }

    private bool Truncated(string expected, bool inElement) =>
        Fail(JsonError.Truncated, inElement, Invariant($"the input ends at byte {_input.Length}; expected {expected}"));

    // A byte the grammar does not allow. A non-ASCII byte outside a string is first checked as
    // UTF-8, so that ill-formed bytes are reported as such wherever they occur.
    private bool Unexpected(int offset, string expected, bool inElement)
    {
        if (_input[offset] >= 0x80 && !CheckUtf8(offset, inElement, out _, out _)) return false;
        return Fail(JsonError.Syntax, inElement, Invariant($"unexpected {Describe(offset)} at byte {offset}; expected {expected}"));
    }

    private bool Fail(JsonError code, bool inElement, string message)
    {
        _failure = new Failure(code, CurrentPath(inElement), message);
        return false;
    }

    // The path of the value being read. An enclosing container contributes the key or index of the
    // element that holds the one being read; the innermost array contributes an index only while
    // one of its elements is being read, and the innermost object a key only once it has been read.
    private readonly string CurrentPath(bool inElement)
    {
        var path = JsonPath.Root;
        if (_frames is null) return path;
        for (var i = 0; i < _depth; i++)
        {
            var frame = _frames[i];
            var innermost = i == _depth - 1;
            var valueEnd = innermost ? _valueCount : _frames[i + 1].ValueStart;
            var keyEnd = innermost ? _keyCount : _frames[i + 1].KeyStart;
            var count = valueEnd - frame.ValueStart;
            if (frame.IsObject)
            {
                if (keyEnd - frame.KeyStart > count) path = JsonPath.Property(path, _keys![keyEnd - 1]);
            }
            else if (!innermost || inElement)
            {
                path = JsonPath.Index(path, count);
            }
        }
        return path;
    }

    private readonly string Describe(int offset)
    {
        var b = _input[offset];
        if (b is >= 0x21 and < 0x7F) return Invariant($"'{(char)b}'");
        if (b >= 0x80 && System.Text.Rune.DecodeFromUtf8(_input[offset..], out var rune, out _) == System.Buffers.OperationStatus.Done)
        {
            return Invariant($"U+{rune.Value:X4}");
        }
        return Invariant($"byte 0x{b:X2}");
    }

    private static string AsciiText(ReadOnlySpan<byte> ascii) => System.Text.Encoding.ASCII.GetString(ascii);

    // A key as it appears in a message: quoted, escaped like a JSON path, and shortened.
    private static string Quote(string key)
    {
        var rendered = JsonPath.Property("", key);
        rendered = rendered.StartsWith('.') ? "\"" + rendered[1..] + "\"" : rendered[1..^1];
        return rendered.Length > 80 ? rendered[..76] + "…\"" : rendered;
    }
}
