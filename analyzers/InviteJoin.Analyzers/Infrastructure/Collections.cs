using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>
/// What the analyzers know about collection types: which enumerate in an unspecified (hash) order,
/// and which APIs consume a sequence in a way where that order can or cannot matter.
/// </summary>
public static class Collections
{
    /// <summary>Types whose enumeration order is unspecified. Sorted collections, arrays, lists and <c>ImmutableArray</c> are ordered.</summary>
    public static readonly HashSet<string> UnorderedTypes = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.Dictionary`2+KeyCollection",
        "System.Collections.Generic.Dictionary`2+ValueCollection",
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Generic.ISet`1",
        "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2",
        "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableDictionary`2+Builder",
        "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.ImmutableHashSet`1+Builder",
        "System.Collections.Immutable.IImmutableDictionary`2",
        "System.Collections.Immutable.IImmutableSet`1",
        "System.Collections.Frozen.FrozenDictionary`2",
        "System.Collections.Frozen.FrozenSet`1",
        "System.Linq.ILookup`2",
        "System.Linq.Lookup`2",
        "System.Collections.Hashtable",
        "System.Collections.IDictionary",
    };

    /// <summary>Collections built from a sequence whose content does not depend on the sequence's order (sets, maps, sorted collections).</summary>
    public static readonly HashSet<string> OrderInsensitiveTargets = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.SortedList`2",
        "System.Collections.Concurrent.ConcurrentDictionary`2",
        "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableSortedDictionary`2",
        "System.Collections.Frozen.FrozenSet`1",
        "System.Collections.Frozen.FrozenDictionary`2",
    };

    /// <summary>Collections whose content keeps the order of the sequence they are built from.</summary>
    public static readonly HashSet<string> OrderKeepingTargets = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.List`1",
        "System.Collections.Generic.Queue`1",
        "System.Collections.Generic.Stack`1",
        "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.ObjectModel.Collection`1",
        "System.Collections.ObjectModel.ReadOnlyCollection`1",
        "System.Collections.ObjectModel.ObservableCollection`1",
        "System.Collections.ArrayList",
        "System.Collections.Immutable.ImmutableArray`1",
        "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableQueue`1",
        "System.Collections.Immutable.ImmutableStack`1",
    };

    public static bool IsUnorderedType(ITypeSymbol? type)
    {
        if (type is null || type is IArrayTypeSymbol) return false;
        return Symbols.IsOrDerivesFrom(type, UnorderedTypes);
    }

    /// <summary>
    /// True when the value of <paramref name="operation"/> enumerates in an unspecified order: its type
    /// is unordered, or it is the <c>Keys</c>/<c>Values</c> of an unordered collection (which some
    /// interfaces type as a plain <c>IEnumerable&lt;T&gt;</c>).
    /// </summary>
    public static bool IsUnordered(IOperation operation)
    {
        if (IsUnorderedType(operation.Type)) return true;
        return operation is IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } instance }
            && IsUnorderedType(instance.Type);
    }

    /// <summary>How a method treats the order of a sequence passed to it.</summary>
    public enum Use
    {
        /// <summary>Not known to enumerate the sequence (user code, lookups, Count).</summary>
        Unknown,

        /// <summary>Puts the sequence in an explicit order (OrderBy, Order, a sorted collection).</summary>
        Orders,

        /// <summary>Enumerates, but its result does not depend on the order (Count, Any, ToHashSet, ...).</summary>
        Insensitive,

        /// <summary>Returns a sequence in the same unspecified order (Where, Select, Distinct, ...).</summary>
        Passes,

        /// <summary>Enumerates and its result keeps or depends on the order (ToList, First, string.Join, ...).</summary>
        Exposes,
    }

    /// <summary>How <paramref name="method"/> treats the order of the sequence passed as its <paramref name="parameterOrdinal"/>-th argument (or as its receiver, -1).</summary>
    public static Use Classify(IMethodSymbol method, int parameterOrdinal)
    {
        var type = Symbols.FullName(method.ContainingType);
        var name = method.Name;
        switch (type)
        {
            case "System.Linq.Enumerable":
                return ClassifyEnumerable(method, parameterOrdinal);
            case "System.Collections.Immutable.ImmutableArray":
            case "System.Collections.Immutable.ImmutableList":
            case "System.Collections.Immutable.ImmutableQueue":
            case "System.Collections.Immutable.ImmutableStack":
                return name is "CreateRange" or "ToImmutableArray" or "ToImmutableList" ? Use.Exposes : Use.Unknown;
            case "System.Collections.Immutable.ImmutableSortedDictionary":
            case "System.Collections.Immutable.ImmutableSortedSet":
                return Use.Orders;
            case "System.Collections.Immutable.ImmutableDictionary":
            case "System.Collections.Immutable.ImmutableHashSet":
            case "System.Collections.Frozen.FrozenDictionary":
            case "System.Collections.Frozen.FrozenSet":
                return Use.Insensitive;
            case "System.String":
                return name is "Join" or "Concat" ? Use.Exposes : Use.Unknown;
            case "System.Collections.Generic.List`1":
            case "System.Collections.Immutable.ImmutableArray`1+Builder":
            case "System.Collections.Immutable.ImmutableList`1":
            case "System.Collections.Immutable.ImmutableList`1+Builder":
            case "System.Collections.Immutable.ImmutableArray`1":
                return name is "AddRange" or "InsertRange" ? Use.Exposes : Use.Unknown;
            case "System.Collections.Generic.HashSet`1":
            case "System.Collections.Generic.SortedSet`1":
            case "System.Collections.Immutable.ImmutableHashSet`1":
            case "System.Collections.Immutable.ImmutableSortedSet`1":
                return name is "UnionWith" or "ExceptWith" or "IntersectWith" or "SymmetricExceptWith" or "SetEquals"
                    or "IsSubsetOf" or "IsSupersetOf" or "IsProperSubsetOf" or "IsProperSupersetOf" or "Overlaps"
                    or "Union" or "Except" or "Intersect" or "SymmetricExcept"
                    ? Use.Insensitive
                    : Use.Unknown;
            default:
                return Use.Unknown;
        }
    }

    private static Use ClassifyEnumerable(IMethodSymbol method, int parameterOrdinal)
    {
        switch (method.Name)
        {
            case "OrderBy":
            case "OrderByDescending":
            case "Order":
            case "OrderDescending":
                return Use.Orders;
            case "Count":
            case "LongCount":
            case "TryGetNonEnumeratedCount":
            case "Any":
            case "All":
            case "Contains":
            case "Min":
            case "Max":
            case "Single":
            case "SingleOrDefault":
            case "ToDictionary":
            case "ToHashSet":
            case "ToLookup":
                return Use.Insensitive;
            case "Sum":
            case "Average":
                // Integer sums do not depend on the order; floating-point sums round differently.
                return IsFloatingPoint(method.ReturnType) ? Use.Exposes : Use.Insensitive;
            case "Except":
            case "ExceptBy":
            case "Intersect":
            case "IntersectBy":
                // The second sequence is only used as a set; the result follows the first.
                return parameterOrdinal >= 1 ? Use.Insensitive : Use.Passes;
            case "Where":
            case "Select":
            case "SelectMany":
            case "Distinct":
            case "DistinctBy":
            case "Cast":
            case "OfType":
            case "Union":
            case "UnionBy":
            case "GroupBy":
            case "Concat":
            case "Append":
            case "Prepend":
            case "DefaultIfEmpty":
            case "AsEnumerable":
            case "Join":
            case "GroupJoin":
            case "CountBy":
            case "AggregateBy":
                return Use.Passes;
            default:
                return Use.Exposes;
        }
    }

    private static bool IsFloatingPoint(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        return type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
    }

    /// <summary>How building a collection of <paramref name="type"/> from a sequence treats its order.</summary>
    public static Use ClassifyTarget(ITypeSymbol? type)
    {
        if (type is null) return Use.Unknown;
        if (type is IArrayTypeSymbol) return Use.Exposes;
        var name = Symbols.FullName(type);
        if (OrderInsensitiveTargets.Contains(name)) return name.Contains("Sorted") ? Use.Orders : Use.Insensitive;
        return OrderKeepingTargets.Contains(name) ? Use.Exposes : Use.Unknown;
    }

    /// <summary>The element type <c>T</c> of <c>IEnumerable&lt;T&gt;</c> that <paramref name="type"/> is or implements.</summary>
    public static ITypeSymbol? ElementType(ITypeSymbol? type)
    {
        if (type is null) return null;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } direct) return direct.TypeArguments[0];
        foreach (var i in type.AllInterfaces)
        {
            if (i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return i.TypeArguments[0];
        }
        return null;
    }
}
