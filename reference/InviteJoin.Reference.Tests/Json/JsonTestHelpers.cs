using System.Text;

namespace InviteJoin.Reference.Tests.Json;

/// <summary>Small helpers shared by the strict-reader tests: parse and expect success, or expect a failure.</summary>
internal static class JsonTestHelpers
{
    public static readonly IReadOnlySet<string> AllJsonErrorTokens =
        WireToken.All<JsonError>().Select(m => m.Token).ToHashSet(StringComparer.Ordinal);

    public static JsonValue ParseOk(string json, JsonReadOptions? options = null) =>
        ParseOk(Encoding.UTF8.GetBytes(json), options);

    public static JsonValue ParseOk(byte[] utf8, JsonReadOptions? options = null)
    {
        var result = StrictJsonReader.Parse(utf8, options ?? JsonReadOptions.Lenient);
        Assert.True(result.IsOk, $"expected success, got {result.Failure}");
        return result.Value;
    }

    public static Failure ParseFails(string json, JsonReadOptions? options = null) =>
        ParseFails(Encoding.UTF8.GetBytes(json), options);

    public static Failure ParseFails(byte[] utf8, JsonReadOptions? options = null)
    {
        var result = StrictJsonReader.Parse(utf8, options ?? JsonReadOptions.Lenient);
        Assert.False(result.IsOk, $"expected a failure, got {(result.IsOk ? result.Value.ToString() : "")}");
        return result.Failure!;
    }

    /// <summary>Concatenates ASCII text and raw bytes, for inputs that are not valid UTF-8.</summary>
    public static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string s: bytes.AddRange(Encoding.UTF8.GetBytes(s)); break;
                case byte b: bytes.Add(b); break;
                case int i: bytes.Add(checked((byte)i)); break;
                case byte[] a: bytes.AddRange(a); break;
                default: throw new ArgumentException($"unsupported part {part}");
            }
        }
        return bytes.ToArray();
    }

    public static string Canonical(JsonValue value) => CanonicalJson.EncodeToString(value);
}
