using System.Collections.Immutable;
using InviteJoin.Conformance.Running;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Reports;

/// <summary>
/// The results of one audit, the model every report is written from (JSON, JUnit XML, the console table and
/// the HTML page): who answered, which vectors, the counts per class overall and per suite, and every case's result.
/// </summary>
public sealed record AuditReport(
    AdapterInfo Adapter,
    VectorInfo Vectors,
    ImmutableArray<SuiteResult> Suites,
    ImmutableArray<CaseResult> Results,
    ImmutableArray<Expectation> StaleExpectations)
{
    /// <summary>The counts over every suite.</summary>
    public ClassCounts Summary => ClassCounts.Of(Results);

    /// <summary>True when no case failed unexplained (fail, fail for another reason, unknown).</summary>
    public bool Passed => Results.All(r => !CaseClasses.IsUnexplained(r.Class));

    /// <summary>The unexplained failures, grouped by the case's first rule token, the groups and their cases in a stable order.</summary>
    public ImmutableArray<RuleGroup> FailuresByRule =>
    [
        .. Results.Where(r => CaseClasses.IsUnexplained(r.Class))
            .GroupBy(r => r.Case.PrimaryRule, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleGroup(g.Key, [.. g.OrderBy(r => r.Case.Id, StringComparer.Ordinal)])),
    ];

    /// <summary>The known divergences, grouped by what explains them (a switch, or an expectation's pattern).</summary>
    public ImmutableArray<RuleGroup> KnownDivergences =>
    [
        .. Results.Where(r => r.Class == CaseClass.KnownDivergence)
            .SelectMany(r => (r.Explained.IsDefaultOrEmpty ? ["(unexplained)"] : r.Explained).Select(e => (Key: e, Result: r)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleGroup(g.Key, [.. g.Select(x => x.Result).OrderBy(r => r.Case.Id, StringComparer.Ordinal)])),
    ];
}

/// <summary>The adapter as its handshake described it (the command line is not recorded: it names paths of one machine).</summary>
public sealed record AdapterInfo(string Implementation, string Version, string Protocol, string? Profile);

/// <summary>The vectors an audit ran: their generator, spec version, seed and how many cases were selected of how many.</summary>
public sealed record VectorInfo(string Generator, string SpecVersion, long Seed, int Selected, int Total);

/// <summary>One suite's part of an audit: whether the adapter supports it, its counts and how often the adapter was restarted.</summary>
public sealed record SuiteResult(string Suite, bool Supported, string? Problem, ClassCounts Counts, int Restarts);

/// <summary>Cases that share a rule token (or an explanation), in ID order.</summary>
public sealed record RuleGroup(string Key, ImmutableArray<CaseResult> Cases);

/// <summary>How many cases came out in each class.</summary>
public sealed record ClassCounts(int Cases, int Pass, int Fail, int OtherReason, int KnownDivergence, int NotApplicable, int Unknown)
{
    public static ClassCounts Of(IEnumerable<CaseResult> results)
    {
        int total = 0, pass = 0, fail = 0, other = 0, known = 0, na = 0, unknown = 0;
        foreach (var r in results)
        {
            total++;
            switch (r.Class)
            {
                case CaseClass.Pass: pass++; break;
                case CaseClass.Fail: fail++; break;
                case CaseClass.OtherReason: other++; break;
                case CaseClass.KnownDivergence: known++; break;
                case CaseClass.NotApplicable: na++; break;
                default: unknown++; break;
            }
        }
        return new ClassCounts(total, pass, fail, other, known, na, unknown);
    }

    /// <summary>The count of <paramref name="c"/>.</summary>
    public int Of(CaseClass c) => c switch
    {
        CaseClass.Pass => Pass,
        CaseClass.Fail => Fail,
        CaseClass.OtherReason => OtherReason,
        CaseClass.KnownDivergence => KnownDivergence,
        CaseClass.NotApplicable => NotApplicable,
        _ => Unknown,
    };
}
