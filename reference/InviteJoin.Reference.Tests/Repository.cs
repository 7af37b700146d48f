using System.Reflection;
using InviteJoin.Catalogue;

namespace InviteJoin.Reference.Tests;

/// <summary>The repository these tests were built from: the folder holding Reference.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    // Above the test binary, or the folder recorded at build time when built into an artifacts path.
    private static string Find()
    {
        if (CatalogueFiles.FindRoot(AppContext.BaseDirectory) is { } above) return above;
        var recorded = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Reference.sln"))) return Path.GetFullPath(recorded);
        throw new InvalidOperationException("no folder above " + AppContext.BaseDirectory + " holds Reference.sln, and no recorded repository root does");
    }
}
