using System.Net;
using System.Text;
using InviteJoin.Conformance.Reports;
using InviteJoin.Conformance.Running;

namespace InviteJoin.Cli.Vectors;

/// <summary>
/// The audit as one self-contained HTML page (no external assets): the summary, the counts per suite, the
/// unexplained failures grouped by rule token with their witnesses, and the known divergences.
/// </summary>
internal static class AuditHtml
{
    public static string Write(AuditReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E("InviteJoin audit of " + report.Adapter.Implementation + " " + report.Adapter.Version))
            .Append("</title><style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:right}td:first-child,th:first-child{text-align:left}pre{background:#f4f4f4;padding:.6em;overflow-x:auto;white-space:pre-wrap}.fail{color:#a00}.pass{color:#070}</style></head><body>\n");
        html.Append("<h1>Audit of ").Append(E(report.Adapter.Implementation + " " + report.Adapter.Version)).Append("</h1>\n");
        var s = report.Summary;
        html.Append("<p id=\"summary\" class=\"").Append(report.Passed ? "pass" : "fail").Append("\">")
            .Append(report.Passed ? "Passed" : "Failed").Append(": ").Append(s.Pass).Append(" pass, ").Append(s.Fail).Append(" fail, ")
            .Append(s.OtherReason).Append(" fail for another reason, ").Append(s.KnownDivergence).Append(" known divergence, ")
            .Append(s.NotApplicable).Append(" not applicable, ").Append(s.Unknown).Append(" unknown, of ").Append(s.Cases).Append(" cases (")
            .Append(E(report.Vectors.Generator)).Append(", spec ").Append(E(report.Vectors.SpecVersion)).Append(").</p>\n");
        html.Append("<table><tr><th>suite</th>");
        foreach (var c in CaseClasses.All) html.Append("<th>").Append(E(CaseClasses.Heading(c))).Append("</th>");
        html.Append("</tr>\n");
        foreach (var suite in report.Suites)
        {
            html.Append("<tr><td>").Append(E(suite.Suite)).Append("</td>");
            foreach (var c in CaseClasses.All) html.Append("<td>").Append(suite.Counts.Of(c)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        html.Append("<h2>Unexplained failures by rule token</h2>\n");
        if (report.FailuresByRule.IsEmpty) html.Append("<p>None.</p>\n");
        foreach (var group in report.FailuresByRule)
        {
            html.Append("<h3>").Append(E(group.Key)).Append(" (").Append(group.Cases.Length).Append(")</h3>\n");
            foreach (var result in group.Cases)
            {
                html.Append("<details class=\"failure\"><summary>").Append(E(result.Case.Id)).Append(": ").Append(E(result.Detail)).Append("</summary><pre>")
                    .Append(E(Witness.Of(result.Case))).Append("\n\nexpected: ").Append(E(result.ExpectedText)).Append("\nactual: ").Append(E(result.Actual ?? "(no answer)"))
                    .Append("</pre></details>\n");
            }
        }
        html.Append("<h2>Known divergences</h2>\n");
        if (report.KnownDivergences.IsEmpty) html.Append("<p>None.</p>\n");
        foreach (var group in report.KnownDivergences)
        {
            html.Append("<details><summary>").Append(E(group.Key)).Append(" (").Append(group.Cases.Length).Append(")</summary><ul>");
            foreach (var result in group.Cases) html.Append("<li>").Append(E(result.Case.Id)).Append("</li>");
            html.Append("</ul></details>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
