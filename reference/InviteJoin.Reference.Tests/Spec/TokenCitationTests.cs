using System.Reflection;
using System.Text.RegularExpressions;
using InviteJoin.Catalogue;

namespace InviteJoin.Reference.Tests.Spec;

/// <summary>
/// Defining tokens (state resolution's steps, the definitions the rules use) are used by the reference and
/// tested: the code files the catalogue names cite each one in a comment, and at least one test carries it as
/// a trait. In the other direction, every token the reference's comments or the tests' traits name is in a
/// catalogue (or is the wire token of one of the reference's closed enums).
/// </summary>
public sealed partial class TokenCitationTests
{
    /// <summary>The trait that says which defining token a test checks: <c>[Trait("token", "stateres.auth_difference")]</c>.</summary>
    public const string TraitName = "token";

    [GeneratedRegex(@"`(?<token>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?<family>\.\*)?)`")]
    private static partial Regex BacktickedToken();

    private static IEnumerable<CatalogueToken> AllTokens => Catalogues.All.SelectMany(c => c.Catalogue.Tokens);

    private static IEnumerable<CatalogueToken> Definitions => Catalogues.All.SelectMany(c => c.Catalogue.Definitions);

    /// <summary>Every (test, token) pair of the token traits of this assembly's tests, on the method or its class.</summary>
    private static IEnumerable<(string Test, string Token)> TokenTraits() =>
        typeof(TokenCitationTests).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(method => (type, method)))
            .SelectMany(pair => pair.method.CustomAttributes.Concat(pair.type.CustomAttributes)
                .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments.Count == 2 && (string?)a.ConstructorArguments[0].Value == TraitName)
                .Select(a => (pair.type.Name + "." + pair.method.Name, (string)a.ConstructorArguments[1].Value!)));

    [Fact]
    public void EveryDefiningToken_IsNamedInACommentOfEachOfItsCodeFiles()
    {
        var missing = new List<string>();
        foreach (var token in Definitions)
        {
            foreach (var file in token.Code)
            {
                var path = Repository.PathOf(file);
                if (!File.Exists(path)) missing.Add(token.Token + ": " + file + " does not exist");
                else if (!File.ReadAllText(path).Contains("`" + token.Token + "`", StringComparison.Ordinal)) missing.Add(token.Token + ": " + file + " does not cite it");
            }
        }
        Assert.True(missing.Count == 0, "defining tokens not cited where the catalogue says they are decided:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void EveryDefiningToken_HasATestCarryingIt()
    {
        var traits = TokenTraits().Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        var untested = Definitions.Where(t => !traits.Contains(t.Token)).Select(t => t.Token).ToList();
        Assert.True(untested.Count == 0, "no test carries [Trait(\"" + TraitName + "\", ...)] for:\n  " + string.Join("\n  ", untested));
    }

    [Fact]
    public void EveryTokenTrait_NamesADefiningToken()
    {
        var defining = Definitions.Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        var traits = TokenTraits().ToList();
        Assert.NotEmpty(traits);
        var unknown = traits.Where(t => !defining.Contains(t.Token)).Select(t => t.Test + " carries " + t.Token).ToList();
        Assert.True(unknown.Count == 0, "token traits that name no defining token of a catalogue (deciding tokens are covered by RuleCoverageTests):\n  " + string.Join("\n  ", unknown));
    }

    [Fact]
    public void EveryTokenTheReferenceCites_IsInACatalogue()
    {
        var catalogued = AllTokens.Select(t => t.Token).ToHashSet(StringComparer.Ordinal);
        var prefixes = catalogued.Select(t => t[..t.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var wireTokens = WireTokensOfTheReference();
        var problems = new List<string>();
        var project = Repository.PathOf("reference/InviteJoin.Reference");
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(project, f)).Order(StringComparer.Ordinal))
        {
            foreach (Match match in BacktickedToken().Matches(File.ReadAllText(file)))
            {
                var token = match.Groups["token"].Value;
                if (!prefixes.Contains(token[..token.IndexOf('.')])) continue;
                var known = match.Groups["family"].Success
                    ? catalogued.Any(t => t.StartsWith(token[..^1], StringComparison.Ordinal))
                    : catalogued.Contains(token) || wireTokens.Contains(token);
                if (!known) problems.Add(Path.GetRelativePath(Repository.Root, file) + " cites `" + token + "`");
            }
        }
        Assert.True(problems.Count == 0, "tokens cited in the reference that no catalogue lists:\n  " + string.Join("\n  ", problems));
    }

    // The wire tokens of every closed enum of the reference (errors of each layer, the dance's rules).
    private static HashSet<string> WireTokensOfTheReference() =>
        typeof(WireTokenAttribute).Assembly.GetTypes()
            .Where(t => t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(f => f.GetCustomAttribute<WireTokenAttribute>()?.Token)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private static bool IsBuildOutput(string project, string file)
    {
        var relative = Path.GetRelativePath(project, file).Replace('\\', '/');
        return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
    }
}
