using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1007: linguistic string comparison: <c>string.Compare</c>, <c>CompareTo</c>, and
/// <c>StartsWith</c>/<c>EndsWith</c>/<c>IndexOf</c>/<c>LastIndexOf</c> of a string without a
/// <c>StringComparison</c>; a culture or invariant-culture <c>StringComparison</c> value; the
/// culture-aware <c>StringComparer</c>s. <c>Equals</c>, <c>==</c>, <c>Contains</c> and <c>Replace</c>
/// are already ordinal and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CultureSensitiveComparisonAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Fix kind: rewrite <c>a.CompareTo(b)</c> as <c>string.CompareOrdinal(a, b)</c>.</summary>
    public const string CompareOrdinal = "CompareOrdinal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CultureSensitiveComparison);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.CultureSensitiveComparison)) return;
            start.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
            start.RegisterOperationAction(AnalyzePropertyReference, OperationKind.PropertyReference);
        });
    }

    private static bool IsStringComparison(ITypeSymbol type) => Symbols.FullName(type) == "System.StringComparison";

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.ContainingType.SpecialType != SpecialType.System_String) return;
        if (method.Parameters.Any(p => IsStringComparison(p.Type))) return;
        var properties = ImmutableDictionary<string, string?>.Empty;
        switch (method.Name)
        {
            case "Compare":
                break;
            case "CompareTo":
                if (invocation.Instance is not null && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String)
                {
                    properties = properties.Add(ArgumentFix.KindKey, CompareOrdinal);
                }
                Report(context, invocation.Syntax.GetLocation(), properties, "string.CompareTo");
                return;
            case "StartsWith":
            case "EndsWith":
            case "IndexOf":
            case "LastIndexOf":
                // The char overloads are ordinal.
                if (method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String) return;
                break;
            default:
                return;
        }
        var ordinal = ArgumentFix.ExtraParameterOrdinal(method, IsStringComparison);
        if (ordinal >= 0 && ordinal == method.Parameters.Length)
        {
            properties = ArgumentFix.InsertAt(invocation, invocation.Arguments, method, ordinal, "StringComparison.Ordinal", "System");
        }
        Report(context, invocation.Syntax.GetLocation(), properties, "string." + method.Name);
    }

    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue || !IsStringComparison(argument.Parameter.Type)) return;
        if (argument.Value.ConstantValue is not { HasValue: true, Value: int value }) return;
        // 4 = Ordinal, 5 = OrdinalIgnoreCase; the others (CurrentCulture*, InvariantCulture*) are linguistic.
        if (value is 4 or 5) return;
        var replacement = value % 2 == 1 ? "StringComparison.OrdinalIgnoreCase" : "StringComparison.Ordinal";
        Report(context, argument.Value.Syntax.GetLocation(), ArgumentFix.ReplaceWith(replacement, "System"), argument.Value.Syntax.ToString());
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        switch (Symbols.FullName(property.ContainingType), property.Name)
        {
            case ("System.StringComparer", "CurrentCulture" or "InvariantCulture"):
                Report(context, reference.Syntax.GetLocation(), ArgumentFix.ReplaceWith("StringComparer.Ordinal", "System"), "StringComparer." + property.Name);
                break;
            case ("System.StringComparer", "CurrentCultureIgnoreCase" or "InvariantCultureIgnoreCase"):
                Report(context, reference.Syntax.GetLocation(), ArgumentFix.ReplaceWith("StringComparer.OrdinalIgnoreCase", "System"), "StringComparer." + property.Name);
                break;
            case ("System.Globalization.CultureInfo", "CompareInfo"):
                Report(context, reference.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty, "CultureInfo.CompareInfo");
                break;
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, ImmutableDictionary<string, string?> properties, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CultureSensitiveComparison, location, properties, what));
}
