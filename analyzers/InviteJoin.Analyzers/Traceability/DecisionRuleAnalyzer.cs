using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Traceability;

/// <summary>
/// IJ3003: an authorisation decision built without naming its rule: <c>new AuthDecision(...)</c>
/// outside the AuthDecision type, or a Rule argument to its factories (or a <c>with</c> on it) that is
/// made from a number, <c>default</c>, or an <c>Enum</c> conversion instead of a named member. A Rule
/// that arrives in a parameter or variable is accepted: its member was named where it was chosen.
/// Dormant when the compilation has no <c>Rule</c> enum or no <c>AuthDecision</c> type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DecisionRuleAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.DecisionWithoutRule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.DecisionWithoutRule)) return;
            var rule = start.Compilation.GetTypeByMetadataName(ReferenceTypes.Rule);
            var decision = start.Compilation.GetTypeByMetadataName(ReferenceTypes.AuthDecision);
            if (rule is not { TypeKind: TypeKind.Enum } || decision is null) return;

            start.RegisterOperationAction(c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (!SymbolEqualityComparer.Default.Equals(creation.Type, decision) || Symbols.IsInside(c.ContainingSymbol, decision)) return;
                Report(c, creation.Syntax, "'new " + decision.Name + "(...)' builds a decision outside its factories");
            }, OperationKind.ObjectCreation);

            start.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, decision)) return;
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is not null && SymbolEqualityComparer.Default.Equals(argument.Parameter.Type, rule))
                    {
                        CheckRule(c, argument.Value, rule);
                    }
                }
            }, OperationKind.Invocation);

            start.RegisterOperationAction(c =>
            {
                var with = (IWithOperation)c.Operation;
                if (!SymbolEqualityComparer.Default.Equals(with.Type, decision)) return;
                foreach (var initializer in with.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target.Type: { } type } assignment && SymbolEqualityComparer.Default.Equals(type, rule))
                    {
                        CheckRule(c, assignment.Value, rule);
                    }
                }
            }, OperationKind.With);
        });
    }

    private static void CheckRule(OperationAnalysisContext context, IOperation value, INamedTypeSymbol rule)
    {
        if (Unnamed(value, rule) is { } unnamed)
        {
            Report(context, unnamed.Syntax, "'" + unnamed.Syntax + "' is not a named Rule member");
        }
    }

    /// <summary>The part of <paramref name="value"/> that produces a Rule without naming a member, or null.</summary>
    private static IOperation? Unnamed(IOperation value, INamedTypeSymbol rule)
    {
        switch (value)
        {
            case IConversionOperation conversion when SymbolEqualityComparer.Default.Equals(conversion.Operand.Type, rule):
                return Unnamed(conversion.Operand, rule);
            case IConversionOperation:
            case IDefaultValueOperation:
            case ILiteralOperation:
                return value;
            case IConditionalOperation conditional:
                return Unnamed(conditional.WhenTrue, rule) ?? (conditional.WhenFalse is { } whenFalse ? Unnamed(whenFalse, rule) : null);
            case ICoalesceOperation coalesce:
                return Unnamed(coalesce.Value, rule) ?? Unnamed(coalesce.WhenNull, rule);
            case ISwitchExpressionOperation switchExpression:
                return switchExpression.Arms.Select(a => Unnamed(a.Value, rule)).FirstOrDefault(u => u is not null);
            case IInvocationOperation invocation when invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_Enum:
                return value;
            default:
                return null;
        }
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode syntax, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.DecisionWithoutRule, syntax.GetLocation(), what));
}
