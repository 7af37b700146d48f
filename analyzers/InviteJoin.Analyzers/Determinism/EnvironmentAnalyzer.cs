using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1004: reading the machine's environment: <c>System.Environment</c> (variables, tick count,
/// new-line, processor count, ...), <c>AppContext</c>, the operating system and runtime description,
/// and the local time zone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnvironmentAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> EnvironmentTypes = new(StringComparer.Ordinal)
    {
        "System.Environment",
        "System.AppContext",
        "System.OperatingSystem",
        "System.Runtime.InteropServices.RuntimeInformation",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.Environment;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        var name = Symbols.FullName(type);
        if (name == "System.TimeZoneInfo") return member.Name == "Local";
        // OperatingSystem instances are plain values; only its static Is* probes read the machine.
        if (name == "System.OperatingSystem") return member.IsStatic;
        return EnvironmentTypes.Contains(name);
    }
}
