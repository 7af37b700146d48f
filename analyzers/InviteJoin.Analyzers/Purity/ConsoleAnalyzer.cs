using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>IJ2003: any use of <c>System.Console</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleAnalyzer : ForbiddenApiAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => Descriptors.Console;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use) =>
        Symbols.FullName(type) == "System.Console";
}
