using InviteJoin.Reference.StateRes;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The state map of state resolution keeps the create, power-levels and join-rules events beside its entries: on random
/// changes it answers every key, and lists its entries, as a sorted dictionary given the same changes does. The keys
/// include those three with their type's text made afresh (not the shared instance), with another state key, and
/// other types with the empty state key.
/// </summary>
public sealed class StateMapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomChanges_AnsweredAsBySortedDictionary(int seed)
    {
        var random = new Random(seed);
        StateKey[] keys =
        [
            StateKey.Create, StateKey.PowerLevels, StateKey.JoinRules,
            new(new string(EventTypes.Create.AsSpan()), ""), new(new string(EventTypes.PowerLevels.AsSpan()), ""),
            new(new string(EventTypes.JoinRules.AsSpan()), ""),
            new(EventTypes.Create, "x"), new(EventTypes.PowerLevels, "x"), new(EventTypes.JoinRules, "@a:example.org"),
            new("m.room.name", ""), new("m.room.topic", ""), new(EventTypes.Member, ""),
            StateKey.Member("@a:example.org"), StateKey.Member("@b:example.org"), StateKey.Member("@c:example.org"),
            StateKey.ThirdPartyInvite("token"),
        ];
        for (var round = 0; round < 100; round++)
        {
            var context = $"seed {seed}, round {round} (replay: --filter-method \"*RandomChanges_AnsweredAsBySortedDictionary*\")";
            // Half the rounds start from a state made of sorted entries, half from the empty state.
            var expected = new SortedDictionary<StateKey, int>();
            if (random.Next(2) == 0)
            {
                foreach (var key in keys.Where(_ => random.Next(3) == 0)) expected[key] = random.Next(50);
            }
            var map = new StateMap([.. expected]);
            for (var step = 0; step < 30; step++)
            {
                var key = keys[random.Next(keys.Length)];
                var vertex = random.Next(50);
                map.Set(key, vertex);
                expected[key] = vertex;
                foreach (var asked in keys)
                {
                    var found = map.TryGetValue(asked, out var got);
                    Assert.True(found == expected.ContainsKey(asked), context + ", key " + asked);
                    if (found) Assert.True(got == expected[asked], context + ", key " + asked);
                }
                Assert.True(expected.SequenceEqual(map.Entries.ToArray()), context);
            }
        }
    }
}
