using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using Xunit;
using static InviteJoin.Reference.Tests.StateRes.RoomScript;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// State resolution v1 (spec v1.19, rooms v1 "State resolution"): a key only some states hold is no
/// conflict; power levels, join rules and memberships replay their candidates by ascending depth (then
/// descending sha1 of the event ID) until one fails; other keys take the deepest candidate R allows.
/// </summary>
public sealed class StateResolutionV1Tests
{
    private static readonly StateKey TopicKey = new("m.room.topic", "");

    private static RoomScript Base(RoomVersion version, long bobLevel)
    {
        var script = new RoomScript(version);
        script.Create();
        script.Join("ma", Alice, ["create"], 2);
        script.PowerLevels("pl0", Alice, [(Alice, 100), (Bob, bobLevel)], ["ma"], 3);
        script.JoinRules("jr", Alice, "public", ["pl0"], 4);
        script.Join("mb", Bob, ["jr"], 5);
        script.Join("mc", Charlie, ["mb"], 6);
        return script;
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Resolve(RoomScript script, params ImmutableSortedDictionary<StateKey, EventId>[] sets)
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
            script.Topic("t", Charlie, "hi", ["mc"], 7);

            var resolved = Resolve(script, script.After("mc"), script.After("t"));

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
        script.PowerLevels("pla", Alice, [(Alice, 100), (Bob, 0)], ["mc"], 7);
        script.Topic("filler", Bob, "x", ["mc"], 8);
        script.PowerLevels("plb", Bob, [(Alice, 100), (Bob, 100), (Charlie, 50)], ["filler"], 9);

        var resolved = Resolve(script, script.After("pla"), script.After("plb"));

        Assert.Equal(script.Room.Id("pla"), resolved[StateKey.PowerLevels]);
    }

    [Fact]
    [Trait("token", "stateres.v1.others_deepest_allowed")]
    public void OrdinaryConflict_TakesTheDeepestCandidateThatIsAllowed()
    {
        // Alice's topic (depth 7) and, deeper on the other fork, Charlie's (depth 8), which R does not allow.
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script.Topic("ta", Alice, "a", ["mc"], 7);
        script.Topic("filler", Alice, "f", ["mc"], 8);
        script.Topic("tc", Charlie, "c", ["filler"], 9, auth: ["create", "pl0", "mc"]);
        var withCharlies = script.After("filler", (TopicKey, "tc"));

        var resolved = Resolve(script, script.After("ta"), withCharlies);

        Assert.Equal(script.Room.Id("ta"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.v1.others_deepest_allowed")]
    public void OrdinaryConflict_DeeperAllowedCandidateWins()
    {
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script.Topic("ta", Alice, "a", ["mc"], 7);
        script.Topic("filler", Alice, "f", ["mc"], 8);
        script.Topic("tb", Alice, "b", ["filler"], 9);

        var resolved = Resolve(script, script.After("ta"), script.After("tb"));

        Assert.Equal(script.Room.Id("tb"), resolved[TopicKey]);
    }

    [Fact]
    [Trait("token", "stateres.v1.none_allowed_left_out")]
    public void OrdinaryConflict_WithNoAllowedCandidate_LeavesTheKeyOut()
    {
        // Two topics by Charlie (level 0): neither passes in R, and the spec's text picks only one that passes.
        var script = Base(RoomVersion.V1, bobLevel: 0);
        script.Topic("t1", Charlie, "1", ["mc"], 7);
        script.Topic("t2", Charlie, "2", ["mc"], 8);

        var resolved = Resolve(script, script.After("t1"), script.After("t2"));

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
        script.Join("mb2", Bob, ["mc"], 7);
        script.Member("kick", Bob, Charlie, "leave", ["mb2"], 8);

        var resolved = Resolve(script, script.After("kick"), script.After("mc"));

        Assert.Equal(script.Room.Id("mb2"), resolved[StateKey.Member(Bob)]);
        Assert.Equal(script.Room.Id("mc"), resolved[StateKey.Member(Charlie)]);
    }
}
