using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;
using static InviteJoin.Analyzers.Infrastructure.Collections;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1006: enumerating a hash-ordered collection (Dictionary, HashSet, ImmutableDictionary, their
/// Keys and Values, ILookup, ...) where the order can reach an output. Allowed without ordering:
/// lookups and counts; an immediate OrderBy/Order; order-insensitive consumers (Count, Any, All,
/// Contains, Min, Max, integer Sum, ToDictionary, ToHashSet, set and sorted-collection builders).
/// A Where/Select/Distinct chain keeps the order unspecified, so what consumes the chain decides.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedIterationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the mechanical fix, when there is one.</summary>
    public const string FixKey = "Fix";

    /// <summary>Diagnostic property naming the lambda parameter of an OrderBy fix (<c>pair</c> or <c>group</c>).</summary>
    public const string ParameterKey = "Parameter";

    /// <summary>Fix: <c>.OrderBy(pair =&gt; pair.Key, StringComparer.Ordinal)</c>.</summary>
    public const string OrderByKeyOrdinal = "OrderByKeyOrdinal";

    /// <summary>Fix: <c>.OrderBy(pair =&gt; pair.Key)</c> (numeric, char or enum keys).</summary>
    public const string OrderByKey = "OrderByKey";

    /// <summary>Fix: <c>.Order(StringComparer.Ordinal)</c>.</summary>
    public const string OrderOrdinal = "OrderOrdinal";

    /// <summary>Fix: <c>.Order()</c> (numeric, char or enum elements).</summary>
    public const string Order = "Order";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.UnorderedIteration);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.UnorderedIteration)) return;
            start.RegisterOperationAction(AnalyzeForEach, OperationKind.Loop);
            start.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(AnalyzeCollectionExpression, OperationKind.CollectionExpression);
        });
    }

    private static void AnalyzeForEach(OperationAnalysisContext context)
    {
        if (context.Operation is not IForEachLoopOperation loop) return;
        var collection = Symbols.WithoutImplicitConversions(loop.Collection);
        if (IsUnordered(collection)) Report(context, collection, "foreach");
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (invocation.Instance is { } receiver)
        {
            var instance = Symbols.WithoutImplicitConversions(receiver);
            if (IsUnordered(instance) && method.Name is "GetEnumerator" or "CopyTo" or "ToArray")
            {
                Report(context, instance, "'" + method.Name + "'");
            }
        }
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null) continue;
            var value = Symbols.WithoutImplicitConversions(argument.Value);
            if (!IsUnordered(value)) continue;
            switch (Classify(method, argument.Parameter.Ordinal))
            {
                case Use.Exposes:
                    Report(context, value, "'" + method.Name + "'");
                    break;
                case Use.Passes:
                    if (ExposedBy(invocation, method.Name) is { } consumer) Report(context, value, consumer);
                    break;
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (ClassifyTarget(creation.Type) != Use.Exposes) return;
        foreach (var argument in creation.Arguments)
        {
            var value = Symbols.WithoutImplicitConversions(argument.Value);
            if (IsUnordered(value)) Report(context, value, "'new " + creation.Type!.Name + "'");
        }
    }

    private static void AnalyzeCollectionExpression(OperationAnalysisContext context)
    {
        var collection = (ICollectionExpressionOperation)context.Operation;
        if (ClassifyTarget(collection.Type) is Use.Orders or Use.Insensitive) return;
        foreach (var element in collection.Elements)
        {
            if (element is not ISpreadOperation spread) continue;
            var value = Symbols.WithoutImplicitConversions(spread.Operand);
            if (IsUnordered(value)) Report(context, value, "a collection expression");
        }
    }

    /// <summary>
    /// Follows a Where/Select/... chain built on an unordered sequence up to what consumes it; returns
    /// a description of that consumer when it lets the order out, or null when it orders the
    /// sequence or does not depend on its order.
    /// </summary>
    private static string? ExposedBy(IOperation chain, string chainMethod)
    {
        while (true)
        {
            var parent = Symbols.ConsumerOf(chain, out var child);
            switch (parent)
            {
                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }:
                    switch (Classify(invocation.TargetMethod, parameter.Ordinal))
                    {
                        case Use.Orders:
                        case Use.Insensitive:
                            return null;
                        case Use.Passes:
                            chain = invocation;
                            chainMethod = invocation.TargetMethod.Name;
                            continue;
                        default:
                            return "'" + invocation.TargetMethod.Name + "'";
                    }
                case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                    return ClassifyTarget(creation.Type) is Use.Orders or Use.Insensitive ? null : "'new " + creation.Type?.Name + "'";
                case IForEachLoopOperation:
                    return "foreach";
                case ISpreadOperation { Parent: ICollectionExpressionOperation collection }:
                    return ClassifyTarget(collection.Type) is Use.Orders or Use.Insensitive ? null : "a collection expression";
                case IInvocationOperation instanceCall when instanceCall.Instance == child:
                    return "'" + instanceCall.TargetMethod.Name + "'";
                default:
                    // Stored, returned or passed on while still unordered: whoever enumerates it later sees hash order.
                    return "'" + chainMethod + "' (its result keeps the unspecified order)";
            }
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation source, string consumer)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (FixFor(source, out var parameter) is { } fix)
        {
            properties = properties.Add(FixKey, fix);
            if (parameter is not null) properties = properties.Add(ParameterKey, parameter);
        }
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.UnorderedIteration,
            source.Syntax.GetLocation(),
            properties,
            consumer,
            source.Syntax.ToString()));
    }

    private static string? FixFor(IOperation source, out string? parameter)
    {
        parameter = null;
        // Sorting Values by value would change which order was meant (usually the key's): no mechanical fix.
        if (source is IPropertyReferenceOperation { Property.Name: "Values" }) return null;
        var element = ElementType(source.Type);
        if (element is INamedTypeSymbol { IsGenericType: true } pair
            && Symbols.FullName(pair) is "System.Collections.Generic.KeyValuePair`2" or "System.Linq.IGrouping`2")
        {
            var key = pair.TypeArguments[0];
            parameter = pair.Name == "IGrouping" ? "group" : "pair";
            return key.SpecialType == SpecialType.System_String ? OrderByKeyOrdinal : IsPlainlyOrdered(key) ? OrderByKey : null;
        }
        if (element is null) return null;
        return element.SpecialType == SpecialType.System_String ? OrderOrdinal : IsPlainlyOrdered(element) ? Order : null;
    }

    private static bool IsPlainlyOrdered(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum || type.SpecialType is SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64;
}
