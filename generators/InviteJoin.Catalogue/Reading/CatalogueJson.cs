using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace InviteJoin.Catalogue;

/// <summary>A JSON value of a catalogue file, with where its text starts and how long it is.</summary>
public abstract class CatalogueJsonValue
{
    protected CatalogueJsonValue(int offset, int length)
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>The offset of the value's first character in the file's text.</summary>
    public int Offset { get; }

    /// <summary>The length of the value's text (for a string, with its quotes).</summary>
    public int Length { get; }

    /// <summary>What kind of JSON value this is, as a person reads it in an error message.</summary>
    public abstract string Kind { get; }
}

public sealed class CatalogueJsonObject : CatalogueJsonValue
{
    public CatalogueJsonObject(int offset, int length, IReadOnlyList<KeyValuePair<string, CatalogueJsonValue>> members) : base(offset, length) =>
        Members = members;

    /// <summary>The members in the order the file writes them; keys are unique.</summary>
    public IReadOnlyList<KeyValuePair<string, CatalogueJsonValue>> Members { get; }

    public override string Kind => "an object";

    public CatalogueJsonValue? this[string key]
    {
        get
        {
            foreach (var member in Members)
            {
                if (string.Equals(member.Key, key, StringComparison.Ordinal)) return member.Value;
            }
            return null;
        }
    }
}

public sealed class CatalogueJsonArray : CatalogueJsonValue
{
    public CatalogueJsonArray(int offset, int length, IReadOnlyList<CatalogueJsonValue> items) : base(offset, length) => Items = items;

    public IReadOnlyList<CatalogueJsonValue> Items { get; }

    public override string Kind => "an array";
}

public sealed class CatalogueJsonString : CatalogueJsonValue
{
    public CatalogueJsonString(int offset, int length, string value) : base(offset, length) => Value = value;

    public string Value { get; }

    public override string Kind => "a string";
}

public sealed class CatalogueJsonInteger : CatalogueJsonValue
{
    public CatalogueJsonInteger(int offset, int length, long value) : base(offset, length) => Value = value;

    public long Value { get; }

    public override string Kind => "an integer";
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>: the catalogue holds none, its JSON Schema does.</summary>
public sealed class CatalogueJsonLiteral : CatalogueJsonValue
{
    public CatalogueJsonLiteral(int offset, int length, string text) : base(offset, length) => Text = text;

    public string Text { get; }

    public override string Kind => Text;
}

/// <summary>A catalogue file that cannot be read, with the offset in its text where reading stopped.</summary>
public sealed class CatalogueFormatException : Exception
{
    public CatalogueFormatException(int offset, string message) : base(message) => Offset = offset;

    public int Offset { get; }
}

/// <summary>
/// A small strict JSON reader for the catalogue files and their schema: RFC 8259 syntax, no duplicate
/// keys, no byte order mark, integers only (a catalogue holds no fractions), and every value keeps its
/// place in the text so that a reader of the catalogue can point at the line that is wrong. It is a
/// source file shared by the catalogue tool and the analyzers (which the compiler loads, so it uses
/// nothing beyond netstandard2.0 and takes no package).
/// </summary>
public static class CatalogueJson
{
    private const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="CatalogueFormatException"/> at the first problem.</summary>
    public static CatalogueJsonValue Parse(string text)
    {
        var parser = new Parser(text);
        parser.SkipWhitespace();
        var value = parser.ReadValue(0);
        parser.SkipWhitespace();
        if (parser.Position != text.Length) throw new CatalogueFormatException(parser.Position, "text after the JSON value");
        return value;
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/> in <paramref name="text"/>.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        return (line, column);
    }

    private sealed class Parser
    {
        private readonly string _text;

        public Parser(string text) => _text = text;

        public int Position { get; private set; }

        public void SkipWhitespace()
        {
            while (Position < _text.Length && _text[Position] is ' ' or '\t' or '\n' or '\r') Position++;
        }

        public CatalogueJsonValue ReadValue(int depth)
        {
            if (depth > MaxDepth) throw Fail("nested deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
            if (Position >= _text.Length) throw Fail("the text ends where a value should start");
            var c = _text[Position];
            switch (c)
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    var start = Position;
                    var value = ReadString();
                    return new CatalogueJsonString(start, Position - start, value);
                case 't':
                    return ReadLiteral("true");
                case 'f':
                    return ReadLiteral("false");
                case 'n':
                    return ReadLiteral("null");
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadInteger();
                    throw Fail("unexpected character '" + c + "'");
            }
        }

        private CatalogueJsonObject ReadObject(int depth)
        {
            var start = Position;
            Position++;
            var members = new List<KeyValuePair<string, CatalogueJsonValue>>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (Peek() == '}')
            {
                Position++;
                return new CatalogueJsonObject(start, Position - start, members);
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Fail("an object key must be a string");
                var keyStart = Position;
                var key = ReadString();
                if (!keys.Add(key)) throw new CatalogueFormatException(keyStart, "duplicate key '" + key + "'");
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                members.Add(new KeyValuePair<string, CatalogueJsonValue>(key, ReadValue(depth + 1)));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    Position++;
                    continue;
                }
                Expect('}');
                return new CatalogueJsonObject(start, Position - start, members);
            }
        }

        private CatalogueJsonArray ReadArray(int depth)
        {
            var start = Position;
            Position++;
            var items = new List<CatalogueJsonValue>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                Position++;
                return new CatalogueJsonArray(start, Position - start, items);
            }
            while (true)
            {
                SkipWhitespace();
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                if (Peek() == ',')
                {
                    Position++;
                    continue;
                }
                Expect(']');
                return new CatalogueJsonArray(start, Position - start, items);
            }
        }

        private string ReadString()
        {
            Position++; // the opening quote
            var builder = new StringBuilder();
            while (true)
            {
                if (Position >= _text.Length) throw Fail("unterminated string");
                var c = _text[Position];
                if (c == '"')
                {
                    Position++;
                    return builder.ToString();
                }
                if (c < ' ') throw Fail("a control character must be escaped in a string");
                if (char.IsSurrogate(c))
                {
                    if (!char.IsHighSurrogate(c) || Position + 1 >= _text.Length || !char.IsLowSurrogate(_text[Position + 1])) throw Fail("a lone surrogate");
                    builder.Append(c).Append(_text[Position + 1]);
                    Position += 2;
                    continue;
                }
                if (c != '\\')
                {
                    builder.Append(c);
                    Position++;
                    continue;
                }
                if (Position + 1 >= _text.Length) throw Fail("unterminated escape");
                var escape = _text[Position + 1];
                Position += 2;
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        builder.Append(ReadUnicodeEscape());
                        break;
                    default:
                        Position -= 2;
                        throw Fail("unknown escape '\\" + escape + "'");
                }
            }
        }

        // The four hex digits after \u, and for a high surrogate the \uXXXX of its low surrogate.
        private string ReadUnicodeEscape()
        {
            var unit = ReadHex4();
            if (char.IsLowSurrogate(unit)) throw Fail("a lone low surrogate escape");
            if (!char.IsHighSurrogate(unit)) return unit.ToString();
            if (Position + 1 < _text.Length && _text[Position] == '\\' && _text[Position + 1] == 'u')
            {
                Position += 2;
                var low = ReadHex4();
                if (char.IsLowSurrogate(low)) return new string(new[] { unit, low });
            }
            throw Fail("a high surrogate escape without its low surrogate");
        }

        private char ReadHex4()
        {
            if (Position + 4 > _text.Length) throw Fail("a \\u escape needs four hex digits");
            var value = 0;
            for (var i = 0; i < 4; i++)
            {
                var c = _text[Position + i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0) throw Fail("a \\u escape needs four hex digits");
                value = value * 16 + digit;
            }
            Position += 4;
            return (char)value;
        }

        private CatalogueJsonInteger ReadInteger()
        {
            var start = Position;
            if (Peek() == '-') Position++;
            var digitsStart = Position;
            while (Position < _text.Length && _text[Position] >= '0' && _text[Position] <= '9') Position++;
            var digits = Position - digitsStart;
            if (digits == 0) throw Fail("a number needs digits");
            if (digits > 1 && _text[digitsStart] == '0') throw new CatalogueFormatException(digitsStart, "a number must not have a leading zero");
            if (Position < _text.Length && _text[Position] is '.' or 'e' or 'E') throw Fail("only integers are allowed");
            var text = _text.Substring(start, Position - start);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new CatalogueFormatException(start, "the integer " + text + " is out of range");
            }
            return new CatalogueJsonInteger(start, Position - start, value);
        }

        private CatalogueJsonLiteral ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, Position, literal, 0, literal.Length) != 0) throw Fail("unexpected character '" + _text[Position] + "'");
            var start = Position;
            Position += literal.Length;
            return new CatalogueJsonLiteral(start, literal.Length, literal);
        }

        private char Peek() => Position < _text.Length ? _text[Position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c) throw Fail(Position >= _text.Length ? "the text ends where '" + c + "' should be" : "expected '" + c + "'");
            Position++;
        }

        private CatalogueFormatException Fail(string message) => new(Position, message);
    }
}
