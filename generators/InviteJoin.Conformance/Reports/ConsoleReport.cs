using System.Globalization;
using System.Text;
using InviteJoin.Conformance.Running;

namespace InviteJoin.Conformance.Reports;

/// <summary>
/// The audit as a table for a terminal: one row per suite and a total, the unexplained failures grouped by rule
/// token (a few witnesses each), the known divergences by what explains them, and any stale expectations.
/// </summary>
public static class ConsoleReport
{
    private static readonly string[] Columns = ["suite", "cases", "pass", "fail", "other", "known", "n/a", "unknown", "restarts"];

    public static string Write(AuditReport report, int witnessesPerRule = 2)
    {
        var text = new StringBuilder();
        text.Append("adapter: ").Append(report.Adapter.Implementation).Append(' ').Append(report.Adapter.Version)
            .Append(" (").Append(report.Adapter.Protocol).Append(report.Adapter.Profile is { } p ? ", profile " + p : "").Append(")\n");
        text.Append("vectors: ").Append(report.Vectors.Generator).Append(", spec ").Append(report.Vectors.SpecVersion)
            .Append(", ").Append(N(report.Vectors.Selected)).Append(" of ").Append(N(report.Vectors.Total)).Append(" cases\n\n");
        var rows = new List<string[]>();
        foreach (var suite in report.Suites) rows.Add(Row(suite.Suite, suite.Counts, N(suite.Restarts)));
        rows.Add(Row("total", report.Summary, N(report.Suites.Sum(s => s.Restarts))));
        var widths = Columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToArray();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+\n";
        text.Append(rule).Append(Line(Columns, widths)).Append(rule);
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == rows.Count - 1) text.Append(rule);
            text.Append(Line(rows[i], widths));
        }
        text.Append(rule);
        foreach (var suite in report.Suites.Where(s => s.Problem is not null)) text.Append(suite.Suite).Append(": ").Append(suite.Problem).Append('\n');

        var failures = report.FailuresByRule;
        if (failures.Length > 0)
        {
            text.Append("\nunexplained failures by rule token:\n");
            foreach (var group in failures)
            {
                text.Append("  ").Append(group.Key).Append(": ").Append(N(group.Cases.Length)).Append('\n');
                foreach (var result in group.Cases.Take(witnessesPerRule))
                {
                    text.Append("    ").Append(result.Case.Id).Append(" [").Append(CaseClasses.Heading(result.Class)).Append("] ").Append(result.Detail).Append('\n');
                }
            }
        }
        var known = report.KnownDivergences;
        if (known.Length > 0)
        {
            text.Append("\nknown divergences:\n");
            foreach (var group in known) text.Append("  ").Append(group.Key).Append(": ").Append(N(group.Cases.Length)).Append('\n');
        }
        if (report.StaleExpectations.Length > 0)
        {
            text.Append("\nexpectations that matched no failure (stale):\n");
            foreach (var stale in report.StaleExpectations) text.Append("  ").Append(stale.Cases).Append('\n');
        }
        text.Append('\n').Append(report.Passed ? "PASSED" : "FAILED").Append(": ").Append(N(report.Summary.Pass)).Append(" pass, ")
            .Append(N(report.Summary.KnownDivergence)).Append(" known divergence, ").Append(N(report.Summary.NotApplicable)).Append(" not applicable, ")
            .Append(N(report.Summary.Fail + report.Summary.OtherReason + report.Summary.Unknown)).Append(" unexplained\n");
        return text.ToString();
    }

    private static string[] Row(string name, ClassCounts c, string restarts) =>
        [name, N(c.Cases), N(c.Pass), N(c.Fail), N(c.OtherReason), N(c.KnownDivergence), N(c.NotApplicable), N(c.Unknown), restarts];

    private static string Line(string[] cells, int[] widths) =>
        "|" + string.Join("|", cells.Select((cell, i) => " " + (i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])) + " ")) + "|\n";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// A progress bar on a text stream: redrawn in place on a terminal, or a line at every tenth of the run when the
/// output is a file or pipe (so logs stay short).
/// </summary>
public sealed class ProgressBar(TextWriter output, bool interactive) : IAuditProgress
{
    private const int Width = 30;
    private int _total;
    private int _lastTenth = -1;
    private int _unexplained;

    public void Started(int cases) => _total = cases;

    public void Advanced(int done, CaseResult result)
    {
        if (CaseClasses.IsUnexplained(result.Class)) _unexplained++;
        if (_total == 0) return;
        if (interactive)
        {
            if (done % 25 != 0 && done != _total) return;
            var filled = (int)((long)done * Width / _total);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{_total} {result.Case.Suite,-14} unexplained {_unexplained}   ");
            output.Flush();
            return;
        }
        var tenth = (int)((long)done * 10 / _total);
        if (tenth == _lastTenth) return;
        _lastTenth = tenth;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tenth * 10}% ({done}/{_total}, {result.Case.Suite}, unexplained so far {_unexplained})"));
        output.Flush();
    }

    public void Finished()
    {
        if (interactive) output.WriteLine();
        output.Flush();
    }
}
