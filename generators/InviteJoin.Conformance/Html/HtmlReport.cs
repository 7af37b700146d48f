using System.Globalization;
using System.Text;

namespace InviteJoin.Conformance.Html;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML file: the style is inline, pictures are
/// inline SVG, there is no script and nothing is fetched, so the file can be mailed, attached to a CI run or
/// opened offline. The same document gives the same bytes. Sections: the verdict, the summary, an index of
/// the groups, then each group of findings with every finding's witness.
/// </summary>
public static class HtmlReport
{
    /// <summary>The HTML text of <paramref name="report"/> (UTF-8 when written; <c>\n</c> line endings).</summary>
    public static string Render(ReportDocument report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Escape(report.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>").Append(Escape(report.Title)).Append("</h1>\n");
        if (report.Subtitle is { } subtitle) html.Append("<p class=\"subtitle\">").Append(Escape(subtitle)).Append("</p>\n");
        var verdictClass = report.Verdict == ReportVerdict.Passed ? "passed" : "failed";
        var verdictWord = report.Verdict == ReportVerdict.Passed ? "Passed" : "Failed";
        html.Append("<p id=\"verdict\" class=\"verdict ").Append(verdictClass).Append("\"><strong>").Append(verdictWord)
            .Append("</strong> ").Append(Escape(report.VerdictText)).Append("</p>\n</header>\n");

        Summary(html, report);
        Index(html, report);
        Findings(html, report);

        if (!report.Notes.IsEmpty)
        {
            html.Append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
            foreach (var note in report.Notes) html.Append("<li>").Append(Escape(note)).Append("</li>\n");
            html.Append("</ul>\n</section>\n");
        }
        if (report.Rerun is { } rerun)
        {
            html.Append("<section id=\"rerun\">\n<h2>Reproduce</h2>\n<pre>").Append(Escape(rerun)).Append("</pre>\n</section>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, ReportDocument report)
    {
        html.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (!report.Summary.IsEmpty) Facts(html, report.Summary, "facts");
        foreach (var table in report.Tables)
        {
            html.Append("<table>\n<caption>").Append(Escape(table.Caption)).Append("</caption>\n<thead><tr>");
            foreach (var column in table.Columns) html.Append("<th>").Append(Escape(column)).Append("</th>");
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in table.Rows)
            {
                if (row.Length != table.Columns.Length) throw new ArgumentException($"a row of table \"{table.Caption}\" has {row.Length} cells for {table.Columns.Length} columns", nameof(report));
                html.Append("<tr>");
                foreach (var cell in row) html.Append("<td>").Append(Escape(cell)).Append("</td>");
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n");
        }
        html.Append("</section>\n");
    }

    private static void Index(StringBuilder html, ReportDocument report)
    {
        if (report.Groups.IsEmpty) return;
        html.Append("<nav id=\"index\">\n<h2>Findings by rule</h2>\n<table>\n<thead><tr><th>rule</th><th>kind</th><th>count</th><th>what it means</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < report.Groups.Length; i++)
        {
            var group = report.Groups[i];
            html.Append("<tr class=\"").Append(SeverityClass(group.Severity)).Append("\"><td><a href=\"#").Append(GroupAnchor(i)).Append("\"><code>")
                .Append(Escape(group.Token)).Append("</code></a></td><td>").Append(SeverityWord(group.Severity)).Append("</td><td>")
                .Append(Count(group.Count)).Append("</td><td>").Append(Escape(group.Title)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</nav>\n");
    }

    private static void Findings(StringBuilder html, ReportDocument report)
    {
        html.Append("<main id=\"findings\">\n");
        if (report.Groups.IsEmpty) html.Append("<p class=\"none\">No findings.</p>\n");
        for (var i = 0; i < report.Groups.Length; i++)
        {
            var group = report.Groups[i];
            if (group.Count < group.Findings.Length) throw new ArgumentException($"group {group.Token} counts {group.Count} findings but shows {group.Findings.Length}", nameof(report));
            html.Append("<section class=\"group ").Append(SeverityClass(group.Severity)).Append("\" id=\"").Append(GroupAnchor(i)).Append("\">\n");
            html.Append("<h2><code>").Append(Escape(group.Token)).Append("</code> <span class=\"count\">").Append(Count(group.Count))
                .Append("</span></h2>\n<p class=\"meaning\">").Append(Escape(group.Title)).Append("</p>\n");
            foreach (var finding in group.Findings) Finding(html, finding);
            var hidden = group.Count - group.Findings.Length;
            if (hidden > 0)
            {
                html.Append("<p class=\"more\">and ").Append(Count(hidden)).Append(" more of this kind, not shown here (the JSON report lists every one).</p>\n");
            }
            html.Append("</section>\n");
        }
        html.Append("</main>\n");
    }

    private static void Finding(StringBuilder html, ReportFinding finding)
    {
        html.Append("<article class=\"finding\">\n<h3><code>").Append(Escape(finding.Subject)).Append("</code></h3>\n");
        html.Append("<p class=\"headline\">").Append(Escape(finding.Headline)).Append("</p>\n");
        if (!finding.Witness.IsEmpty) Facts(html, finding.Witness, "witness");
        if (!finding.Story.IsEmpty)
        {
            html.Append("<ol class=\"story\">\n");
            foreach (var step in finding.Story) html.Append("<li>").Append(Escape(step)).Append("</li>\n");
            html.Append("</ol>\n");
        }
        if (finding.Picture is { } picture) Picture(html, picture);
        if (finding.Details is { } details)
        {
            html.Append("<details><summary>").Append(Escape(finding.DetailsCaption)).Append("</summary>\n<pre>").Append(Escape(details)).Append("</pre>\n</details>\n");
        }
        html.Append("</article>\n");
    }

    private static void Picture(StringBuilder html, ReportPicture picture)
    {
        var svg = picture.Svg.Trim();
        // The picture is the drawing code's own output; anything else is a caller's bug, not content to show.
        if (!svg.StartsWith("<svg", StringComparison.Ordinal) || !svg.EndsWith("</svg>", StringComparison.Ordinal)
            || svg.Contains("<script", StringComparison.OrdinalIgnoreCase) || svg.Contains("href", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("a report picture must be one <svg> element without scripts or links", nameof(picture));
        }
        html.Append("<figure>\n").Append(svg).Append("\n<figcaption>").Append(Escape(picture.Caption)).Append("</figcaption>\n");
        if (picture.Mermaid is { } mermaid) html.Append("<details><summary>Mermaid</summary>\n<pre>").Append(Escape(mermaid)).Append("</pre>\n</details>\n");
        if (picture.Dot is { } dot) html.Append("<details><summary>Graphviz DOT</summary>\n<pre>").Append(Escape(dot)).Append("</pre>\n</details>\n");
        html.Append("</figure>\n");
    }

    private static void Facts(StringBuilder html, IEnumerable<ReportFact> facts, string cssClass)
    {
        html.Append("<dl class=\"").Append(cssClass).Append("\">\n");
        foreach (var fact in facts) html.Append("<dt>").Append(Escape(fact.Label)).Append("</dt><dd>").Append(Escape(fact.Value)).Append("</dd>\n");
        html.Append("</dl>\n");
    }

    private static string GroupAnchor(int index) => "group-" + index.ToString(CultureInfo.InvariantCulture);

    private static string SeverityClass(ReportSeverity severity) => severity == ReportSeverity.Failure ? "failure" : "notice";

    private static string SeverityWord(ReportSeverity severity) => severity == ReportSeverity.Failure ? "failure" : "notice";

    private static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Text made safe for HTML element content and attribute values.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\r': break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    private const string Style = """
        :root { --fail: #b3261e; --fail-bg: #fdecea; --pass: #1e6b2e; --pass-bg: #e6f4ea; --note: #7a5b00; --note-bg: #fff6d6; --line: #d0d4d9; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; margin: 0 auto; max-width: 1100px; padding: 1.5em; }
        h1 { font-size: 1.6em; margin: 0 0 .2em; }
        h2 { font-size: 1.25em; margin: 1.6em 0 .4em; border-bottom: 1px solid var(--line); padding-bottom: .2em; }
        h3 { font-size: 1em; margin: 0 0 .3em; word-break: break-all; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
        pre { background: #f6f8fa; border: 1px solid var(--line); padding: .6em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        .subtitle { color: #57606a; margin: 0 0 .8em; }
        .verdict { padding: .6em .9em; border-radius: 6px; font-size: 1.05em; }
        .verdict.passed { background: var(--pass-bg); color: var(--pass); }
        .verdict.failed { background: var(--fail-bg); color: var(--fail); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .4em 0; }
        dt { color: #57606a; }
        dd { margin: 0; word-break: break-word; }
        table { border-collapse: collapse; margin: .6em 0; }
        caption { text-align: left; font-weight: 600; padding-bottom: .3em; }
        th, td { border: 1px solid var(--line); padding: .25em .6em; text-align: left; vertical-align: top; }
        tr.failure td:first-child { border-left: 4px solid var(--fail); }
        tr.notice td:first-child { border-left: 4px solid var(--note); }
        .group { margin-top: 1.4em; }
        .group.failure > h2 code { color: var(--fail); }
        .group.notice > h2 code { color: var(--note); }
        .count { font-weight: normal; color: #57606a; }
        .meaning { margin-top: 0; }
        .finding { border: 1px solid var(--line); border-radius: 6px; padding: .8em 1em; margin: .8em 0; }
        .group.failure .finding { border-left: 4px solid var(--fail); }
        .group.notice .finding { border-left: 4px solid var(--note); }
        .headline { font-weight: 600; margin: .2em 0 .5em; }
        figure { margin: .6em 0; overflow-x: auto; }
        figcaption { color: #57606a; font-size: .9em; }
        .more, .none { color: #57606a; font-style: italic; }
        summary { cursor: pointer; color: #0b5cad; }

        """;
}
