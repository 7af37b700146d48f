using InviteJoin.Reference.StateRes;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The state before each event of a history (spec v1.19, rooms v2 "State resolution": the resolution of
/// the states after its prev events; the state after a state event holds it at its key; a rejected event
/// changes nothing).
/// </summary>
public sealed class RoomStatesTests
{
    private static RoomBuilder Script()
    {
        var script = RoomBuilder.Create(RoomVersion.V10, joinCreator: false, at: 1);
        script = script.Named("ma").Following("create").At(2).Join(Alice);
        script = script.Named("pl0").Following("ma").At(3).PowerLevels(Alice, [(Alice, 100), (Bob, 50)]);
        script = script.Named("jr").Following("pl0").At(4).JoinRule(Alice, "public");
        script = script.Named("mb").Following("jr").At(5).Join(Bob);
        return script;
    }

    [Fact]
    [Trait("token", "stateres.state_before")]
    [Trait("token", "stateres.state_after")]
    public void LinearHistory_StateBeforeEachEventIsTheStateAfterTheOneBefore()
    {
        var script = Script();
        var graph = EventGraph.Build(script.Events, script.Version, EventGraphOptions.WholeHistory).Value;

        var before = RoomStates.Before(graph).Value;

        Assert.Empty(before[script.Id("create")]);
        Assert.Equal(script.StateIdsAfter("jr"), before[script.Id("mb")]);
        Assert.Equal(script.StateIdsAfter("ma"), before[script.Id("pl0")]);
    }

    [Fact]
    [Trait("token", "stateres.state_before")]
    public void MergeEvent_SeesTheResolutionOfItsPrevEventsStates()
    {
        var script = Script();
        script = script.Named("ta").Following("mb").At(6).Topic(Alice, "a");
        script = script.Named("tb").Following("mb").At(7).Topic(Bob, "b");
        script = script.Named("merge").Following("ta", "tb").At(8).Send("m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))));
        var graph = EventGraph.Build(script.Events, script.Version, EventGraphOptions.WholeHistory).Value;

        var before = RoomStates.Before(graph).Value[script.Id("merge")];

        var expected = StateResolver.Resolve(graph, [script.StateIdsAfter("ta"), script.StateIdsAfter("tb")]).Value;
        Assert.Equal(expected, before);
        // Topics are not power events: both cite the same power levels, so the mainline ties, the earlier
        // timestamp is applied first, and the later topic is what remains.
        Assert.Equal(script.Id("tb"), before[new StateKey("m.room.topic", "")]);
    }

    [Fact]
    [Trait("token", "stateres.state_after")]
    public void RejectedStateEvent_LeavesTheStateAfterItUnchanged()
    {
        var script = Script();
        script = script.Named("t").Following("mb").At(6).Topic(Bob, "b");
        script = script.Named("next").Following("t").At(7).Send("m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))));
        var graph = EventGraph.Build(script.Events, script.Version, EventGraphOptions.WholeHistory).Value;

        var before = RoomStates.Before(graph, AuthContext.Default.WithRejected([script.IdText("t")])).Value;

        Assert.Equal(script.StateIdsAfter("mb"), before[script.Id("next")]);
    }

    [Fact]
    public void HistoryWithoutEveryPrevEvent_IsNamedError()
    {
        // Bob's join is left out; the topic after it names it only as a prev event, so the graph itself is valid.
        var script = Script();
        script = script.Named("late").Following("mb").At(6).Topic(Alice, "x");
        var events = script.Events.Where(e => e.EventId != script.Id("mb")).ToList();
        var graph = EventGraph.Build(events, script.Version).Value;

        Assert.Equal("stateres.missing_event", RoomStates.Before(graph).Failure!.Token);
    }
}
