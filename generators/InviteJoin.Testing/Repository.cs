using System.Reflection;

namespace InviteJoin.Testing;

/// <summary>
/// The repository the tests were built from (the folder holding Reference.sln), for the tests that read its
/// sources: spec pages, project files, generated diagrams.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string> FoundRoot = new(Find);

    /// <summary>The repository's root folder.</summary>
    public static string Root => FoundRoot.Value;

    /// <summary>The path of <paramref name="parts"/> below the root; a part may hold several names separated by <c>/</c>.</summary>
    public static string PathOf(params string[] parts) =>
        Path.Combine([Root, .. parts.Select(part => part.Replace('/', Path.DirectorySeparatorChar))]);

    // Above the test binary, or, when built into an artifacts path outside the repository, the root the build recorded.
#pragma warning disable IJ1004 // Where the tests run decides only where the sources are read from, never an answer.
    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        var recorded = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Reference.sln"))) return Path.GetFullPath(recorded);
        throw new FixtureException($"no folder above {AppContext.BaseDirectory} holds Reference.sln, and the recorded repository root '{recorded}' does not either");
    }
#pragma warning restore IJ1004
}
