using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using Xunit;
using static InviteJoin.Reference.Tests.StateRes.RoomScript;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The state before each event of a history (spec v1.19, rooms v2 "State resolution": the resolution of
/// the states after its prev events; the state after a state event holds it at its key; a rejected event
/// changes nothing).
/// </summary>
public sealed class RoomStatesTests
{
    private static RoomScript Script()
    {
        var script = new RoomScript(RoomVersion.V10);
        script.Create();
        script.Join("ma", Alice, ["create"], 2);
        script.PowerLevels("pl0", Alice, [(Alice, 100), (Bob, 50)], ["ma"], 3);
        script.JoinRules("jr", Alice, "public", ["pl0"], 4);
        script.Join("mb", Bob, ["jr"], 5);
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

        Assert.Empty(before[script.Room.Id("create")]);
        Assert.Equal(script.After("jr"), before[script.Room.Id("mb")]);
        Assert.Equal(script.After("ma"), before[script.Room.Id("pl0")]);
    }

    [Fact]
    [Trait("token", "stateres.state_before")]
    public void MergeEvent_SeesTheResolutionOfItsPrevEventsStates()
    {
        var script = Script();
        script.Topic("ta", Alice, "a", ["mb"], 6);
        script.Topic("tb", Bob, "b", ["mb"], 7);
        script.Send("merge", "m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))), ["ta", "tb"], 8);
        var graph = EventGraph.Build(script.Events, script.Version, EventGraphOptions.WholeHistory).Value;

        var before = RoomStates.Before(graph).Value[script.Room.Id("merge")];

        var expected = StateResolver.Resolve(graph, [script.After("ta"), script.After("tb")]).Value;
        Assert.Equal(expected, before);
        // Topics are not power events: both cite the same power levels, so the mainline ties, the earlier
        // timestamp is applied first, and the later topic is what remains.
        Assert.Equal(script.Room.Id("tb"), before[new StateKey("m.room.topic", "")]);
    }

    [Fact]
    [Trait("token", "stateres.state_after")]
    public void RejectedStateEvent_LeavesTheStateAfterItUnchanged()
    {
        var script = Script();
        script.Topic("t", Bob, "b", ["mb"], 6);
        script.Send("next", "m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))), ["t"], 7);
        var graph = EventGraph.Build(script.Events, script.Version, EventGraphOptions.WholeHistory).Value;

        var before = RoomStates.Before(graph, AuthContext.Default.WithRejected([script.Room.IdText("t")])).Value;

        Assert.Equal(script.After("mb"), before[script.Room.Id("next")]);
    }

    [Fact]
    public void HistoryWithoutEveryPrevEvent_IsNamedError()
    {
        // Bob's join is left out; the topic after it names it only as a prev event, so the graph itself is valid.
        var script = Script();
        script.Topic("late", Alice, "x", ["mb"], 6);
        var events = script.Events.Where(e => e.EventId != script.Room.Id("mb")).ToList();
        var graph = EventGraph.Build(events, script.Version).Value;

        Assert.Equal("stateres.missing_event", RoomStates.Before(graph).Failure!.Token);
    }
}
