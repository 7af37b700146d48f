using System.Collections.Immutable;
using InviteJoin.Cli.Vectors;
using InviteJoin.Conformance.Vectors;
using InviteJoin.Generators.Vectors;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The conformance vectors' sources as unit tests: every case of every suite is answered by the reference through the
/// same step that writes its vector (<see cref="VectorBuild.Make"/>), and must answer as its source declares (the spec's
/// printed values, the published verdicts and states, the receipt stages, the handshake statuses, the scenarios' final
/// expectations). The committed vectors and the coverage table of spec/vectors/README.md must be exactly what
/// generation gives (<c>invitejoin vectors --check</c>).
/// </summary>
public sealed class VectorCaseTests
{
    private static readonly Lazy<ImmutableSortedDictionary<string, VectorSource>> Sources = new(() =>
        VectorBuild.Sources(ReferenceOracle.Default, new VectorSettings(), []).ToImmutableSortedDictionary(s => s.Id, s => s, StringComparer.Ordinal));

    // One generation, shared by the tests that look at the whole.
    private static readonly Lazy<BuiltVectors> Built = new(() => VectorBuild.Build(new VectorSettings()));

    private static ImmutableSortedDictionary<string, byte[]> Rendered => VectorWriter.Render(VectorBuild.Generator, Built.Value.SpecVersion, 1, Built.Value.Files);

    public static TheoryData<string> Ids() => [.. Sources.Value.Keys];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Case_AnswersAsItsSourceDeclares(string id)
    {
        var source = Sources.Value[id];

        var (json, problem) = VectorBuild.Make(source, ReferenceOracle.Default, new VectorSettings().Seed);

        Assert.True(problem is null, id + ": " + problem);
        Assert.NotNull(json);
    }

    [Fact]
    public void EverySuite_HasCases_AndEveryRuleOfTheCatalogue_IsReached()
    {
        var built = Built.Value;

        Assert.Empty(built.Problems);
        Assert.Empty(built.Unreached);
        Assert.Equal(Suites.All.Select(s => s.Name), Suites.All.Select(s => s.Name).Where(s => built.Files.Any(f => f.Suite == s)));
        var committed = VectorWriter.Compare(Path.Combine(Repository.Root, "vectors"), Rendered);
        Assert.True(committed.IsEmpty, "vectors/ is not what generation gives; run `invitejoin vectors --out vectors --readme spec/vectors/README.md`:\n" + string.Join("\n", committed.Take(10)));
    }

    [Fact]
    public void VectorsCheck_PassesOnTheCommittedVectors_AndFailsOnAnEditedCopy()
    {
        var vectors = Path.Combine(Repository.Root, "vectors");
        var readme = Path.Combine(Repository.Root, "spec", "vectors", "README.md");

        var check = Cli.Run("", "vectors", "--out", vectors, "--readme", readme, "--check");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        var copy = Path.Combine(Path.GetTempPath(), "invitejoin-vectors-check-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        CopyFolder(vectors, copy);
        var file = Path.Combine(copy, "auth", "rules.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"allowed\":false", "\"allowed\":true", StringComparison.Ordinal));
        // What --check compares, against the generation the other tests share (one generation is enough per run).
        var stale = VectorWriter.Compare(copy, Rendered);
        Directory.Delete(copy, recursive: true);

        Assert.Contains(stale, d => d.StartsWith("differs: auth/rules.json", StringComparison.Ordinal));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
