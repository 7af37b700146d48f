using InviteJoin.Generators.Events;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// Auth chains, the auth difference and the conflicted state subgraph (spec v1.19, rooms v2 "Auth chain",
/// "Auth difference"; rooms v12 "Conflicted state subgraph"; MSC4297 problem B).
/// </summary>
public sealed class AuthChainsTests
{
    private static readonly string Alice = TestUsers.Alice;

    // A hand-made auth DAG of topic events over one create event: each entry is (name, auth events).
    private static (EventWriter Room, EventGraph Graph) Dag(RoomVersion version, params (string Name, string[] Auth)[] shape)
    {
        var room = new EventWriter(version, TestServers.Home);
        var events = new List<Pdu> { room.Event("create", "m.room.create", "", Alice, room.CreateContent(Alice), [], [], 0) };
        var ts = 1;
        foreach (var (name, auth) in shape)
        {
            var cited = version.RoomIdIsCreateEventHash ? auth : ["create", .. auth];
            events.Add(room.State(name, "m.room.topic", name, Alice, ["create"], cited, ts++, ("topic", JsonValue.String(name))));
        }
        return (room, EventGraph.Build(events, version).Value);
    }

    private static string[] Names(IEnumerable<EventId> ids) => ids.Select(id => id.Value.TrimStart('$')).ToArray();

    [Fact]
    [Trait("token", "stateres.auth_chain")]
    public void AuthChainOfAnEvent_IsEveryAuthAncestor_NotTheEventItself()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []), ("b", ["a"]), ("c", ["b"]), ("side", ["a"]));

        var chain = AuthChains.Of(graph, room.Id("c")).Value;

        Assert.Equal(["a", "b", "create"], Names(chain));
    }

    [Fact]
    public void AuthChainOfUnknownEvent_IsNamedError()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []));

        Assert.Equal("stateres.unknown_state_event", AuthChains.Of(graph, room.Id("nope")).Failure!.Token);
    }

    [Fact]
    [Trait("token", "stateres.full_auth_chain")]
    public void FullAuthChain_IsTheUnionOfTheChains()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []), ("b", ["a"]), ("c", []), ("d", ["c"]));

        var chain = AuthChains.Full(graph, [room.Id("b"), room.Id("d")]).Value;

        Assert.Equal(["a", "c", "create"], Names(chain));
    }

    [Fact]
    [Trait("token", "stateres.auth_difference")]
    public void AuthDifference_OfThreeSets_IsUnionMinusIntersectionOfAllChains()
    {
        // Full auth chains: {create, a, b}, {create, a} and {create, b}. ⋂ = {create}, so the difference is
        // {a, b}. Intersecting the first chain with the union of the others instead (bug B7) gives {create, a, b}
        // as "common" and an empty difference.
        var (room, graph) = Dag(RoomVersion.V10, ("a", []), ("b", []), ("x", ["a", "b"]), ("y", ["a"]), ("z", ["b"]));

        var difference = AuthChains.Difference(graph, [[room.Id("x")], [room.Id("y")], [room.Id("z")]]).Value;

        Assert.Equal(["a", "b"], Names(difference));
    }

    [Fact]
    [Trait("token", "stateres.auth_difference")]
    public void AuthDifference_DoesNotDependOnTheOrderOfTheSets()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []), ("b", []), ("c", ["a"]), ("x", ["a", "b"]), ("y", ["c"]), ("z", ["b"]));
        EventId[][] sets = [[room.Id("x")], [room.Id("y")], [room.Id("z")], [room.Id("x"), room.Id("z")]];

        var expected = AuthChains.Difference(graph, sets).Value;
        foreach (var permutation in Permutations(sets))
        {
            Assert.Equal(expected, AuthChains.Difference(graph, permutation).Value);
        }
        Assert.Equal(["a", "b", "c"], Names(expected));
    }

    [Fact]
    public void AuthDifference_OfOneSetOrNone_IsEmpty()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []), ("b", ["a"]));

        Assert.Empty(AuthChains.Difference(graph, [[room.Id("b")]]).Value);
        Assert.Empty(AuthChains.Difference(graph, []).Value);
    }

    [Fact]
    public void AuthDifference_NamingUnknownEvent_IsNamedErrorAtItsPlace()
    {
        var (room, graph) = Dag(RoomVersion.V10, ("a", []));

        var failure = AuthChains.Difference(graph, [[room.Id("a")], [room.Id("a"), room.Id("nope")]]).Failure!;

        Assert.Equal("stateres.unknown_state_event", failure.Token);
        Assert.Equal("$.state_sets[1][1]", failure.Path);
    }

    [Fact]
    [Trait("token", "stateres.conflicted_subgraph")]
    public void ConflictedSubgraph_HoldsEveryEventBetweenConflictedEvents()
    {
        // MSC4297 problem B in miniature: pl1 ← pl2 ← pl3 ← pl4 along auth events; the conflicted events are
        // the old pl1 and the new pl4, so pl2 and pl3 lie between them. side hangs off pl2 and leads to no
        // conflicted event; create lies below pl1.
        var (room, graph) = Dag(RoomVersion.V12, ("pl1", []), ("pl2", ["pl1"]), ("pl3", ["pl2"]), ("pl4", ["pl3"]), ("side", ["pl2"]));

        var subgraph = AuthChains.ConflictedSubgraph(graph, [room.Id("pl1"), room.Id("pl4")]).Value;

        Assert.Equal(["pl1", "pl2", "pl3", "pl4"], Names(subgraph));
    }

    [Fact]
    [Trait("token", "stateres.conflicted_subgraph")]
    public void ConflictedSubgraph_OfUnrelatedEvents_IsJustThoseEvents()
    {
        var (room, graph) = Dag(RoomVersion.V12, ("a", []), ("b", []), ("c", ["a", "b"]));

        var subgraph = AuthChains.ConflictedSubgraph(graph, [room.Id("a"), room.Id("b")]).Value;

        Assert.Equal(["a", "b"], Names(subgraph));
    }

    [Fact]
    [Trait("token", "stateres.conflicted_subgraph")]
    [Trait("token", "stateres.implied_create_event")]
    public void ConflictedSubgraph_FollowsBothDirections_ThroughTheImpliedCreateEvent()
    {
        // In room version 12 every event's chain reaches the create event, so with the create event itself
        // conflicted (as a stale state set can make it look) everything between it and another conflicted event counts.
        var (room, graph) = Dag(RoomVersion.V12, ("a", []), ("b", ["a"]));

        var subgraph = AuthChains.ConflictedSubgraph(graph, [room.Id("create"), room.Id("b")]).Value;

        Assert.Equal(["a", "b", "create"], Names(subgraph));
    }

    private static IEnumerable<EventId[][]> Permutations(EventId[][] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }
}
