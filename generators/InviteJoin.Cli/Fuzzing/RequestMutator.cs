using System.Globalization;
using System.Text;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Fuzzing;

/// <summary>
/// Makes a malformed, hostile or merely unusual request out of a well-formed one, knowing the shape of
/// JSON and of the requests: every field may be deleted, duplicated or given another type; numbers are
/// set at and past every bound; values are nested deeply, strings and arrays made huge; bytes that are
/// not UTF-8, lone surrogates, a byte order mark, NUL, CRLF and a second value on the line are put in;
/// <c>resolve</c> requests get cycles, missing events and thousands of state sets. Everything it does
/// follows from the <see cref="Random"/> it is given, so a seed replays a case exactly.
/// </summary>
internal sealed class RequestMutator(Random random)
{
    // Text that stands in the tree for a fragment the tree cannot hold (a number outside a double's
    // range, nesting too deep to encode, a duplicate key) and is swapped for that text once encoded.
    private const string MarkerPrefix = "\u0001fuzz:";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly string[] BoundaryNumbers =
    [
        "0", "-0", "1", "-1", "9007199254740991", "9007199254740992", "-9007199254740991", "-9007199254740992",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "1.5", "2.0", "1e2", "1E+2", "-1e-7", "1e308", "1e309", "-1e309", "5e-324", "1e-400", "0.1e1",
        "123456789012345678901234567890", new('9', 1000), new('9', 1001), "100", "101", "65536", "65537", "255", "256",
    ];

    private static readonly string[] StrangeStrings =
    [
        "", " ", "\u0000", "\ud83d\ude00", "\u00e9", "\u2028", "\uffff", "$", "!", "@", ":", "@:", "$x:", "!x:y", "@a:b:c",
        "@a:[::1]", "@a:1.2.3.4:8448", "@a:[1:2:3:4:5:6:7:8:9]", "ed25519:", "ed25519:1", "m.room.create", "m.room.member",
        "join", "invite", "leave", "ban", "knock", "restricted", "knock_restricted", "public", "$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1", "12", "13", "v4", "A+/=", "-_", new('x', 256), new('\u00e9', 200),
    ];

    private readonly Dictionary<string, string> _fragments = new(StringComparer.Ordinal);

    /// <summary>The bytes of a mutation of <paramref name="seed"/>, a request of <paramref name="command"/>.</summary>
    public byte[] Mutate(string command, JsonValue seed)
    {
        _fragments.Clear();
        var value = seed;
        var steps = 1 + random.Next(3);
        for (var i = 0; i < steps; i++) value = MutateTree(command, value);
        var text = Expand(CanonicalJson.EncodeToString(value));
        var bytes = Utf8.GetBytes(text);
        return random.Next(4) == 0 ? MutateBytes(bytes) : bytes;
    }

    private JsonValue MutateTree(string command, JsonValue root)
    {
        if (command == "resolve" && random.Next(5) == 0) return MutateResolve(root);
        if (command == "auth" && random.Next(10) == 0) return Repeat(root, "auth_events", random.Next(10) == 0 ? 1000 : 2 + random.Next(50));
        var nodes = Nodes(root);
        var (path, node) = nodes[random.Next(nodes.Count)];
        return random.Next(11) switch
        {
            0 => Replace(root, path, null),
            1 => Replace(root, path, Other(node)),
            2 => Replace(root, path, Marker(BoundaryNumbers[random.Next(BoundaryNumbers.Length)])),
            3 => Replace(root, path, JsonValue.String(StrangeStrings[random.Next(StrangeStrings.Length)])),
            4 => Replace(root, path, Marker(Nested(new[] { 2, 255, 256, 257, 1000, 100_000 }[random.Next(6)]))),
            5 => Replace(root, path, Marker(HugeString())),
            6 => Replace(root, path, Marker(HugeArray())),
            7 => node is JsonObject obj && obj.Count > 0 ? Replace(root, path, Marker(DuplicateKey(obj))) : Replace(root, path, null),
            8 => Replace(root, path, Marker("\"\\ud800\"")),
            9 => node is JsonObject o ? Replace(root, path, o.With(StrangeStrings[random.Next(StrangeStrings.Length)], Other(JsonValue.Null))) : Replace(root, path, JsonValue.Array(node, node)),
            _ => Replace(root, path, Marker(CanonicalJson.EncodeToString(node) + " " + CanonicalJson.EncodeToString(node))),
        };
    }

    // resolve: cycles, missing events, the same state set thousands of times, state sets of unknown events.
    private JsonValue MutateResolve(JsonValue root)
    {
        if (root is not JsonObject request || request["events"] is not JsonArray events || events.Count == 0) return root;
        switch (random.Next(4))
        {
            case 0:
                var a = random.Next(events.Count);
                var b = random.Next(events.Count);
                var field = random.Next(2) == 0 ? "auth_events" : "prev_events";
                var withCycle = events.Items.SetItem(a, Cite(events[a], events[b], field)).SetItem(b, Cite(events[b], events[a], field));
                return request.With("events", new JsonArray(withCycle));
            case 1:
                return request.With("events", new JsonArray(events.Items.RemoveAt(random.Next(events.Count))));
            case 2:
                return Repeat(root, "state_sets", random.Next(10) == 0 ? 3000 : 2 + random.Next(200));
            default:
                return request.With("state_sets", JsonValue.Array(JsonValue.Array(JsonValue.String("$missing"), JsonValue.String("$x:domain"))));
        }
    }

    // Adds the ID of `cited` to the field of `citing`, in the reference form the event already uses.
    private static JsonValue Cite(JsonValue citing, JsonValue cited, string field)
    {
        if (citing is not JsonObject e || cited is not JsonObject c || c["event_id"] is not JsonString id) return citing;
        var list = e[field] as JsonArray ?? JsonArray.Empty;
        JsonValue reference = list.Count > 0 && list[0] is JsonArray ? JsonValue.Array(id, JsonObject.Empty) : id;
        return e.With(field, new JsonArray(list.Items.Add(reference)));
    }

    private static JsonValue Repeat(JsonValue root, string field, int times)
    {
        if (root is not JsonObject request || request[field] is not JsonArray list || list.Count == 0) return root;
        return request.With(field, JsonValue.Array(Enumerable.Range(0, times).Select(i => list[i % list.Count])));
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        var at = bytes.Length == 0 ? 0 : random.Next(bytes.Length + 1);
        byte[] insert = random.Next(9) switch
        {
            0 => [0xFF],
            1 => [0xC0, 0x80],
            2 => [0xED, 0xA0, 0x80],
            3 => [0xF0, 0x9F],
            4 => [0x00],
            5 => "\r\n"u8.ToArray(),
            6 => " {}"u8.ToArray(),
            7 => [],
            _ => [(byte)random.Next(256)],
        };
        if (random.Next(8) == 0) return [0xEF, 0xBB, 0xBF, .. bytes];
        if (random.Next(8) == 0) return bytes[..at];
        return [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];
    }

    private JsonValue Other(JsonValue node) => random.Next(7) switch
    {
        0 => JsonValue.Null,
        1 => JsonValue.Bool(random.Next(2) == 0),
        2 => JsonValue.Number(random.Next(-2, 100)),
        3 => JsonValue.String(node is JsonString ? "" : "x"),
        4 => node is JsonArray ? JsonObject.Empty : JsonValue.Array(node),
        5 => node is JsonObject ? JsonArray.Empty : JsonValue.Object(("x", node)),
        _ => JsonObject.Empty,
    };

    private JsonString Marker(string text)
    {
        var key = MarkerPrefix + _fragments.Count.ToString(CultureInfo.InvariantCulture);
        _fragments[key] = text;
        return JsonValue.String(key);
    }

    // Puts each fragment's text where its marker was encoded (as a JSON string, with \u0001 escaped).
    private string Expand(string encoded)
    {
        foreach (var (key, text) in _fragments)
        {
            encoded = encoded.Replace(CanonicalJson.EncodeToString(JsonValue.String(key)), text, StringComparison.Ordinal);
        }
        return encoded;
    }

    private string Nested(int depth) =>
        random.Next(2) == 0 ? new string('[', depth) + "0" + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "0" + new string('}', depth);

    private string HugeString() => "\"" + new string("ab\u00e9x"[random.Next(4)], Huge(1000)) + "\"";

    private string HugeArray() => "[" + string.Join(",", Enumerable.Repeat(random.Next(2) == 0 ? "0" : "\"$e\"", Huge(500))) + "]";

    // Large, and now and then very large: most cases stay cheap, so a run tries many of them.
    private int Huge(int unit) => random.Next(10) == 0 ? unit << 7 : unit << random.Next(5);

    private string DuplicateKey(JsonObject obj)
    {
        var member = obj[random.Next(obj.Count)];
        var encoded = CanonicalJson.EncodeToString(obj);
        return "{" + CanonicalJson.EncodeToString(JsonValue.String(member.Key)) + ":" + CanonicalJson.EncodeToString(member.Value) + "," + encoded[1..];
    }

    private readonly record struct Step(string? Key, int Index);

    // Every node with its path from the root, the root included (at most a few thousand, sampled evenly).
    private static List<(Step[] Path, JsonValue Node)> Nodes(JsonValue root)
    {
        var nodes = new List<(Step[], JsonValue)>();
        var stack = new Stack<(Step[], JsonValue)>();
        stack.Push(([], root));
        while (stack.Count > 0 && nodes.Count < 5000)
        {
            var (path, node) = stack.Pop();
            nodes.Add((path, node));
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, member) in o) stack.Push(([.. path, new Step(key, -1)], member));
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) stack.Push(([.. path, new Step(null, i)], a[i]));
                    break;
            }
        }
        return nodes;
    }

    // The tree with the node at `path` replaced (or removed, for null; the root is then replaced by null).
    private static JsonValue Replace(JsonValue node, ReadOnlySpan<Step> path, JsonValue? replacement)
    {
        if (path.IsEmpty) return replacement ?? JsonValue.Null;
        var step = path[0];
        switch (node)
        {
            case JsonObject o when step.Key is not null && o.TryGetValue(step.Key, out var member):
                if (path.Length == 1 && replacement is null) return o.Without(step.Key);
                return o.With(step.Key, Replace(member, path[1..], replacement));
            case JsonArray a when step.Key is null && step.Index < a.Count:
                if (path.Length == 1 && replacement is null) return new JsonArray(a.Items.RemoveAt(step.Index));
                return new JsonArray(a.Items.SetItem(step.Index, Replace(a[step.Index], path[1..], replacement)));
            default:
                return node;
        }
    }
}
