using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using InviteJoin.Conformance.Json;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Tests;

/// <summary>Finds the repository: the folder holding Reference.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reference.sln"))) return dir.FullName;
        }
        var recorded = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Reference.sln"))) return Path.GetFullPath(recorded);
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Reference.sln");
    }

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);
}

/// <summary>Writes small vector folders for the runner's tests, in the format <c>invitejoin vectors</c> writes.</summary>
internal static class TestVectors
{
    /// <summary>A canonical_json case whose input is <paramref name="input"/> and whose expected answer is <paramref name="expected"/> (JSON text).</summary>
    public static WrittenCase CanonicalCase(string id, string input, string expected, string? profiles = null) =>
        new(id, null, "{\"expected\":" + expected + ",\"flags\":[\"edge_case\"],\"id\":" + CanonicalText.String(id)
            + (profiles is null ? "" : ",\"profiles\":" + profiles)
            + ",\"provenance\":{\"generator\":\"test\",\"source\":\"a runner test\",\"spec\":\"v1.19\"},\"request\":{\"input\":" + CanonicalText.String(input)
            + "},\"rules\":[\"canonical_json.encode\"]}");

    /// <summary>A signing case (the broken adapter does not support the suite).</summary>
    public static WrittenCase SigningCase(string id) =>
        new(id, null, "{\"expected\":{\"valid\":true},\"flags\":[],\"id\":" + CanonicalText.String(id)
            + ",\"provenance\":{\"generator\":\"test\",\"source\":\"a runner test\",\"spec\":\"v1.19\"},\"request\":{\"verify\":{}},\"rules\":[\"signing.verify\"]}");

    /// <summary>Writes the files to a new temporary folder and reads it back.</summary>
    public static VectorSet Write(params WrittenFile[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "invitejoin-vectors-test-" + Guid.NewGuid().ToString("N"));
        VectorWriter.Write(folder, VectorWriter.Render("test", "v1.19", 1, files));
        return VectorSet.Load(folder);
    }

    /// <summary>The broken adapter's command line.</summary>
    public static string BrokenAdapter => "/usr/bin/python3 \"" + Repository.Path_("adapters", "broken", "adapter.py") + "\"";

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static ImmutableArray<WrittenCase> Cases(params WrittenCase[] cases) => [.. cases];
}
