using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Traceability;

/// <summary>
/// IJ3005: a comment cites a private clause label (<c>F3.5.2</c>, <c>K4</c>, <c>rule C3</c>, <c>D–M</c>)
/// instead of the spec's section and version and the rule token. Looks at comments only (line, block and
/// documentation comments), so code and string literals never match.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClauseLabelAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.PrivateClauseLabel);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.PrivateClauseLabel)) return;
            start.RegisterSyntaxTreeAction(c =>
            {
                var root = c.Tree.GetRoot(c.CancellationToken);
                foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: false))
                {
                    if (!IsComment(trivia)) continue;
                    var text = trivia.ToFullString();
                    foreach (var label in ClauseLabels.Find(text))
                    {
                        var span = new TextSpan(trivia.FullSpan.Start + label.Start, label.Length);
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.PrivateClauseLabel, Location.Create(c.Tree, span), label.Text));
                    }
                }
            });
        });
    }

    /// <summary>True for the trivia that are comments, documentation comments included.</summary>
    public static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)
        || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
        || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)
        || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia);
}
