using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace InviteJoin.Diagrams.EventGraphs;

/// <summary>
/// Draws an <see cref="EventGraphPicture"/> as Graphviz DOT, Mermaid or SVG. Every drawing puts older events
/// above newer ones (edges point from an event up to the events it cites), draws <c>prev_events</c> solid and
/// <c>auth_events</c> dashed, colours each event by what its server made of it and frames the event the
/// picture is about. The same picture gives the same text on every run and machine.
/// </summary>
public static class EventGraphDrawing
{
    /// <summary>The picture as text in <paramref name="format"/>, ending with a line break.</summary>
    public static string Render(EventGraphPicture picture, DiagramFormat format) => format switch
    {
        DiagramFormat.Dot => ToDot(picture),
        DiagramFormat.Mermaid => ToMermaid(picture),
        _ => throw new UnreachableException(),
    };

    /// <summary>Graphviz DOT: <c>dot -Tsvg</c> draws it.</summary>
    public static string ToDot(EventGraphPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var p = picture.Normalised();
        var text = new StringBuilder();
        text.Append("// ").Append(OneLine(p.Title)).Append('\n');
        text.Append("digraph events {\n");
        text.Append("  rankdir=BT;\n");
        text.Append("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=10];\n");
        foreach (var node in p.Nodes)
        {
            var (fill, stroke) = Colours(node.Status);
            text.Append("  ").Append(DotString(node.Id)).Append(" [label=").Append(DotString(string.Join("\n", node.Label)))
                .Append(", fillcolor=\"").Append(fill).Append("\", color=\"").Append(stroke).Append('"');
            if (node.Status == EventNodeStatus.Missing) text.Append(", style=\"rounded,dashed\"");
            if (node.Focus) text.Append(", penwidth=3");
            text.Append("];\n");
        }
        foreach (var edge in p.Edges)
        {
            text.Append("  ").Append(DotString(edge.From)).Append(" -> ").Append(DotString(edge.To));
            text.Append(edge.Kind == EventEdgeKind.Auth ? " [style=dashed, color=\"" + AuthColour + "\"];\n" : ";\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>A Mermaid flowchart: renders on GitHub and in most Markdown viewers.</summary>
    public static string ToMermaid(EventGraphPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var p = picture.Normalised();
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // look-ups only
        var text = new StringBuilder();
        text.Append("flowchart BT\n");
        text.Append("%% ").Append(OneLine(p.Title)).Append('\n');
        for (var i = 0; i < p.Nodes.Length; i++)
        {
            var node = p.Nodes[i];
            var name = "e" + i.ToString(CultureInfo.InvariantCulture);
            names[node.Id] = name;
            text.Append("  ").Append(name).Append("[\"").Append(string.Join("<br/>", node.Label.Select(MermaidText))).Append("\"]\n");
        }
        foreach (var edge in p.Edges)
        {
            text.Append("  ").Append(names[edge.From]).Append(edge.Kind == EventEdgeKind.Auth ? " -.-> " : " --> ").Append(names[edge.To]).Append('\n');
        }
        foreach (var status in Enum.GetValues<EventNodeStatus>())
        {
            var (fill, stroke) = Colours(status);
            text.Append("  classDef ").Append(ClassName(status)).Append(" fill:").Append(fill).Append(",stroke:").Append(stroke)
                .Append(status == EventNodeStatus.Missing ? ",stroke-dasharray:4 3" : "").Append('\n');
        }
        text.Append("  classDef focus stroke-width:3px\n");
        foreach (var group in p.Nodes.Select((node, i) => (node, i)).GroupBy(x => x.node.Status).OrderBy(g => g.Key))
        {
            text.Append("  class ").Append(string.Join(",", group.Select(x => names[x.node.Id]))).Append(' ').Append(ClassName(group.Key)).Append('\n');
        }
        var focus = p.Nodes.Where(n => n.Focus).Select(n => names[n.Id]).ToList();
        if (focus.Count > 0) text.Append("  class ").Append(string.Join(",", focus)).Append(" focus\n");
        return text.ToString();
    }

    /// <summary>
    /// An SVG element, laid out here in layers (an event sits one layer below the deepest event it cites), with a
    /// tooltip per event and a one-line legend. It has no script, no style sheet and no reference to anything
    /// outside itself, so it can be inlined into HTML or saved as a file.
    /// </summary>
    public static string ToSvg(EventGraphPicture picture) => EventGraphSvg.Draw(picture.Normalised());

    internal const string AuthColour = "#9a6b1f";

    internal const string PrevColour = "#4a4f55";

    /// <summary>Fill and stroke colours of an event's status.</summary>
    internal static (string Fill, string Stroke) Colours(EventNodeStatus status) => status switch
    {
        EventNodeStatus.Accepted => ("#e6f4ea", "#1e6b2e"),
        EventNodeStatus.SoftFailed => ("#fff6d6", "#7a5b00"),
        EventNodeStatus.Rejected => ("#fdecea", "#b3261e"),
        EventNodeStatus.Outlier => ("#eef0f3", "#57606a"),
        EventNodeStatus.Missing => ("#ffffff", "#8c959f"),
        _ => throw new UnreachableException(),
    };

    /// <summary>The word a legend uses for <paramref name="status"/>.</summary>
    internal static string Word(EventNodeStatus status) => status switch
    {
        EventNodeStatus.Accepted => "accepted",
        EventNodeStatus.SoftFailed => "soft failed",
        EventNodeStatus.Rejected => "rejected",
        EventNodeStatus.Outlier => "outlier",
        EventNodeStatus.Missing => "not in the export",
        _ => throw new UnreachableException(),
    };

    private static string ClassName(EventNodeStatus status) => status switch
    {
        EventNodeStatus.Accepted => "accepted",
        EventNodeStatus.SoftFailed => "softfailed",
        EventNodeStatus.Rejected => "rejected",
        EventNodeStatus.Outlier => "outlier",
        EventNodeStatus.Missing => "missing",
        _ => throw new UnreachableException(),
    };

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    private static string DotString(string text)
    {
        var escaped = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': escaped.Append("\\\""); break;
                case '\\': escaped.Append("\\\\"); break;
                case '\n': escaped.Append("\\n"); break;
                case '\r': break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.Append('"').ToString();
    }

    // Mermaid reads entity codes inside quoted labels; quotes, angle brackets and the characters of its own
    // syntax are written as codes so that no event content can change the drawing's structure.
    private static string MermaidText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': escaped.Append("#quot;"); break;
                case '<': escaped.Append("#lt;"); break;
                case '>': escaped.Append("#gt;"); break;
                case '#': escaped.Append("#35;"); break;
                case '\n': case '\r': escaped.Append(' '); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }
}
