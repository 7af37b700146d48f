using Microsoft.CodeAnalysis.Diagnostics;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>
/// Which rule families run in a project, read from the MSBuild property
/// <c>InviteJoinAnalyzerProfile</c> (made visible to the compiler with <c>CompilerVisibleProperty</c>).
/// <c>reference</c> runs everything, <c>generators</c> only determinism (IJ1xxx), <c>properties</c>
/// only traceability (IJ3xxx), <c>none</c> nothing. A project that attaches the analyzers without
/// choosing a profile gets everything, so forgetting the property never weakens the checks.
/// </summary>
public static class AnalyzerProfile
{
    public const string PropertyKey = "build_property.InviteJoinAnalyzerProfile";

    public static bool IsEnabled(AnalyzerOptions options, string diagnosticId)
    {
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PropertyKey, out var value);
        return IsEnabled(value, diagnosticId);
    }

    public static bool IsEnabled(string? profile, string diagnosticId)
    {
        switch ((profile ?? "").Trim().ToLowerInvariant())
        {
            case "none":
                return false;
            case "generators":
                return diagnosticId.StartsWith("IJ1", System.StringComparison.Ordinal);
            case "properties":
                return diagnosticId.StartsWith("IJ3", System.StringComparison.Ordinal);
            default:
                return true;
        }
    }
}
