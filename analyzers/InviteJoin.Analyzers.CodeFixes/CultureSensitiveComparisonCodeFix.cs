using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using InviteJoin.Analyzers.Determinism;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>IJ1007: pass or use an ordinal <c>StringComparison</c>/<c>StringComparer</c>; rewrite <c>a.CompareTo(b)</c> as <c>string.CompareOrdinal(a, b)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CultureSensitiveComparisonCodeFix))]
public sealed class CultureSensitiveComparisonCodeFix : ArgumentCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.CultureSensitiveComparison);

    private static bool IsCompareTo(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ArgumentFix.KindKey, out var kind) && kind == CultureSensitiveComparisonAnalyzer.CompareOrdinal;

    protected override string? Title(Diagnostic diagnostic) => IsCompareTo(diagnostic) ? "Use string.CompareOrdinal" : base.Title(diagnostic);

    protected override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic) =>
        IsCompareTo(diagnostic)
            ? root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i is { Expression: MemberAccessExpressionSyntax, ArgumentList.Arguments.Count: 1 })
            : base.FindTarget(root, diagnostic);

    protected override SyntaxNode Rewrite(SyntaxNode target, Diagnostic diagnostic)
    {
        if (!IsCompareTo(diagnostic)) return base.Rewrite(target, diagnostic);
        var invocation = (InvocationExpressionSyntax)target;
        var receiver = ((MemberAccessExpressionSyntax)invocation.Expression).Expression;
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("string.CompareOrdinal"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(receiver.WithoutTrivia()),
                    invocation.ArgumentList.Arguments[0].WithoutTrivia(),
                })))
            .WithTriviaFrom(invocation)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
