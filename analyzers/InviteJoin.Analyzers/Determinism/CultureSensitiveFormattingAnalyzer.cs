using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1008: formatting, parsing or casing with the current culture: a call that has an overload taking
/// one more <c>IFormatProvider</c> or <c>CultureInfo</c> (<c>ToString()</c>, <c>string.Format</c>,
/// <c>int.Parse</c>, <c>ToUpper()</c>, ...), a provider parameter left out or passed as null, and
/// reads of <c>CultureInfo.CurrentCulture</c>. String interpolation is allowed (see the doc page).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CultureSensitiveFormattingAnalyzer : DiagnosticAnalyzer
{
    private const string Invariant = "CultureInfo.InvariantCulture";
    private const string Globalization = "System.Globalization";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CultureSensitiveFormatting);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.CultureSensitiveFormatting)) return;
            start.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(AnalyzePropertyReference, OperationKind.PropertyReference);
        });
    }

    private static bool IsProvider(ITypeSymbol type) => Symbols.FullName(type) is "System.IFormatProvider" or "System.Globalization.CultureInfo";

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (IsExempt(method)) return;
        var name = Symbols.ShortName(method);
        if (ArgumentFix.OmittedArgument(invocation.Arguments, IsProvider) is { } omitted)
        {
            if (omitted.ArgumentKind == ArgumentKind.DefaultValue)
            {
                Report(context, invocation.Syntax.GetLocation(), ArgumentFix.InsertNamed(invocation, omitted.Parameter!, Invariant, Globalization), name);
            }
            else
            {
                Report(context, omitted.Value.Syntax.GetLocation(), ArgumentFix.ReplaceWith(Invariant, Globalization), name);
            }
            return;
        }
        if (ArgumentFix.Passes(invocation.Arguments, IsProvider)) return;
        var ordinal = ArgumentFix.ExtraParameterOrdinal(method, IsProvider);
        if (ordinal < 0) return;
        Report(context, invocation.Syntax.GetLocation(), ArgumentFix.InsertAt(invocation, invocation.Arguments, method, ordinal, Invariant, Globalization), name);
    }

    /// <summary>Calls whose result does not depend on the culture even though an overload takes a provider, and the comparisons that IJ1007 owns.</summary>
    private static bool IsExempt(IMethodSymbol method)
    {
        var type = method.ContainingType;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return method.Name is "ToString" or "Compare" or "CompareTo" or "StartsWith" or "EndsWith" or "IndexOf" or "LastIndexOf";
            case SpecialType.System_Char:
            case SpecialType.System_Boolean:
                return method.Name is "ToString" or "TryFormat";
            case SpecialType.System_Object:
            case SpecialType.System_Enum:
                return true;
        }
        if (type.TypeKind == TypeKind.Enum || Symbols.FullName(type) == "System.Guid") return true;
        // Interpolated strings are allowed (see IJ1008.md): their handlers format with the current culture by design.
        return method.Parameters.Any(p => p.Type.GetAttributes().Any(a =>
            Symbols.FullName(a.AttributeClass) == "System.Runtime.CompilerServices.InterpolatedStringHandlerAttribute"));
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        var type = Symbols.FullName(property.ContainingType);
        switch (type, property.Name)
        {
            case ("System.Globalization.CultureInfo", "CurrentCulture" or "CurrentUICulture" or "DefaultThreadCurrentCulture" or "DefaultThreadCurrentUICulture"):
                var isWrite = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
                Report(context, reference.Syntax.GetLocation(), isWrite ? ImmutableDictionary<string, string?>.Empty : ArgumentFix.ReplaceWith(Invariant, Globalization), "CultureInfo." + property.Name);
                break;
            case ("System.Globalization.NumberFormatInfo" or "System.Globalization.DateTimeFormatInfo", "CurrentInfo"):
            case ("System.Threading.Thread", "CurrentCulture" or "CurrentUICulture"):
                Report(context, reference.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty, property.ContainingType.Name + "." + property.Name);
                break;
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, ImmutableDictionary<string, string?> properties, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CultureSensitiveFormatting, location, properties, what));
}
