using System.Collections.Immutable;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Running;

/// <summary>
/// How one case came out: its class, a sentence saying why, the adapter's answer as it was (canonical JSON,
/// or the raw line when it was not JSON), and for a known divergence the switches or the expectation that explain it.
/// </summary>
public sealed record CaseResult(VectorCase Case, CaseClass Class, string Detail, string? Actual, ImmutableArray<string> Explained)
{
    /// <summary>The case's expected answer as canonical JSON.</summary>
    public string ExpectedText => Json.CanonicalText.Of(Case.Expected);
}
