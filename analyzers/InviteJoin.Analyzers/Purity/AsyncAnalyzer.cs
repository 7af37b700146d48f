using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>
/// IJ2005: tasks, value tasks, <c>Parallel</c>, PLINQ, and <c>async</c> methods, local functions,
/// lambdas and anonymous methods.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncAnalyzer : ForbiddenApiAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => Descriptors.Async;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        var ns = Symbols.NamespaceOf(type);
        return Symbols.IsWithin(ns, "System.Threading.Tasks")
            || Symbols.FullName(type) is "System.Linq.ParallelEnumerable" or "System.Linq.ParallelQuery" or "System.Linq.ParallelQuery`1";
    }

    protected override void RegisterMore(CompilationStartAnalysisContext context) =>
        context.RegisterSyntaxNodeAction(
            AnalyzeModifiers,
            SyntaxKind.MethodDeclaration,
            SyntaxKind.LocalFunctionStatement,
            SyntaxKind.ParenthesizedLambdaExpression,
            SyntaxKind.SimpleLambdaExpression,
            SyntaxKind.AnonymousMethodExpression);

    private static void AnalyzeModifiers(SyntaxNodeAnalysisContext context)
    {
        var modifiers = context.Node switch
        {
            MethodDeclarationSyntax method => method.Modifiers,
            LocalFunctionStatementSyntax local => local.Modifiers,
            AnonymousFunctionExpressionSyntax function => function.Modifiers,
            _ => default,
        };
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.Async, modifier.GetLocation(), "async"));
            }
        }
    }
}
