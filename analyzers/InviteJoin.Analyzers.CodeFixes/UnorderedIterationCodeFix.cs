using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using InviteJoin.Analyzers.Determinism;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>
/// IJ1006: orders the enumerated collection explicitly: <c>.OrderBy(pair =&gt; pair.Key, StringComparer.Ordinal)</c>
/// for string-keyed maps, <c>.Order(StringComparer.Ordinal)</c> for string sets, and the default order
/// for numeric, char or enum keys and elements. Offered only where the analyzer found such a key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnorderedIterationCodeFix))]
public sealed class UnorderedIterationCodeFix : SyntaxCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnorderedIteration);

    private static string? Fix(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(UnorderedIterationAnalyzer.FixKey, out var fix) ? fix : null;

    private static string Parameter(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(UnorderedIterationAnalyzer.ParameterKey, out var p) && p is not null ? p : "pair";

    private static string? Suffix(Diagnostic diagnostic)
    {
        var parameter = Parameter(diagnostic);
        return Fix(diagnostic) switch
        {
            UnorderedIterationAnalyzer.OrderByKeyOrdinal => "OrderBy(" + parameter + " => " + parameter + ".Key, StringComparer.Ordinal)",
            UnorderedIterationAnalyzer.OrderByKey => "OrderBy(" + parameter + " => " + parameter + ".Key)",
            UnorderedIterationAnalyzer.OrderOrdinal => "Order(StringComparer.Ordinal)",
            UnorderedIterationAnalyzer.Order => "Order()",
            _ => null,
        };
    }

    protected override string? Title(Diagnostic diagnostic) => Suffix(diagnostic) is { } suffix ? "Order with ." + suffix : null;

    protected override IEnumerable<string> Namespaces(Diagnostic diagnostic) =>
        Fix(diagnostic) is UnorderedIterationAnalyzer.OrderByKeyOrdinal or UnorderedIterationAnalyzer.OrderOrdinal
            ? new[] { "System", "System.Linq" }
            : new[] { "System.Linq" };

    protected override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        return root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == span);
    }

    protected override SyntaxNode Rewrite(SyntaxNode target, Diagnostic diagnostic)
    {
        var expression = (ExpressionSyntax)target;
        var call = (InvocationExpressionSyntax)SyntaxFactory.ParseExpression("x." + Suffix(diagnostic));
        var receiver = NeedsParentheses(expression) ? SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()) : expression.WithoutTrivia();
        return call
            .WithExpression(((MemberAccessExpressionSyntax)call.Expression).WithExpression(receiver))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static bool NeedsParentheses(ExpressionSyntax expression) => expression is not (
        IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
        or ElementAccessExpressionSyntax or ThisExpressionSyntax or ParenthesizedExpressionSyntax
        or ObjectCreationExpressionSyntax);
}
