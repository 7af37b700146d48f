using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The split of state sets into the unconflicted state map and the conflicted state set (spec v1.19, rooms v2
/// "Unconflicted state map and conflicted state set"), compared on random sets with the definition computed plainly:
/// sets that list the same keys (split without a merge) and sets that do not (split by the merge).
/// </summary>
public sealed class StateSetsPartitionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomStateSets_SplitAsDefined(int seed)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, 12).Select(i => new StateKey(i % 3 == 0 ? "m.room.member" : "m.room.topic" + (i % 4), "k" + i)).ToArray();
        for (var round = 0; round < 200; round++)
        {
            const int vertexCount = 40;
            var setCount = random.Next(5);
            // Half the rounds list the same keys in every set (only some events differ), half choose keys per set.
            var aligned = random.Next(2) == 0;
            var shared = keys.Where(_ => random.Next(2) == 0).ToArray();
            var sets = new List<ImmutableSortedDictionary<StateKey, int>>();
            for (var i = 0; i < setCount; i++)
            {
                var chosen = aligned ? shared : keys.Where(_ => random.Next(2) == 0).ToArray();
                sets.Add(chosen.ToImmutableSortedDictionary(k => k, k => random.Next(3) == 0 ? random.Next(vertexCount) : Array.IndexOf(keys, k)));
            }
            var context = $"seed {seed}, round {round} (replay: --filter-method \"*RandomStateSets_SplitAsDefined*\")";

            var (unconflicted, conflicted) = StateSets.FromVertexMaps(sets).Partition(vertexCount);

            var allKeys = sets.SelectMany(set => set.Keys).Distinct().Order().ToList();
            var expectedUnconflicted = allKeys
                .Where(k => sets.All(set => set.ContainsKey(k)) && sets.Select(set => set[k]).Distinct().Count() == 1)
                .Select(k => KeyValuePair.Create(k, sets[0][k]))
                .ToArray();
            var expectedConflicted = allKeys
                .Where(k => !expectedUnconflicted.Any(entry => entry.Key.Equals(k)))
                .SelectMany(k => sets.Where(set => set.ContainsKey(k)).Select(set => set[k]))
                .Distinct().Order().ToArray();
            Assert.True(expectedUnconflicted.SequenceEqual(unconflicted), context);
            Assert.True(expectedConflicted.SequenceEqual(conflicted.ToArray()), context);
        }
    }
}
