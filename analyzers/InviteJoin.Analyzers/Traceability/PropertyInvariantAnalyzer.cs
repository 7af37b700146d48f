using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Traceability;

/// <summary>
/// IJ3004: every property test names an invariant of <c>spec/invariants.md</c>, and every invariant a
/// test names exists there. A method claims an invariant with <c>[Trait("invariant", "I-03")]</c>
/// (on the method or its class) or a name starting <c>I03_</c>; a method with FsCheck's
/// <c>[Property]</c> must make such a claim. Dormant while no spec/invariants.md AdditionalFile exists.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PropertyInvariantAnalyzer : DiagnosticAnalyzer
{
    private static readonly Regex NamePrefix = new(@"^I(?<digits>\d{2,})_", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> PropertyAttributes = new(StringComparer.Ordinal)
    {
        "FsCheck.Xunit.PropertyAttribute",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.PropertyWithoutInvariant);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.PropertyWithoutInvariant)) return;
            var ids = SpecCatalogue.InvariantIds(start.Options.AdditionalFiles, start.CancellationToken);
            if (ids.IsDefault) return;
            var defined = new HashSet<string>(ids.Select(e => e.Value), StringComparer.Ordinal);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, defined), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, HashSet<string> defined)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind != MethodKind.Ordinary || method.Locations.IsEmpty || !method.Locations[0].IsInSource) return;
        var claims = Claims(method).ToList();
        var isProperty = method.GetAttributes().Any(a => Symbols.IsOrDerivesFrom(a.AttributeClass, PropertyAttributes));
        if (isProperty && claims.Count == 0)
        {
            Report(context, method, "names no invariant; add [Trait(\"invariant\", \"I-nn\")] or start its name with Inn_");
        }
        foreach (var claim in claims.Distinct(StringComparer.Ordinal))
        {
            if (!defined.Contains(claim))
            {
                Report(context, method, "names invariant '" + claim + "', which spec/invariants.md does not define");
            }
        }
    }

    /// <summary>The invariant ids a test method names, through traits (on it or its class) or its name.</summary>
    private static IEnumerable<string> Claims(IMethodSymbol method)
    {
        var attributes = method.GetAttributes().Concat(method.ContainingType?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty);
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass?.Name != "TraitAttribute" || attribute.ConstructorArguments.Length != 2) continue;
            if (attribute.ConstructorArguments[0].Value is string key
                && string.Equals(key, "invariant", StringComparison.OrdinalIgnoreCase)
                && attribute.ConstructorArguments[1].Value is string id)
            {
                yield return id;
            }
        }
        var prefix = NamePrefix.Match(method.Name);
        if (prefix.Success) yield return "I-" + prefix.Groups["digits"].Value;
    }

    private static void Report(SymbolAnalysisContext context, IMethodSymbol method, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.PropertyWithoutInvariant, method.Locations[0], method.Name, problem));
}
