using System.Collections.Immutable;

namespace InviteJoin.Conformance.Html;

/// <summary>
/// A report a person reads, independent of what produced it: an audit of an implementation against the
/// vectors, or an audit of a room's exported events. It holds only text and pictures already drawn, so any
/// producer can fill it and <see cref="HtmlReport"/> renders it as one self-contained HTML file.
/// </summary>
public sealed record ReportDocument
{
    /// <summary>What was audited, as a heading ("Audit of room !abc:example.org").</summary>
    public required string Title { get; init; }

    /// <summary>One line under the title: what produced the report, from which inputs.</summary>
    public string? Subtitle { get; init; }

    /// <summary>Whether the audit found failures.</summary>
    public required ReportVerdict Verdict { get; init; }

    /// <summary>The verdict as one sentence ("3 anomalies in 2 kinds among 1,204 events").</summary>
    public required string VerdictText { get; init; }

    /// <summary>The summary as label–value pairs, in the order shown.</summary>
    public ImmutableArray<ReportFact> Summary { get; init; } = [];

    /// <summary>Tables shown with the summary (counts per suite, per room version, per stage).</summary>
    public ImmutableArray<ReportTable> Tables { get; init; } = [];

    /// <summary>The findings grouped by rule token, failures before notices, in the order shown.</summary>
    public ImmutableArray<ReportFindingGroup> Groups { get; init; } = [];

    /// <summary>Sentences the reader should know (what was not checked and why).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The one command that reproduces the report.</summary>
    public string? Rerun { get; init; }
}

/// <summary>Whether an audit passed.</summary>
public enum ReportVerdict
{
    /// <summary>No failure was found (notices may remain).</summary>
    Passed,

    /// <summary>At least one failure was found.</summary>
    Failed,
}

/// <summary>One labelled value: a line of the summary or of a witness.</summary>
public sealed record ReportFact(string Label, string Value);

/// <summary>A small table: a caption, column headings and rows of cells (each row as long as the headings).</summary>
public sealed record ReportTable(string Caption, ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<string>> Rows);

/// <summary>How much a group of findings matters.</summary>
public enum ReportSeverity
{
    /// <summary>Something is wrong: an implementation answered wrongly, an event breaks a rule.</summary>
    Failure,

    /// <summary>Worth knowing but not wrong: what the audit could not check, or a tolerated departure.</summary>
    Notice,
}

/// <summary>
/// The findings of one rule token (or one kind of audit finding): the token, a sentence saying what it means,
/// how many there are in all, and those shown (a report may show the first few of a large group).
/// </summary>
public sealed record ReportFindingGroup
{
    /// <summary>The stable token the findings share (<c>member.join.not_invited</c>, <c>audit.claimed_state_differs</c>).</summary>
    public required string Token { get; init; }

    /// <summary>What the token means, as a sentence.</summary>
    public required string Title { get; init; }

    public required ReportSeverity Severity { get; init; }

    /// <summary>How many findings the group has in all; at least as many as <see cref="Findings"/>.</summary>
    public required int Count { get; init; }

    /// <summary>The findings shown, each with its witness.</summary>
    public ImmutableArray<ReportFinding> Findings { get; init; } = [];
}

/// <summary>
/// One finding with its witness: what it is about (an event ID, a case ID), a headline, the facts that show it,
/// optionally a short story of steps, a picture, and a block of preformatted detail (the event's JSON).
/// </summary>
public sealed record ReportFinding
{
    /// <summary>What the finding is about: an event ID, a vector case ID.</summary>
    public required string Subject { get; init; }

    /// <summary>One line saying what happened ("rejected against the state before it: the sender has left").</summary>
    public required string Headline { get; init; }

    /// <summary>The facts that show the finding, as label–value pairs.</summary>
    public ImmutableArray<ReportFact> Witness { get; init; } = [];

    /// <summary>Steps that tell the finding as a story (Elle's "let … then …"), when it has one.</summary>
    public ImmutableArray<string> Story { get; init; } = [];

    /// <summary>A drawing of the events around the finding.</summary>
    public ReportPicture? Picture { get; init; }

    /// <summary>A caption for <see cref="Details"/> ("Event JSON", "Request").</summary>
    public string DetailsCaption { get; init; } = "Details";

    /// <summary>Preformatted text shown folded (the event's JSON, the request sent), or null.</summary>
    public string? Details { get; init; }
}

/// <summary>
/// A picture drawn already: SVG markup (an <c>&lt;svg&gt;</c> element, with no scripts and no external
/// references, as the drawing code writes it) shown inline, a caption, and the same picture as Mermaid and
/// Graphviz DOT text for readers who want to redraw it.
/// </summary>
public sealed record ReportPicture(string Svg, string Caption, string? Mermaid = null, string? Dot = null);
