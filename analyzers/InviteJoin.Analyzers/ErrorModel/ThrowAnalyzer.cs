using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.ErrorModel;

/// <summary>
/// IJ4001: a <c>throw</c> of anything but <c>UnreachableException</c> or <c>InvalidOperationException</c>
/// (the two that mean "the reference has a bug"), including rethrowing a caught exception. Expected
/// failures are returned as <c>Failure</c>/<c>Result</c> values. The throw helpers of the other
/// exceptions (<c>ArgumentNullException.ThrowIfNull</c>, <c>ArgumentOutOfRangeException.ThrowIfNegative</c>, ...)
/// are throws too and are reported the same way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> BugExceptions = new(StringComparer.Ordinal)
    {
        "System.InvalidOperationException",
        "System.Diagnostics.UnreachableException",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ThrowForExpectedFailure);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, DiagnosticIds.ThrowForExpectedFailure)) return;
            start.RegisterOperationAction(AnalyzeThrow, OperationKind.Throw);
            start.RegisterOperationAction(AnalyzeThrowHelper, OperationKind.Invocation);
        });
    }

    /// <summary>True when <paramref name="type"/> is one of the exceptions that signal a bug (exactly, not a subclass).</summary>
    public static bool IsBugException(ITypeSymbol? type) => type is not null && BugExceptions.Contains(Symbols.FullName(type));

    private static void AnalyzeThrowHelper(OperationAnalysisContext context)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        if (!method.IsStatic || !method.Name.StartsWith("ThrowIf", StringComparison.Ordinal)) return;
        if (!IsException(method.ContainingType) || IsBugException(method.ContainingType)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ThrowForExpectedFailure, context.Operation.Syntax.GetLocation(), "'" + method.ContainingType.Name + "' (via " + method.Name + ")"));
    }

    private static bool IsException(INamedTypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (Symbols.FullName(t) == "System.Exception") return true;
        }
        return false;
    }

    private static void AnalyzeThrow(OperationAnalysisContext context)
    {
        var @throw = (IThrowOperation)context.Operation;
        string what;
        if (@throw.Exception is null)
        {
            what = "a caught exception again";
        }
        else
        {
            var type = Symbols.WithoutImplicitConversions(@throw.Exception).Type;
            if (IsBugException(type)) return;
            what = "'" + (type?.Name ?? "?") + "'";
        }
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.ThrowForExpectedFailure, @throw.Syntax.GetLocation(), what));
    }
}
