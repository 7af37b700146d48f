using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InviteJoin.Analyzers.CodeFixes;

/// <summary>Adds a <c>using</c> directive when a fix introduces a name whose namespace is not yet imported.</summary>
internal static class Imports
{
    /// <summary>A type whose simple name resolves only when its namespace is imported.</summary>
    private static string? Probe(string ns) => ns switch
    {
        "System" => "StringComparer",
        "System.Globalization" => "CultureInfo",
        "System.Linq" => "Enumerable",
        _ => null,
    };

    /// <summary>True when <paramref name="ns"/> must be imported for its simple names to bind at <paramref name="position"/>.</summary>
    public static bool IsMissing(SemanticModel model, int position, string? ns)
    {
        if (ns is null || Probe(ns) is not { } probe) return false;
        var symbol = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseTypeName(probe), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        return symbol is null || symbol.ContainingNamespace?.ToDisplayString() != ns;
    }

    /// <summary>Adds <c>using <paramref name="ns"/>;</c> to the compilation unit, keeping System directives first and the rest in order.</summary>
    public static SyntaxNode Add(SyntaxNode root, string ns)
    {
        if (root is not CompilationUnitSyntax unit) return root;
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).NormalizeWhitespace().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        var usings = unit.Usings;
        var index = 0;
        while (index < usings.Count && usings[index].GlobalKeyword.IsKind(SyntaxKind.None) && Precedes(usings[index], ns)) index++;
        if (usings.Count == 0)
        {
            var first = unit.GetLeadingTrivia();
            unit = unit.WithoutLeadingTrivia();
            return unit.WithUsings(usings.Add(directive.WithLeadingTrivia(first).WithTrailingTrivia(SyntaxFactory.LineFeed, SyntaxFactory.LineFeed)));
        }
        return unit.WithUsings(usings.Insert(index, directive.WithTrailingTrivia(SyntaxFactory.LineFeed)));
    }

    private static bool Precedes(UsingDirectiveSyntax existing, string ns)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Name is null) return false;
        var name = existing.Name.ToString();
        var existingIsSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        var newIsSystem = ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal);
        if (existingIsSystem != newIsSystem) return existingIsSystem;
        return string.CompareOrdinal(name, ns) < 0;
    }
}
