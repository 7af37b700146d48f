using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.ErrorModel;

/// <summary>
/// IJ4002: a switch statement or expression over a closed enum (any enum in the
/// <c>InviteJoin.Reference</c> namespaces that is not [Flags]) must name every member in a case or arm
/// without a <c>when</c> guard. A <c>default</c> or discard arm counts only when it throws
/// <c>UnreachableException</c>, which asserts that the members it catches cannot occur.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClosedEnumSwitchAnalyzer : DiagnosticAnalyzer
{
    private const int ListedMissing = 5;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.NonExhaustiveClosedEnumSwitch);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.NonExhaustiveClosedEnumSwitch)) return;
            start.RegisterOperationAction(AnalyzeStatement, OperationKind.Switch);
            start.RegisterOperationAction(AnalyzeExpression, OperationKind.SwitchExpression);
        });
    }

    private static void AnalyzeStatement(OperationAnalysisContext context)
    {
        var @switch = (ISwitchOperation)context.Operation;
        if (ClosedEnum(@switch.Value.Type) is not { } type) return;
        var handled = new HashSet<decimal>();
        foreach (var section in @switch.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case ISingleValueCaseClauseOperation single:
                        Add(handled, single.Value.ConstantValue);
                        break;
                    case IPatternCaseClauseOperation { Guard: null } pattern:
                        AddPattern(handled, pattern.Pattern);
                        break;
                    case IDefaultCaseClauseOperation when section.Body.FirstOrDefault() is IThrowOperation t && ThrowsUnreachable(t):
                        return;
                }
            }
        }
        Report(context, type, handled, (@switch.Syntax as SwitchStatementSyntax)?.SwitchKeyword.GetLocation() ?? @switch.Syntax.GetLocation());
    }

    private static void AnalyzeExpression(OperationAnalysisContext context)
    {
        var @switch = (ISwitchExpressionOperation)context.Operation;
        if (ClosedEnum(@switch.Value.Type) is not { } type) return;
        var handled = new HashSet<decimal>();
        foreach (var arm in @switch.Arms)
        {
            if (arm.Guard is not null) continue;
            if (IsCatchAll(arm.Pattern))
            {
                if (Symbols.WithoutImplicitConversions(arm.Value) is IThrowOperation t && ThrowsUnreachable(t)) return;
                continue;
            }
            AddPattern(handled, arm.Pattern);
        }
        Report(context, type, handled, (@switch.Syntax as SwitchExpressionSyntax)?.SwitchKeyword.GetLocation() ?? @switch.Syntax.GetLocation());
    }

    /// <summary>The enum type when <paramref name="type"/> (or its nullable) is a closed enum of the reference.</summary>
    private static INamedTypeSymbol? ClosedEnum(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } named) return null;
        if (!Symbols.IsWithin(Symbols.NamespaceOf(named), ReferenceTypes.RootNamespace)) return null;
        if (named.GetAttributes().Any(a => Symbols.FullName(a.AttributeClass) == "System.FlagsAttribute")) return null;
        return named;
    }

    private static bool IsCatchAll(IPatternOperation pattern) =>
        pattern is IDiscardPatternOperation or IDeclarationPatternOperation or ITypePatternOperation;

    private static bool ThrowsUnreachable(IThrowOperation @throw) =>
        @throw.Exception is { } exception
        && Symbols.FullName(Symbols.WithoutImplicitConversions(exception).Type) == "System.Diagnostics.UnreachableException";

    private static void AddPattern(HashSet<decimal> handled, IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                Add(handled, constant.Value.ConstantValue);
                break;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                AddPattern(handled, or.LeftPattern);
                AddPattern(handled, or.RightPattern);
                break;
        }
    }

    private static void Add(HashSet<decimal> handled, Optional<object?> constant)
    {
        if (constant is { HasValue: true, Value: { } value }) handled.Add(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
    }

    private static void Report(OperationAnalysisContext context, INamedTypeSymbol type, HashSet<decimal> handled, Location location)
    {
        var missing = type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue && !handled.Contains(Convert.ToDecimal(f.ConstantValue, CultureInfo.InvariantCulture)))
            .Select(f => f.Name)
            .ToList();
        if (missing.Count == 0) return;
        var listed = string.Join(", ", missing.Take(ListedMissing).Select(m => "'" + m + "'"));
        if (missing.Count > ListedMissing) listed += " and " + (missing.Count - ListedMissing).ToString(CultureInfo.InvariantCulture) + " more";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.NonExhaustiveClosedEnumSwitch, location, type.Name, listed));
    }
}
