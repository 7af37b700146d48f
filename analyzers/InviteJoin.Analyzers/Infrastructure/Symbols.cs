using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>Small symbol and operation helpers shared by the analyzers.</summary>
public static class Symbols
{
    /// <summary>
    /// The metadata name of a type's definition: namespace, nested types joined with <c>+</c>,
    /// generic arity after a backtick (<c>System.Collections.Generic.Dictionary`2+KeyCollection</c>).
    /// </summary>
    public static string FullName(ITypeSymbol? type)
    {
        if (type is null) return "";
        if (type is IArrayTypeSymbol) return "[]";
        var builder = new StringBuilder();
        Append(builder, type.OriginalDefinition);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ITypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            Append(builder, outer);
            builder.Append('+');
        }
        else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Append(ns.ToDisplayString()).Append('.');
        }
        builder.Append(type.MetadataName);
    }

    /// <summary>The namespace of a type (or of a member's containing type) as a dotted string.</summary>
    public static string NamespaceOf(ISymbol symbol)
    {
        var type = symbol as ITypeSymbol ?? symbol.ContainingType;
        while (type?.ContainingType is { } outer) type = outer;
        var ns = type?.ContainingNamespace ?? symbol.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
    }

    /// <summary>True when <paramref name="ns"/> is <paramref name="root"/> or nested inside it.</summary>
    public static bool IsWithin(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", System.StringComparison.Ordinal);

    /// <summary>True when <paramref name="type"/> is, or derives from, a type whose full name is in <paramref name="names"/>.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, ISet<string> names)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (names.Contains(FullName(t))) return true;
        }
        return false;
    }

    /// <summary>The operand beneath any implicit conversions.</summary>
    public static IOperation WithoutImplicitConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>The nearest ancestor that is not an implicit conversion (or the argument wrapper around one).</summary>
    public static IOperation? ConsumerOf(IOperation operation, out IOperation child)
    {
        child = operation;
        var parent = operation.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            child = parent;
            parent = parent.Parent;
        }
        return parent;
    }

    /// <summary>A short, readable name for a member: <c>DateTime.Now</c>, <c>Random.Random</c>.</summary>
    public static string ShortName(ISymbol symbol)
    {
        if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor) return "new " + ctor.ContainingType.Name;
        return symbol.ContainingType is { } type ? type.Name + "." + symbol.Name : symbol.Name;
    }

    /// <summary>True when <paramref name="symbol"/> is declared inside <paramref name="type"/> (or a type nested in it).</summary>
    public static bool IsInside(ISymbol? symbol, INamedTypeSymbol type)
    {
        for (var s = symbol; s is not null; s = s.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(s, type)) return true;
        }
        return false;
    }
}
