using InviteJoin.Catalogue;

namespace InviteJoin.Reference.Tests.Spec;

/// <summary>The repository's token catalogues, each read once through the one catalogue reader.</summary>
internal static class Catalogues
{
    private static readonly Lazy<TokenCatalogue> RulesCatalogue = new(() => Load(CatalogueFiles.RulesPath));
    private static readonly Lazy<TokenCatalogue> StateResCatalogue = new(() => Load(CatalogueFiles.StateResPath));

    /// <summary>spec/rules/catalogue.json: the authorisation rules.</summary>
    public static TokenCatalogue Rules => RulesCatalogue.Value;

    /// <summary>spec/state-res/catalogue.json: the steps of state resolution.</summary>
    public static TokenCatalogue StateRes => StateResCatalogue.Value;

    /// <summary>Every catalogue with its path from the repository root.</summary>
    public static IEnumerable<(string Path, TokenCatalogue Catalogue)> All => [(CatalogueFiles.RulesPath, Rules), (CatalogueFiles.StateResPath, StateRes)];

    private static TokenCatalogue Load(string path)
    {
        var (catalogue, error) = CatalogueFiles.Load(Repository.Root, path);
        Assert.True(catalogue is not null, error);
        return catalogue!;
    }
}
