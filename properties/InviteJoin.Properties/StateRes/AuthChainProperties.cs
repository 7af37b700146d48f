using System.Collections.Immutable;
using CsCheck;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Properties.StateRes;

/// <summary>
/// The auth-chain sets state resolution builds, checked against their definitions computed the slow way
/// (spec v1.19, rooms v2 "Auth chain", "Auth difference"; rooms v12 "Conflicted state subgraph"): each
/// event's chain by a fixed point over its cited auth events (plus the implied create event in room version
/// 12), the auth difference as ⋃Cᵢ − ⋂Cᵢ in every order of the state sets, and the subgraph as the events
/// reachable from one conflicted event from which another is reachable.
/// </summary>
public sealed class AuthChainProperties
{
    private const int Iterations = 150;

    private static readonly Gen<ForkedRoom> Rooms = ForkedRoomGenerator.Rooms(ForkedRoomGenerator.Versions, TestUsers.OneServer);

    [Fact, Trait("invariant", "I-07")]
    public void AuthDifference_IsUnionMinusIntersectionOfEveryChain_InAnyOrderOfTheSets()
    {
        Replay.Run(nameof(AuthDifference_IsUnionMinusIntersectionOfEveryChain_InAnyOrderOfTheSets), () =>
            Rooms.Sample(room =>
            {
                var graph = EventGraph.Build(room.Events, room.Version).Value;
                var chains = NaiveChains(room);
                var full = room.StateSets.Select(set => set.Values.SelectMany(e => chains[e]).ToImmutableSortedSet(EventIdOrder.Instance)).ToList();
                var expected = full.SelectMany(c => c).ToImmutableSortedSet(EventIdOrder.Instance)
                    .Except(full.Aggregate((a, b) => a.Intersect(b)));
                var sets = room.StateSets.Select(set => (IEnumerable<EventId>)set.Values).ToList();
                // Every rotation of the sets puts each one first once, which is what a "first set against the rest" bug depends on.
                return Enumerable.Range(0, sets.Count).All(r =>
                    AuthChains.Difference(graph, [.. sets.Skip(r), .. sets.Take(r)]).Value.SequenceEqual(expected));
            }, iter: Iterations, threads: 1, print: room => room.ToString()));
    }

    [Fact, Trait("invariant", "I-07")]
    public void ConflictedSubgraph_IsEveryEventBetweenTwoConflictedEvents()
    {
        Replay.Run(nameof(ConflictedSubgraph_IsEveryEventBetweenTwoConflictedEvents), () =>
            Gen.Select(Rooms, Gen.Int[1, 4]).Sample((room, size) =>
            {
                var graph = EventGraph.Build(room.Events, room.Version).Value;
                var chains = NaiveChains(room);
                // Any few events stand in for the conflicted ones: the definition does not care why they are.
                var conflicted = room.Events.Where((_, i) => (i * 7 + size) % (size + 2) == 0).Select(e => e.EventId).ToList();
                bool Reaches(EventId from, EventId to) => from == to || chains[from].Contains(to);
                var expected = room.Events.Select(e => e.EventId)
                    .Where(e => conflicted.Any(c1 => Reaches(c1, e)) && conflicted.Any(c2 => Reaches(e, c2)))
                    .ToImmutableSortedSet(EventIdOrder.Instance);
                return AuthChains.ConflictedSubgraph(graph, conflicted).Value.SequenceEqual(expected);
            }, iter: Iterations, threads: 1, print: p => p.Item1.ToString()));
    }

    // Each event's auth chain by repeated passes until nothing changes: the definition, without the reference's walks.
    private static ImmutableSortedDictionary<EventId, ImmutableSortedSet<EventId>> NaiveChains(ForkedRoom room)
    {
        var create = room.Events.First(e => e.Type == "m.room.create").EventId;
        ImmutableArray<EventId> Cited(Pdu e) =>
            room.Version.RoomIdIsCreateEventHash && e.EventId != create ? [.. e.AuthEvents, create] : e.AuthEvents;
        var chains = room.Events.ToImmutableSortedDictionary(e => e.EventId, e => Cited(e).ToImmutableSortedSet(EventIdOrder.Instance), EventIdOrder.Instance);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var e in room.Events)
            {
                var grown = chains[e.EventId].Aggregate(chains[e.EventId], (acc, a) => acc.Union(chains[a]));
                if (grown.Count != chains[e.EventId].Count)
                {
                    chains = chains.SetItem(e.EventId, grown);
                    changed = true;
                }
            }
        }
        return chains;
    }
}
