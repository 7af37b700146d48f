using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using Xunit;
using static InviteJoin.Reference.Tests.StateRes.RoomScript;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The two orderings of state resolution v2 (spec v1.19, rooms v2 "Reverse topological power ordering" and
/// "Mainline ordering") and the event-ID order of their last tie-break.
/// </summary>
public sealed class OrderingTests
{
    private static RoomScript Script()
    {
        var script = new RoomScript(RoomVersion.V10);
        script.Create();
        script.Join("ma", Alice, ["create"], 2);
        script.Topic("t_early", Alice, "before any power levels", ["ma"], 3);
        script.PowerLevels("pl0", Alice, [(Alice, 100), (Bob, 50)], ["t_early"], 4);
        script.JoinRules("jr", Alice, "public", ["pl0"], 5);
        script.Join("mb", Bob, ["jr"], 6);
        script.PowerLevels("pl1", Alice, [(Alice, 100), (Bob, 60)], ["mb"], 7);
        return script;
    }

    private static string[] Names(EventGraph graph, RoomScript script, int[] vertices) =>
        vertices.Select(v => graph.EventAt(v).EventId.Value.TrimStart('$')).ToArray();

    [Fact]
    [Trait("token", "stateres.power_ordering")]
    public void PowerOrdering_PutsAuthAncestorsFirst_ThenGreaterPower_ThenEarlierTimestamp_ThenSmallerId()
    {
        var script = Script();
        script.Member("kick_b", Alice, Bob, "leave", ["pl1"], 20);                   // Alice 100, ts 20
        script.Member("kick_a", Alice, Bob, "ban", ["pl1"], 20);                     // Alice 100, ts 20: ID decides
        script.PowerLevels("bob_pl", Bob, [(Alice, 100), (Bob, 60)], ["pl1"], 10);   // Bob 60, earliest
        var graph = script.Graph();
        int[] set = [.. new[] { "kick_b", "bob_pl", "pl1", "kick_a", "pl0" }.Select(n => graph.VertexOf(script.Room.Id(n)))];

        var sorted = PowerOrdering.Sort(graph, set);

        Assert.Equal(["pl0", "pl1", "kick_a", "kick_b", "bob_pl"], Names(graph, script, sorted));
    }

    [Fact]
    [Trait("token", "stateres.mainline_position")]
    [Trait("token", "stateres.mainline_ordering")]
    public void MainlineOrdering_PutsEventsWithoutPowerLevelsFirst_ThenOlderEpochs_ThenTimestamp()
    {
        var script = Script();
        script.Topic("t_new_late", Alice, "x", ["pl1"], 30);       // cites pl1: position 0
        script.Topic("t_new_early", Alice, "y", ["pl1"], 10);      // cites pl1: position 0, earlier
        script.Topic("t_old", Alice, "z", ["mb"], 40);             // cites pl0: position 1
        var graph = script.Graph();
        int[] set = [.. new[] { "t_new_late", "t_old", "t_early", "t_new_early" }.Select(n => graph.VertexOf(script.Room.Id(n)))];

        var sorted = MainlineOrdering.Sort(graph, set, graph.VertexOf(script.Room.Id("pl1")));
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
