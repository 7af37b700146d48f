using System.Globalization;
using System.Text.RegularExpressions;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The table "Explore's verdicts" of spec/dance.md, checked against explore: each row's run gives the row's verdict
/// and counts (the schedules that play the attack, and for each outcome how many and which first), and each scenario's
/// replay shrinks to a story that ends the way its column says.
/// </summary>
public sealed partial class ExploreVerdictTests : IDisposable
{
    private static readonly string[] Outcomes = ["prevented", "detected and healed", "left open"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("invitejoin-verdicts-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>One row of the table: the attack, its verdict, the run, and one cell per outcome.</summary>
    public sealed record Row(string Attack, string Verdict, string Run, IReadOnlyList<string> Cells)
    {
        public override string ToString() => Attack;
    }

    private static IReadOnlyList<Row> Table()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "spec", "dance.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = text.IndexOf("### Explore's verdicts\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "spec/dance.md has no section \"Explore's verdicts\"");
        var end = text.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var rows = new List<Row>();
        foreach (var line in text[start..end].Split('\n').Where(l => l.StartsWith("| **", StringComparison.Ordinal)))
        {
            var cells = line.Trim('|').Split(" | ").Select(c => c.Trim()).ToList();
            Assert.True(cells.Count == 6, "a row of Explore's verdicts does not have six cells: " + line);
            rows.Add(new Row(cells[0].Trim('*'), cells[1], cells[2], cells[3..]));
        }
        return rows;
    }

    public static TheoryData<Row> Rows() => [.. Table()];

    [Fact]
    public void TheTable_HasEverySeedAttack_EachWithAVerdict()
    {
        var rows = Table();
        Assert.Equal(["A1", "A2", "A3", "A4", "T1", "T2", "P"], rows.Select(r => r.Attack));
        Assert.All(rows, r => Assert.Contains(r.Verdict, Outcomes));
    }

    [Fact]
    public void PolicyEvasion_IsDrawnOnlyWhenNamed_AndExploreSaysSo()
    {
        // Without --strategies, P's strategy is not drawn: its row counts no schedule, and a note says how to play it.
        var run = Cli.Run("", ["explore", "--seed", "1", "--schedules", "20", "--servers", "2-3"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Lines, line => line.StartsWith("P      policy-evasion", StringComparison.Ordinal) && line.EndsWith("0          0        0        0  not exercised", StringComparison.Ordinal));
        Assert.Contains("P: not drawn: policy-evasion plays only when --strategies names it, which gives the main room a policy server", run.Lines);

        // Named, it plays, in federations whose main room has a policy server.
        var named = Cli.Run("", ["explore", "--seed", "1", "--schedules", "20", "--servers", "2-3", "--strategies", "policy-evasion"]);
        Assert.Equal(0, named.ExitCode);
        Assert.DoesNotContain(named.Lines, line => line.StartsWith("P: not drawn", StringComparison.Ordinal));
        var row = Assert.Single(named.Lines, line => line.StartsWith("P      policy-evasion", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(long.Parse(row[2], CultureInfo.InvariantCulture) > 0, "policy-evasion is named but plays in no schedule: " + string.Join(" ", row));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void RunAndScenarios_ShowTheVerdictOfTheirRow(Row row)
    {
        var run = Command(row.Run);
        var played = PlayedBy().Match(row.Run);
        Assert.True(played.Success, $"{row.Attack}: the run cell does not say how many schedules play the attack");
        var report = Path.Combine(_folder.FullName, row.Attack + ".json");
        var explored = Cli.Run("", ["explore", .. run, "--report", report]);
        Assert.True(explored.ExitCode == 0, $"{row.Attack}: {string.Join(" ", run)} exits {explored.ExitCode}: {explored.Stderr}");

        var attack = Attack(report, row.Attack);
        Assert.Equal(row.Verdict.Replace(' ', '_'), Assert.IsType<JsonString>(attack["verdict"]).Value);
        Assert.Equal(long.Parse(played.Groups[1].Value, CultureInfo.InvariantCulture), Number(attack, "schedules"));
        var strategy = Assert.IsType<JsonString>(attack["strategy"]).Value;

        for (var i = 0; i < Outcomes.Length; i++)
        {
            var outcome = Assert.IsType<JsonObject>(attack[Outcomes[i].Replace(' ', '_')]);
            var cell = row.Cells[i];
            if (cell == "—")
            {
                Assert.True(Number(outcome, "count") == 0, $"{row.Attack}: the table says no schedule is {Outcomes[i]}, the run finds {Number(outcome, "count")}");
                continue;
            }
            var scenario = Scenario().Match(cell);
            Assert.True(scenario.Success, $"{row.Attack}, {Outcomes[i]}: the cell is neither — nor \"N schedules; `replay`: what it shows\": {cell}");
            Assert.Equal(long.Parse(scenario.Groups[1].Value, CultureInfo.InvariantCulture), Number(outcome, "count"));

            // The scenario is the run's first schedule with this outcome, replayed with the run's own options.
            var replay = Command(scenario.Groups[2].Value);
            var index = replay[replay.IndexOf("--replay") + 1];
            Assert.Equal(Number(outcome, "first_schedule").ToString(CultureInfo.InvariantCulture), index);
            Assert.Equal(Without(run, "--schedules"), Without(replay, "--replay"));

            var replayed = Cli.Run("", ["explore", .. replay]);
            Assert.True(replayed.ExitCode == 0, $"{row.Attack}: {scenario.Groups[2].Value} exits {replayed.ExitCode}: {replayed.Stdout}{replayed.Stderr}");
            Assert.Contains($"\n  and {row.Attack} ({strategy}) is {Outcomes[i]}: ", replayed.Stdout, StringComparison.Ordinal);
        }
    }

    // `invitejoin explore …` in a cell, as the arguments after "explore".
    private static List<string> Command(string cell)
    {
        var match = Backticked().Match(cell);
        Assert.True(match.Success && match.Groups[1].Value.StartsWith("invitejoin explore ", StringComparison.Ordinal), "no `invitejoin explore …` command in: " + cell);
        return [.. match.Groups[1].Value["invitejoin explore ".Length..].Split(' ')];
    }

    private static List<string> Without(List<string> args, string option)
    {
        var at = args.IndexOf(option);
        Assert.True(at >= 0, $"{string.Join(" ", args)} has no {option}");
        return [.. args.Take(at), .. args.Skip(at + 2)];
    }

    private static JsonObject Attack(string report, string attack)
    {
        var parsed = StrictJsonReader.Parse(File.ReadAllBytes(report), JsonReadOptions.Canonical);
        Assert.True(parsed.IsOk);
        var attacks = Assert.IsType<JsonArray>(Assert.IsType<JsonObject>(parsed.Value)["attacks"]);
        return attacks.OfType<JsonObject>().Single(a => a["attack"] is JsonString s && s.Value == attack);
    }

    private static long Number(JsonObject o, string key) => Assert.IsType<JsonNumber>(o[key]).TryGetInt64(out var n) ? n : throw new InvalidDataException(key);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"`: (\d+) schedules play it$")]
    private static partial Regex PlayedBy();

    [GeneratedRegex(@"^(\d+) schedules?; (`[^`]+`): ")]
    private static partial Regex Scenario();
}
