using System.Collections.Immutable;
using System.Text.Json;

namespace InviteJoin.Conformance.Vectors;

/// <summary>Reads the closed objects of the vector format, naming the file and the JSON path of any problem.</summary>
internal sealed class JsonFields
{
    private readonly JsonElement _object;

    private JsonFields(string file, string path, JsonElement value)
    {
        File = file;
        Path = path;
        _object = value;
    }

    public string File { get; }

    public string Path { get; }

    /// <summary><paramref name="value"/> as an object that has no keys besides <paramref name="allowed"/>.</summary>
    public static JsonFields Closed(string file, string path, JsonElement value, params string[] allowed)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new VectorFormatException(file, path, "expected an object, found " + Kind(value));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (!allowed.Contains(member.Name)) throw new VectorFormatException(file, path, $"unknown key \"{member.Name}\" (allowed: {string.Join(", ", allowed)})");
            if (!seen.Add(member.Name)) throw new VectorFormatException(file, path, $"key \"{member.Name}\" appears twice");
        }
        return new JsonFields(file, path, value);
    }

    public bool Has(string key) => _object.TryGetProperty(key, out _);

    public JsonElement Value(string key) =>
        _object.TryGetProperty(key, out var value) ? value : throw new VectorFormatException(File, Path, $"required key \"{key}\" is missing");

    public string String(string key)
    {
        var value = Value(key);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(key, "a string", value);
    }

    public string? OptionalString(string key) => Has(key) ? String(key) : null;

    public int Integer(string key)
    {
        var value = Value(key);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : throw Wrong(key, "a non-negative integer", value);
    }

    public long Long(string key)
    {
        var value = Value(key);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw Wrong(key, "an integer", value);
    }

    public JsonElement Object(string key)
    {
        var value = Value(key);
        return value.ValueKind == JsonValueKind.Object ? value : throw Wrong(key, "an object", value);
    }

    public JsonElement Array(string key)
    {
        var value = Value(key);
        return value.ValueKind == JsonValueKind.Array ? value : throw Wrong(key, "an array", value);
    }

    public ImmutableArray<string> Strings(string key)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        foreach (var item in Array(key).EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new VectorFormatException(File, Path + "." + key + "[" + i + "]", "expected a string, found " + Kind(item));
            builder.Add(item.GetString()!);
            i++;
        }
        return builder.ToImmutable();
    }

    public string Under(string key) => Path + "." + key;

    private VectorFormatException Wrong(string key, string expected, JsonElement found) =>
        new(File, Path + "." + key, "expected " + expected + ", found " + Kind(found));

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
