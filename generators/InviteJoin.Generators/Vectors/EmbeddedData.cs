using System.Collections.Immutable;
using System.Text;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The data the vectors are made from that lives in files of the repository, compiled into this assembly so the
/// generator needs no checkout to run: the published cases of other implementations (the reference's tests'
/// <c>TestData</c>), the smallest inputs of the behaviour profiles' divergences (<c>spec/examples/divergences</c>)
/// and the hand-written scenarios. One copy of each file, read by the tests and the generator alike.
/// </summary>
public static class EmbeddedData
{
    /// <summary>The files under <paramref name="folder"/> (<c>published/auth</c>, <c>published/stateres</c>, <c>divergences</c>, <c>scenarios</c>), by name, in name order.</summary>
    public static ImmutableArray<(string Name, string Text)> Files(string folder)
    {
        var assembly = typeof(EmbeddedData).Assembly;
        var prefix = folder + "/";
        var files = ImmutableArray.CreateBuilder<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
            files.Add((name[prefix.Length..], reader.ReadToEnd()));
        }
        return files.ToImmutable();
    }

    /// <summary>The JSON files under <paramref name="folder"/>, parsed (leniently as to numbers, as the command line reads requests).</summary>
    public static ImmutableArray<(string Name, JsonObject Json)> Json(string folder) =>
    [
        .. Files(folder).Select(f =>
        {
            var parsed = StrictJsonReader.Parse(f.Text, JsonReadOptions.Lenient);
            return parsed.IsOk && parsed.Value is JsonObject o
                ? (f.Name, o)
                : throw new InvalidOperationException($"embedded {folder}/{f.Name} is not a JSON object: {parsed.Failure}");
        }),
    ];
}
