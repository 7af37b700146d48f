using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>IJ1001: reading the wall clock (<c>DateTime.Now</c>, <c>DateTimeOffset.UtcNow</c>, <c>TimeProvider.System</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClockAnalyzer : ForbiddenApiAnalyzer
{
    protected override DiagnosticDescriptor Descriptor => Descriptors.Clock;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use) =>
        member is IPropertySymbol && (Symbols.FullName(type), member.Name) switch
        {
            ("System.DateTime", "Now" or "UtcNow" or "Today") => true,
            ("System.DateTimeOffset", "Now" or "UtcNow") => true,
            ("System.TimeProvider", "System") => true,
            _ => false,
        };
}
