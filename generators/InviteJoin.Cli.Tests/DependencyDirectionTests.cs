using System.Reflection;
using System.Xml.Linq;
using InviteJoin.Diagrams;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The design's dependency directions ("Layout": Reference → BCL, Stateless, QuikGraph, one Ed25519
/// library; Generators → Reference, CsCheck; Conformance → BCL only; Diagrams → Reference, Stateless;
/// Cli → Reference, Generators, Conformance, Diagrams, System.CommandLine, Spectre.Console; Properties →
/// Reference, Generators, Testing, FsCheck.Xunit, CsCheck, xunit; Testing → Reference, Generators; Analyzers →
/// Roslyn), checked twice: in every project file, and in the compiled product assemblies' references. Test
/// and benchmark projects are exempt; Properties and Testing are not.
/// </summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void ProjectFiles_ReferenceOnlyWhatTheDesignAllows()
    {
        var violations = new List<string>();
        var checkedProjects = 0;
        foreach (var file in DependencyRules.ProjectFiles(Repository.Root))
        {
            var project = Path.GetFileNameWithoutExtension(file);
            if (DependencyRules.IsExempt(project)) continue;
            var rule = DependencyRules.RuleFor(project);
            if (rule is null)
            {
                violations.Add($"{Path.GetRelativePath(Repository.Root, file)} is a product project with no dependency rule; add its row to the design and to {nameof(DependencyRules)}");
                continue;
            }
            checkedProjects++;
            violations.AddRange(DependencyRules.CheckProject(rule, DependencyRules.ReferencesOf(file, Repository.Root)));
        }

        Assert.Empty(violations);
        Assert.True(checkedProjects >= 6, $"only {checkedProjects} product projects were found under {Repository.Root}");
    }

    [Theory]
    [InlineData("InviteJoin.Reference")]
    [InlineData("InviteJoin.Generators")]
    [InlineData("InviteJoin.Conformance")]
    [InlineData("InviteJoin.Diagrams")]
    [InlineData("InviteJoin.Cli")]
    [InlineData("InviteJoin.Testing")]
    public void ProductAssembly_ReferencesOnlyTheBclAndAllowedPackages(string project)
    {
        var rule = DependencyRules.RuleFor(project)!;

        var violations = DependencyRules.CheckAssembly(rule, DependencyRules.ReferencedNames(Load(rule)));

        Assert.Empty(violations);
    }

    [Fact]
    public void ReferenceAssembly_ReferencesNoIoOrThreadingAssemblies()
    {
        var reference = typeof(JsonValue).Assembly;

        Assert.Empty(DependencyRules.ImpureReferences(DependencyRules.ReferencedNames(reference)));
        // The check is live: the command line legitimately uses the console, and it is seen.
        Assert.Contains("System.Console", DependencyRules.ImpureReferences(DependencyRules.ReferencedNames(typeof(CommandLine).Assembly)));
    }

    [Fact]
    public void ReferenceAssembly_DrawsNoDiagrams()
    {
        var reference = typeof(JsonValue).Assembly;

        Assert.Empty(DependencyRules.DrawingReferences(reference));
        // The check is live: the diagrams project draws with Stateless.Graph, and it is seen.
        Assert.Contains("Stateless.Graph.MermaidGraph", DependencyRules.DrawingReferences(typeof(MachineDiagrams).Assembly));
    }

    [Fact]
    public void PlantedProjectReference_ReferenceToGenerators_IsCaught()
    {
        var planted = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Stateless" />
                <PackageReference Include="System.CommandLine" />
                <ProjectReference Include="../../generators/InviteJoin.Generators/InviteJoin.Generators.csproj" />
                <ProjectReference Include="../../analyzers/InviteJoin.Analyzers/InviteJoin.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);

        var violations = DependencyRules.CheckProject(DependencyRules.RuleFor("InviteJoin.Reference")!, DependencyRules.ReferencesIn(planted, "planted.csproj")).ToList();

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("PackageReference to System.CommandLine", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("ProjectReference to InviteJoin.Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void PlantedAnalyzerReferenceThatAlsoReferencesTheAssembly_IsCaught()
    {
        var planted = XDocument.Parse("""
            <Project><ItemGroup>
              <ProjectReference Include="..\InviteJoin.Analyzers\InviteJoin.Analyzers.csproj" OutputItemType="Analyzer" />
            </ItemGroup></Project>
            """);

        var violations = DependencyRules.CheckProject(DependencyRules.RuleFor("InviteJoin.Generators")!, DependencyRules.ReferencesIn(planted, "planted.csproj"));

        Assert.Single(violations);
    }

    [Fact]
    public void PlantedAssemblyReference_ReferenceToGeneratorsOrCommandLine_IsCaught()
    {
        var rule = DependencyRules.RuleFor("InviteJoin.Reference")!;

        var violations = DependencyRules.CheckAssembly(rule, ["System.Runtime", "NSec.Cryptography", "InviteJoin.Generators", "System.CommandLine"]).ToList();

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("references InviteJoin.Generators", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("references System.CommandLine", StringComparison.Ordinal));
    }

    [Fact]
    public void PlantedIoReference_InReference_IsCaught()
    {
        Assert.Equal(
            new[] { "System.Net.Http", "System.IO.FileSystem.Watcher", "System.Console" },
            DependencyRules.ImpureReferences(["System.Runtime", "System.Net.Http", "System.IO.FileSystem.Watcher", "System.Console", "System.Memory"]));
    }

    // The test project references the Cli project, so every product assembly the Cli uses sits beside the tests.
    private static Assembly Load(DependencyRule rule) => rule.Project switch
    {
        "InviteJoin.Reference" => typeof(JsonValue).Assembly,
        "InviteJoin.Cli" => typeof(CommandLine).Assembly,
        _ => Assembly.Load(new AssemblyName(rule.AssemblyName)),
    };
}
