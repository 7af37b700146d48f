using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InviteJoin.Analyzers.Tests;

/// <summary>
/// Keeps the one id registry in step with everything that hangs off it: descriptors, analyzers, help
/// links, doc pages, the release-tracking file and the tests (STYLE habit 8).
/// </summary>
public sealed partial class RegistryTests
{
    private static readonly string[] Ids = typeof(DiagnosticIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(DiagnosticIds.HelpLinkFormat))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly DiagnosticDescriptor[] AllDescriptors = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    [GeneratedRegex(@"^IJ[1-4]\d{3}$")]
    private static partial Regex IdFormat();

    [Fact]
    public void Ids_AreUniqueAndWellFormed()
    {
        Assert.NotEmpty(Ids);
        Assert.Equal(Ids.Length, Ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Ids, id => Assert.Matches(IdFormat(), id));
    }

    [Fact]
    public void EveryId_HasOneErrorDescriptorWithItsHelpLinkAndCategory()
    {
        Assert.Equal(Ids, AllDescriptors.Select(d => d.Id).Order(StringComparer.Ordinal));
        foreach (var descriptor in AllDescriptors)
        {
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault, descriptor.Id);
            Assert.Equal($"https://github.com/invitejoin/invitejoin/blob/main/analyzers/docs/{descriptor.Id}.md", descriptor.HelpLinkUri);
            var expected = descriptor.Id[2] switch
            {
                '1' => Descriptors.Determinism,
                '2' => Descriptors.Purity,
                '3' => Descriptors.Traceability,
                _ => Descriptors.ErrorModel,
            };
            Assert.Equal(expected, descriptor.Category);
        }
    }

    [Fact]
    public void EveryDescriptor_IsSupportedByExactlyOneAnalyzer()
    {
        var supported = InProcessBuild.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => d.Id)).Order(StringComparer.Ordinal);
        Assert.Equal(Ids, supported);
        Assert.All(InProcessBuild.AllAnalyzers, a =>
            Assert.Contains(LanguageNames.CSharp, a.GetType().GetCustomAttribute<DiagnosticAnalyzerAttribute>()!.Languages));
    }

    [Fact]
    public void EachAnalyzerSourceFile_DeclaresOneAnalyzer()
    {
        var project = Repository.PathOf("analyzers", "InviteJoin.Analyzers");
        var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var counts = files.ToDictionary(f => f, f => Regex.Matches(File.ReadAllText(f), @"\[DiagnosticAnalyzer\(").Count);
        Assert.All(counts, c => Assert.True(c.Value <= 1, $"{Path.GetFileName(c.Key)} declares {c.Value} analyzers."));
        Assert.Equal(InProcessBuild.AllAnalyzers.Length, counts.Values.Sum());
    }

    [Fact]
    public void EveryId_HasADocPageListedInTheReadme()
    {
        var docs = Repository.PathOf("analyzers", "docs");
        var pages = Directory.EnumerateFiles(docs, "IJ*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(Ids, pages);
        var readme = File.ReadAllText(Path.Combine(docs, "README.md"));
        Assert.All(Ids, id =>
        {
            Assert.Contains($"[{id}]({id}.md)", readme, StringComparison.Ordinal);
            var page = File.ReadAllText(Path.Combine(docs, id + ".md"));
            Assert.StartsWith($"# {id}: ", page, StringComparison.Ordinal);
            Assert.Contains("## Suppressing", page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void EveryId_IsInTheUnshippedReleaseFile()
    {
        var release = File.ReadAllLines(Repository.PathOf("analyzers", "InviteJoin.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var listed = release.Where(l => l.StartsWith("IJ", StringComparison.Ordinal)).Select(l => l.Split('|')[0].Trim()).Order(StringComparer.Ordinal);
        Assert.Equal(Ids, listed);
    }

    [Fact]
    public void EveryId_HasATestClass()
    {
        var classes = typeof(RegistryTests).Assembly.GetTypes().Select(t => t.Name).ToList();
        Assert.All(Ids, id => Assert.Contains(classes, c => c.StartsWith(id, StringComparison.Ordinal) && c.EndsWith("Tests", StringComparison.Ordinal)));
    }
}
