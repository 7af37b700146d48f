using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>
/// Applies the mechanical fix an analyzer described in the diagnostic's properties (see
/// <see cref="ArgumentFix"/>): insert an argument, or replace the reported expression. Diagnostics
/// without a described fix get no code action.
/// </summary>
public abstract class ArgumentCodeFix : SyntaxCodeFix
{
    protected override string? Title(Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(ArgumentFix.TextKey, out var text) || text is null) return null;
        return properties.TryGetValue(ArgumentFix.KindKey, out var kind) ? kind switch
        {
            ArgumentFix.Insert => "Pass " + text,
            ArgumentFix.Replace => "Use " + text,
            _ => null,
        } : null;
    }

    protected override IEnumerable<string> Namespaces(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ArgumentFix.ImportKey, out var ns) && ns is not null ? new[] { ns } : Array.Empty<string>();

    protected override SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var nodes = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().Where(n => n.Span == span);
        return diagnostic.Properties[ArgumentFix.KindKey] == ArgumentFix.Insert
            ? nodes.FirstOrDefault(n => ArgumentList(n) is not null)
            : nodes.OfType<ExpressionSyntax>().FirstOrDefault();
    }

    protected override SyntaxNode Rewrite(SyntaxNode target, Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        var value = SyntaxFactory.ParseExpression(properties[ArgumentFix.TextKey]!);
        if (properties[ArgumentFix.KindKey] == ArgumentFix.Replace) return value.WithTriviaFrom(target).WithAdditionalAnnotations(Formatter.Annotation);

        var list = ArgumentList(target)!;
        var argument = SyntaxFactory.Argument(value);
        ArgumentListSyntax newList;
        if (properties.TryGetValue(ArgumentFix.NameKey, out var name) && name is not null)
        {
            newList = list.AddArguments(argument.WithNameColon(SyntaxFactory.NameColon(name)));
        }
        else
        {
            var index = int.Parse(properties[ArgumentFix.IndexKey]!, CultureInfo.InvariantCulture);
            newList = list.WithArguments(list.Arguments.Insert(index, argument));
        }
        return target.ReplaceNode(list, newList.WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static ArgumentListSyntax? ArgumentList(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => invocation.ArgumentList,
        BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
        _ => null,
    };
}
