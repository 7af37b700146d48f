using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>
/// Shared shape of the analyzers that forbid a set of APIs: every use of a member (call, property,
/// field, event, method group, constructor) is offered to <see cref="IsForbidden"/>. A call on an
/// instance that was itself just reported (<c>new Random().Next()</c>) is not reported twice.
/// </summary>
public abstract class ForbiddenApiAnalyzer : DiagnosticAnalyzer
{
    protected abstract DiagnosticDescriptor Descriptor { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    /// <summary>True when using <paramref name="member"/> (of type <paramref name="type"/>) in <paramref name="use"/> is forbidden.</summary>
    protected abstract bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use);

    /// <summary>Registers checks beyond member uses (statements, modifiers); called only when the rule is enabled.</summary>
#pragma warning disable RS1012 // Intentionally empty: only some rules have checks beyond member uses.
    protected virtual void RegisterMore(CompilationStartAnalysisContext context)
    {
    }
#pragma warning restore RS1012

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!AnalyzerProfile.IsEnabled(start.Options, Descriptor.Id)) return;
            start.RegisterOperationAction(
                Analyze,
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference,
                OperationKind.FieldReference,
                OperationKind.EventReference,
                OperationKind.MethodReference);
            RegisterMore(start);
        });
    }

    private void Analyze(OperationAnalysisContext context)
    {
        if (!Forbidden(context.Operation, out var member)) return;
        if (InstanceOf(context.Operation) is { } instance && Forbidden(Symbols.WithoutImplicitConversions(instance), out _)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, context.Operation.Syntax.GetLocation(), Symbols.ShortName(member!)));
    }

    private bool Forbidden(IOperation operation, out ISymbol? member)
    {
        member = MemberOf(operation);
        return member?.ContainingType is { } type && IsForbidden(member, type, operation);
    }

    private static ISymbol? MemberOf(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IObjectCreationOperation creation => creation.Constructor,
        IMemberReferenceOperation reference => reference.Member,
        _ => null,
    };

    private static IOperation? InstanceOf(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.Instance,
        IMemberReferenceOperation reference => reference.Instance,
        _ => null,
    };
}
