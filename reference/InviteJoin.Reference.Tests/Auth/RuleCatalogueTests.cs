using System.Text.RegularExpressions;
using InviteJoin.Catalogue;
using InviteJoin.Reference.Tests.Spec;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The rule enum and the rule catalogue (spec/rules/catalogue.json, read through the one catalogue reader)
/// must list the same tokens, each once, in the same order, with the same member, decision and sentence,
/// and every token must carry its versions, clauses, meaning and link, and be decided in the code file the
/// catalogue names.
/// </summary>
public sealed partial class RuleCatalogueTests
{
    private static IReadOnlyList<CatalogueToken> Decisions => Catalogues.Rules.Decisions.ToList();

    [GeneratedRegex(@"^\[[^\]]+\]\(https://[^)\s]+\)$")]
    private static partial Regex MarkdownLink();

    [Fact]
    public void Catalogue_IsReadAndListsTheCreateRules()
    {
        Assert.True(Decisions.Count > 0, "no deciding tokens in spec/rules/catalogue.json");
        Assert.Contains(Decisions, t => t.Page == "01-create.md" && t.Token == "create.has_prev_events");
    }

    [Fact]
    public void EveryRuleMember_HasExactlyOneCatalogueToken_WithItsMemberName()
    {
        foreach (var (member, token) in WireToken.All<Rule>())
        {
            Assert.False(string.IsNullOrEmpty(token), $"Rule.{member} has no wire token");
            var listed = Catalogues.Rules.Tokens.Where(t => t.Token == token).ToList();
            Assert.True(listed.Count == 1, $"Rule.{member} ({token}) has {listed.Count} catalogue tokens");
            Assert.True(listed[0].IsDecision, $"Rule.{member} ({token}) is a defining token in the catalogue, not a deciding one");
            Assert.Equal(member.ToString(), listed[0].Member);
        }
    }

    [Fact]
    public void EveryDecidingToken_IsARuleMember_AndNoDefiningTokenIs()
    {
        foreach (var token in Catalogues.Rules.Tokens)
        {
            Assert.True(WireToken.TryParse<Rule>(token.Token, out _) == token.IsDecision,
                token.IsDecision ? $"{token.Page}: {token.Token} is not a Rule token" : $"{token.Page}: {token.Token} defines, yet Rule has it");
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
        foreach (var token in Decisions)
        {
            Assert.True(WireToken.TryParse<Rule>(token.Token, out var rule), token.Token);
            var expected = RuleText.VerdictOf(rule) == AuthVerdict.Allow ? TokenDecision.Allow : TokenDecision.Reject;
            Assert.True(token.Decision == expected, $"{token.Page}: {token.Token} is listed as '{token.Decision}' but the rule is '{expected}'");
        }
    }

    [Fact]
    public void CatalogueTokens_HaveVersionsClausesMeaningAndLink()
    {
        foreach (var token in Catalogues.Rules.Tokens)
        {
            var where = $"{token.Page}: {token.Token}";
            Assert.True(token.Versions.First >= 1 && token.Versions.Last <= 12, $"{where}: room versions {token.Versions} are not within 1–12");
            Assert.True(token.Clauses.Count > 0 || token.Ours is not null, $"{where}: no clause numbers, and not marked as ours");
            Assert.False(string.IsNullOrWhiteSpace(token.Meaning), $"{where}: no meaning");
            Assert.Matches(MarkdownLink(), "[" + token.Spec.Label + "](" + token.Spec.Url + ")");
            Assert.NotEmpty(token.Code);
        }
    }

    [Fact]
    public void CatalogueOrder_IsTheRuleEnumOrder()
    {
        Assert.Equal(WireToken.All<Rule>().Select(m => m.Token), Decisions.Select(t => t.Token));
    }

    [Fact]
    public void EveryRule_HasTheCataloguesSentence()
    {
        foreach (var token in Decisions)
        {
            Assert.True(WireToken.TryParse<Rule>(token.Token, out var rule), token.Token);
            Assert.False(string.IsNullOrWhiteSpace(RuleText.SentenceOf(rule)), $"Rule.{rule} has no sentence");
            Assert.Equal(token.Sentence, RuleText.SentenceOf(rule));
        }
    }

    [Fact]
    public void EveryDecidingToken_IsDecidedInTheCodeFilesTheCatalogueNames()
    {
        foreach (var token in Decisions)
        {
            foreach (var file in token.Code)
            {
                var path = Repository.PathOf(file);
                Assert.True(File.Exists(path), $"{token.Token}: its code file {file} does not exist");
                Assert.True(File.ReadAllText(path).Contains("Rule." + token.Member, StringComparison.Ordinal),
                    $"{token.Token}: {file} does not name Rule.{token.Member}");
            }
        }
    }
}
