using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>IJ1005: measuring elapsed time with <c>System.Diagnostics.Stopwatch</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StopwatchAnalyzer : ForbiddenApiAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => Descriptors.Stopwatch;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use) =>
        Symbols.FullName(type) == "System.Diagnostics.Stopwatch";
}
