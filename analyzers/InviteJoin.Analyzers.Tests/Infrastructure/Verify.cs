using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace InviteJoin.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer (and optionally its code fix) over test sources with Microsoft.CodeAnalysis.Testing,
/// offline: the reference assemblies are the running runtime's own, so nothing is downloaded.
/// Sources use the markup <c>{|IJnnnn:code|}</c> for every expected diagnostic.
/// </summary>
internal static class Verify
{
    private static readonly ImmutableArray<MetadataReference> RuntimeReferences =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    /// <summary>The runtime's assemblies as metadata references (shared by the in-process compilations).</summary>
    public static ImmutableArray<MetadataReference> References => RuntimeReferences;

    private static readonly ReferenceAssemblies Offline = new("net10.0");

    public static Task AnalyzerAsync<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        AnalyzerAsync<TAnalyzer>(source, new Options());

    public static async Task AnalyzerAsync<TAnalyzer>(string source, Options options, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = Offline };
        Configure(test.TestState, options);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    public static async Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, Options? options = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = Offline,
        };
        Configure(test.TestState, options ?? new Options());
        Configure(test.FixedState, options ?? new Options());
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Asserts that a diagnostic has no code fix: the "fixed" code is the source itself.</summary>
    public static async Task NoCodeFixAsync<TAnalyzer, TCodeFix>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = source,
            ReferenceAssemblies = Offline,
        };
        test.TestState.AdditionalReferences.AddRange(RuntimeReferences);
        test.FixedState.AdditionalReferences.AddRange(RuntimeReferences);
        await test.RunAsync(TestContext.Current.CancellationToken);
    }

    private static void Configure(SolutionState state, Options options)
    {
        state.AdditionalReferences.AddRange(RuntimeReferences);
        foreach (var (path, text) in options.AdditionalFiles) state.AdditionalFiles.Add((path, text));
        if (options.Profile is { } profile)
        {
            state.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.InviteJoinAnalyzerProfile = " + profile + "\n"));
        }
    }

    /// <summary>What a test adds around its source: spec files (AdditionalFiles) and the analyzer profile.</summary>
    public sealed record Options
    {
        public (string Path, string Text)[] AdditionalFiles { get; init; } = [];

        public string? Profile { get; init; }
    }
}
