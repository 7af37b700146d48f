using System.Collections.Immutable;

namespace InviteJoin.Conformance.Running;

/// <summary>How one case of an audit came out.</summary>
public enum CaseClass
{
    /// <summary>The adapter gave the spec's outcome (and, where it names one, the spec's rule and stage).</summary>
    Pass,

    /// <summary>The adapter gave another outcome than the spec's, and no profile or expectation explains it.</summary>
    Fail,

    /// <summary>The right outcome for another reason: the adapter names another rule or stage than the spec's.</summary>
    OtherReason,

    /// <summary>Another outcome than the spec's, explained: a behaviour profile's answer (a documented divergence switch), or an entry of the expectations file.</summary>
    KnownDivergence,

    /// <summary>The adapter does not answer this suite or room version, or said the request is outside what it supports.</summary>
    NotApplicable,

    /// <summary>No usable answer: the adapter crashed, hung, wrote garbage, could not read the request, or answered with none of the keys the suite compares.</summary>
    Unknown,
}

/// <summary>The wire names and descriptions of <see cref="CaseClass"/>.</summary>
public static class CaseClasses
{
    public static readonly ImmutableArray<CaseClass> All =
        [CaseClass.Pass, CaseClass.Fail, CaseClass.OtherReason, CaseClass.KnownDivergence, CaseClass.NotApplicable, CaseClass.Unknown];

    /// <summary>The name reports use.</summary>
    public static string Token(CaseClass c) => c switch
    {
        CaseClass.Pass => "pass",
        CaseClass.Fail => "fail",
        CaseClass.OtherReason => "other_reason",
        CaseClass.KnownDivergence => "known_divergence",
        CaseClass.NotApplicable => "not_applicable",
        _ => "unknown",
    };

    /// <summary>A short heading for people.</summary>
    public static string Heading(CaseClass c) => c switch
    {
        CaseClass.Pass => "pass",
        CaseClass.Fail => "fail",
        CaseClass.OtherReason => "fail for another reason",
        CaseClass.KnownDivergence => "known divergence",
        CaseClass.NotApplicable => "not applicable",
        _ => "unknown",
    };

    /// <summary>True for the classes that make an audit fail: a failure nobody explained.</summary>
    public static bool IsUnexplained(CaseClass c) => c is CaseClass.Fail or CaseClass.OtherReason or CaseClass.Unknown;
}
