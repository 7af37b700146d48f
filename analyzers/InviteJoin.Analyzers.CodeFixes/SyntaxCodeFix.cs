using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>
/// A code fix that rewrites one syntax node per diagnostic and may need namespaces imported. Fixing
/// all occurrences in a document rewrites every node in one pass and imports each namespace once, so
/// a document is fixed in a single iteration.
/// </summary>
public abstract class SyntaxCodeFix : CodeFixProvider
{
    /// <summary>The title of the fix for <paramref name="diagnostic"/>, or null when it has no mechanical fix.</summary>
    protected abstract string? Title(Diagnostic diagnostic);

    /// <summary>The node the fix rewrites.</summary>
    protected abstract SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>The rewritten node (annotations on its descendants must survive).</summary>
    protected abstract SyntaxNode Rewrite(SyntaxNode target, Diagnostic diagnostic);

    /// <summary>The namespaces whose simple names the rewritten node uses.</summary>
    protected abstract IEnumerable<string> Namespaces(Diagnostic diagnostic);

    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Title(diagnostic) is not { } title) continue;
            context.RegisterCodeFix(
                CodeAction.Create(title, c => FixAsync(context.Document, ImmutableArray.Create(diagnostic), c), equivalenceKey: diagnostic.Id),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        FixAsync(document, diagnostics.Where(d => Title(d) is not null).ToImmutableArray(), context.CancellationToken)!;

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || diagnostics.IsEmpty) return document;

        var targets = new List<(SyntaxAnnotation Annotation, Diagnostic Diagnostic)>();
        var nodes = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var imports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (FindTarget(root, diagnostic) is not { } target || nodes.ContainsKey(target)) continue;
            var annotation = new SyntaxAnnotation();
            nodes.Add(target, annotation);
            targets.Add((annotation, diagnostic));
            foreach (var ns in Namespaces(diagnostic))
            {
                if (Imports.IsMissing(model, diagnostic.Location.SourceSpan.Start, ns)) imports.Add(ns);
            }
        }
        var newRoot = root.ReplaceNodes(nodes.Keys, (original, current) => current.WithAdditionalAnnotations(nodes[original]));
        foreach (var (annotation, diagnostic) in targets)
        {
            var current = newRoot.GetAnnotatedNodes(annotation).Single();
            newRoot = newRoot.ReplaceNode(current, Rewrite(current, diagnostic));
        }
        foreach (var ns in imports.Reverse()) newRoot = Imports.Add(newRoot, ns);
        return document.WithSyntaxRoot(newRoot);
    }
}
