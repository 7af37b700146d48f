using System.Reflection;

namespace InviteJoin.Analyzers.Tests.Infrastructure;

/// <summary>Locates the repository (the folder holding Reference.sln) that these tests were built from.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        // Built into an artifacts folder outside the repository: use the root recorded at build time.
        var recorded = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Reference.sln"))) return Path.GetFullPath(recorded);
        throw new InvalidOperationException("Cannot find the repository root (the folder with Reference.sln).");
    }
}
