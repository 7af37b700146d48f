using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>
/// IJ2006: mutable static state: static fields that are not readonly (nor const), static properties
/// with a setter, and static readonly fields whose type is a known mutable collection. Static
/// readonly arrays are allowed: they are the usual form of a lookup table, and writing to one is
/// easy to see in review.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStaticStateAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> MutableCollections = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.List`1",
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedList`2",
        "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.Queue`1",
        "System.Collections.Generic.Stack`1",
        "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.Generic.ICollection`1",
        "System.Collections.Generic.IList`1",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.ISet`1",
        "System.Collections.ArrayList",
        "System.Collections.Hashtable",
        "System.Collections.Queue",
        "System.Collections.Stack",
        "System.Collections.SortedList",
        "System.Collections.BitArray",
        "System.Collections.ObjectModel.Collection`1",
        "System.Collections.ObjectModel.ObservableCollection`1",
        "System.Collections.Immutable.ImmutableArray`1+Builder",
        "System.Collections.Immutable.ImmutableList`1+Builder",
        "System.Collections.Immutable.ImmutableDictionary`2+Builder",
        "System.Collections.Immutable.ImmutableHashSet`1+Builder",
        "System.Collections.Immutable.ImmutableSortedDictionary`2+Builder",
        "System.Collections.Immutable.ImmutableSortedSet`1+Builder",
        "System.Text.StringBuilder",
        "System.IO.MemoryStream",
        "System.Buffers.ArrayBufferWriter`1",
        "System.Random",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.MutableStaticState);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.MutableStaticState)) return;
            start.RegisterSymbolAction(AnalyzeField, SymbolKind.Field);
            start.RegisterSymbolAction(AnalyzeProperty, SymbolKind.Property);
        });
    }

    private static void AnalyzeField(SymbolAnalysisContext context)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (!field.IsStatic || field.IsConst || field.IsImplicitlyDeclared || field.Locations.IsEmpty) return;
        if (field.IsReadOnly && !IsMutableCollection(field.Type)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MutableStaticState, field.Locations[0], field.ContainingType.Name + "." + field.Name));
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (!property.IsStatic || property.SetMethod is null || property.Locations.IsEmpty) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.MutableStaticState, property.Locations[0], property.ContainingType.Name + "." + property.Name));
    }

    private static bool IsMutableCollection(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol) return false;
        if (Symbols.IsOrDerivesFrom(type, MutableCollections)) return true;
        return Symbols.IsWithin(Symbols.NamespaceOf(type), "System.Collections.Concurrent");
    }
}
