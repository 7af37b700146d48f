using System.Collections.Immutable;
using System.Xml.Linq;
using InviteJoin.Diagrams.EventGraphs;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Diagrams.Tests;

/// <summary>
/// Event-graph pictures: the SVG is well-formed, self-contained and puts every event below the events it cites; DOT
/// and Mermaid name every event and reference; the text does not depend on the order the picture was built in; labels
/// stay text whatever they hold; the neighbourhood of an event shows its history, its auth events and what follows it.
/// </summary>
public sealed class EventGraphTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // A random DAG of n events: each cites up to three earlier ones, as prev or auth events (seeded, so each seed is one picture).
    private static EventGraphPicture RandomPicture(int seed, int n)
    {
        var random = new Random(seed);
        var statuses = Enum.GetValues<EventNodeStatus>();
        var nodes = Enumerable.Range(0, n).Select(i => new EventNode("$e" + i, ["event " + i, "by @u" + random.Next(5) + ":x"], statuses[random.Next(statuses.Length)], i == n / 2)).ToList();
        var edges = new List<EventEdge>();
        for (var i = 1; i < n; i++)
        {
            for (var k = 0; k < 1 + random.Next(3); k++) edges.Add(new EventEdge("$e" + i, "$e" + random.Next(i), random.Next(3) == 0 ? EventEdgeKind.Auth : EventEdgeKind.Prev));
        }
        return new EventGraphPicture("random " + seed, [.. nodes], [.. edges]);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 30)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Svg_IsWellFormed_AndDrawsEveryEventBelowTheEventsItCites(int seed)
    {
        var picture = RandomPicture(seed, 3 + seed % 12).Normalised();
        var svg = XDocument.Parse(EventGraphDrawing.ToSvg(picture));

        var boxes = svg.Root!.Elements(Svg + "g").ToDictionary(
            g => g.Element(Svg + "title")!.Value.Split(" — ")[0],
            g => int.Parse(g.Element(Svg + "rect")!.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(picture.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal), boxes.Keys.Order(StringComparer.Ordinal));
        foreach (var edge in picture.Edges) Assert.True(boxes[edge.From] > boxes[edge.To], $"seed {seed}: {edge.From} is drawn at {boxes[edge.From]}, not below {edge.To} at {boxes[edge.To]}");
        var drawn = svg.Root.Elements().Where(e => e.Name == Svg + "line" || e.Name == Svg + "path").ToList();
        Assert.Equal(picture.Edges.Length, drawn.Count);
        Assert.Equal(picture.Edges.Count(e => e.Kind == EventEdgeKind.Auth), drawn.Count(l => l.Attribute("stroke-dasharray") is not null));
        Assert.Equal(picture.Edges.Length, svg.Root.Elements(Svg + "polygon").Count());
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "image" or "use" or "foreignObject" || e.Attributes().Any(a => a.Name.LocalName == "href"));
    }

    [Fact]
    public void DotAndMermaid_NameEveryEventAndReference()
    {
        var picture = new EventGraphPicture("small",
            [new EventNode("$a", ["create"], EventNodeStatus.Accepted), new EventNode("$b", ["join"], EventNodeStatus.Rejected, Focus: true), new EventNode("$c", ["message"], EventNodeStatus.Missing)],
            [new EventEdge("$b", "$a", EventEdgeKind.Prev), new EventEdge("$b", "$a", EventEdgeKind.Auth), new EventEdge("$c", "$b", EventEdgeKind.Prev)]);

        var dot = EventGraphDrawing.ToDot(picture);
        Assert.Contains("rankdir=BT;", dot, StringComparison.Ordinal);
        Assert.Contains("\"$b\" -> \"$a\";\n", dot, StringComparison.Ordinal);
        Assert.Contains("\"$b\" -> \"$a\" [style=dashed", dot, StringComparison.Ordinal);
        Assert.Contains("\"$c\" -> \"$b\";\n", dot, StringComparison.Ordinal);
        Assert.Contains("\"$b\" [label=\"join\", fillcolor=\"#fdecea\", color=\"#b3261e\", penwidth=3];", dot, StringComparison.Ordinal);
        Assert.Contains("style=\"rounded,dashed\"", dot, StringComparison.Ordinal);

        var mermaid = EventGraphDrawing.ToMermaid(picture);
        Assert.StartsWith("flowchart BT\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  e1 --> e0\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  e1 -.-> e0\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  e2 --> e1\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  class e1 rejected\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  class e1 focus\n", mermaid, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Drawings_DoNotDependOnTheOrderThePictureWasBuiltIn(int seed)
    {
        var picture = RandomPicture(seed, 10);
        var shuffled = picture with { Nodes = [.. picture.Nodes.Reverse()], Edges = [.. picture.Edges.Reverse().Concat(picture.Edges.Take(2))] };
        Assert.Equal(EventGraphDrawing.ToSvg(picture), EventGraphDrawing.ToSvg(shuffled));
        Assert.Equal(EventGraphDrawing.ToDot(picture), EventGraphDrawing.ToDot(shuffled));
        Assert.Equal(EventGraphDrawing.ToMermaid(picture), EventGraphDrawing.ToMermaid(shuffled));
    }

    [Fact]
    public void LabelsHoldingMarkup_StayText_InEveryLanguage()
    {
        const string Hostile = "<b>\"x\" & 'y'</b> ]) --> #1\\n";
        var picture = new EventGraphPicture(Hostile, [new EventNode("$\"a", [Hostile, Hostile], EventNodeStatus.Accepted)], []);

        var svg = XDocument.Parse(EventGraphDrawing.ToSvg(picture));
        Assert.Equal(Hostile, svg.Root!.Element(Svg + "title")!.Value);
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "b");

        var dot = EventGraphDrawing.ToDot(picture);
        Assert.Contains("\"$\\\"a\" [label=\"<b>\\\"x\\\" & 'y'</b> ]) --> #1\\\\n\\n<b>", dot, StringComparison.Ordinal);

        var mermaid = EventGraphDrawing.ToMermaid(picture);
        var label = mermaid.Split('\n').Single(l => l.StartsWith("  e0[", StringComparison.Ordinal));
        Assert.Equal(2, label.Count(c => c == '"'));
        Assert.DoesNotContain("<b>", label, StringComparison.Ordinal);
    }

    [Fact]
    public void Neighbourhood_ShowsHistory_AuthEvents_Followers_AndWhatIsNotHeld()
    {
        var events = new[]
        {
            Event("$create", "m.room.create", "", [], []),
            Event("$join", "m.room.member", "@alice:x", ["$create"], ["$create"]),
            Event("$levels", "m.room.power_levels", "", ["$join"], ["$create", "$join"]),
            Event("$one", "m.room.message", null, ["$levels", "$lost"], ["$create", "$levels", "$join"]),
            Event("$focus", "m.room.message", null, ["$one"], ["$create", "$levels", "$join"]),
            Event("$after", "m.room.message", null, ["$focus"], ["$create", "$levels", "$join"]),
        }.ToDictionary(e => e.EventId.Value, StringComparer.Ordinal);

        var picture = EventNeighbourhood.Around(id => events.GetValueOrDefault(id), id => id == "$one" ? EventNodeStatus.Rejected : EventNodeStatus.Accepted,
            "$focus", id => id == "$focus" ? ["$after"] : []);

        Assert.Equal(["$after", "$create", "$focus", "$join", "$levels", "$lost", "$one"], picture.Nodes.Select(n => n.Id));
        Assert.Equal("$focus", picture.Nodes.Single(n => n.Focus).Id);
        Assert.Equal(EventNodeStatus.Missing, picture.Nodes.Single(n => n.Id == "$lost").Status);
        Assert.Equal(EventNodeStatus.Rejected, picture.Nodes.Single(n => n.Id == "$one").Status);
        Assert.Equal(["message", "$focus by @alice:x"], picture.Nodes.Single(n => n.Id == "$focus").Label);
        Assert.Equal(
            ["$after>$focus Prev", "$focus>$create Auth", "$focus>$join Auth", "$focus>$levels Auth", "$focus>$one Prev", "$join>$create Prev", "$levels>$join Prev", "$one>$levels Prev", "$one>$lost Prev"],
            picture.Edges.Select(e => e.From + ">" + e.To + " " + e.Kind));
    }

    private static Pdu Event(string id, string type, string? stateKey, string[] prev, string[] auth)
    {
        var json = JsonValue.Object(
            ("event_id", JsonValue.String(id)), ("room_id", JsonValue.String("!room:x")), ("type", JsonValue.String(type)),
            ("sender", JsonValue.String("@alice:x")), ("content", type == "m.room.member" ? JsonValue.Object(("membership", JsonValue.String("join"))) : JsonObject.Empty),
            ("depth", JsonValue.Number(1)), ("origin_server_ts", JsonValue.Number(1)),
            ("prev_events", JsonValue.Array(prev.Select(p => (JsonValue)JsonValue.String(p)))), ("auth_events", JsonValue.Array(auth.Select(a => (JsonValue)JsonValue.String(a)))));
        if (stateKey is not null) json = json.With("state_key", JsonValue.String(stateKey));
        return PduParser.Parse(json, EventFormat.V4, PduParseOptions.TestInput).Value;
    }
}
