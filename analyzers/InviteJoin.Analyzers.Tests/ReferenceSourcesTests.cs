using InviteJoin.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace InviteJoin.Analyzers.Tests;

/// <summary>
/// Every C# file under reference/ (the library, its tests and its benchmarks) cites the spec by section and
/// version and names rule tokens, never a private clause label: the library's build enforces it with IJ3005,
/// and this test holds the tests and benchmarks, which the analyzers do not build, to the same rule.
/// </summary>
public sealed class ReferenceSourcesTests
{
    [Fact]
    public void NoSourceUnderReference_CitesAPrivateClauseLabel()
    {
        var reference = Repository.PathOf("reference");
        var files = Directory.EnumerateFiles(reference, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(reference, f).Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(files, f => f.EndsWith("MemberJoinRulesTests.cs", StringComparison.Ordinal));
        var found = new List<string>();
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file, cancellationToken: TestContext.Current.CancellationToken);
            foreach (var trivia in tree.GetRoot(TestContext.Current.CancellationToken).DescendantTrivia(descendIntoTrivia: false).Where(ClauseLabelAnalyzer.IsComment))
            {
                foreach (var label in ClauseLabels.Find(trivia.ToFullString()))
                {
                    var line = tree.GetLineSpan(new Microsoft.CodeAnalysis.Text.TextSpan(trivia.FullSpan.Start + label.Start, label.Length), TestContext.Current.CancellationToken).StartLinePosition.Line + 1;
                    found.Add(Path.GetRelativePath(Repository.Root, file) + ":" + line + ": " + label.Text);
                }
            }
        }
        Assert.True(found.Count == 0, found.Count + " private clause label(s); cite the spec by section and version and name the rule token:\n  " + string.Join("\n  ", found));
    }
}
