using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>IJ1003: <c>Guid.NewGuid()</c> and <c>Guid.CreateVersion7()</c>, which draw on randomness and the clock.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GuidAnalyzer : ForbiddenApiAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => Descriptors.NewGuid;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use) =>
        member is IMethodSymbol { Name: "NewGuid" or "CreateVersion7" } && Symbols.FullName(type) == "System.Guid";
}
