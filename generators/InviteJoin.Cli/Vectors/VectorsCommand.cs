using System.CommandLine;
using System.Globalization;
using System.Text;
using InviteJoin.Cli.Commands;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Cli.Vectors;

/// <summary>
/// <c>invitejoin vectors --out DIR [--check] [--seed N] [--readme FILE]</c>: writes the conformance vectors (or, with
/// <c>--check</c>, compares them with what is there and exits 1 on any difference), and keeps the coverage table of a
/// README current between the lines <c>&lt;!-- vectors:coverage --&gt;</c> and <c>&lt;!-- /vectors:coverage --&gt;</c>.
/// </summary>
internal static class VectorsCommand
{
    public const string CoverageStart = "<!-- vectors:coverage -->";
    public const string CoverageEnd = "<!-- /vectors:coverage -->";

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<string>("--out") { Description = "The vector folder to write (or check).", Required = true, HelpName = "dir" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when the folder (and --readme's table) differs from what generation gives." };
        var seed = new Option<long>("--seed") { Description = "Seed of the generated cases (default 1; the committed vectors use 1).", DefaultValueFactory = _ => 1 };
        var probes = new Option<int>("--probes") { Description = "Authorisation probes tried per room version to reach every rule token (default 8000).", DefaultValueFactory = _ => 8000 };
        var only = new Option<string>("--suites") { Description = "Only these suites, comma-separated (for a quick look; --check needs all).", HelpName = "names" };
        var readme = new Option<string>("--readme") { Description = "A Markdown file whose coverage table (between the vectors:coverage markers) is kept current.", HelpName = "file" };
        var command = new Command("vectors", "Generate the conformance vectors (spec/vectors/): deterministic, with stable case IDs, an index and SHA256SUMS.")
        {
            output, check, seed, probes, only, readme,
        };
        command.SetAction(parse =>
        {
            var settings = new VectorSettings
            {
                Seed = parse.GetValue(seed),
                ProbesPerVersion = parse.GetValue(probes),
                Suites = [.. (parse.GetValue(only) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            };
            var built = VectorBuild.Build(settings);
            if (built.Problems.Length > 0)
            {
                stderr.WriteLine($"invitejoin vectors: {built.Problems.Length} cases cannot be written:");
                foreach (var problem in built.Problems.Take(50)) stderr.WriteLine("  " + problem);
                return 1;
            }
            if (built.Unreached.Length > 0)
            {
                // Every rule token of the catalogue in every room version of its range must be decided by some case.
                foreach (var pair in built.Unreached) stderr.WriteLine($"invitejoin vectors: no case reaches {pair.Token} in room version {pair.RoomVersion} (raise --probes)");
                return 1;
            }
            var rendered = VectorWriter.Render(VectorBuild.Generator, built.SpecVersion, settings.Seed, built.Files);
            var folder = parse.GetValue(output)!;
            var table = CoverageTable(built.Files);
            var readmePath = parse.GetValue(readme);
            if (parse.GetValue(check))
            {
                var differences = VectorWriter.Compare(folder, rendered).ToList();
                if (readmePath is not null && ReadmeWith(readmePath, table) is var (current, updated) && current != updated)
                {
                    differences.Add("differs: " + readmePath + " (its coverage table)");
                }
                if (differences.Count > 0)
                {
                    stderr.WriteLine($"invitejoin vectors --check: {folder} is not what generation gives ({differences.Count} differences); run `invitejoin vectors --out {folder}{(readmePath is null ? "" : " --readme " + readmePath)}` and commit:");
                    foreach (var difference in differences.Take(20)) stderr.WriteLine("  " + difference);
                    return 1;
                }
                stdout.WriteLine($"{folder}: {Count(built)} cases in {built.Files.Length} files, as generated");
                return ExitCodes.Ok;
            }
            VectorWriter.Write(folder, rendered);
            if (readmePath is not null && ReadmeWith(readmePath, table) is var (_, text)) File.WriteAllText(readmePath, text, new UTF8Encoding(false));
            stdout.WriteLine($"{folder}: wrote {Count(built)} cases in {built.Files.Length} files");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Count(BuiltVectors built) => built.Files.Sum(f => f.Cases.Length).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The README's text as it is, and with <paramref name="table"/> between the coverage markers.</summary>
    private static (string Current, string Updated) ReadmeWith(string path, string table)
    {
        var current = File.Exists(path) ? File.ReadAllText(path) : "";
        var start = current.IndexOf(CoverageStart, StringComparison.Ordinal);
        var end = current.IndexOf(CoverageEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidOperationException($"{path} has no {CoverageStart} … {CoverageEnd} block for the coverage table");
        var updated = current[..(start + CoverageStart.Length)] + "\n" + table + current[end..];
        return (current, updated);
    }

    /// <summary>The coverage table: cases per suite and room version, and totals.</summary>
    internal static string CoverageTable(IReadOnlyList<WrittenFile> files)
    {
        var versions = Enumerable.Range(1, 12).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
        var text = new StringBuilder();
        text.Append("| suite | cases | files | ").Append(string.Join(" | ", versions.Select(v => "v" + v))).Append(" | no room version |\n");
        text.Append("|---|---:|---:|").Append(string.Concat(versions.Select(_ => "---:|"))).Append("---:|\n");
        var total = 0;
        foreach (var suite in Suites.All)
        {
            var mine = files.Where(f => f.Suite == suite.Name).ToList();
            var cases = mine.SelectMany(f => f.Cases).ToList();
            if (cases.Count == 0) continue;
            total += cases.Count;
            text.Append("| `").Append(suite.Name).Append("` | ").Append(N(cases.Count)).Append(" | ").Append(N(mine.Count)).Append(" | ");
            text.Append(string.Join(" | ", versions.Select(v => N(cases.Count(c => c.RoomVersion == v)))));
            text.Append(" | ").Append(N(cases.Count(c => c.RoomVersion is null))).Append(" |\n");
        }
        text.Append("| **total** | **").Append(N(total)).Append("** | **").Append(N(files.Count)).Append("** |")
            .Append(string.Concat(versions.Select(_ => " |"))).Append(" |\n");
        return text.ToString();
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
