using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1009: ordering strings with <c>Comparer&lt;string&gt;.Default</c>, which is linguistic: a call or
/// constructor that has an overload taking one more <c>IComparer&lt;string&gt;</c> (<c>OrderBy</c> by a
/// string key, <c>Order</c>, <c>Sort</c>, <c>new SortedDictionary&lt;string, T&gt;()</c>,
/// <c>ImmutableSortedDictionary.Create&lt;string, T&gt;()</c>, <c>ToImmutableSortedSet()</c>, ...), a
/// string comparer left out or null, <c>Comparer&lt;string&gt;.Default</c>, and the default-ordered
/// empty sorted collections of strings.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefaultStringOrderAnalyzer : DiagnosticAnalyzer
{
    private const string Ordinal = "StringComparer.Ordinal";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.DefaultStringOrder);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.DefaultStringOrder)) return;
            start.RegisterOperationAction(AnalyzeCall, OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(AnalyzeMemberReference, OperationKind.PropertyReference, OperationKind.FieldReference);
            start.RegisterOperationAction(AnalyzeCollectionExpression, OperationKind.CollectionExpression);
        });
    }

    private static bool IsStringComparer(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named
        && Symbols.FullName(named) == "System.Collections.Generic.IComparer`1"
        && named.TypeArguments[0].SpecialType == SpecialType.System_String;

    private static bool IsAnyComparer(ITypeSymbol type) =>
        Symbols.FullName(type) is "System.Collections.Generic.IComparer`1" or "System.Collections.IComparer" or "System.Comparison`1";

    private static void AnalyzeCall(OperationAnalysisContext context)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, default(ImmutableArray<IArgumentOperation>)),
        };
        if (method is null) return;
        var name = method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) : Symbols.ShortName(method);
        if (ArgumentFix.OmittedArgument(arguments, IsStringComparer) is { } omitted)
        {
            if (omitted.ArgumentKind == ArgumentKind.DefaultValue)
            {
                Report(context, context.Operation.Syntax.GetLocation(), ArgumentFix.InsertNamed(context.Operation, omitted.Parameter!, Ordinal, "System"), name);
            }
            else
            {
                Report(context, omitted.Value.Syntax.GetLocation(), ArgumentFix.ReplaceWith(Ordinal, "System"), name);
            }
            return;
        }
        if (ArgumentFix.Passes(arguments, IsAnyComparer)) return;
        var ordinal = ArgumentFix.ExtraParameterOrdinal(method, IsStringComparer);
        if (ordinal < 0) return;
        Report(context, context.Operation.Syntax.GetLocation(), ArgumentFix.InsertAt(context.Operation, arguments, method, ordinal, Ordinal, "System"), name);
    }

    private static void AnalyzeMemberReference(OperationAnalysisContext context)
    {
        var reference = (IMemberReferenceOperation)context.Operation;
        var type = reference.Member.ContainingType;
        if (type is not { TypeArguments.Length: > 0 } || type.TypeArguments[0].SpecialType != SpecialType.System_String) return;
        switch (Symbols.FullName(type), reference.Member.Name)
        {
            case ("System.Collections.Generic.Comparer`1", "Default"):
                Report(context, reference.Syntax.GetLocation(), ArgumentFix.ReplaceWith(Ordinal, "System"), "Comparer<string>.Default");
                break;
            case ("System.Collections.Immutable.ImmutableSortedDictionary`2" or "System.Collections.Immutable.ImmutableSortedSet`1", "Empty"):
                // Empty.WithComparer(s)(...) is how an ordinal empty collection is made.
                if (reference.Parent is IInvocationOperation { TargetMethod.Name: "WithComparer" or "WithComparers" }) break;
                Report(context, reference.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty, type.Name + ".Empty");
                break;
        }
    }

    private static void AnalyzeCollectionExpression(OperationAnalysisContext context)
    {
        var collection = (ICollectionExpressionOperation)context.Operation;
        if (collection.Type is not INamedTypeSymbol { TypeArguments.Length: > 0 } type || type.TypeArguments[0].SpecialType != SpecialType.System_String) return;
        if (Symbols.FullName(type) is "System.Collections.Immutable.ImmutableSortedSet`1" or "System.Collections.Generic.SortedSet`1")
        {
            Report(context, collection.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty, "a collection expression of " + type.Name);
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, ImmutableDictionary<string, string?> properties, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.DefaultStringOrder, location, properties, what));
}
