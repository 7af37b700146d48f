using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace InviteJoin.Conformance.Running;

/// <summary>What an audit runs: the adapter, the time each case and each start may take, which cases, and the known failures.</summary>
public sealed record AuditOptions
{
    /// <summary>The adapter's command line; each suite's process is started as this command and the suite's name.</summary>
    public required string Adapter { get; init; }

    /// <summary>How long one answer may take before the adapter is stopped and started again.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an adapter may take to write its handshake.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The suites to run; empty for every suite the vectors hold.</summary>
    public ImmutableArray<string> Suites { get; init; } = [];

    /// <summary>Only cases whose ID matches this pattern (<c>*</c> matches anything), or null for all.</summary>
    public string? Cases { get; init; }

    /// <summary>Run every n-th case of each file (1: all), for a quick and still spread-out subset.</summary>
    public int Every { get; init; } = 1;

    /// <summary>Known failures, reported as known rather than as failures.</summary>
    public Expectations Expectations { get; init; } = Expectations.None;

    /// <summary>After this many cases in a row without an answer, the rest of the suite is not asked (reported unknown).</summary>
    public int GiveUpAfter { get; init; } = 25;

    /// <summary>True when case <paramref name="id"/> is selected by <see cref="Cases"/>.</summary>
    public bool Selects(string id) =>
        Cases is null || Regex.IsMatch(id, "^" + Regex.Escape(Cases).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}

/// <summary>Told as an audit goes, to draw a progress bar.</summary>
public interface IAuditProgress
{
    void Started(int cases);

    void Advanced(int done, CaseResult result);

    void Finished();
}
