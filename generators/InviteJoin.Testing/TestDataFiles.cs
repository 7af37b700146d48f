using System.Collections.Immutable;

namespace InviteJoin.Testing;

/// <summary>
/// The data files of TestData (the spec's vectors, other implementations' published cases), carried inside the
/// kit's assembly so that every test project reads the same bytes without reaching into another project's folder.
/// </summary>
public static class TestDataFiles
{
    private const string Prefix = "TestData/";

    /// <summary>The paths below TestData of the JSON files in <paramref name="folder"/>, in ordinal order.</summary>
    public static ImmutableArray<string> In(string folder) =>
        [.. typeof(TestDataFiles).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix + folder + "/", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Select(name => name[Prefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>The bytes of TestData/<paramref name="path"/>.</summary>
    public static byte[] Read(string path)
    {
        using var stream = typeof(TestDataFiles).Assembly.GetManifestResourceStream(Prefix + path)
            ?? throw new FixtureException("no test data file TestData/" + path + " in the kit");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
