using InviteJoin.Cli.Commands;
using InviteJoin.Diagrams;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The event graphs explore draws of a simulated federation: one box per server and room, Byzantine and faulty servers
/// set apart from honest ones, and every event an honest server rejected or soft-failed marked with its status and rule.
/// </summary>
public sealed class ExplorePicturesTests
{
    // A Byzantine b.test sends a knock that no join rule allows; a.test, running the reference, rejects it on receipt.
    private static World RejectedKnock(string? fault)
    {
        var config = new SimConfig
        {
            Servers = 2,
            Version = RoomVersionRegistry.Lookup("10").Value,
            JoinRule = "invite",
            Byzantine = System.Collections.Immutable.ImmutableSortedDictionary<int, Adversary>.Empty.Add(1, Adversary.FailingEvents),
            Fault = fault,
            Faulty = fault is null ? [] : [0],
        };
        // A Byzantine turn: the user (0) and room (main) of b = 0, the fifth of the fourteen probes (a knock under any join
        // rule) of c = 4 + 14, which probes at once rather than joining first (an odd c / 14); then quiescence delivers it.
        var run = Runner.Run(new Schedule(config, [new StepChoice((int)StepKind.Byzantine, 0, 0, 4 + 14)]));
        Assert.Contains(run.World.Servers[0].Room(run.World.MainRoom)!.Held.Values, h => h.Pdu.Membership == "knock");
        return run.World;
    }

    [Fact]
    public void RejectedEvents_AreMarkedWithTheirRule_InBothLanguages()
    {
        var servers = ExplorePictures.Servers(RejectedKnock(fault: null));
        var mermaid = EventGraphDiagrams.Render(servers, DiagramFormat.Mermaid, "a knock rejected");
        var dot = EventGraphDiagrams.Render(servers, DiagramFormat.Dot, "a knock rejected");

        Assert.Matches("""\n    (s0r0e\d+)\["\$\S+ ben: knock ✗ rejected: member\.knock\.[a-z_.]+"\]\n""", mermaid);
        var node = System.Text.RegularExpressions.Regex.Match(mermaid, """(s0r0e\d+)\["\$\S+ ben: knock""").Groups[1].Value;
        Assert.Contains($"\n  class {node} rejected\n", mermaid, StringComparison.Ordinal);
        Assert.Matches($"""\n    {node} \[label="\$\S+ ben: knock ✗ rejected: member\.knock\.[a-z_.]+", fillcolor="#ffdddd", color="#cc0000", penwidth=2\];\n""", dot);
    }

    [Fact]
    public void ByzantineAndFaultyServers_AreDrawnApartFromHonestOnes()
    {
        var servers = ExplorePictures.Servers(RejectedKnock(fault: "knock-under-any-join-rule"));
        var mermaid = EventGraphDiagrams.Render(servers, DiagramFormat.Mermaid, "a knock accepted by a faulty server");
        var dot = EventGraphDiagrams.Render(servers, DiagramFormat.Dot, "a knock accepted by a faulty server");

        // a.test runs the planted fault and accepts the knock: no mark on it. b.test, which holds no room, still has its box.
        Assert.Contains("subgraph s0r0[\"a.test (faulty: knock-under-any-join-rule) · main room ", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("✗ rejected", mermaid, StringComparison.Ordinal);
        Assert.Contains("subgraph s1[\"b.test (byzantine: failing-events)\"]\n    s1none[\"holds no room\"]\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("\n  style s0r0 fill:#fff8e0,stroke:#d80,stroke-width:3px\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("\n  style s1 fill:#fff0f0,stroke:#c00,stroke-width:3px\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("subgraph cluster_s1 {\n    label=\"b.test (byzantine: failing-events)\";\n    style=\"filled,bold\"; color=\"#cc0000\";", dot, StringComparison.Ordinal);

        // The same world draws the same text.
        Assert.Equal(mermaid, EventGraphDiagrams.Render(ExplorePictures.Servers(RejectedKnock(fault: "knock-under-any-join-rule")), DiagramFormat.Mermaid, "a knock accepted by a faulty server"));
    }
}
