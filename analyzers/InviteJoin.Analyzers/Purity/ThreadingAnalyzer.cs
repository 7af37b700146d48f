using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Purity;

/// <summary>
/// IJ2004: threads, the thread pool, timers, locks (including the <c>lock</c> statement), atomics,
/// wait handles, thread-local and volatile state, channels and the concurrent collections.
/// <c>CancellationToken</c> and <c>Lazy&lt;T&gt;</c> are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThreadingAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> ThreadingTypes = new(StringComparer.Ordinal)
    {
        "System.Threading.Thread",
        "System.Threading.ThreadPool",
        "System.Threading.Timer",
        "System.Threading.PeriodicTimer",
        "System.Threading.Monitor",
        "System.Threading.Lock",
        "System.Threading.WaitHandle",
        "System.Threading.SemaphoreSlim",
        "System.Threading.ManualResetEventSlim",
        "System.Threading.Interlocked",
        "System.Threading.Volatile",
        "System.Threading.ReaderWriterLock",
        "System.Threading.ReaderWriterLockSlim",
        "System.Threading.SpinLock",
        "System.Threading.SpinWait",
        "System.Threading.Barrier",
        "System.Threading.CountdownEvent",
        "System.Threading.ThreadLocal`1",
        "System.Threading.AsyncLocal`1",
        "System.Threading.ExecutionContext",
        "System.Threading.SynchronizationContext",
        "System.Threading.LazyInitializer",
        "System.Threading.CancellationTokenSource",
        "System.Timers.Timer",
    };

    private static readonly string[] ThreadingNamespaces =
    {
        "System.Collections.Concurrent",
        "System.Threading.Channels",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.Threading;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        if (Symbols.IsOrDerivesFrom(type, ThreadingTypes)) return true;
        var ns = Symbols.NamespaceOf(type);
        foreach (var root in ThreadingNamespaces)
        {
            if (Symbols.IsWithin(ns, root)) return true;
        }
        return false;
    }

    protected override void RegisterMore(CompilationStartAnalysisContext context)
    {
        context.RegisterOperationAction(
            c => c.ReportDiagnostic(Diagnostic.Create(Descriptors.Threading, ((ILockOperation)c.Operation).Syntax.GetFirstToken().GetLocation(), "lock")),
            OperationKind.Lock);
        context.RegisterSymbolAction(AnalyzeField, SymbolKind.Field);
    }

    private static void AnalyzeField(SymbolAnalysisContext context)
    {
        var field = (IFieldSymbol)context.Symbol;
        string? what = field.IsVolatile ? "volatile"
            : field.GetAttributes().Any(a => Symbols.FullName(a.AttributeClass) == "System.ThreadStaticAttribute") ? "[ThreadStatic]"
            : null;
        if (what is null || field.Locations.IsEmpty) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.Threading, field.Locations[0], what));
    }
}
