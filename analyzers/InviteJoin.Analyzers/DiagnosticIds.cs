namespace InviteJoin.Analyzers;

/// <summary>
/// The one registry of diagnostic ids. IJ1xxx determinism, IJ2xxx purity, IJ3xxx traceability to
/// spec/, IJ4xxx error model. An id, once used, is never reused for another meaning.
/// </summary>
public static class DiagnosticIds
{
    public const string Clock = "IJ1001";
    public const string Randomness = "IJ1002";
    public const string NewGuid = "IJ1003";
    public const string Environment = "IJ1004";
    public const string Stopwatch = "IJ1005";
    public const string UnorderedIteration = "IJ1006";
    public const string CultureSensitiveComparison = "IJ1007";
    public const string CultureSensitiveFormatting = "IJ1008";
    public const string DefaultStringOrder = "IJ1009";

    public const string FileSystem = "IJ2001";
    public const string Network = "IJ2002";
    public const string Console = "IJ2003";
    public const string Threading = "IJ2004";
    public const string Async = "IJ2005";
    public const string MutableStaticState = "IJ2006";
    public const string Process = "IJ2007";

    public const string RuleTokenNotInSpec = "IJ3001";
    public const string SpecTokenWithoutRule = "IJ3002";
    public const string DecisionWithoutRule = "IJ3003";
    public const string PropertyWithoutInvariant = "IJ3004";
    public const string PrivateClauseLabel = "IJ3005";
    public const string RuleCatalogueUnreadable = "IJ3006";

    public const string ThrowForExpectedFailure = "IJ4001";
    public const string NonExhaustiveClosedEnumSwitch = "IJ4002";

    /// <summary>Where each id's documentation page lives; <c>{0}</c> is the id.</summary>
    public const string HelpLinkFormat = "https://github.com/invitejoin/invitejoin/blob/main/analyzers/docs/{0}.md";
}
