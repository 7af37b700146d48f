using InviteJoin.Reference.StateRes;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// State resolution v1 (spec v1.19, rooms v1 "State resolution"): a key only some states hold is no
/// conflict; power levels, join rules and memberships replay their candidates by ascending depth (then
/// descending sha1 of the event ID) until one fails; other keys take the deepest candidate R allows.
/// </summary>
public sealed class StateResolutionV1Tests
{
    private static readonly StateKey TopicKey = new("m.room.topic", "");

    private static RoomBuilder Base(RoomVersion version, long bobLevel)
    {
        var script = RoomBuilder.Create(version, joinCreator: false, at: 1);
        script = script.Named("ma").Following("create").At(2).Join(Alice);
        script = script.Named("pl0").Following("ma").At(3).PowerLevels(Alice, [(Alice, 100), (Bob, bobLevel)]);
        script = script.Named("jr").Following("pl0").At(4).JoinRule(Alice, "public");
        script = script.Named("mb").Following("jr").At(5).Join(Bob);
        script = script.Named("mc").Following("mb").At(6).Join(Charlie);
        return script;
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Resolve(RoomBuilder script, params ImmutableSortedDictionary<StateKey, EventId>[] sets)
    {
        var result = StateResolver.Resolve(script.Version, sets, script.Events, []);
        Assert.True(result.IsOk, result.Failure?.ToString());
        return result.Value;
    }

    [Fact]
    [Trait("token", "stateres.algorithm")]
    [Trait("token", "stateres.v1.conflict")]
    [Trait("token", "stateres.unconflicted_state_map")]
    public void KeyOnlyOneStateHolds_IsNotAConflictInV1_ButIsCheckedInV2()
    {
        // Charlie (level 0) sets a topic, which his own auth events do not allow. Only one state holds it.
        foreach (var (version, kept) in new[] { (RoomVersion.V1, true), (RoomVersion.V2, false) })
        {
            var script = Base(version, bobLevel: 0);
            script = script.Named("t").Following("mc").At(7).Topic(Charlie, "hi");

            var resolved = Resolve(script, script.StateIdsAfter("mc"), script.StateIdsAfter("t"));

            Assert.Equal(kept, resolved.ContainsKey(TopicKey));
        }
    }

    [Fact]
    [Trait("token", "stateres.v1.auth_types_replayed")]
    public void PowerLevelsConflict_ReplaysFromTheShallowest_AndStopsAtTheFirstFailure()
    {
        // Both Alice and Bob hold 100. Alice demotes Bob (depth 7); on the other fork Bob, two events later
        // (depth 8), adds Charlie. Ascending depth replays Alice's first; Bob's then fails (he has 0). In the
        // opposite order Alice's would fail instead (Bob's entry is not below her level).
        var script = Base(RoomVersion.V1, bobLevel: 100);
        script = script.Named("pla").Following("mc").At(7).PowerLevels(Alice, [(Alice, 100), (Bob, 0)]);
        script = script.Named("filler").Following("mc").At(8).Topic(Bob, "x");
        script = script.Named("plb").Following("filler").At(9).PowerLevels(Bob, [(Alice, 100), (Bob, 100), (Charlie, 50)]);

        var resolved = Resolve(script, script.StateIdsAfter("pla"), script.StateIdsAfter("plb"));

        Assert.Equal(script.Id("pla"), resolved[StateKey.PowerLevels]);
    }

    [Fact]
    [Trait("token", "stateres.v1.others_deepest_allowed")]
    public void OrdinaryConflict_TakesTheDeepestCandidateThatIsAllowed()
    {
        // Alice's topic (depth 7) and, deeper on the other fork, Charlie's (depth 8), which R does not allow.
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script = script.Named("ta").Following("mc").At(7).Topic(Alice, "a");
        script = script.Named("filler").Following("mc").At(8).Topic(Alice, "f");
        script = script.Named("tc").Following("filler").At(9).Citing("create", "pl0", "mc").Topic(Charlie, "c");
        var withCharlies = script.StateIdsAfter("filler", (TopicKey, "tc"));

        var resolved = Resolve(script, script.StateIdsAfter("ta"), withCharlies);

        Assert.Equal(script.Id("ta"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.v1.others_deepest_allowed")]
    public void OrdinaryConflict_DeeperAllowedCandidateWins()
    {
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script = script.Named("ta").Following("mc").At(7).Topic(Alice, "a");
        script = script.Named("filler").Following("mc").At(8).Topic(Alice, "f");
        script = script.Named("tb").Following("filler").At(9).Topic(Alice, "b");

        var resolved = Resolve(script, script.StateIdsAfter("ta"), script.StateIdsAfter("tb"));

        Assert.Equal(script.Id("tb"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.v1.none_allowed_left_out")]
    public void OrdinaryConflict_WithNoAllowedCandidate_LeavesTheKeyOut()
    {
        // Two topics by Charlie (level 0): neither passes in R, and the spec's text picks only one that passes.
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script = script.Named("t1").Following("mc").At(7).Topic(Charlie, "1");
        script = script.Named("t2").Following("mc").At(8).Topic(Charlie, "2");

        var resolved = Resolve(script, script.StateIdsAfter("t1"), script.StateIdsAfter("t2"));

        Assert.False(resolved.ContainsKey(TopicKey));
    }

    [Fact]
    [Trait("token", "stateres.v1.phase_against_start")]
    public void KeysOfOnePass_AreResolvedAgainstRAsThePassBegan()
    {
        // Both memberships conflict. Bob's resolves first (its key sorts first) to his second join; Charlie's
        // candidates are his join and, deeper, Bob's kick of him. R as the pass began holds no membership of
        // Bob's (his key is in conflict), so the kick is not allowed and Charlie stays joined. Resolving against
        // R with Bob's winner already in it would allow the kick: the result would depend on the order of keys.
        var script = Base(RoomVersion.V1, bobLevel: 50);
        script = script.Named("mb2").Following("mc").At(7).Join(Bob);
        script = script.Named("kick").Following("mb2").At(8).SetMembership(Bob, Charlie, "leave");

        var resolved = Resolve(script, script.StateIdsAfter("kick"), script.StateIdsAfter("mc"));

        Assert.Equal(script.Id("mb2"), resolved[StateKey.Member(Bob)]);
        Assert.Equal(script.Id("mc"), resolved[StateKey.Member(Charlie)]);
    }
}
