using System.Globalization;
using System.Text;

namespace InviteJoin.Diagrams.EventGraphs;

/// <summary>
/// The SVG drawing of a normalised <see cref="EventGraphPicture"/>: a layered layout (the events nothing in the
/// picture is cited by sit at the bottom; an event sits one layer below the deepest event it cites), rows ordered
/// by the mean position of what each event cites, boxes with the label's lines, edges as straight lines (curves bowing
/// aside when they span several rows) with arrowheads drawn as polygons (no markers, so several drawings can share one HTML page without clashing IDs).
/// </summary>
internal static class EventGraphSvg
{
    private const int Margin = 12;
    private const int HorizontalGap = 22;
    private const int VerticalGap = 40;
    private const int LineHeight = 14;
    private const double CharWidth = 6.6;
    private const int MinWidth = 120;
    private const int MaxWidth = 250;
    private const int LegendHeight = 22;

    public static string Draw(EventGraphPicture p)
    {
        var layers = Layers(p);
        var rows = Rows(p, layers);
        var lines = p.Nodes.IsEmpty ? 1 : p.Nodes.Max(n => Math.Max(1, n.Label.Length));
        var longest = p.Nodes.IsEmpty ? 0 : p.Nodes.SelectMany(n => n.Label).Select(l => l.Length).DefaultIfEmpty(0).Max();
        var width = Math.Clamp((int)Math.Ceiling(longest * CharWidth) + 16, MinWidth, MaxWidth);
        var height = 10 + lines * LineHeight;
        var widest = rows.Count == 0 ? 1 : rows.Max(r => r.Count);
        var canvasWidth = Math.Max(2 * Margin + widest * width + (widest - 1) * HorizontalGap, 420);
        var canvasHeight = 2 * Margin + rows.Count * height + Math.Max(0, rows.Count - 1) * VerticalGap + LegendHeight;

        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal); // look-ups only
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var rowWidth = row.Count * width + (row.Count - 1) * HorizontalGap;
            var left = (canvasWidth - rowWidth) / 2;
            for (var i = 0; i < row.Count; i++) position[row[i]] = (left + i * (width + HorizontalGap), Margin + r * (height + VerticalGap));
        }

        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Number(canvasWidth)).Append("\" height=\"").Append(Number(canvasHeight))
            .Append("\" viewBox=\"0 0 ").Append(Number(canvasWidth)).Append(' ').Append(Number(canvasHeight))
            .Append("\" font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"11\" role=\"img\">\n");
        svg.Append("<title>").Append(Escape(p.Title)).Append("</title>\n");

        // Edges first, so boxes cover their ends. Each event's outgoing edges leave from spread-out points.
        foreach (var group in p.Edges.GroupBy(e => e.From, StringComparer.Ordinal))
        {
            var from = position[group.Key];
            var edges = group.OrderBy(e => position[e.To].X).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Kind).ToList();
            for (var i = 0; i < edges.Count; i++)
            {
                var edge = edges[i];
                var to = position[edge.To];
                var spread = Math.Min(14, (width - 20) / Math.Max(1, edges.Count));
                var x1 = from.X + width / 2 + (int)Math.Round((i - (edges.Count - 1) / 2.0) * spread);
                var y1 = from.Y;
                var x2 = to.X + width / 2;
                var y2 = to.Y + height;
                if (to.Y >= from.Y)
                {
                    // Cited event on the same row or below (only in a cycle, which a valid graph never has): go round the side.
                    y1 = from.Y + height / 2;
                    x1 = from.X + width;
                    y2 = to.Y + height / 2;
                    x2 = to.X;
                }
                var colour = edge.Kind == EventEdgeKind.Auth ? EventGraphDrawing.AuthColour : EventGraphDrawing.PrevColour;
                var dash = edge.Kind == EventEdgeKind.Auth ? " stroke-dasharray=\"5 3\"" : "";
                var span = (from.Y - to.Y) / (height + VerticalGap);
                if (span <= 1)
                {
                    svg.Append("<line x1=\"").Append(Number(x1)).Append("\" y1=\"").Append(Number(y1)).Append("\" x2=\"").Append(Number(x2)).Append("\" y2=\"").Append(Number(y2))
                        .Append("\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.3\"").Append(dash).Append("/>\n");
                    svg.Append(Arrowhead(x1, y1, x2, y2, colour));
                    continue;
                }
                // An edge over several rows bows to one side, so it does not run through the boxes between.
                var side = x2 > x1 ? 1 : x2 < x1 ? -1 : (i % 2 == 0 ? 1 : -1);
                var bow = side * Math.Min(60 + 20 * span, width);
                var (cx1, cy1, cx2, cy2) = (x1 + bow, y1 - (y1 - y2) / 3, x2 + bow, y2 + (y1 - y2) / 3);
                svg.Append("<path d=\"M ").Append(Number(x1)).Append(' ').Append(Number(y1)).Append(" C ").Append(Number(cx1)).Append(' ').Append(Number(cy1)).Append(", ")
                    .Append(Number(cx2)).Append(' ').Append(Number(cy2)).Append(", ").Append(Number(x2)).Append(' ').Append(Number(y2))
                    .Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.3\"").Append(dash).Append("/>\n");
                svg.Append(Arrowhead(cx2, cy2, x2, y2, colour));
            }
        }

        foreach (var node in p.Nodes)
        {
            var (x, y) = position[node.Id];
            var (fill, stroke) = EventGraphDrawing.Colours(node.Status);
            svg.Append("<g>\n<title>").Append(Escape(node.Tooltip)).Append("</title>\n");
            svg.Append("<rect x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y)).Append("\" width=\"").Append(Number(width)).Append("\" height=\"").Append(Number(height))
                .Append("\" rx=\"5\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(node.Focus ? "3" : "1.2").Append('"');
            if (node.Status == EventNodeStatus.Missing) svg.Append(" stroke-dasharray=\"4 3\"");
            svg.Append("/>\n");
            var maxChars = (int)((width - 12) / CharWidth);
            for (var i = 0; i < node.Label.Length; i++)
            {
                svg.Append("<text x=\"").Append(Number(x + 6)).Append("\" y=\"").Append(Number(y + 4 + (i + 1) * LineHeight - 3)).Append('"');
                if (i == 0) svg.Append(" font-weight=\"bold\"");
                svg.Append('>').Append(Escape(Fit(node.Label[i], maxChars))).Append("</text>\n");
            }
            svg.Append("</g>\n");
        }

        Legend(svg, p, canvasHeight - LegendHeight + 14);
        svg.Append("</svg>");
        return svg.ToString();
    }

    // An event's layer is one more than the deepest layer among the events it cites (0 when it cites none in the picture).
    private static Dictionary<string, int> Layers(EventGraphPicture p)
    {
        var cites = p.Edges.GroupBy(e => e.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal); // look-ups only
        var layer = new Dictionary<string, int>(StringComparer.Ordinal); // look-ups only
        var onPath = new HashSet<string>(StringComparer.Ordinal); // look-ups only
        int LayerOf(string id)
        {
            if (layer.TryGetValue(id, out var known)) return known;
            if (!onPath.Add(id)) return 0; // a cycle: cut it here
            var deepest = -1;
            if (cites.TryGetValue(id, out var cited))
            {
                foreach (var to in cited) deepest = Math.Max(deepest, LayerOf(to));
            }
            onPath.Remove(id);
            return layer[id] = deepest + 1;
        }
        foreach (var node in p.Nodes) LayerOf(node.Id);
        return layer;
    }

    // Rows from the top (layer 0), each ordered by the mean position of the events its events cite in the rows
    // above, then by ID: two sweeps are enough for the pictures drawn here, which have a dozen events or so.
    private static List<List<string>> Rows(EventGraphPicture p, Dictionary<string, int> layers)
    {
        var rows = p.Nodes.GroupBy(n => layers[n.Id]).OrderBy(g => g.Key).Select(g => g.Select(n => n.Id).ToList()).ToList();
        var cites = p.Edges.GroupBy(e => e.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal); // look-ups only
        for (var sweep = 0; sweep < 2; sweep++)
        {
            var index = new Dictionary<string, double>(StringComparer.Ordinal); // look-ups only
            foreach (var row in rows)
            {
                var scored = row.Select((id, i) =>
                {
                    var above = cites.TryGetValue(id, out var cited) ? cited.Where(index.ContainsKey).Select(c => index[c]).ToList() : [];
                    return (Id: id, Score: above.Count > 0 ? above.Average() : i);
                }).OrderBy(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
                row.Clear();
                row.AddRange(scored.Select(s => s.Id));
                for (var i = 0; i < row.Count; i++) index[row[i]] = i - (row.Count - 1) / 2.0;
            }
        }
        return rows;
    }

    private static string Arrowhead(double x1, double y1, double x2, double y2, string colour)
    {
        var dx = x2 - x1;
        var dy = y2 - y1;
        var length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1) return "";
        var (ux, uy) = (dx / length, dy / length);
        const double Size = 7;
        var (bx, by) = (x2 - ux * Size, y2 - uy * Size);
        var (px, py) = (-uy * Size * 0.45, ux * Size * 0.45);
        return "<polygon points=\"" + Point(x2, y2) + " " + Point(bx + px, by + py) + " " + Point(bx - px, by - py) + "\" fill=\"" + colour + "\"/>\n";
    }

    private static void Legend(StringBuilder svg, EventGraphPicture p, int y)
    {
        var x = Margin;
        foreach (var status in p.Nodes.Select(n => n.Status).Distinct().Order())
        {
            var (fill, stroke) = EventGraphDrawing.Colours(status);
            svg.Append("<rect x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y - 9)).Append("\" width=\"10\" height=\"10\" fill=\"").Append(fill).Append("\" stroke=\"").Append(stroke).Append("\"/>\n");
            var word = EventGraphDrawing.Word(status);
            svg.Append("<text x=\"").Append(Number(x + 14)).Append("\" y=\"").Append(Number(y)).Append("\">").Append(Escape(word)).Append("</text>\n");
            x += 14 + (int)Math.Ceiling(word.Length * CharWidth) + 14;
        }
        svg.Append("<text x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y)).Append("\" fill=\"#57606a\">solid: prev_events, dashed: auth_events</text>\n");
    }

    private static string Fit(string text, int maxChars) => text.Length <= maxChars ? text : text[..Math.Max(1, maxChars - 1)] + "…";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Point(double x, double y) =>
        Math.Round(x, 1).ToString("0.#", CultureInfo.InvariantCulture) + "," + Math.Round(y, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
