using System.Text.RegularExpressions;
using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The closed set of handshake rules: every member has a token, a status and (when it refuses) an
/// errcode; tokens are unique; and the catalogue in spec/dance.md lists each with the same status and errcode.
/// </summary>
public sealed partial class DanceRuleCatalogueTests
{
    [GeneratedRegex(@"^\|\s*`(?<token>[a-z_]+(\.[a-z_]+)+)`\s*\|\s*(?<status>\d{3})\s*\|\s*(?<errcode>`M_[A-Z_]+`|—)\s*\|")]
    private static partial Regex CatalogueRow();

    private static Dictionary<string, (int Status, string ErrCode)> ReadCatalogue()
    {
        var rows = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "spec", "dance.md")))
        {
            var match = CatalogueRow().Match(line);
            if (!match.Success) continue;
            Assert.True(rows.TryAdd(match.Groups["token"].Value, (int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["errcode"].Value.Trim('`'))),
                "spec/dance.md lists " + match.Groups["token"].Value + " twice");
        }
        return rows;
    }

    [Fact]
    public void EveryRule_HasAUniqueTokenAndAnOutcome()
    {
        var tokens = WireToken.All<DanceRule>();
        Assert.All(tokens, t => Assert.Matches(@"^[a-z_]+(\.[a-z_]+)+$", t.Token));
        Assert.Equal(tokens.Count, tokens.Select(t => t.Token).Distinct(StringComparer.Ordinal).Count());
        foreach (var (rule, _) in tokens)
        {
            var status = DanceRules.Status(rule);
            Assert.Equal(status != 200, DanceRules.IsRefusal(rule));
            if (DanceRules.IsRefusal(rule)) _ = DanceRules.ErrCode(rule);
        }
    }

    [Fact]
    public void SuccessRule_CannotMakeAnError_AndARefusalCannotMakeASuccess()
    {
        Assert.Throws<InvalidOperationException>(() => MatrixError.Of(DanceRule.SendJoinAccepted, "no"));
        Assert.Throws<InvalidOperationException>(() => EndpointResult<string>.Ok(DanceRule.SendJoinNotAuthorised, "no"));
        Assert.Throws<InvalidOperationException>(() => DanceRules.ErrCode(DanceRule.InviteCountersigned));
    }

    [Fact]
    public void Error_RendersTheStandardBody()
    {
        var error = MatrixError.Of(DanceRule.MakeJoinIncompatibleRoomVersion, "unsupported", roomVersion: "12");

        Assert.Equal("""{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"unsupported","room_version":"12"}""", error.ToJson().ToString());
        Assert.Equal("""{"errcode":"M_FORBIDDEN","error":"no"}""", MatrixError.Of(DanceRule.MakeJoinNotAuthorised, "no").ToJson().ToString());
    }

    // A backticked test name: an optional test class, then a method with an underscore and a lower-case letter (not an errcode).
    [GeneratedRegex(@"`(?:(?<class>[A-Z][A-Za-z0-9]*Tests)\.)?(?<method>(?=[^`]*[a-z])[A-Z0-9*][A-Za-z0-9]*_[A-Za-z0-9_*]+)`")]
    private static partial Regex CitedTest();

    [Fact]
    public void EveryTestTheSpecCites_Exists()
    {
        var methods = typeof(DanceRuleCatalogueTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods().Select(m => (Class: t.Name, Method: m.Name)))
            .ToList();
        var cited = CitedTest().Matches(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "dance.md"))).ToList();
        Assert.NotEmpty(cited);
        foreach (var match in cited)
        {
            var className = match.Groups["class"].Value;
            var pattern = new Regex("^" + Regex.Escape(match.Groups["method"].Value).Replace(@"\*", ".*", StringComparison.Ordinal) + "$");
            Assert.True(methods.Any(m => pattern.IsMatch(m.Method) && (className.Length == 0 || m.Class == className)),
                "spec/dance.md cites " + match.Value + ", which no test method matches");
        }
    }

    [Fact]
    public void SpecCatalogue_ListsEveryRuleWithItsStatusAndErrcode()
    {
        var catalogue = ReadCatalogue();
        foreach (var (rule, token) in WireToken.All<DanceRule>())
        {
            Assert.True(catalogue.TryGetValue(token, out var row), "spec/dance.md does not list " + token);
            Assert.Equal(DanceRules.Status(rule), row.Status);
            Assert.Equal(DanceRules.IsRefusal(rule) ? WireToken.Of(DanceRules.ErrCode(rule)) : "—", row.ErrCode);
        }
        Assert.Equal(WireToken.All<DanceRule>().Count, catalogue.Count);
    }
}
