using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Traceability;

/// <summary>
/// IJ3001 and IJ3002: the members of the <c>Rule</c> enum and the deciding tokens of
/// <c>spec/rules/catalogue.json</c> (read with the one catalogue reader) are the same set. IJ3001 reports
/// a member whose [WireToken] is missing or not listed; IJ3002 (at the end of the compilation, on the
/// token in the catalogue) a listed token that no member carries; IJ3006 a catalogue that cannot be read.
/// Dormant when the compilation declares no <c>Rule</c> enum or has no catalogue AdditionalFile.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuleCatalogueAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(Descriptors.RuleTokenNotInSpec, Descriptors.SpecTokenWithoutRule, Descriptors.RuleCatalogueUnreadable);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var rule = start.Compilation.GetTypeByMetadataName(ReferenceTypes.Rule);
            if (rule is not { TypeKind: TypeKind.Enum } || !rule.Locations.Any(l => l.IsInSource)) return;
            var catalogue = SpecCatalogue.RuleTokens(start.Options.AdditionalFiles, start.CancellationToken);
            if (catalogue is null) return;
            if (catalogue.Error is { } error)
            {
                if (AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.RuleCatalogueUnreadable))
                {
                    start.RegisterCompilationEndAction(c => c.ReportDiagnostic(Diagnostic.Create(Descriptors.RuleCatalogueUnreadable, catalogue.ErrorLocation, error)));
                }
                return;
            }
            var listed = catalogue.Decisions;
            var listedTokens = new HashSet<string>(listed.Select(e => e.Value), StringComparer.Ordinal);

            if (AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.RuleTokenNotInSpec))
            {
                start.RegisterSymbolAction(
                    c =>
                    {
                        if (!SymbolEqualityComparer.Default.Equals(c.Symbol, rule)) return;
                        foreach (var (member, token) in Members(rule))
                        {
                            if (token is not null && listedTokens.Contains(token)) continue;
                            var problem = token is null
                                ? "has no [WireToken]; Rule.cs is generated from spec/rules/catalogue.json, so regenerate it"
                                : "has wire token '" + token + "', which spec/rules/catalogue.json does not list as a deciding token";
                            c.ReportDiagnostic(Diagnostic.Create(Descriptors.RuleTokenNotInSpec, member.Locations.FirstOrDefault(), member.Name, problem));
                        }
                    },
                    SymbolKind.NamedType);
            }

            if (AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.SpecTokenWithoutRule))
            {
                start.RegisterCompilationEndAction(c =>
                {
                    var implemented = new HashSet<string>(Members(rule).Select(m => m.Token).OfType<string>(), StringComparer.Ordinal);
                    foreach (var entry in listed)
                    {
                        if (implemented.Contains(entry.Value)) continue;
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.SpecTokenWithoutRule, entry.Location, entry.Value, DisplayPath(entry.Path)));
                    }
                });
            }
        });
    }

    /// <summary>Each enum member with its [WireToken] (null when it has none), in declaration order.</summary>
    private static IEnumerable<(IFieldSymbol Member, string? Token)> Members(INamedTypeSymbol rule)
    {
        foreach (var member in rule.GetMembers().OfType<IFieldSymbol>())
        {
            if (!member.HasConstantValue) continue;
            var attribute = member.GetAttributes().FirstOrDefault(a => Symbols.FullName(a.AttributeClass) == ReferenceTypes.WireTokenAttribute);
            var token = attribute is { ConstructorArguments.Length: > 0 } && attribute.ConstructorArguments[0].Value is string s ? s : null;
            yield return (member, token);
        }
    }

    private static string DisplayPath(string path)
    {
        var normalised = path.Replace('\\', '/');
        var at = normalised.LastIndexOf("spec/rules/", StringComparison.Ordinal);
        return at >= 0 ? normalised.Substring(at) : normalised;
    }
}
