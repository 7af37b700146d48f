using InviteJoin.Reference.StateRes;
using static InviteJoin.Testing.TestUsers;

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
    private static RoomBuilder Base(RoomVersion version, long bobLevel = 50)
    {
        var script = RoomBuilder.Create(version, joinCreator: false, at: 1);
        script = script.Named("ma").Following("create").At(2).Join(Alice);
        script = script.Named("pl0").Following("ma").At(3).PowerLevels(Alice, version.PrivilegedCreators ? [(Bob, bobLevel)] : [(Alice, 100), (Bob, bobLevel)]);
        script = script.Named("jr").Following("pl0").At(4).JoinRule(Alice, "public");
        script = script.Named("mb").Following("jr").At(5).Join(Bob);
        script = script.Named("mc").Following("mb").At(6).Join(Charlie);
        return script;
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Resolve(RoomBuilder script, ImmutableSortedDictionary<StateKey, EventId>[] sets, params string[] rejected)
    {
        var result = StateResolver.Resolve(script.Version, sets, script.Events, rejected.Select(script.Id));
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
        script = script.Named("a_kick").Following("mc").At(10).SetMembership(Bob, Charlie, "leave");
        script = script.Named("z_demote").Following("mc").At(20).PowerLevels(Alice, version.PrivilegedCreators ? [(Bob, 0)] : [(Alice, 100), (Bob, 0)]);

        var resolved = Resolve(script, [script.StateIdsAfter("a_kick"), script.StateIdsAfter("z_demote")]);

        Assert.Equal(script.Id("z_demote"), resolved[StateKey.PowerLevels]);
        Assert.Equal(script.Id("mc"), resolved[StateKey.Member(Charlie)]);
    }

    [Fact]
    [Trait("token", "stateres.sender_power_level")]
    public void PowerOrdering_SenderLevelIsReadFromTheEventsOwnAuthEvents()
    {
        var script = Base(RoomVersion.V10);
        script = script.Named("a_kick").Following("mc").At(10).SetMembership(Bob, Charlie, "leave");
        var graph = script.Graph();

        Assert.Equal(PowerLevel.Of(50), PowerEvents.SenderPowerLevel(graph, script.Id("a_kick")));
        Assert.Equal(PowerLevel.Of(100), PowerEvents.SenderPowerLevel(graph, script.Id("pl0")));  // the creator, no power levels cited
        Assert.Equal(PowerLevel.Of(0), PowerEvents.SenderPowerLevel(graph, script.Id("mc")));
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
        script = script.Named("pl1").Following("mc").At(7).PowerLevels(Alice, [(Alice, 100), (Bob, 50)]);
        script = script.Named("pl2").Following("pl1").At(8).PowerLevels(Bob, [(Alice, 100), (Bob, 50), (Charlie, 50)]);
        script = script.Named("pl3").Following("pl2").At(9).PowerLevels(Charlie, [(Alice, 100), (Bob, 50), (Charlie, 50), (Dave, 10)]);
        script = script.Named("t").Following("pl2").At(10).Topic(Charlie, "hello");
        var withTopic = script.StateIdsAfter("mc", (TopicKey, "t"));

        var resolved = Resolve(script, [script.StateIdsAfter("pl3"), script.StateIdsAfter("mc"), withTopic]);

        Assert.Equal(script.Id("pl3"), resolved[StateKey.PowerLevels]);
        Assert.Equal(script.Id("t"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.auth_difference")]
    public void AuthDifference_OverThreeStateSets_DoesNotDependOnTheirOrder()
    {
        var script = Base(RoomVersion.V10, bobLevel: 0);
        script = script.Named("pl1").Following("mc").At(7).PowerLevels(Alice, [(Alice, 100), (Bob, 50)]);
        script = script.Named("pl2").Following("pl1").At(8).PowerLevels(Bob, [(Alice, 100), (Bob, 50), (Charlie, 50)]);
        script = script.Named("pl3").Following("pl2").At(9).PowerLevels(Charlie, [(Alice, 100), (Bob, 50), (Charlie, 50), (Dave, 10)]);
        script = script.Named("t").Following("pl2").At(10).Topic(Charlie, "hello");
        ImmutableSortedDictionary<StateKey, EventId>[] sets = [script.StateIdsAfter("pl3"), script.StateIdsAfter("mc"), script.StateIdsAfter("mc", (TopicKey, "t"))];

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
        script = script.Named("t").Following("mc").At(7).Topic(Bob, "hello");

        var resolved = Resolve(script, [script.StateIdsAfter("t"), script.StateIdsAfter("mc")], "t");

        Assert.Equal(script.Id("t"), resolved[TopicKey]);
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
        script = script.Named("ban").Following("mc").At(7).SetMembership(Alice, Bob, "ban");
        script = script.Named("unban").Following("ban").At(8).SetMembership(Alice, Bob, "leave");
        script = script.Named("jhard").Following("ban").At(9).Join(Bob);
        script = script.Named("d").Following("jhard").At(10).Topic(Bob, "hello");

        var resolved = Resolve(script, [script.StateIdsAfter("unban"), script.StateIdsAfter("unban", (TopicKey, "d"))], "jhard");

        Assert.False(resolved.ContainsKey(TopicKey));
        Assert.Equal(script.Id("unban"), resolved[StateKey.Member(Bob)]);
        Assert.Equal(script.StateIdsAfter("unban"), resolved);
    }

    [Fact]
    [Trait("token", "stateres.rejected.never_auth_event")]
    public void RejectedAuthEvent_IsNeverUsedForAMissingKey()
    {
        // Dave's topic cites his join; the partial state lacks Dave's membership. When the join was rejected on
        // receipt it may not stand in (B5), whatever kind of rejection it was; when it was accepted, it does.
        // (The published gomatrixserverlib state_reset_with_rejected_join case shows the whole resolution.)
        var script = Base(RoomVersion.V10);
        script = script.Named("md").Following("mc").At(7).Join(Dave);
        script = script.Named("d").Following("md").At(8).Citing("create", "pl0", "md").Topic(Dave, "hello");
        var graph = script.Graph();
        var rejected = RejectedEvents.Classify(graph, AuthContext.Default.WithRejected([script.IdText("md")]));
        var state = ImmutableSortedDictionary.CreateBuilder<StateKey, int>();
        foreach (var (key, id) in script.StateIdsAfter("mc")) state[key] = graph.VertexOf(id);

        var auth = IterativeAuthChecks.StateFor(graph, graph.VertexOf(script.Id("d")), state, rejected);
        var accepted = IterativeAuthChecks.StateFor(graph, graph.VertexOf(script.Id("d")), state,
            RejectedEvents.Classify(graph, AuthContext.Default));

        Assert.Null(auth.Member(Dave));
        Assert.Equal(script.Id("md"), accepted.Member(Dave)!.EventId);
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
        script = script.Named("jri").Following("mc").At(7).JoinRule(Alice, "invite");
        script = script.Named("rename").Following("jri").At(8).Join(Bob);
        var withoutBob = script.StateIdsAfter("jri", (StateKey.Member(Bob), null));

        var resolved = Resolve(script, [withoutBob, script.StateIdsAfter("rename")]);

        Assert.Equal(script.Id("rename"), resolved[StateKey.Member(Bob)]);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    [Trait("token", "stateres.rejected.against_auth_events")]
    public void StateSetHoldingAnEventRejectedAgainstItsAuthEvents_WithStrictInput_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        script = script.Named("ban").Following("mc").At(7).SetMembership(Alice, Bob, "ban");
        script = script.Named("jhard").Following("ban").At(8).Join(Bob);
        var graph = script.Graph();

        var result = StateResolver.Resolve(graph, [script.StateIdsAfter("jhard"), script.StateIdsAfter("mc")],
            AuthContext.Default.WithRejected([script.Id("jhard").Value]), strictInput: true);

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
        script = script.Named("ban").Following("mc").At(7).SetMembership(Alice, Bob, "ban");
        script = script.Named("jhard").Following("ban").At(8).Join(Bob);
        var withoutJoin = script.StateIdsAfter("jhard", (StateKey.Member(Bob), null));

        var holding = Resolve(script, [script.StateIdsAfter("jhard"), script.StateIdsAfter("mc")], "jhard");
        var without = Resolve(script, [withoutJoin, script.StateIdsAfter("mc")], "jhard");

        Assert.Equal(without, holding);
        Assert.NotEqual(script.Id("jhard"), holding.GetValueOrDefault(StateKey.Member(Bob)));
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
        script = script.Named("mb2").Following("mc").At(7).Citing(Cite("pl0", "jr")).Join(Bob);
        script = script.Named("tb").Following("mb2").At(8).Citing(Cite("pl0", "mb")).Topic(Bob, "b");
        script = script.Named("ta").Following("mb2").At(9).Citing(Cite("pl0", "ma")).Topic(Alice, "a");

        var resolved = Resolve(script, [script.StateIdsAfter("tb"), script.StateIdsAfter("ta")]);

        Assert.Equal(script.Id("mb2"), resolved[StateKey.Member(Bob)]);
    }

    [Fact]
    [Trait("token", "stateres.iterative_auth_checks.non_state_passed_over")]
    public void NonStateEventInTheAuthDifference_IsPassedOver()
    {
        // Bob's topic cites a message as an auth event (a malformed citation its own auth check would refuse,
        // but nobody listed it as rejected). The message is in one fork's auth chain only, so it reaches the
        // iterative auth checks, which pass over it: it has no key to be put under.
        var script = Base(RoomVersion.V10);
        script = script.Named("msg").Following("mc").At(7).Send("m.room.message", null, Bob, JsonValue.Object(("body", JsonValue.String("hi"))));
        script = script.Named("t").Following("msg").At(8).Citing("create", "pl0", "mb", "msg").Topic(Bob, "b");

        var resolved = Resolve(script, [script.StateIdsAfter("t"), script.StateIdsAfter("mc")]);

        Assert.False(resolved.ContainsKey(new StateKey("m.room.message", "")));
        Assert.DoesNotContain(script.Id("msg"), resolved.Values);
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
        var state = script.StateIdsAfter("mc");

        Assert.Equal(state, Resolve(script, [state]));
        Assert.Equal(state, Resolve(script, [state, state]));
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateSetNamingAnUnknownEvent_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        var sets = new[] { script.StateIdsAfter("mc").SetItem(TopicKey, script.Id("nope")) };

        var failure = StateResolver.Resolve(script.Version, sets, script.Events, []).Failure!;

        Assert.Equal("stateres.unknown_state_event", failure.Token);
        Assert.Equal("$.state_sets[0]", failure.Path);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateSetFilingAnEventUnderAnotherKey_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        var sets = new[] { script.StateIdsAfter("mc").SetItem(TopicKey, script.Id("jr")) };

        Assert.Equal("stateres.state_key_mismatch", StateResolver.Resolve(script.Version, sets, script.Events, []).Failure!.Token);
    }

    [Fact]
    [Trait("token", "stateres.input.state_sets")]
    public void StateListWithNonStateEventOrTwoEventsForOneKey_IsNamedError()
    {
        var script = Base(RoomVersion.V10);
        script = script.Named("msg").Following("mc").At(7).Send("m.room.message", null, Alice, JsonValue.Object(("body", JsonValue.String("hi"))));
        script = script.Named("mb2").Following("mc").At(8).Join(Bob);
        EventId[] Ids(params string[] names) => names.Select(script.Id).ToArray();

        var nonState = StateResolver.ResolveEventLists(script.Version, [Ids("create", "msg")], script.Events, []).Failure!;
        var twoForOneKey = StateResolver.ResolveEventLists(script.Version, [Ids("create"), Ids("mb", "create", "mb2")], script.Events, []).Failure!;

        Assert.Equal(("stateres.not_state_event", "$.state_sets[0][1]"), (nonState.Token, nonState.Path));
        Assert.Equal(("stateres.duplicate_state_key", "$.state_sets[1][2]"), (twoForOneKey.Token, twoForOneKey.Path));
    }

    [Fact]
    public void RejectedListNamingAnUnknownEvent_IsNamedError()
    {
        var script = Base(RoomVersion.V10);

        var failure = StateResolver.ResolveEventLists(script.Version, [], script.Events, [script.Id("mc"), script.Id("nope")]).Failure!;

        Assert.Equal(("stateres.unknown_rejected_event", "$.rejected[1]"), (failure.Token, failure.Path));
    }

    [Fact]
    [Trait("token", "stateres.input.graph")]
    public void InvalidGraph_IsNamedErrorBeforeAnyResolution()
    {
        var script = Base(RoomVersion.V10);
        // x and y cite each other: no room holds them, so they are written beside the room's events.
        var x = script.Named("x").Following("mc").At(7).Citing("create", "pl0", "ma", "y").Event(EventTypes.Topic, "", Alice, JsonValue.Object(("topic", JsonValue.String("x"))));
        var y = script.Named("y").Following("mc").At(8).Citing("create", "pl0", "ma", "x").Event(EventTypes.Topic, "", Alice, JsonValue.Object(("topic", JsonValue.String("y"))));
        ImmutableArray<Pdu> events = [.. script.Events, x, y];

        Assert.Equal("stateres.cycle", StateResolver.Resolve(script.Version, [script.StateIdsAfter("mc")], events, []).Failure!.Token);
    }
}
