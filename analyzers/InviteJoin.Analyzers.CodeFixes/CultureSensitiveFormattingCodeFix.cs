using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>IJ1008: pass <c>CultureInfo.InvariantCulture</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CultureSensitiveFormattingCodeFix))]
public sealed class CultureSensitiveFormattingCodeFix : ArgumentCodeFix
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.CultureSensitiveFormatting);
}
