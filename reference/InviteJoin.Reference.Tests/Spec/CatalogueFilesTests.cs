using InviteJoin.Catalogue;

namespace InviteJoin.Reference.Tests.Spec;

/// <summary>
/// The files written from the token catalogues (Rule.cs, RuleText.cs and the tables of the spec/rules and
/// spec/state-res pages) are what the catalogues give now, and the catalogues' JSON Schema describes exactly
/// the shapes the one reader accepts.
/// </summary>
public sealed class CatalogueFilesTests
{
    [Fact]
    public void GeneratedFiles_AreWhatTheCataloguesGiveNow()
    {
        var (files, problems) = CatalogueFiles.Expected(Repository.Root);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(files, f => f.Path == "reference/InviteJoin.Reference/Auth/Rule.cs");
        Assert.Contains(files, f => f.Path == "reference/InviteJoin.Reference/Auth/RuleText.cs");
        Assert.Contains(files, f => f.Path == "spec/rules/06a-member-join.md");
        Assert.Contains(files, f => f.Path == "spec/state-res/mainline-ordering.md");
        var stale = CatalogueFiles.Stale(Repository.Root, files);
        Assert.True(stale.Count == 0, "stale: " + string.Join(", ", stale) + ". Regenerate them with: " + CatalogueFiles.WriteCommand);
    }

    [Fact]
    public void EveryPageOfACatalogueFolder_IsACataloguePage()
    {
        foreach (var (path, catalogue) in Catalogues.All)
        {
            var folder = Repository.PathOf(path[..path.LastIndexOf('/')]);
            var pages = catalogue.Pages.Select(p => p.File).ToHashSet(StringComparer.Ordinal);
            var unlisted = Directory.GetFiles(folder, "*.md").Select(Path.GetFileName).Where(f => f != "README.md" && !pages.Contains(f!)).ToList();
            Assert.True(unlisted.Count == 0, path + " does not list the page(s) " + string.Join(", ", unlisted));
        }
    }

    [Fact]
    public void Schema_DescribesTheShapesTheReaderAccepts()
    {
        var schema = (CatalogueJsonObject)CatalogueJson.Parse(File.ReadAllText(Repository.PathOf("spec/rules/catalogue.schema.json")));
        var defs = (CatalogueJsonObject)schema["$defs"]!;
        var shapes = new Dictionary<string, CatalogueJsonObject>(StringComparer.Ordinal)
        {
            ["catalogue"] = schema,
            ["versions"] = (CatalogueJsonObject)defs["versions"]!,
            ["page"] = (CatalogueJsonObject)defs["page"]!,
            ["group"] = (CatalogueJsonObject)defs["group"]!,
            ["decision_token"] = (CatalogueJsonObject)defs["decision_token"]!,
            ["definition_token"] = (CatalogueJsonObject)defs["definition_token"]!,
            ["clauses"] = (CatalogueJsonObject)((CatalogueJsonObject)((CatalogueJsonObject)defs["clauses"]!)["items"]!),
            ["spec"] = (CatalogueJsonObject)defs["spec"]!,
        };
        Assert.Equal(TokenCatalogue.Shapes.Keys.Order(StringComparer.Ordinal), shapes.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in shapes)
        {
            var (required, optional) = TokenCatalogue.Shapes[name];
            Assert.True(shape["additionalProperties"] is CatalogueJsonLiteral { Text: "false" }, name + " is not a closed object in the schema");
            Assert.Equal(required.Order(StringComparer.Ordinal), Strings(shape["required"]).Order(StringComparer.Ordinal));
            var properties = ((CatalogueJsonObject)shape["properties"]!).Members.Select(m => m.Key);
            Assert.Equal(required.Concat(optional).Order(StringComparer.Ordinal), properties.Order(StringComparer.Ordinal));
        }
        Assert.Equal(TokenCatalogue.TokenPattern, Pattern(defs["token"]));
        Assert.Equal(TokenCatalogue.MemberPattern, Pattern(((CatalogueJsonObject)shapes["decision_token"]["properties"]!)["member"]));
        Assert.Equal(TokenCatalogue.PagePattern, Pattern(((CatalogueJsonObject)shapes["page"]["properties"]!)["file"]));
        Assert.Equal(TokenCatalogue.CodePattern, Pattern(defs["code"]));
        Assert.Equal(TokenCatalogue.UrlPattern, Pattern(((CatalogueJsonObject)shapes["spec"]["properties"]!)["url"]));
    }

    private static IEnumerable<string> Strings(CatalogueJsonValue? array) =>
        ((CatalogueJsonArray)array!).Items.Select(item => ((CatalogueJsonString)item).Value);

    private static string Pattern(CatalogueJsonValue? value) => ((CatalogueJsonString)((CatalogueJsonObject)value!)["pattern"]!).Value;
}
