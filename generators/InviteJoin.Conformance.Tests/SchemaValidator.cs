using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InviteJoin.Conformance.Tests;

/// <summary>
/// The part of JSON Schema (draft 2020-12) that spec/vectors/schemas uses, enough to hold every committed vector to its
/// schema in a test: type, const, enum, properties, required, additionalProperties, items, minItems, minLength,
/// minimum, maximum, pattern, allOf, oneOf and $ref (within a file and to another file of the folder). Any other
/// keyword is refused, so a schema cannot silently rely on one that is not checked.
/// </summary>
internal sealed class SchemaValidator(string folder)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$defs", "title", "description"];
    private readonly Dictionary<string, JsonElement> _files = new(StringComparer.Ordinal);

    /// <summary>The problems of <paramref name="value"/> against the schema file <paramref name="file"/>, each with its JSON path.</summary>
    public List<string> Validate(JsonElement value, string file)
    {
        var problems = new List<string>();
        Check(value, Load(file), file, "$", problems);
        return problems;
    }

    private JsonElement Load(string file)
    {
        if (!_files.TryGetValue(file, out var schema))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, file)));
            _files[file] = schema = document.RootElement.Clone();
        }
        return schema;
    }

    private (JsonElement Schema, string File) Resolve(string reference, string file)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var target = hash == 0 ? file : hash < 0 ? reference : reference[..hash];
        var node = Load(target);
        if (hash >= 0)
        {
            foreach (var part in reference[(hash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries)) node = node.GetProperty(part);
        }
        return (node, target);
    }

    private void Check(JsonElement value, JsonElement schema, string file, string path, List<string> problems)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        foreach (var keyword in schema.EnumerateObject())
        {
            var rule = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    var (target, targetFile) = Resolve(rule.GetString()!, file);
                    Check(value, target, targetFile, path, problems);
                    break;
                case "type":
                    var types = rule.ValueKind == JsonValueKind.Array ? rule.EnumerateArray().Select(t => t.GetString()!).ToList() : [rule.GetString()!];
                    if (!types.Any(t => IsType(value, t))) problems.Add($"{path}: not of type {string.Join("|", types)}");
                    break;
                case "const":
                    if (!Json.CanonicalText.Same(value, rule)) problems.Add($"{path}: not {rule.GetRawText()}");
                    break;
                case "enum":
                    if (!rule.EnumerateArray().Any(v => Json.CanonicalText.Same(value, v))) problems.Add($"{path}: {Short(value)} is not one of {rule.GetRawText()}");
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    foreach (var name in rule.EnumerateArray()) if (!value.TryGetProperty(name.GetString()!, out _)) problems.Add($"{path}: missing {name.GetString()}");
                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    foreach (var property in rule.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var member)) Check(member, property.Value, file, path + "." + property.Name, problems);
                    }
                    break;
                case "additionalProperties":
                    if (value.ValueKind != JsonValueKind.Object) break;
                    var declared = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                    foreach (var member in value.EnumerateObject().Where(m => !declared.Contains(m.Name)))
                    {
                        if (rule.ValueKind == JsonValueKind.False) problems.Add($"{path}: unexpected key {member.Name}");
                        else Check(member.Value, rule, file, path + "." + member.Name, problems);
                    }
                    break;
                case "items":
                    if (value.ValueKind != JsonValueKind.Array) break;
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Check(item, rule, file, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]", problems);
                    break;
                case "minItems":
                    if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() < rule.GetInt32()) problems.Add($"{path}: fewer than {rule.GetInt32()} items");
                    break;
                case "minLength":
                    if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length < rule.GetInt32()) problems.Add($"{path}: shorter than {rule.GetInt32()}");
                    break;
                case "minimum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() < rule.GetDecimal()) problems.Add($"{path}: below {rule.GetDecimal()}");
                    break;
                case "maximum":
                    if (value.ValueKind == JsonValueKind.Number && value.GetDecimal() > rule.GetDecimal()) problems.Add($"{path}: above {rule.GetDecimal()}");
                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, rule.GetString()!, RegexOptions.CultureInvariant))
                    {
                        problems.Add($"{path}: {Short(value)} does not match {rule.GetString()}");
                    }
                    break;
                case "allOf":
                    foreach (var part in rule.EnumerateArray()) Check(value, part, file, path, problems);
                    break;
                case "oneOf":
                    var matching = rule.EnumerateArray().Count(part =>
                    {
                        var inner = new List<string>();
                        Check(value, part, file, path, inner);
                        return inner.Count == 0;
                    });
                    if (matching != 1) problems.Add($"{path}: {Short(value)} matches {matching} of the oneOf alternatives, not exactly one");
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name)) throw new InvalidOperationException($"{file}: keyword {keyword.Name} is not supported by the test's validator");
                    break;
            }
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException("unknown type " + type),
    };

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
