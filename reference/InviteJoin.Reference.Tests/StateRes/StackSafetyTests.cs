using InviteJoin.Generators.Events;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Every graph algorithm of state resolution is iterative: a linear chain of 100,000 events (each citing the
/// one before as prev and auth event) must build, walk and sort without overflowing the stack, in seconds.
/// </summary>
public sealed class StackSafetyTests
{
    private const int Length = 100_000;

    // Built once for the class: parsing 100,000 events is the slow part.
    private static readonly Lazy<(EventWriter Room, ImmutableArray<Pdu> Events, EventGraph Graph)> Chain = new(() =>
    {
        var room = new EventWriter(RoomVersion.V12, TestServers.Home);
        var events = room.Chain(Length, TestUsers.Alice);
        return (room, events, EventGraph.Build(events, RoomVersion.V12).Value);
    });

    [Fact]
    public void HundredThousandChain_BuildsAndOrdersTopologically()
    {
        var (room, events, graph) = Chain.Value;

        var order = graph.TopologicalOrder();

        Assert.Equal(Length, graph.Count);
        Assert.Equal(events.Select(e => e.EventId), order);
    }

    [Fact]
    public void HundredThousandChain_AuthChainOfTheTipIsEveryOtherEvent()
    {
        var (room, events, graph) = Chain.Value;

        var chain = AuthChains.Of(graph, events[^1].EventId).Value;

        Assert.Equal(Length - 1, chain.Count);
        Assert.DoesNotContain(events[^1].EventId, chain);
    }

    [Fact]
    public void HundredThousandChain_ConflictedSubgraphBetweenEndsIsTheWholeChain()
    {
        var (_, events, graph) = Chain.Value;

        var subgraph = AuthChains.ConflictedSubgraph(graph, [events[1].EventId, events[^1].EventId]).Value;
        var difference = AuthChains.Difference(graph, [[events[1].EventId], [events[^1].EventId]]).Value;

        Assert.Equal(Length - 1, subgraph.Count);
        Assert.Equal(Length - 2, difference.Count);
    }

    [Fact]
    public void HundredThousandChain_TieBrokenKahnSortKeepsTheChainOrder()
    {
        var (_, events, graph) = Chain.Value;
        var all = Enumerable.Range(0, graph.Count).ToArray();
        // The order prefers larger vertex numbers, so only the auth edges keep the chain in order.
        var reversed = Comparer<int>.Create((x, y) => y.CompareTo(x));

        var sorted = TopologicalOrdering.Sort(graph, all, reversed);

        Assert.Equal(events.Select(e => e.EventId), sorted.Select(v => graph.EventAt(v).EventId));
    }

    [Fact]
    public void HundredThousandCycle_IsNamedErrorWithoutOverflow()
    {
        var room = new EventWriter(RoomVersion.V10, TestServers.Home);
        var events = room.Chain(Length, TestUsers.Alice).ToBuilder();
        // Close the chain into a ring: the create event's successor now also cites the tip.
        var first = events[1];
        events[1] = room.Event("e1", "m.room.topic", "", TestUsers.Alice, first.Content, ["create", "e" + (Length - 1)], ["create"], 1);

        var failure = EventGraph.Build(events, RoomVersion.V10).Failure!;

        Assert.Equal("stateres.cycle", failure.Token);
    }
}
