using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>
/// IJ2001: APIs that touch the file system. In-memory streams, readers and writers over strings and
/// the pure string helpers of <c>Path</c> (Combine, GetFileName, ...) are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FileSystemAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> FileSystemTypes = new(StringComparer.Ordinal)
    {
        "System.IO.File",
        "System.IO.Directory",
        "System.IO.FileSystemInfo",
        "System.IO.FileStream",
        "System.IO.FileSystemWatcher",
        "System.IO.DriveInfo",
        "System.IO.RandomAccess",
    };

    private static readonly string[] FileSystemNamespaces =
    {
        "System.IO.Pipes",
        "System.IO.MemoryMappedFiles",
        "System.IO.IsolatedStorage",
        "System.IO.Enumeration",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.FileSystem;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        var name = Symbols.FullName(type);
        switch (name)
        {
            case "System.IO.Path":
                return member.Name is "GetTempPath" or "GetTempFileName" or "GetFullPath" or "GetRandomFileName" or "Exists";
            case "System.IO.StreamReader":
            case "System.IO.StreamWriter":
                // Only the constructors that open a file by path.
                return member is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor
                    && ctor.Parameters.Length > 0
                    && ctor.Parameters[0].Type.SpecialType == SpecialType.System_String;
        }
        if (Symbols.IsOrDerivesFrom(type, FileSystemTypes)) return true;
        var ns = Symbols.NamespaceOf(type);
        foreach (var root in FileSystemNamespaces)
        {
            if (Symbols.IsWithin(ns, root)) return true;
        }
        return false;
    }
}
