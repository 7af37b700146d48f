using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>IJ2007: starting or inspecting processes and application domains.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> ProcessTypes = new(StringComparer.Ordinal)
    {
        "System.Diagnostics.Process",
        "System.Diagnostics.ProcessStartInfo",
        "System.AppDomain",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.Process;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use) =>
        Symbols.IsOrDerivesFrom(type, ProcessTypes);
}
