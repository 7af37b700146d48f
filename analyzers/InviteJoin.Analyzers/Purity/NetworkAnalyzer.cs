using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>
/// IJ2002: APIs that use the network: HTTP, sockets, DNS, web requests, TLS streams. Pure data types
/// of <c>System.Net</c> such as <c>IPAddress</c> (parsing server names) and <c>WebUtility</c> are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.Ordinal)
    {
        "System.Net.Dns",
        "System.Net.WebClient",
        "System.Net.WebRequest",
        "System.Net.HttpListener",
        "System.Net.ServicePointManager",
        "System.Net.WebProxy",
    };

    private static readonly string[] NetworkNamespaces =
    {
        "System.Net.Http",
        "System.Net.Sockets",
        "System.Net.NetworkInformation",
        "System.Net.Security",
        "System.Net.Quic",
        "System.Net.WebSockets",
        "System.Net.Mail",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.Network;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        if (Symbols.IsOrDerivesFrom(type, NetworkTypes)) return true;
        var ns = Symbols.NamespaceOf(type);
        foreach (var root in NetworkNamespaces)
        {
            if (Symbols.IsWithin(ns, root)) return true;
        }
        return false;
    }
}
