using System.Text.RegularExpressions;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The rule enum and the catalogue in spec/rules must list the same tokens, each once, with the same
/// decision, and every row must carry its versions, clauses, meaning and link in the agreed format.
/// </summary>
public sealed partial class RuleCatalogueTests
{
    private sealed record Row(string File, int Line, string Token, string[] Cells);

    // The same shape the traceability analyzer reads: a table row whose first cell is a backticked token.
    [GeneratedRegex(@"^\s*\|\s*`(?<token>[^`\s|]+)`\s*\|")]
    private static partial Regex TokenRow();

    [GeneratedRegex(@"^(1[0-2]|[1-9])(–(1[0-2]|[1-9]))?$")]
    private static partial Regex VersionRange();

    private static readonly Lazy<IReadOnlyList<Row>> Rows = new(ReadRows);

    private static IReadOnlyList<Row> ReadRows()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "spec", "rules");
        var rows = new List<Row>();
        foreach (var file in Directory.GetFiles(directory, "*.md").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = TokenRow().Match(lines[i]);
                if (!match.Success) continue;
                var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                rows.Add(new Row(Path.GetFileName(file), i + 1, match.Groups["token"].Value, cells));
            }
        }
        return rows;
    }

    [Fact]
    public void CatalogueFiles_AreFound()
    {
        Assert.True(Rows.Value.Count > 0, "no token rows in spec/rules");
        Assert.Contains(Rows.Value, r => r.File == "01-create.md");
    }

    [Fact]
    public void EveryRuleMember_HasExactlyOneCatalogueRow()
    {
        foreach (var (member, token) in WireToken.All<Rule>())
        {
            Assert.False(string.IsNullOrEmpty(token), $"Rule.{member} has no wire token");
            var rows = Rows.Value.Where(r => r.Token == token).ToList();
            Assert.True(rows.Count == 1, $"Rule.{member} ({token}) has {rows.Count} catalogue rows");
        }
    }

    [Fact]
    public void EveryCatalogueRow_IsARuleMember()
    {
        foreach (var row in Rows.Value)
        {
            Assert.True(WireToken.TryParse<Rule>(row.Token, out _), $"{row.File}:{row.Line}: {row.Token} is not a Rule token");
        }
    }

    [Fact]
    public void RuleTokens_AreUnique()
    {
        var tokens = WireToken.All<Rule>().Select(m => m.Token).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CatalogueDecision_IsTheRulesVerdict()
    {
        foreach (var row in Rows.Value)
        {
            Assert.True(WireToken.TryParse<Rule>(row.Token, out var rule), row.Token);
            var expected = RuleText.VerdictOf(rule) == AuthVerdict.Allow ? "allow" : "reject";
            Assert.True(row.Cells[1] == expected, $"{row.File}:{row.Line}: {row.Token} is listed as '{row.Cells[1]}' but the rule is '{expected}'");
        }
    }

    [Fact]
    public void CatalogueRows_HaveVersionsClausesMeaningAndLink()
    {
        foreach (var row in Rows.Value)
        {
            var where = $"{row.File}:{row.Line}: {row.Token}";
            Assert.True(row.Cells.Length == 6, $"{where} has {row.Cells.Length} cells, not 6");
            Assert.True(VersionRange().IsMatch(row.Cells[2]), $"{where}: room versions '{row.Cells[2]}' is not a range within 1–12");
            Assert.False(string.IsNullOrWhiteSpace(row.Cells[3]), $"{where}: no clause numbers");
            Assert.False(string.IsNullOrWhiteSpace(row.Cells[4]), $"{where}: no meaning");
            Assert.Matches(@"^\[[^\]]+\]\(https://[^)\s]+\)$", row.Cells[5]);
        }
    }

    [Fact]
    public void CatalogueRowsWithinAPage_FollowTheRuleEnumOrder()
    {
        var order = WireToken.All<Rule>().Select((m, i) => (m.Token, i)).ToDictionary(p => p.Token, p => p.i, StringComparer.Ordinal);
        foreach (var page in Rows.Value.GroupBy(r => r.File))
        {
            var positions = page.Select(r => order.GetValueOrDefault(r.Token, -1)).ToList();
            Assert.True(positions.SequenceEqual(positions.Order()), $"{page.Key} lists its tokens out of the spec's order");
        }
    }

    [Fact]
    public void EveryRule_HasASentence()
    {
        foreach (var (member, _) in WireToken.All<Rule>())
        {
            Assert.False(string.IsNullOrWhiteSpace(RuleText.SentenceOf(member)), $"Rule.{member} has no sentence");
        }
    }
}
