using InviteJoin.Reference.StateRes;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The two orderings of state resolution v2 (spec v1.19, rooms v2 "Reverse topological power ordering" and
/// "Mainline ordering") and the event-ID order of their last tie-break.
/// </summary>
public sealed class OrderingTests
{
    private static RoomBuilder Script()
    {
        var script = RoomBuilder.Create(RoomVersion.V10, joinCreator: false, at: 1);
        script = script.Named("ma").Following("create").At(2).Join(Alice);
        script = script.Named("t_early").Following("ma").At(3).Topic(Alice, "before any power levels");
        script = script.Named("pl0").Following("t_early").At(4).PowerLevels(Alice, [(Alice, 100), (Bob, 50)]);
        script = script.Named("jr").Following("pl0").At(5).JoinRule(Alice, "public");
        script = script.Named("mb").Following("jr").At(6).Join(Bob);
        script = script.Named("pl1").Following("mb").At(7).PowerLevels(Alice, [(Alice, 100), (Bob, 60)]);
        return script;
    }

    private static string[] Names(EventGraph graph, RoomBuilder script, int[] vertices) =>
        vertices.Select(v => graph.EventAt(v).EventId.Value.TrimStart('$')).ToArray();

    [Fact]
    [Trait("token", "stateres.power_ordering")]
    public void PowerOrdering_PutsAuthAncestorsFirst_ThenGreaterPower_ThenEarlierTimestamp_ThenSmallerId()
    {
        var script = Script();
        script = script.Named("kick_b").Following("pl1").At(20).SetMembership(Alice, Bob, "leave");  // Alice 100, ts 20
        script = script.Named("kick_a").Following("pl1").At(20).SetMembership(Alice, Bob, "ban");  // Alice 100, ts 20: ID decides
        script = script.Named("bob_pl").Following("pl1").At(10).PowerLevels(Bob, [(Alice, 100), (Bob, 60)]);  // Bob 60, earliest
        var graph = script.Graph();
        int[] set = [.. new[] { "kick_b", "bob_pl", "pl1", "kick_a", "pl0" }.Select(n => graph.VertexOf(script.Id(n)))];

        var sorted = PowerOrdering.Sort(graph, set);

        Assert.Equal(["pl0", "pl1", "kick_a", "kick_b", "bob_pl"], Names(graph, script, sorted));
    }

    [Fact]
    [Trait("token", "stateres.mainline_position")]
    [Trait("token", "stateres.mainline_ordering")]
    public void MainlineOrdering_PutsEventsWithoutPowerLevelsFirst_ThenOlderEpochs_ThenTimestamp()
    {
        var script = Script();
        script = script.Named("t_new_late").Following("pl1").At(30).Topic(Alice, "x");  // cites pl1: position 0
        script = script.Named("t_new_early").Following("pl1").At(10).Topic(Alice, "y");  // cites pl1: position 0, earlier
        script = script.Named("t_old").Following("mb").At(40).Topic(Alice, "z");  // cites pl0: position 1
        var graph = script.Graph();
        int[] set = [.. new[] { "t_new_late", "t_old", "t_early", "t_new_early" }.Select(n => graph.VertexOf(script.Id(n)))];

        var sorted = MainlineOrdering.Sort(graph, set, graph.VertexOf(script.Id("pl1")));
        var noPowerLevels = MainlineOrdering.Sort(graph, set, -1);

        Assert.Equal(["t_early", "t_old", "t_new_early", "t_new_late"], Names(graph, script, sorted));
        Assert.Equal(["t_early", "t_new_early", "t_new_late", "t_old"], Names(graph, script, noPowerLevels)); // by timestamp only
    }

    [Fact]
    [Trait("token", "stateres.event_id_order")]
    public void EventIdOrder_IsCodePointOrder()
    {
        var supplementary = EventId.Parse("$a\U0001F600", EventIdFormat.TestName).Value;
        var highBmp = EventId.Parse("$a\uFFFD", EventIdFormat.TestName).Value;
        var ascii = EventId.Parse("$ab", EventIdFormat.TestName).Value;

        Assert.True(EventIdOrder.Instance.Compare(highBmp, supplementary) < 0); // UTF-16 ordinal order says the opposite
        Assert.True(EventIdOrder.Instance.Compare(ascii, highBmp) < 0);
        Assert.True(EventIdOrder.Instance.Compare(ascii, EventId.Parse("$abc", EventIdFormat.TestName).Value) < 0);
        Assert.Equal(0, EventIdOrder.Instance.Compare(ascii, EventId.Parse("$ab", EventIdFormat.TestName).Value));
    }
}
