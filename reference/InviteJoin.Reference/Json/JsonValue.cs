using System.Collections;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Numerics;

namespace InviteJoin.Reference.Json;

/// <summary>The kind of a <see cref="JsonValue"/>.</summary>
public enum JsonKind
{
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// <summary>
/// An immutable JSON value. Equality is structural; object members are held in canonical
/// (code-point) key order, so two objects with the same members are equal whatever order they
/// were written in. Build values with the static factories; read them with the typed accessors.
/// </summary>
public abstract class JsonValue : IEquatable<JsonValue>
{
    private protected JsonValue()
    {
    }

    public abstract JsonKind Kind { get; }

    public static JsonNull Null => JsonNull.Instance;

    public static JsonBool Bool(bool value) => value ? JsonBool.True : JsonBool.False;

    public static JsonString String(string value) => new(value);

    public static JsonNumber Number(long value) => JsonNumber.FromInt64(value);

    public static JsonArray Array(params IEnumerable<JsonValue> items) => new(items.ToImmutableArray());

    public static JsonObject Object(params IEnumerable<KeyValuePair<string, JsonValue>> members) => JsonObject.FromMembers(members);

    public static JsonObject Object(params (string Key, JsonValue Value)[] members)
    {
        var array = new KeyValuePair<string, JsonValue>[members.Length];
        for (var i = 0; i < members.Length; i++) array[i] = KeyValuePair.Create(members[i].Key, members[i].Value);
        return JsonObject.FromMemberArray(array);
    }

    public abstract bool Equals(JsonValue? other);

    public sealed override bool Equals(object? obj) => obj is JsonValue v && Equals(v);

    public abstract override int GetHashCode();

    /// <summary>The canonical JSON text of this value.</summary>
    public override string ToString() => CanonicalJson.EncodeToString(this);

    public static bool operator ==(JsonValue? a, JsonValue? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(JsonValue? a, JsonValue? b) => !(a == b);
}

/// <summary>JSON <c>null</c>.</summary>
public sealed class JsonNull : JsonValue
{
    internal static readonly JsonNull Instance = new();

    private JsonNull()
    {
    }

    public override JsonKind Kind => JsonKind.Null;

    public override bool Equals(JsonValue? other) => other is JsonNull;

    public override int GetHashCode() => 0x6e756c6c;
}

/// <summary>JSON <c>true</c> or <c>false</c>.</summary>
public sealed class JsonBool : JsonValue
{
    internal static readonly JsonBool True = new(true);
    internal static readonly JsonBool False = new(false);

    private JsonBool(bool value) => Value = value;

    public bool Value { get; }

    public override JsonKind Kind => JsonKind.Bool;

    public override bool Equals(JsonValue? other) => other is JsonBool b && b.Value == Value;

    public override int GetHashCode() => Value ? 1 : 2;
}

/// <summary>A JSON string (never holding a lone surrogate when produced by the strict reader).</summary>
public sealed class JsonString(string value) : JsonValue
{
    public string Value { get; } = value;

    public override JsonKind Kind => JsonKind.String;

    public override bool Equals(JsonValue? other) => other is JsonString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>
/// A JSON number. Integral values (including integral values written with a fraction or exponent,
/// such as <c>1e10</c>) are held exactly; others as a double. <see cref="IsIntegerLexeme"/> records
/// whether the source text had neither fraction nor exponent, which strict canonical JSON requires.
/// </summary>
public sealed class JsonNumber : JsonValue
{
    /// <summary>The largest magnitude canonical JSON allows: 2^53 − 1.</summary>
    public const long MaxSafeInteger = 9007199254740991L;

    private static readonly JsonNumber[] SmallCache = Enumerable.Range(-1, 102).Select(i => new JsonNumber(i, null, null, true)).ToArray();

    private readonly long _small;
    private readonly BigInteger? _big;
    private readonly double? _fraction;

    private JsonNumber(long small, BigInteger? big, double? fraction, bool isIntegerLexeme)
    {
        _small = small;
        _big = big;
        _fraction = fraction;
        IsIntegerLexeme = isIntegerLexeme;
    }

    public override JsonKind Kind => JsonKind.Number;

    /// <summary>True when the source had no fraction and no exponent (numbers built in code always do).</summary>
    public bool IsIntegerLexeme { get; }

    /// <summary>True when the value is a whole number (however it was written).</summary>
    public bool IsIntegral => _fraction is null;

    /// <summary>True when the value is a whole number within ±(2^53 − 1), written as an integer: what canonical JSON permits.</summary>
    public bool IsCanonical => IsIntegerLexeme && _big is null && _fraction is null && _small is >= -MaxSafeInteger and <= MaxSafeInteger;

    /// <summary>The exact value of an integral number.</summary>
    public BigInteger? Integer => _fraction is not null ? null : _big ?? _small;

    /// <summary>The value of a non-integral number (only possible where a room version does not enforce canonical JSON).</summary>
    public double? Fraction => _fraction;

    public static JsonNumber FromInt64(long value) =>
        value is >= -1 and <= 100 ? SmallCache[value + 1] : new JsonNumber(value, null, null, true);

    public static JsonNumber FromInteger(BigInteger value, bool isIntegerLexeme) =>
        value >= long.MinValue && value <= long.MaxValue
            ? isIntegerLexeme ? FromInt64((long)value) : new JsonNumber((long)value, null, null, false)
            : new JsonNumber(0, value, null, isIntegerLexeme);

    public static JsonNumber FromFraction(double value) => new(0, null, value, false);

    /// <summary>The value as a 64-bit integer when it is integral and fits.</summary>
    public bool TryGetInt64(out long value)
    {
        if (_fraction is null && _big is null)
        {
            value = _small;
            return true;
        }
        value = 0;
        return false;
    }

    public override bool Equals(JsonValue? other) =>
        other is JsonNumber n && n._small == _small && n._big == _big && Nullable.Equals(n._fraction, _fraction);

    public override int GetHashCode() => HashCode.Combine(_small, _big, _fraction);
}

/// <summary>An immutable JSON array.</summary>
public sealed class JsonArray(ImmutableArray<JsonValue> items) : JsonValue, IReadOnlyList<JsonValue>
{
    public static readonly JsonArray Empty = new([]);

    public ImmutableArray<JsonValue> Items { get; } = items.IsDefault ? [] : items;

    public override JsonKind Kind => JsonKind.Array;

    public int Count => Items.Length;

    public JsonValue this[int index] => Items[index];

    public IEnumerator<JsonValue> GetEnumerator() => ((IEnumerable<JsonValue>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(JsonValue? other)
    {
        if (other is not JsonArray a || a.Items.Length != Items.Length) return false;
        for (var i = 0; i < Items.Length; i++)
        {
            if (!Items[i].Equals(a.Items[i])) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Items.Length);
        foreach (var item in Items) h.Add(item);
        return h.ToHashCode();
    }
}

/// <summary>
/// An immutable JSON object whose members are kept sorted by key in code-point order (the order
/// canonical JSON writes). Keys are unique: the strict reader rejects duplicates and
/// the builders replace.
/// </summary>
public sealed class JsonObject : JsonValue, IReadOnlyList<KeyValuePair<string, JsonValue>>
{
    public static readonly JsonObject Empty = new([]);

    private readonly ImmutableArray<KeyValuePair<string, JsonValue>> _members;

    private JsonObject(ImmutableArray<KeyValuePair<string, JsonValue>> sortedUniqueMembers) => _members = sortedUniqueMembers;

    private JsonObject(ImmutableArray<KeyValuePair<string, JsonValue>> sortedUniqueMembers, int sourceBytes, bool numbersCanonical)
    {
        _members = sortedUniqueMembers;
        SourceBytes = sourceBytes;
        NumbersKnownCanonical = numbersCanonical;
    }

    /// <summary>
    /// For an object read by the strict reader whose numbers were all written as integers: the length of
    /// its source text, which its canonical encoding cannot exceed (canonical JSON only drops whitespace and
    /// shortens escapes). -1 when unknown (built in code, or holding a fraction or exponent).
    /// </summary>
    internal int SourceBytes { get; } = -1;

    /// <summary>True when the strict reader saw every number inside this object, and each was canonical; false when unknown.</summary>
    internal bool NumbersKnownCanonical { get; }

    public override JsonKind Kind => JsonKind.Object;

    public int Count => _members.Length;

    /// <summary>The members in canonical key order.</summary>
    public ImmutableArray<KeyValuePair<string, JsonValue>> Members => _members;

    public IEnumerable<string> Keys => _members.Select(m => m.Key);

    public KeyValuePair<string, JsonValue> this[int index] => _members[index];

    /// <summary>The member named <paramref name="key"/>, or null.</summary>
    public JsonValue? this[string key] => TryGetValue(key, out var v) ? v : null;

    /// <summary>Builds an object; a key given twice keeps its last value.</summary>
    public static JsonObject FromMembers(IEnumerable<KeyValuePair<string, JsonValue>> members) => FromMemberArray(members.ToArray());

    // As FromMembers, over an array the object may keep (the caller hands it over).
    internal static JsonObject FromMemberArray(KeyValuePair<string, JsonValue>[] array)
    {
        if (array.Length == 0) return Empty;
        // Members built in code are usually written in order already: one pass finds that, and nothing is moved.
        if (IsSortedUnique(array)) return new JsonObject(ImmutableCollectionsMarshal.AsImmutableArray(array));
        // A stable sort, then the last of equal keys is kept. Objects built in code are mostly small and often
        // already in order, where insertion costs least; larger ones are sorted by position as the tie-break.
        if (array.Length > 16)
        {
            array = [.. array.Select((m, i) => (m, i)).OrderBy(x => x.m.Key, CodePointOrder.Instance).ThenBy(x => x.i).Select(x => x.m)];
        }
        for (var i = 1; i < array.Length; i++)
        {
            var member = array[i];
            var j = i - 1;
            while (j >= 0 && CodePointOrder.Instance.Compare(array[j].Key, member.Key) > 0)
            {
                array[j + 1] = array[j];
                j--;
            }
            array[j + 1] = member;
        }
        var count = 0;
        foreach (var m in array)
        {
            if (count > 0 && string.Equals(array[count - 1].Key, m.Key, StringComparison.Ordinal)) array[count - 1] = m;
            else array[count++] = m;
        }
        if (count < array.Length) System.Array.Resize(ref array, count);
        return new JsonObject(ImmutableCollectionsMarshal.AsImmutableArray(array));
    }

    private static bool IsSortedUnique(KeyValuePair<string, JsonValue>[] array)
    {
        for (var i = 1; i < array.Length; i++)
        {
            var a = array[i - 1].Key;
            var b = array[i].Key;
            // The first characters decide most pairs; below the surrogates UTF-16 order is code-point order.
            var order = a.Length > 0 && b.Length > 0 && a[0] != b[0] && (a[0] | b[0]) < 0xD800 ? a[0] - b[0] : CodePointOrder.Instance.Compare(a, b);
            if (order >= 0) return false;
        }
        return true;
    }

    /// <summary>Wraps members that are already sorted in code-point order with unique keys (the reader's fast path).</summary>
    internal static JsonObject FromSortedUnique(ImmutableArray<KeyValuePair<string, JsonValue>> members) =>
        members.Length == 0 ? Empty : new JsonObject(members);

    /// <summary>As <see cref="FromSortedUnique(ImmutableArray{KeyValuePair{string, JsonValue}})"/>, with what the reader knows of the source.</summary>
    internal static JsonObject FromSortedUnique(ImmutableArray<KeyValuePair<string, JsonValue>> members, int sourceBytes, bool numbersCanonical) =>
        new(members, sourceBytes, numbersCanonical);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out JsonValue value)
    {
        // Small objects (most of them) are scanned: keys of other lengths are passed over at once, and the
        // keys the reader shares with code (see CommonStrings) match by reference.
        if (_members.Length <= 12)
        {
            foreach (var member in _members)
            {
                var candidate = member.Key;
                if (ReferenceEquals(candidate, key) || (candidate.Length == key.Length && string.Equals(candidate, key, StringComparison.Ordinal)))
                {
                    value = member.Value;
                    return true;
                }
            }
            value = null!;
            return false;
        }
        var i = IndexOf(key);
        if (i >= 0)
        {
            value = _members[i].Value;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public JsonObject With(string key, JsonValue value)
    {
        var i = IndexOf(key);
        if (i >= 0) return new JsonObject(_members.SetItem(i, KeyValuePair.Create(key, value)));
        return new JsonObject(_members.Insert(~i, KeyValuePair.Create(key, value)));
    }

    /// <summary>A copy without <paramref name="key"/> (this object when it has no such key).</summary>
    public JsonObject Without(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? this : new JsonObject(_members.RemoveAt(i));
    }

    /// <summary>A copy without any of <paramref name="keys"/>.</summary>
    public JsonObject Without(params ReadOnlySpan<string> keys)
    {
        var result = this;
        foreach (var k in keys) result = result.Without(k);
        return result;
    }

    /// <summary>A copy keeping only the members whose key satisfies <paramref name="keep"/>.</summary>
    public JsonObject Where(Func<string, bool> keep)
    {
        var builder = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonValue>>();
        foreach (var m in _members)
        {
            if (keep(m.Key)) builder.Add(m);
        }
        return builder.Count == _members.Length ? this : FromSortedUnique(builder.ToImmutable());
    }

    public IEnumerator<KeyValuePair<string, JsonValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, JsonValue>>)_members).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(JsonValue? other)
    {
        if (other is not JsonObject o || o._members.Length != _members.Length) return false;
        for (var i = 0; i < _members.Length; i++)
        {
            if (!string.Equals(_members[i].Key, o._members[i].Key, StringComparison.Ordinal) || !_members[i].Value.Equals(o._members[i].Value)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_members.Length);
        foreach (var m in _members)
        {
            h.Add(m.Key, StringComparer.Ordinal);
            h.Add(m.Value);
        }
        return h.ToHashCode();
    }

    // Binary search in code-point order; returns the index, or the bitwise complement of the insertion point.
    private int IndexOf(string key)
    {
        int lo = 0, hi = _members.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = CodePointOrder.Instance.Compare(_members[mid].Key, key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
