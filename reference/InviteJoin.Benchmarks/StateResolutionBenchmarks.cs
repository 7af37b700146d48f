using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Benchmarks;

/// <summary>
/// State resolution v2 (room version 10) and v2.1 (room version 12) of two forks over a linear history of
/// 1,000, 10,000 or 100,000 events, with about 10, 100 or 1,000 events in the conflicted state set (see
/// <see cref="StateResolutionDag"/>). Building the events and their graph is setup; the measured part is
/// the resolution itself. Target: 100,000 events with 1,000 conflicted under v2.1 in at most 100 ms on one core.
/// </summary>
[MemoryDiagnoser]
public class StateResolutionBenchmarks
{
    private EventGraph _graph = null!;
    private ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>> _stateSets;

    [Params(1_000, 10_000, 100_000)]
    public int History { get; set; }

    [Params(10, 100, 1_000)]
    public int Conflicted { get; set; }

    [Params("10", "12")]
    public string RoomVersionId { get; set; } = "12";

    [GlobalSetup]
    public void Setup()
    {
        var version = RoomVersionRegistry.Lookup(RoomVersionId).Value;
        (_graph, _stateSets) = StateResolutionDag.Build(version, History, Conflicted);
        var result = Resolve();
        Console.WriteLine($"// room {RoomVersionId}: {_graph.Count} events, {_stateSets[0].Count}/{_stateSets[1].Count} state entries, resolved to {result.Count}");
    }

    /// <summary>The resolution of the two forks' states over the prebuilt graph.</summary>
    [Benchmark]
    public ImmutableSortedDictionary<StateKey, EventId> Resolve()
    {
        var result = StateResolver.Resolve(_graph, _stateSets);
        return result.IsOk ? result.Value : throw new InvalidOperationException(result.Failure!.ToString());
    }
}

/// <summary>
/// The auth chain of the tip of a 100,000-deep auth chain (a user's display-name changes, each citing the one
/// before): the walk alone, and as the public API's sorted set of IDs.
/// </summary>
[MemoryDiagnoser]
public class AuthChainBenchmarks
{
    private EventGraph _graph = null!;
    private EventId _tip;
    private int _tipVertex;

    [GlobalSetup]
    public void Setup()
    {
        (_graph, _tip) = StateResolutionDag.ProfileChain(RoomVersion.V10, 100_000);
        _tipVertex = _graph.VertexOf(_tip);
        if (Walk() != 99_999) throw new InvalidOperationException("the chain's tip does not reach every other event");
    }

    [Benchmark(Baseline = true)]
    public int Walk() => AuthChains.FullVertices(_graph, [_tipVertex]).Count;

    [Benchmark]
    public int AsSortedSet() => AuthChains.Of(_graph, _tip).Value.Count;
}
