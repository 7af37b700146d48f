using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>IJ1009: pass <c>StringComparer.Ordinal</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DefaultStringOrderCodeFix))]
public sealed class DefaultStringOrderCodeFix : ArgumentCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.DefaultStringOrder);
}
