using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>
/// Finds where an argument is missing (an overload that takes one more parameter of a given kind,
/// or an optional parameter left out) and describes the mechanical fix in diagnostic properties, so
/// that the code fix needs no analysis of its own.
/// </summary>
public static class ArgumentFix
{
    public const string KindKey = "Fix";
    public const string IndexKey = "Index";
    public const string NameKey = "Name";
    public const string TextKey = "Text";
    public const string ImportKey = "Import";

    /// <summary>Insert <see cref="TextKey"/> as a new argument at syntax position <see cref="IndexKey"/>, or as a named argument when <see cref="NameKey"/> is set.</summary>
    public const string Insert = "Insert";

    /// <summary>Replace the reported expression with <see cref="TextKey"/>.</summary>
    public const string Replace = "Replace";

    /// <summary>
    /// The ordinal of the extra parameter in an overload of <paramref name="method"/> whose parameters
    /// are those of <paramref name="method"/> plus one accepted by <paramref name="isExtra"/>; -1 if none.
    /// </summary>
    public static int ExtraParameterOrdinal(IMethodSymbol method, Func<ITypeSymbol, bool> isExtra)
    {
        var candidates = method.MethodKind == MethodKind.Constructor
            ? method.ContainingType.InstanceConstructors
            : method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToImmutableArray();
        foreach (var original in candidates)
        {
            var candidate = original;
            if (candidate.IsStatic != method.IsStatic || candidate.Parameters.Length != method.Parameters.Length + 1) continue;
            if (candidate.IsGenericMethod)
            {
                if (!method.IsGenericMethod || candidate.TypeParameters.Length != method.TypeArguments.Length) continue;
                candidate = candidate.Construct(method.TypeArguments.ToArray());
            }
            else if (method.IsGenericMethod)
            {
                continue;
            }
            for (var k = 0; k < candidate.Parameters.Length; k++)
            {
                if (isExtra(candidate.Parameters[k].Type) && SameExcept(method.Parameters, candidate.Parameters, k)) return k;
            }
        }
        return -1;
    }

    private static bool SameExcept(ImmutableArray<IParameterSymbol> shorter, ImmutableArray<IParameterSymbol> longer, int skip)
    {
        for (int i = 0, j = 0; i < shorter.Length; i++, j++)
        {
            if (j == skip) j++;
            if (shorter[i].RefKind != longer[j].RefKind || !SymbolEqualityComparer.Default.Equals(shorter[i].Type, longer[j].Type)) return false;
        }
        return true;
    }

    /// <summary>The argument passed for a parameter accepted by <paramref name="isParameter"/> when it was left out or passed as null; null when none.</summary>
    public static IArgumentOperation? OmittedArgument(ImmutableArray<IArgumentOperation> arguments, Func<ITypeSymbol, bool> isParameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is null || !isParameter(argument.Parameter.Type)) continue;
            if (argument.ArgumentKind == ArgumentKind.DefaultValue) return argument;
            var value = Symbols.WithoutImplicitConversions(argument.Value);
            if (value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation) return argument;
        }
        return null;
    }

    /// <summary>True when the call passes a value for a parameter accepted by <paramref name="isParameter"/>.</summary>
    public static bool Passes(ImmutableArray<IArgumentOperation> arguments, Func<ITypeSymbol, bool> isParameter) =>
        arguments.Any(a => a.Parameter is not null && isParameter(a.Parameter.Type));

    /// <summary>Properties for inserting <paramref name="text"/> as the argument of parameter <paramref name="ordinal"/>; empty when the call's shape makes that not mechanical.</summary>
    public static ImmutableDictionary<string, string?> InsertAt(IOperation call, ImmutableArray<IArgumentOperation> arguments, IMethodSymbol method, int ordinal, string text, string import)
    {
        var empty = ImmutableDictionary<string, string?>.Empty;
        if (ArgumentList(call.Syntax) is not { } list) return empty;
        if (list.Arguments.Any(a => a.NameColon is not null)) return empty;
        // Every parameter before the new one must have been written out, so positions line up.
        if (arguments.Any(a => a.Parameter is not null && a.Parameter.Ordinal < ordinal && a.ArgumentKind == ArgumentKind.DefaultValue)) return empty;
        var reduced = method.IsExtensionMethod && arguments.Length > 0 && arguments[0].Syntax is not ArgumentSyntax;
        var index = ordinal - (reduced ? 1 : 0);
        if (index < 0 || index > list.Arguments.Count) return empty;
        return empty
            .Add(KindKey, Insert)
            .Add(IndexKey, index.ToString(CultureInfo.InvariantCulture))
            .Add(TextKey, text)
            .Add(ImportKey, import);
    }

    /// <summary>Properties for passing <paramref name="text"/> as the named argument for an omitted optional parameter.</summary>
    public static ImmutableDictionary<string, string?> InsertNamed(IOperation call, IParameterSymbol parameter, string text, string import)
    {
        var empty = ImmutableDictionary<string, string?>.Empty;
        if (ArgumentList(call.Syntax) is null) return empty;
        return empty
            .Add(KindKey, Insert)
            .Add(NameKey, parameter.Name)
            .Add(TextKey, text)
            .Add(ImportKey, import);
    }

    /// <summary>Properties for replacing the reported expression with <paramref name="text"/>.</summary>
    public static ImmutableDictionary<string, string?> ReplaceWith(string text, string import) =>
        ImmutableDictionary<string, string?>.Empty
            .Add(KindKey, Replace)
            .Add(TextKey, text)
            .Add(ImportKey, import);

    private static ArgumentListSyntax? ArgumentList(SyntaxNode syntax) => syntax switch
    {
        InvocationExpressionSyntax invocation => invocation.ArgumentList,
        BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
        _ => null,
    };
}
