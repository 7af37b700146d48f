using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace InviteJoin.Cli.Tests;

/// <summary>What one product project may reference: projects by name, NuGet packages by id, and the assemblies those bring.</summary>
internal sealed record DependencyRule(string Project, string AssemblyName, ImmutableArray<string> Projects, ImmutableArray<string> Packages, ImmutableArray<string> PackageAssemblies);

/// <summary>One reference found in a project file (or a Directory.*.props/targets that applies to it).</summary>
internal sealed record ProjectFileReference(string Kind, string Name, bool AnalyzerOnly, string DeclaredIn);

/// <summary>
/// The dependency directions of the design's "Layout" section as data, and the checks of project files
/// and compiled assemblies against them. Kept apart from the tests so the tests can feed the checks a
/// planted violation and watch them catch it.
/// </summary>
internal static class DependencyRules
{
    /// <summary>The projects that hold analyzers; any project may attach them (analyzer-only, no assembly reference).</summary>
    public static readonly ImmutableArray<string> AnalyzerProjects = ["InviteJoin.Analyzers", "InviteJoin.Analyzers.CodeFixes"];

    public static readonly ImmutableArray<DependencyRule> All =
    [
        // Reference -> BCL, Stateless, QuikGraph, one Ed25519 library.
        new("InviteJoin.Reference", "InviteJoin.Reference", [], ["Stateless", "QuikGraph", "NSec.Cryptography"], ["Stateless", "QuikGraph", "NSec.Cryptography"]),
        // Generators -> Reference, CsCheck.
        new("InviteJoin.Generators", "InviteJoin.Generators", ["InviteJoin.Reference"], ["CsCheck"], ["InviteJoin.Reference", "CsCheck"]),
        // Conformance -> BCL only: auditors must not need our reference to read vectors.
        new("InviteJoin.Conformance", "InviteJoin.Conformance", [], [], []),
        // Catalogue -> BCL only: it regenerates Rule.cs while the reference does not build, and its reader is
        // compiled into the analyzers, which take no package.
        new("InviteJoin.Catalogue", "invitejoin-catalogue", [], [], []),
        // Diagrams -> Reference, Stateless (whose Stateless.Graph draws the machines): rendering stays out of the pure reference.
        new("InviteJoin.Diagrams", "InviteJoin.Diagrams", ["InviteJoin.Reference"], ["Stateless"], ["InviteJoin.Reference", "Stateless"]),
        // Cli -> Reference, Generators, Conformance, Diagrams, System.CommandLine, Spectre.Console (which ships Spectre.Console.Ansi).
        new("InviteJoin.Cli", "invitejoin",
            ["InviteJoin.Reference", "InviteJoin.Generators", "InviteJoin.Conformance", "InviteJoin.Diagrams"],
            ["System.CommandLine", "Spectre.Console"],
            ["InviteJoin.Reference", "InviteJoin.Generators", "InviteJoin.Conformance", "InviteJoin.Diagrams", "System.CommandLine", "Spectre.Console", "Spectre.Console.Ansi"]),
        // Properties -> Reference, Generators, Testing (the one test kit), FsCheck.Xunit, CsCheck, xunit.
        new("InviteJoin.Properties", "InviteJoin.Properties",
            ["InviteJoin.Reference", "InviteJoin.Generators", "InviteJoin.Testing"],
            ["FsCheck", "FsCheck.Xunit.v3", "CsCheck", "xunit.v3"], []),
        // Testing -> Reference, Generators: the one test kit (room builder, keys, users, published cases); no test
        // framework, so every runner can use it (a broken fixture is a FixtureException).
        new("InviteJoin.Testing", "InviteJoin.Testing",
            ["InviteJoin.Reference", "InviteJoin.Generators"], [], ["InviteJoin.Reference", "InviteJoin.Generators"]),
        // Fuzz -> Reference, SharpFuzz: the coverage-guided fuzz harness of tools/fuzz.sh, outside Reference.sln.
        new("InviteJoin.Fuzz", "InviteJoin.Fuzz", ["InviteJoin.Reference"], ["SharpFuzz"], []),
        // Analyzers -> Microsoft.CodeAnalysis.CSharp (a version the SDK's compiler can load).
        new("InviteJoin.Analyzers", "InviteJoin.Analyzers", [], ["Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis.Analyzers"], []),
        // The analyzers' code fixes need Roslyn's workspace layer, and the analyzers they fix.
        new("InviteJoin.Analyzers.CodeFixes", "InviteJoin.Analyzers.CodeFixes",
            ["InviteJoin.Analyzers"], ["Microsoft.CodeAnalysis.CSharp.Workspaces", "Microsoft.CodeAnalysis.Analyzers"], []),
    ];

    /// <summary>
    /// Assemblies of the shared framework that do I/O or start threads: the pure reference must not
    /// reference them. (Most of the BCL, files included, is reached through System.Runtime, which every
    /// assembly needs; the analyzers police those types. This catches the references that are plainly wrong.)
    /// </summary>
    public static readonly ImmutableArray<string> ImpureFrameworkAssemblies =
    [
        "System.Console", "System.Net.*", "System.IO.FileSystem*", "System.IO.Pipes", "System.IO.MemoryMappedFiles",
        "System.IO.Ports", "System.Diagnostics.Process", "System.Threading.Thread", "System.Threading.ThreadPool",
        "Microsoft.Win32.Registry",
    ];

    /// <summary>
    /// Namespaces that draw pictures: the pure reference exposes its machines' structure and leaves the
    /// drawing to InviteJoin.Diagrams, as Stateless keeps <c>Stateless.Graph</c> apart from its machines.
    /// </summary>
    public static readonly ImmutableArray<string> DrawingNamespaces = ["Stateless.Graph"];

    /// <summary>Test and benchmark projects may reference what they test with; Properties is not exempt (it is product).</summary>
    public static bool IsExempt(string project) =>
        project.EndsWith(".Tests", StringComparison.Ordinal) || project == "InviteJoin.Benchmarks";

    public static DependencyRule? RuleFor(string project) => All.FirstOrDefault(r => r.Project == project);

    /// <summary>Every violation of <paramref name="rule"/> among <paramref name="references"/>, as readable sentences.</summary>
    public static IEnumerable<string> CheckProject(DependencyRule rule, IEnumerable<ProjectFileReference> references)
    {
        foreach (var reference in references)
        {
            if (reference.AnalyzerOnly && AnalyzerProjects.Contains(reference.Name)) continue;
            var allowed = reference.Kind == "ProjectReference" ? rule.Projects : rule.Packages;
            if (!allowed.Contains(reference.Name))
            {
                yield return $"{rule.Project} has a {reference.Kind} to {reference.Name} (in {reference.DeclaredIn}); allowed: {Describe(allowed)}";
            }
        }
    }

    /// <summary>Every referenced assembly of <paramref name="rule"/>'s assembly that is neither the BCL nor allowed.</summary>
    public static IEnumerable<string> CheckAssembly(DependencyRule rule, IEnumerable<string> referencedAssemblies)
    {
        foreach (var name in referencedAssemblies)
        {
            if (rule.PackageAssemblies.Contains(name) || IsSharedFramework(name)) continue;
            yield return $"{rule.AssemblyName}.dll references {name}; allowed: the BCL and {Describe(rule.PackageAssemblies)}";
        }
    }

    /// <summary>The referenced assemblies that <see cref="ImpureFrameworkAssemblies"/> names.</summary>
    public static IEnumerable<string> ImpureReferences(IEnumerable<string> referencedAssemblies) =>
        referencedAssemblies.Where(name => ImpureFrameworkAssemblies.Any(pattern => pattern.EndsWith('*')
            ? name.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : name == pattern));

    /// <summary>
    /// True when <paramref name="assemblyName"/> ships in the shared framework this test runs on (the BCL).
    /// Asking the framework, rather than matching "System.*", keeps packages such as System.CommandLine out.
    /// </summary>
    public static bool IsSharedFramework(string assemblyName) =>
        File.Exists(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), assemblyName + ".dll"));

    /// <summary>The references a project file declares, with those of the Directory.*.props/targets above it.</summary>
    public static IEnumerable<ProjectFileReference> ReferencesOf(string projectFile, string repositoryRoot)
    {
        var sources = new List<string> { projectFile };
        for (var dir = Path.GetDirectoryName(projectFile); dir is not null && dir.StartsWith(repositoryRoot, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            foreach (var name in (string[])["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"])
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) sources.Add(path);
            }
        }
        return sources.SelectMany(source => ReferencesIn(XDocument.Load(source), Path.GetRelativePath(repositoryRoot, source)));
    }

    /// <summary>The ProjectReference, PackageReference and GlobalPackageReference items of one MSBuild file.</summary>
    public static IEnumerable<ProjectFileReference> ReferencesIn(XDocument document, string declaredIn)
    {
        foreach (var item in document.Descendants())
        {
            var kind = item.Name.LocalName;
            if (kind is not ("ProjectReference" or "PackageReference" or "GlobalPackageReference")) continue;
            var include = item.Attribute("Include")?.Value;
            if (include is null) continue; // Update/Remove items add no reference
            var name = kind == "ProjectReference" ? Path.GetFileNameWithoutExtension(include.Replace('\\', '/')) : include;
            var analyzerOnly = kind == "ProjectReference"
                && string.Equals(Metadata(item, "OutputItemType"), "Analyzer", StringComparison.OrdinalIgnoreCase)
                && string.Equals(Metadata(item, "ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase);
            yield return new ProjectFileReference(kind == "GlobalPackageReference" ? "PackageReference" : kind, name, analyzerOnly, declaredIn);
        }
    }

    /// <summary>Every project file in the repository, skipping build output and hidden folders.</summary>
    public static IEnumerable<string> ProjectFiles(string repositoryRoot)
    {
        var pending = new Stack<string>([repositoryRoot]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*.csproj")) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (name.StartsWith('.') || name is "bin" or "obj" or "artifacts" or "TestResults" or "BenchmarkDotNet.Artifacts" or "node_modules") continue;
                pending.Push(sub);
            }
        }
    }

    /// <summary>The types of <see cref="DrawingNamespaces"/> that <paramref name="assembly"/> uses, read from its metadata (namespace-qualified, ordinal order).</summary>
    public static IEnumerable<string> DrawingReferences(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var image = new PEReader(stream);
        var metadata = image.GetMetadataReader();
        return metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(type => (Namespace: metadata.GetString(type.Namespace), Name: metadata.GetString(type.Name)))
            .Where(type => DrawingNamespaces.Contains(type.Namespace))
            .Select(type => type.Namespace + "." + type.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The names of the assemblies <paramref name="assembly"/> references.</summary>
    public static IEnumerable<string> ReferencedNames(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");

    private static string? Metadata(XElement item, string name) =>
        item.Attribute(name)?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

    private static string Describe(ImmutableArray<string> names) => names.IsEmpty ? "nothing" : string.Join(", ", names);
}
