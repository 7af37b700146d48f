using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Diagrams;

/// <summary>What a server in a picture is: one that follows the protocol, one that attacks it, or one running a planted fault.</summary>
public enum ServerRole
{
    Honest,
    Byzantine,
    Faulty,
}

/// <summary>One room as one server holds it, with the words that name the room in the picture.</summary>
public sealed record PictureRoom(string Label, Room Room);

/// <summary>One server of a picture: its name, its role and what the role means here (a strategy, a fault), and the rooms it holds.</summary>
public sealed record PictureServer(string Name, ServerRole Role, string Detail, ImmutableArray<PictureRoom> Rooms);

/// <summary>
/// Pictures of event graphs as the servers of a federation hold them: one box per server and room, the events it
/// holds in the order it took them, an arrow from each event to the events that cite it as a prev event (dashed from
/// a prev event the server does not hold). Byzantine
/// and faulty servers' boxes are drawn apart from the honest ones; rejected, soft-failed and outlier events are marked
/// with their status and the rule that decided it. The same input gives the same text on every platform.
/// </summary>
public static class EventGraphDiagrams
{
    /// <summary>The picture of <paramref name="servers"/> in <paramref name="format"/>, titled <paramref name="title"/>, ending with a line break.</summary>
    public static string Render(IReadOnlyList<PictureServer> servers, DiagramFormat format, string title) => format switch
    {
        DiagramFormat.Mermaid => Mermaid(servers, title),
        DiagramFormat.Dot => Dot(servers, title),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// An event in a box (a server's room); a prev event the server does not hold (<paramref name="Missing"/>); or the note
    /// of a server that holds no room (no status).
    /// </summary>
    private sealed record Node(string Id, EventStatus? Status, string Label, bool Missing = false);

    /// <summary>A box's arrows: from a prev event to the event that cites it; dashed when the server lacks the prev event.</summary>
    private sealed record Box(string Id, string Title, ServerRole Role, ImmutableArray<Node> Nodes, ImmutableArray<(string From, string To, bool Missing)> Edges);

    private static IEnumerable<Box> Boxes(IReadOnlyList<PictureServer> servers)
    {
        for (var s = 0; s < servers.Count; s++)
        {
            var server = servers[s];
            var title = $"{server.Name} ({RoleName(server.Role)}{(server.Detail.Length > 0 ? ": " + server.Detail : "")})";
            if (server.Rooms.IsEmpty)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"s{s}");
                yield return new Box(id, title, server.Role, [new Node(id + "none", null, "holds no room")], []);
            }
            for (var r = 0; r < server.Rooms.Length; r++)
            {
                var room = server.Rooms[r];
                var prefix = string.Create(CultureInfo.InvariantCulture, $"s{s}r{r}");
                var held = room.Room.Held.Values.OrderBy(h => h.Order).ToList();
                var ids = held.Select((h, i) => (h.EventId.Value, Id: string.Create(CultureInfo.InvariantCulture, $"{prefix}e{i}")))
                    .ToDictionary(p => p.Value, p => p.Id, StringComparer.Ordinal); // look-ups only
                var nodes = held.Select(h => new Node(ids[h.EventId.Value], h.Status, Label(h))).ToList();
                // Prev events the server does not hold: drawn once each, dashed, where the gap is.
                var missing = held.SelectMany(h => h.Pdu.PrevEvents).Select(p => p.Value).Where(p => !ids.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
                foreach (var (id, i) in missing.Select((id, i) => (id, i)))
                {
                    var node = string.Create(CultureInfo.InvariantCulture, $"{prefix}m{i}");
                    ids[id] = node;
                    nodes.Add(new Node(node, null, ShortId(id) + " not held", Missing: true));
                }
                var edges = held
                    .SelectMany(h => h.Pdu.PrevEvents.Select(p => (From: ids[p.Value], To: ids[h.EventId.Value], Missing: missing.Contains(p.Value))))
                    .ToImmutableArray();
                yield return new Box(prefix, $"{title} · {room.Label}", server.Role, [.. nodes], edges);
            }
        }
    }

    private static string RoleName(ServerRole role) => role switch
    {
        ServerRole.Byzantine => "byzantine",
        ServerRole.Faulty => "faulty",
        _ => "honest",
    };

    /// <summary>An event's label: its short ID, what it is, and how the server holds it when not accepted.</summary>
    private static string Label(HeldEvent held)
    {
        var pdu = held.Pdu;
        var sender = Localpart(pdu.Sender.Value);
        var what = pdu.Type switch
        {
            EventTypes.Member => pdu.StateKey == pdu.Sender.Value ? $"{sender}: {pdu.Membership}" : $"{sender}: {pdu.Membership} {Localpart(pdu.StateKey ?? "")}",
            EventTypes.Create => $"{sender}: create",
            EventTypes.PowerLevels => $"{sender}: power levels",
            EventTypes.JoinRules => $"{sender}: join rule {(pdu.Content["join_rule"] as JsonString)?.Value}",
            EventTypes.Message => $"{sender}: message",
            _ => $"{sender}: {pdu.Type}",
        };
        var label = ShortId(pdu.EventId.Value) + " " + what;
        return held.Status switch
        {
            EventStatus.Rejected => label + " ✗ rejected" + RuleOf(held),
            EventStatus.SoftFailed => label + " ~ soft-failed" + RuleOf(held),
            EventStatus.Outlier => label + " (outlier)",
            _ => label,
        };
    }

    private static string ShortId(string eventId) => eventId.Length <= 7 ? eventId : eventId[..7];

    private static string RuleOf(HeldEvent held) => held.Rule is { } rule ? ": " + Reference.Errors.WireToken.Of(rule) : "";

    private static string Localpart(string userId)
    {
        var colon = userId.IndexOf(':', StringComparison.Ordinal);
        return userId.StartsWith('@') && colon > 1 ? userId[1..colon] : userId;
    }

    private static string Mermaid(IReadOnlyList<PictureServer> servers, string title)
    {
        var text = new StringBuilder();
        text.Append("flowchart TB\n");
        text.Append(DiagramFormat.Mermaid.CommentPrefix()).Append(title).Append('\n');
        var boxes = Boxes(servers).ToList();
        foreach (var box in boxes)
        {
            text.Append("  subgraph ").Append(box.Id).Append("[\"").Append(MermaidText(box.Title)).Append("\"]\n");
            foreach (var node in box.Nodes) text.Append("    ").Append(node.Id).Append("[\"").Append(MermaidText(node.Label)).Append("\"]\n");
            text.Append("  end\n");
        }
        foreach (var box in boxes)
        {
            foreach (var (from, to, missing) in box.Edges) text.Append("  ").Append(from).Append(missing ? " -.-> " : " --> ").Append(to).Append('\n');
        }
        text.Append("  classDef rejected fill:#fdd,stroke:#c00,stroke-width:2px\n");
        text.Append("  classDef softfailed fill:#ffe9c2,stroke:#d80,stroke-dasharray:4 2\n");
        text.Append("  classDef outlier fill:#eee,stroke:#999,stroke-dasharray:2 2\n");
        text.Append("  classDef missing fill:#fff,stroke:#999,stroke-dasharray:2 2,color:#999\n");
        foreach (var (status, name) in new[] { (EventStatus.Rejected, "rejected"), (EventStatus.SoftFailed, "softfailed"), (EventStatus.Outlier, "outlier") })
        {
            var ids = boxes.SelectMany(b => b.Nodes).Where(n => n.Status == status).Select(n => n.Id).ToList();
            if (ids.Count > 0) text.Append("  class ").Append(string.Join(",", ids)).Append(' ').Append(name).Append('\n');
        }
        var absent = boxes.SelectMany(b => b.Nodes).Where(n => n.Missing).Select(n => n.Id).ToList();
        if (absent.Count > 0) text.Append("  class ").Append(string.Join(",", absent)).Append(" missing\n");
        foreach (var box in boxes.Where(b => b.Role != ServerRole.Honest))
        {
            text.Append("  style ").Append(box.Id).Append(box.Role == ServerRole.Byzantine ? " fill:#fff0f0,stroke:#c00,stroke-width:3px\n" : " fill:#fff8e0,stroke:#d80,stroke-width:3px\n");
        }
        return text.ToString();
    }

    // Mermaid labels are quoted; a quote inside one is written as an entity.
    private static string MermaidText(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static string Dot(IReadOnlyList<PictureServer> servers, string title)
    {
        var text = new StringBuilder();
        text.Append("digraph events {\n");
        text.Append("  ").Append(DiagramFormat.Dot.CommentPrefix()).Append(title).Append('\n');
        text.Append("  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];\n");
        var boxes = Boxes(servers).ToList();
        foreach (var box in boxes)
        {
            text.Append("  subgraph cluster_").Append(box.Id).Append(" {\n");
            text.Append("    label=\"").Append(DotText(box.Title)).Append("\";\n");
            text.Append(box.Role switch
            {
                ServerRole.Byzantine => "    style=\"filled,bold\"; color=\"#cc0000\"; fillcolor=\"#fff0f0\";\n",
                ServerRole.Faulty => "    style=\"filled,bold\"; color=\"#dd8800\"; fillcolor=\"#fff8e0\";\n",
                _ => "    style=\"rounded\"; color=\"#444444\";\n",
            });
            foreach (var node in box.Nodes)
            {
                text.Append("    ").Append(node.Id).Append(" [label=\"").Append(DotText(node.Label)).Append('"');
                text.Append(node.Status switch
                {
                    EventStatus.Rejected => ", fillcolor=\"#ffdddd\", color=\"#cc0000\", penwidth=2",
                    EventStatus.SoftFailed => ", fillcolor=\"#ffe9c2\", color=\"#dd8800\", style=\"rounded,filled,dashed\"",
                    EventStatus.Outlier => ", fillcolor=\"#eeeeee\", color=\"#999999\", style=\"rounded,filled,dotted\"",
                    null when node.Missing => ", fillcolor=\"#ffffff\", color=\"#999999\", fontcolor=\"#999999\", style=\"rounded,dashed\"",
                    null => ", shape=plaintext, style=\"\"",
                    _ => "",
                });
                text.Append("];\n");
            }
            text.Append("  }\n");
        }
        foreach (var box in boxes)
        {
            foreach (var (from, to, missing) in box.Edges) text.Append("  ").Append(from).Append(" -> ").Append(to).Append(missing ? " [style=dashed, color=\"#999999\"];\n" : ";\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static string DotText(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
