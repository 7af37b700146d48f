using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using Xunit;
using static InviteJoin.Reference.Tests.StateRes.RoomScript;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Purpose-built state-resolution cases the published scenarios do not cover (spec v1.19, rooms v2 "State
/// resolution" and "Rejected events"; rooms v12; rooms v1): the power ordering reads the sender's power
/// level before the timestamp, the auth difference spans every state set, and rejected events are treated
/// by kind. Each names the bug kind (spec/historical-bugs.md) it catches.
/// </summary>
public sealed class StateResolverTests
{
    private static readonly StateKey TopicKey = new("m.room.topic", "");

    // create, Alice's join, power levels (Alice 100, Bob 50 in versions 1–11; Bob 100 and Alice the creator in 12),
    // public join rules, Bob's and Charlie's joins.
    private static RoomScript Base(RoomVersion version, long bobLevel = 50)
    {
        var script = new RoomScript(version);
        script.Create();
        script.Join("ma", Alice, ["create"], 2);
        script.PowerLevels("pl0", Alice, version.PrivilegedCreators ? [(Bob, bobLevel)] : [(Alice, 100), (Bob, bobLevel)], ["ma"], 3);
        script.JoinRules("jr", Alice, "public", ["pl0"], 4);
        script.Join("mb", Bob, ["jr"], 5);
        script.Join("mc", Charlie, ["mb"], 6);
        return script;
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Resolve(RoomScript script, ImmutableSortedDictionary<StateKey, EventId>[] sets, params string[] rejected)
    {
        var result = StateResolver.Resolve(script.Version, sets, script.Events, rejected.Select(script.Room.Id));
        Assert.True(result.IsOk, result.Failure?.ToString());
        return result.Value;
    }

    [Theory]
    [Trait("token", "stateres.power_event")]
    [Trait("token", "stateres.sort_power_events")]
    [Trait("token", "stateres.power_ordering")]
    [Trait("token", "stateres.resolve_power_events.from_unconflicted")]
    [Trait("token", "stateres.resolve_power_events.from_empty")]
    [InlineData("10")]
    [InlineData("12")]
    public void PowerOrdering_HigherPoweredSenderGoesFirst_EvenWithTheLaterTimestamp(string versionId)
    {
        // Bob kicks Charlie at ts 10; concurrently Alice demotes Bob to 0 at ts 20. Alice's level (100, or
        // infinite as the room version 12 creator, against Bob's 100) puts her demotion first, so the kick then
        // fails. Ordering by timestamp or by event ID alone ($a_kick < $z_demote) applies the kick first (B6).
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var script = Base(version, bobLevel: version.PrivilegedCreators ? 100 : 50);
        script.Member("a_kick", Bob, Charlie, "leave", ["mc"], 10);
        script.PowerLevels("z_demote", Alice, version.PrivilegedCreators ? [(Bob, 0)] : [(Alice, 100), (Bob, 0)], ["mc"], 20);

        var resolved = Resolve(script, [script.After("a_kick"), script.After("z_demote")]);

        Assert.Equal(script.Room.Id("z_demote"), resolved[StateKey.PowerLevels]);
        Assert.Equal(script.Room.Id("mc"), resolved[StateKey.Member(Charlie)]);
    }

    [Fact]
    [Trait("token", "stateres.sender_power_level")]
    public void PowerOrdering_SenderLevelIsReadFromTheEventsOwnAuthEvents()
    {
        var script = Base(RoomVersion.V10);
        script.Member("a_kick", Bob, Charlie, "leave", ["mc"], 10);
        var graph = script.Graph();

        Assert.Equal(PowerLevel.Of(50), PowerEvents.SenderPowerLevel(graph, script.Room.Id("a_kick")));
        Assert.Equal(PowerLevel.Of(100), PowerEvents.SenderPowerLevel(graph, script.Room.Id("pl0")));  // the creator, no power levels cited
        Assert.Equal(PowerLevel.Of(0), PowerEvents.SenderPowerLevel(graph, script.Room.Id("mc")));
    }

    [Fact]
    [Trait("token", "stateres.auth_difference")]
    [Trait("token", "stateres.full_conflicted_set")]
    [Trait("token", "stateres.sort_other_events")]
    [Trait("token", "stateres.resolve_other_events")]
    public void AuthDifference_OverThreeStateSets_ReplaysEventsMissingFromOnlyOneChain()
    {
        // Alice promotes Bob (pl1), Bob promotes Charlie (pl2), Charlie adds Dave (pl3); Charlie also sets a
        // topic citing pl2. The sets hold pl3; pl0; and pl0 with the topic. pl1 and pl2 are in the first and
        // third chains but not the second, so they are in the auth difference and replayed, and Charlie's
        // events stand. Taking "first chain ∩ union of the others" as common (B7) leaves them out: pl3 and the
        // topic then fail and the power levels reset to pl0.
        var script = Base(RoomVersion.V10, bobLevel: 0);
        script.PowerLevels("pl1", Alice, [(Alice, 100), (Bob, 50)], ["mc"], 7);
        script.PowerLevels("pl2", Bob, [(Alice, 100), (Bob, 50), (Charlie, 50)], ["pl1"], 8);
        script.PowerLevels("pl3", Charlie, [(Alice, 100), (Bob, 50), (Charlie, 50), (Dave, 10)], ["pl2"], 9);
        script.Topic("t", Charlie, "hello", ["pl2"], 10);
        var withTopic = script.After("mc", (TopicKey, "t"));

        var resolved = Resolve(script, [script.After("pl3"), script.After("mc"), withTopic]);

        Assert.Equal(script.Room.Id("pl3"), resolved[StateKey.PowerLevels]);
        Assert.Equal(script.Room.Id("t"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.auth_difference")]
    public void AuthDifference_OverThreeStateSets_DoesNotDependOnTheirOrder()
    {
        var script = Base(RoomVersion.V10, bobLevel: 0);
        script.PowerLevels("pl1", Alice, [(Alice, 100), (Bob, 50)], ["mc"], 7);
        script.PowerLevels("pl2", Bob, [(Alice, 100), (Bob, 50), (Charlie, 50)], ["pl1"], 8);
        script.PowerLevels("pl3", Charlie, [(Alice, 100), (Bob, 50), (Charlie, 50), (Dave, 10)], ["pl2"], 9);
        script.Topic("t", Charlie, "hello", ["pl2"], 10);
        ImmutableSortedDictionary<StateKey, EventId>[] sets = [script.After("pl3"), script.After("mc"), script.After("mc", (TopicKey, "t"))];

        var expected = Resolve(script, sets);

        foreach (var order in new[] { new[] { 1, 0, 2 }, [2, 1, 0], [1, 2, 0], [0, 2, 1], [2, 0, 1] })
        {
            Assert.Equal(expected, Resolve(script, order.Select(i => sets[i]).ToArray()));
        }
    }

    [Fact]
    [Trait("token", "stateres.rejected.against_state")]
    public void EventRejectedOnlyAgainstTheStateBeforeIt_IsReCheckedAndMayEnter()
    {
        // Bob's topic passes against its own auth events (Bob has 50); it is listed as rejected, as a server
        // given a wrong state on joining might have done. The spec re-checks such events: it enters. Skipping
        // every rejected event (Synapse's behaviour, element-hq/synapse issue 13797) would drop it.
        var script = Base(RoomVersion.V10);
        script.Topic("t", Bob, "hello", ["mc"], 7);

        var resolved = Resolve(script, [script.After("t"), script.After("mc")], "t");

        Assert.Equal(script.Room.Id("t"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.rejected.against_auth_events")]
    public void EventRejectedAgainstItsOwnAuthEvents_NeverEnters()
    {
        // Bob was banned then unbanned (left). A join of Bob's citing the ban fails its own auth events and was
        // rejected; his topic cites that join. The sets agree Bob has left; the second also holds the topic.
        // The join reaches the full conflicted set through the auth difference but must never enter: the topic
        // then fails (Bob is not joined). Re-checking the join against the partial state (where Bob has left
        // and the room is public) would let it and the topic in.
        var script = Base(RoomVersion.V10);
        script.Member("ban", Alice, Bob, "ban", ["mc"], 7);
        script.Member("unban", Alice, Bob, "leave", ["ban"], 8);
        script.Join("jhard", Bob, ["ban"], 9);
        script.Topic("d", Bob, "hello", ["jhard"], 10);

        var resolved = Resolve(script, [script.After("unban"), script.After("unban", (TopicKey, "d"))], "jhard");

        Assert.False(resolved.ContainsKey(TopicKey));
        Assert.Equal(script.Room.Id("unban"), resolved[StateKey.Member(Bob)]);
        Assert.Equal(script.After("unban"), resolved);
    }

    [Fact]
    [Trait("token", "stateres.rejected.never_auth_event")]
    public void RejectedAuthEvent_IsNeverUsedForAMissingKey()
    {
        // Dave's topic cites his join; the partial state lacks Dave's membership. When the join was rejected on
        // receipt it may not stand in (B5), whatever kind of rejection it was; when it was accepted, it does.
        // (The published gomatrixserverlib state_reset_with_rejected_join case shows the whole resolution.)
        var script = Base(RoomVersion.V10);
        script.Join("md", Dave, ["mc"], 7);
        script.Topic("d", Dave, "hello", ["md"], 8, auth: ["create", "pl0", "md"]);
        var graph = script.Graph();
        var rejected = RejectedEvents.Classify(graph, AuthContext.Default.WithRejected([script.Room.IdText("md")]));
        var state = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
        foreach (var (key, id) in script.After("mc")) state[key] = graph.VertexOf(id);

        var auth = IterativeAuthChecks.StateFor(graph, graph.VertexOf(script.Room.Id("d")), state, rejected);
        var accepted = IterativeAuthChecks.StateFor(graph, graph.VertexOf(script.Room.Id("d")), state,
            RejectedEvents.Classify(graph, AuthContext.Default));

        Assert.Null(auth.Member(Dave));
        Assert.Equal(script.Room.Id("md"), accepted.Member(Dave)!.EventId);
    }

    [Fact]
    [Trait("token", "stateres.iterative_auth_checks")]
    [Trait("token", "stateres.iterative_auth_checks.auth_event_stand_in")]
    public void MissingKey_FallsBackToTheEventsOwnAuthEvent()
    {
        // Bob's display-name change (join → join) cites his join; the partial state lacks Bob. With the
        // fallback the change is allowed; without it (B4) it reads as a join by a stranger and, under the
        // invite rule, fails. (The published gomatrixserverlib state_reset case is the full version.)
        var script = Base(RoomVersion.V10);
        script.JoinRules("jri", Alice, "invite", ["mc"], 7);
        script.Join("rename", Bob, ["jri"], 8);
        var withoutBob = script.After("jri", (StateKey.Member(Bob), null));

        var resolved = Resolve(script, [withoutBob, script.After("rename")]);

        Assert.Equal(script.Room.Id("rename"), resolved[StateKey.Member(Bob)]);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    [Trait("token", "stateres.rejected.against_auth_events")]
    public void StateSetHoldingAnEventRejectedAgainstItsAuthEvents_WithStrictInput_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        script.Member("ban", Alice, Bob, "ban", ["mc"], 7);
        script.Join("jhard", Bob, ["ban"], 8);
        var graph = script.Graph();

        var result = StateResolver.Resolve(graph, [script.After("jhard"), script.After("mc")],
            AuthContext.Default.WithRejected([script.Room.IdText("jhard")]), strictInput: true);

        Assert.Equal("stateres.rejected_in_state", result.Failure!.Token);
        Assert.Equal("$.state_sets[0]", result.Failure.Path);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("12")]
    [Trait("token", "stateres.input.state_sets")]
    [Trait("token", "stateres.rejected.against_auth_events")]
    public void StateSetHoldingAnEventRejectedAgainstItsAuthEvents_ReadsAsIfItDidNotHoldIt(string version)
    {
        // Bob, banned, joins citing his ban: the join fails against its own auth events, so it never updated
        // any state; a state set that holds it is read as the same set without it (our reading where the
        // spec's premise, that no state holds such an event, is broken; spec/rules/README.md).
        var script = Base(RoomVersionRegistry.Lookup(version).Value);
        script.Member("ban", Alice, Bob, "ban", ["mc"], 7);
        script.Join("jhard", Bob, ["ban"], 8);
        var withoutJoin = script.After("jhard", (StateKey.Member(Bob), null));

        var holding = Resolve(script, [script.After("jhard"), script.After("mc")], "jhard");
        var without = Resolve(script, [withoutJoin, script.After("mc")], "jhard");

        Assert.Equal(without, holding);
        Assert.NotEqual(script.Room.Id("jhard"), holding.GetValueOrDefault(StateKey.Member(Bob)));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    [Trait("token", "stateres.unconflicted_wins")]
    [Trait("token", "stateres.iterative_auth_checks")]
    public void UnconflictedKey_KeepsItsEvent_WhenAnOlderEventForItIsReplayed(string versionId)
    {
        // Bob joins again (mb2, a profile change) citing only the create event, the power levels and the join
        // rules, so his first join mb is not in mb2's auth chain. On one fork Bob's topic cites mb: mb is in that
        // fork's full auth chain only, so it is in the auth difference, replayed, and allowed (Bob may join a
        // public room), which puts it under Bob's key. Both forks hold mb2 there, and step 5 puts it back;
        // without step 5 Bob's membership would end at mb.
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var script = Base(version);
        string[] Cite(params string[] names) => version.RoomIdIsCreateEventHash ? names : ["create", .. names];
        script.Join("mb2", Bob, ["mc"], 7, auth: Cite("pl0", "jr"));
        script.Topic("tb", Bob, "b", ["mb2"], 8, auth: Cite("pl0", "mb"));
        script.Topic("ta", Alice, "a", ["mb2"], 9, auth: Cite("pl0", "ma"));

        var resolved = Resolve(script, [script.After("tb"), script.After("ta")]);

        Assert.Equal(script.Room.Id("mb2"), resolved[StateKey.Member(Bob)]);
    }

    [Fact]
    [Trait("token", "stateres.iterative_auth_checks.non_state_passed_over")]
    public void NonStateEventInTheAuthDifference_IsPassedOver()
    {
        // Bob's topic cites a message as an auth event (a malformed citation its own auth check would refuse,
        // but nobody listed it as rejected). The message is in one fork's auth chain only, so it reaches the
        // iterative auth checks, which pass over it: it has no key to be put under.
        var script = Base(RoomVersion.V10);
        script.Send("msg", "m.room.message", null, Bob, JsonValue.Object(("body", JsonValue.String("hi"))), ["mc"], 7);
        script.Topic("t", Bob, "b", ["msg"], 8, auth: ["create", "pl0", "mb", "msg"]);

        var resolved = Resolve(script, [script.After("t"), script.After("mc")]);

        Assert.False(resolved.ContainsKey(new StateKey("m.room.message", "")));
        Assert.DoesNotContain(script.Room.Id("msg"), resolved.Values);
    }

    [Fact]
    public void NoStateSets_ResolveToTheEmptyState()
    {
        var script = Base(RoomVersion.V10);

        Assert.Empty(Resolve(script, []));
    }

    [Theory]
    [Trait("token", "stateres.unconflicted_state_map")]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("11")]
    [InlineData("12")]
    public void OneStateSetOrTwoEqualOnes_ResolveToThatSet(string versionId)
    {
        var script = Base(RoomVersionRegistry.Lookup(versionId).Value);
        var state = script.After("mc");

        Assert.Equal(state, Resolve(script, [state]));
        Assert.Equal(state, Resolve(script, [state, state]));
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateSetNamingAnUnknownEvent_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        var sets = new[] { script.After("mc").SetItem(TopicKey, script.Room.Id("nope")) };

        var failure = StateResolver.Resolve(script.Version, sets, script.Events, []).Failure!;

        Assert.Equal("stateres.unknown_state_event", failure.Token);
        Assert.Equal("$.state_sets[0]", failure.Path);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateSetFilingAnEventUnderAnotherKey_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        var sets = new[] { script.After("mc").SetItem(TopicKey, script.Room.Id("jr")) };

        Assert.Equal("stateres.state_key_mismatch", StateResolver.Resolve(script.Version, sets, script.Events, []).Failure!.Token);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateListWithNonStateEventOrTwoEventsForOneKey_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        script.Send("msg", "m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))), ["mc"], 7);
        script.Join("mb2", Bob, ["mc"], 8);
        EventId[] Ids(params string[] names) => names.Select(script.Room.Id).ToArray();

        var nonState = StateResolver.ResolveEventLists(script.Version, [Ids("create", "msg")], script.Events, []).Failure!;
        var twoForOneKey = StateResolver.ResolveEventLists(script.Version, [Ids("create"), Ids("mb", "create", "mb2")], script.Events, []).Failure!;

        Assert.Equal(("stateres.not_state_event", "$.state_sets[0][1]"), (nonState.Token, nonState.Path));
        Assert.Equal(("stateres.duplicate_state_key", "$.state_sets[1][2]"), (twoForOneKey.Token, twoForOneKey.Path));
    }

    [Fact]
    public void RejectedListNamingAnUnknownEvent_IsNamedError()
    {
        var script = Base(RoomVersion.V10);

        var failure = StateResolver.ResolveEventLists(script.Version, [], script.Events, [script.Room.Id("mc"), script.Room.Id("nope")]).Failure!;

        Assert.Equal(("stateres.unknown_rejected_event", "$.rejected[1]"), (failure.Token, failure.Path));
    }

    [Fact]
    [Trait("token", "stateres.input.graph")]
    public void InvalidGraph_IsNamedErrorBeforeAnyResolution()
    {
        var script = Base(RoomVersion.V10);
        script.Topic("x", Alice, "x", ["mc"], 7, auth: ["create", "pl0", "ma", "y"]);
        script.Topic("y", Alice, "y", ["mc"], 8, auth: ["create", "pl0", "ma", "x"]);

        Assert.Equal("stateres.cycle", StateResolver.Resolve(script.Version, [script.After("mc")], script.Events, []).Failure!.Token);
    }
}
