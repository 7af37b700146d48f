using System.Collections.Immutable;
using System.Globalization;
using CsCheck;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Properties.StateRes;

/// <summary>
/// Metamorphic properties of state resolution on generated forked rooms (spec v1.19, server-server API
/// "Room State Resolution"; rooms v1, v2, v12): resolution is a function of the set of states and the set of
/// events, so the order either is given in cannot matter; a state resolved with itself, or alone, is itself;
/// and event IDs matter only as the last tie-break.
/// </summary>
public sealed class StateResolutionMetamorphicProperties
{
    private const int Iterations = 150;

    private static readonly Gen<ForkedRoom> Rooms = ForkedRoomGenerator.Rooms(ForkedRoomGenerator.Versions, TestUsers.OneServer);

    // Versions 2+ only: state resolution v1 breaks ties on sha1 of the event ID, which no renaming keeps.
    private static readonly ImmutableArray<RoomVersion> HashFreeVersions = [.. ForkedRoomGenerator.Versions.Where(v => v.StateResolution != StateResolutionAlgorithm.V1)];

    [Fact, Trait("invariant", "I-03")]
    public void OrderOfStateSets_DoesNotMatter()
    {
        Replay.Run(nameof(OrderOfStateSets_DoesNotMatter), () =>
            Gen.Select(Rooms, Gen.Int).Sample((room, seed) =>
            {
                var expected = Resolve(room, room.StateSets, room.Events);
                var shuffled = Shuffle(room.StateSets, seed);
                return Same(expected, Resolve(room, shuffled, room.Events));
            }, iter: Iterations, threads: 1, print: p => p.Item1.ToString()));
    }

    [Fact, Trait("invariant", "I-04")]
    public void ResolvingAStateWithItselfOrAlone_GivesThatState()
    {
        Replay.Run(nameof(ResolvingAStateWithItselfOrAlone_GivesThatState), () =>
            Rooms.Sample(room => room.StateSets.All(state =>
                Same(state, Resolve(room, [state, state], room.Events)) && Same(state, Resolve(room, [state], room.Events))),
                iter: Iterations, threads: 1, print: room => room.ToString()));
    }

    [Fact, Trait("invariant", "I-05")]
    public void OrderOfEvents_DoesNotMatter()
    {
        Replay.Run(nameof(OrderOfEvents_DoesNotMatter), () =>
            Gen.Select(Rooms, Gen.Int).Sample((room, seed) =>
                Same(Resolve(room, room.StateSets, room.Events), Resolve(room, room.StateSets, Shuffle(room.Events, seed))),
                iter: Iterations, threads: 1, print: p => p.Item1.ToString()));
    }

    [Fact, Trait("invariant", "I-06")]
    public void RenamingEventIdsInTheSameOrder_RenamesTheResult()
    {
        // Every comparison of two IDs is unchanged, so the result is the old one renamed.
        Replay.Run(nameof(RenamingEventIdsInTheSameOrder_RenamesTheResult), () =>
            ForkedRoomGenerator.Rooms(HashFreeVersions, TestUsers.OneServer).Sample(room =>
            {
                var rename = Renaming(room, reverse: false);
                var renamed = room.Renamed(rename);
                return Same(Rename(Resolve(room, room.StateSets, room.Events), rename, room.Version), Resolve(renamed, renamed.StateSets, renamed.Events));
            }, iter: Iterations, threads: 1, print: room => room.ToString()));
    }

    [Fact, Trait("invariant", "I-06")]
    public void RenamingEventIdsInReverseOrder_WithDistinctTimestamps_RenamesTheResult()
    {
        // With no two timestamps equal, power level and timestamp decide every ordering before the event ID does,
        // so even a renaming that reverses the IDs' order gives the old result renamed. Ordering by ID alone
        // (bug B6) fails here.
        Replay.Run(nameof(RenamingEventIdsInReverseOrder_WithDistinctTimestamps_RenamesTheResult), () =>
            ForkedRoomGenerator.Rooms(HashFreeVersions, TestUsers.OneServer, distinctTimestamps: true).Sample(room =>
            {
                var rename = Renaming(room, reverse: true);
                var renamed = room.Renamed(rename);
                return Same(Rename(Resolve(room, room.StateSets, room.Events), rename, room.Version), Resolve(renamed, renamed.StateSets, renamed.Events));
            }, iter: Iterations, threads: 1, print: room => room.ToString()));
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Resolve(ForkedRoom room, IReadOnlyList<ImmutableSortedDictionary<StateKey, EventId>> sets, IReadOnlyList<Pdu> events)
    {
        var result = StateResolver.Resolve(room.Version, sets, events, []);
        if (!result.IsOk) throw new InvalidOperationException("a generated room does not resolve: " + result.Failure);
        return result.Value;
    }

    private static bool Same(ImmutableSortedDictionary<StateKey, EventId> a, ImmutableSortedDictionary<StateKey, EventId> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static T[] Shuffle<T>(IReadOnlyList<T> items, int seed)
    {
        // A permutation drawn from the sample's own seeded integer, so a failure replays with its seed.
        var keyed = items.Select((item, i) => (Key: unchecked((uint)(seed * 31 + i) * 2654435761u) ^ (uint)i, Item: item)).ToList();
        return [.. keyed.OrderBy(k => k.Key).Select(k => k.Item)];
    }

    // A bijection on the room's event IDs: "$e" + the rank of the ID in code-point order (or reversed), zero-padded.
    private static Func<string, string> Renaming(ForkedRoom room, bool reverse)
    {
        var ids = room.Events.Select(e => e.EventId.Value).Order(EventIdOrder.Text).ToList();
        var suffix = room.Version.Format.EventIdInPdu ? ":" + TestServers.Home : "";
        var map = ids.Select((id, rank) => (id, "$e" + (reverse ? ids.Count - rank : rank).ToString("D4", CultureInfo.InvariantCulture) + suffix))
            .ToImmutableSortedDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
        return id => map[id];
    }

    private static ImmutableSortedDictionary<StateKey, EventId> Rename(ImmutableSortedDictionary<StateKey, EventId> state, Func<string, string> rename, RoomVersion version) =>
        state.ToImmutableSortedDictionary(p => p.Key, p => EventId.Parse(rename(p.Value.Value), version.Format.EventIdInPdu ? EventIdFormat.ServerScoped : EventIdFormat.TestName).Value);
}
