using Microsoft.CodeAnalysis;

namespace InviteJoin.Analyzers.Tests;

/// <summary>
/// End to end: the reference's own sources, compiled in process with every analyzer attached as the
/// build attaches them, fail when a copy of one file gains a clock read, an unseeded Random and a
/// foreach over a Dictionary, and they fail with exactly those rules' ids.
/// </summary>
public sealed class ReferenceBuildTests
{
    // Errors/ and Json/ come first in the reference's folder order, so they build on the BCL alone.
    private static readonly string[] Folders = ["Errors", "Json"];

    private const string PlantedFile = "Json/JsonPath.cs";

    private const string Planted = """

            internal static string Planted(Dictionary<string, int> counts)
            {
                var now = DateTime.Now;
                var random = new Random();
                var text = new System.Text.StringBuilder();
                foreach (var pair in counts) text.Append(pair.Key);
                return text.ToString() + now.Ticks + random.Next();
            }

            internal static void Printed() => Console.WriteLine("side effect");
        """;

    private static List<(string Path, string Text)> ReferenceSources()
    {
        var project = Repository.PathOf("reference", "InviteJoin.Reference");
        var sources = Folders
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(project, f), "*.cs", SearchOption.AllDirectories))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(project, p).Replace('\\', '/'), File.ReadAllText(p)))
            .ToList();
        Assert.Contains(sources, s => s.Item1 == PlantedFile);
        return sources;
    }

    private static IEnumerable<string> SpecFiles()
    {
        var catalogue = Repository.PathOf("spec", "rules", "catalogue.json");
        var files = File.Exists(catalogue) ? [catalogue] : new List<string>();
        var invariants = Repository.PathOf("spec", "invariants.md");
        if (File.Exists(invariants)) files.Add(invariants);
        return files;
    }

    /// <summary>The sources with <see cref="Planted"/> inserted before the closing brace of the planted file's type.</summary>
    private static (List<(string Path, string Text)> Sources, int PlantStart, int PlantEnd) WithPlant()
    {
        var sources = ReferenceSources();
        var index = sources.FindIndex(s => s.Path == PlantedFile);
        var text = sources[index].Text;
        var close = text.LastIndexOf('}');
        Assert.True(close > 0, PlantedFile + " has no closing brace to plant before.");
        sources[index] = (PlantedFile, text[..close] + Planted + "\n" + text[close..]);
        return (sources, close, close + Planted.Length);
    }

    private static IEnumerable<string> NewIds(IEnumerable<Diagnostic> before, IEnumerable<Diagnostic> after)
    {
        // Compare by id, file and message: planting shifts nothing before it, but other helpers'
        // findings in untouched files must not count as the plant's.
        var old = before.Select(Key).ToList();
        foreach (var diagnostic in after)
        {
            if (!old.Remove(Key(diagnostic))) yield return diagnostic.Id;
        }

        static string Key(Diagnostic d) => d.Id + "|" + d.Location.SourceTree?.FilePath + "|" + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task PlantedClockRandomAndUnorderedForeach_FailWithTheirIds()
    {
        var baseline = await InProcessBuild.RunAsync(ReferenceSources(), SpecFiles(), "reference");
        var (sources, start, end) = WithPlant();
        var planted = await InProcessBuild.RunAsync(sources, SpecFiles(), "reference");

        Assert.Empty(baseline.CompilerErrors);
        Assert.Empty(planted.CompilerErrors);
        // An analyzer that throws (AD0001) checks nothing; it must never happen on real code.
        Assert.DoesNotContain(planted.Analyzers, d => d.Id == "AD0001");
        Assert.Equal(["IJ1001", "IJ1002", "IJ1006", "IJ2003"], NewIds(baseline.Analyzers, planted.Analyzers).Order(StringComparer.Ordinal));
        Assert.All(
            planted.Analyzers.Where(d => d.Location.SourceTree?.FilePath == PlantedFile && d.Location.SourceSpan.Start >= start),
            d => Assert.InRange(d.Location.SourceSpan.End, start, end));
        Assert.All(planted.Analyzers, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public async Task PlantedSideEffects_GeneratorsProfile_ReportsOnlyDeterminism()
    {
        var baseline = await InProcessBuild.RunAsync(ReferenceSources(), [], "generators");
        var (sources, _, _) = WithPlant();
        var planted = await InProcessBuild.RunAsync(sources, [], "generators");

        Assert.Equal(["IJ1001", "IJ1002", "IJ1006"], NewIds(baseline.Analyzers, planted.Analyzers).Order(StringComparer.Ordinal));
    }
}
