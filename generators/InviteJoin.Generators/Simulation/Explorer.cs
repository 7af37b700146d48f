using System.Collections.Immutable;

namespace InviteJoin.Generators.Simulation;

/// <summary>What one exploration runs: the space of schedules, the seed, the budget and the slice of a sharded run.</summary>
public sealed record ExploreRun
{
    public required ExploreSpace Space { get; init; }

    /// <summary>The run's seed: schedule <c>i</c> is <see cref="ScheduleGenerator.Generate"/>(space, seed, i).</summary>
    public required ulong Seed { get; init; }

    /// <summary>How many schedules (indices 0 to this − 1); null when a time budget ends the run instead.</summary>
    public long? Schedules { get; init; }

    /// <summary>This shard's index and the number of shards: the shard runs the indices congruent to its index.</summary>
    public int ShardIndex { get; init; }

    public int ShardCount { get; init; } = 1;

    /// <summary>How many runs shrinking may take per counterexample.</summary>
    public int ShrinkRuns { get; init; } = 3000;

    /// <summary>The invariants to check (all by default).</summary>
    public ImmutableArray<Invariant> Invariants { get; init; } = Simulation.Invariants.All;
}

/// <summary>Counts of one invariant over a run.</summary>
public sealed record InvariantTally(string Id, string Name, long Schedules, long Steps, long Violations);

/// <summary>The violations of one invariant: how many schedules broke it, the first (lowest index) one, and its shrunk counterexample.</summary>
public sealed record ViolationGroup(string Invariant, long Count, long FirstSchedule, Counterexample Counterexample, int OriginalSteps);

/// <summary>What an exploration found; the same run always gives the same report, and shard reports merge into it.</summary>
public sealed record ExploreReport
{
    public required ExploreRun Run { get; init; }

    /// <summary>The schedule indices this report covers, as a count (a time-bounded run stops where it stops).</summary>
    public required long SchedulesRun { get; init; }

    public required long StepsRun { get; init; }

    /// <summary>How many of the schedules ran with real Ed25519 signatures.</summary>
    public required long RealSignatureSchedules { get; init; }

    public required ImmutableArray<InvariantTally> Invariants { get; init; }

    public required ImmutableArray<ViolationGroup> Violations { get; init; }

    /// <summary>The highest schedule index covered plus one (for time-bounded runs, the next index to run).</summary>
    public required long NextSchedule { get; init; }

    /// <summary>What became of each seed attack (spec/dance.md), in the table's order.</summary>
    public ImmutableArray<AttackTally> Attacks { get; init; } = [];

    public bool Failed => !Violations.IsEmpty;
}

/// <summary>
/// Explores schedules: generates each from the run's seed and its index, runs it, tallies every invariant, and for
/// each violated invariant shrinks its first violation into a counterexample. Schedules run in parallel, but the
/// report depends only on the set of indices run, never on which core ran which or in what order.
/// </summary>
public static class Explorer
{
    /// <summary>
    /// Runs <paramref name="run"/> on <paramref name="threads"/> threads, calling <paramref name="progress"/> (schedules,
    /// steps, violations) as it goes; <paramref name="stop"/> ends a run without a schedule budget.
    /// </summary>
    public static ExploreReport Explore(ExploreRun run, int threads, Func<bool> stop, Action<long, long, long>? progress = null)
    {
        var results = new SortedDictionary<long, Outcome>();
        var gate = new object();
        long done = 0, steps = 0, failures = 0;
        var next = (long)run.ShardIndex;
        long Take()
        {
            lock (gate)
            {
                var index = next;
                if (run.Schedules is { } total && index >= total) return -1;
                if (run.Schedules is null && stop()) return -1;
                next += run.ShardCount;
                return index;
            }
        }

        void Work()
        {
            for (var index = Take(); index >= 0; index = Take())
            {
                var schedule = ScheduleGenerator.Generate(run.Space, run.Seed, index);
                var observer = AttackObserver.For(schedule.Config);
                var result = Runner.Run(schedule, run.Invariants, observer: observer);
                var outcome = new Outcome(schedule, result.Steps, result.Violation, observer?.Outcomes(result) ?? []);
                lock (gate)
                {
                    results[index] = outcome;
                    done++;
                    steps += result.Steps;
                    if (result.Failed) failures++;
                    progress?.Invoke(done, steps, failures);
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Max(1, threads)).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();

        // A time-bounded run keeps only the indices up to the first one not run, so the report names a prefix of the slice.
        var covered = Covered(results, run);
        return Report(run, covered);
    }

    /// <summary>Combines shard reports of one run into the report the unsharded run gives.</summary>
    public static ExploreReport Merge(IReadOnlyList<ExploreReport> shards)
    {
        if (shards.Count == 0) throw new ArgumentException("nothing to merge", nameof(shards));
        var run = shards[0].Run with { ShardIndex = 0, ShardCount = 1 };
        var tallies = shards[0].Invariants.Select(t => t.Id).ToList();
        var invariants = tallies.Select(id =>
        {
            var all = shards.Select(s => s.Invariants.First(t => t.Id == id)).ToList();
            return new InvariantTally(id, all[0].Name, all.Sum(t => t.Schedules), all.Sum(t => t.Steps), all.Sum(t => t.Violations));
        }).ToImmutableArray();
        var violations = shards.SelectMany(s => s.Violations).GroupBy(v => v.Invariant, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.OrderBy(v => v.FirstSchedule).First();
                return first with { Count = g.Sum(v => v.Count) };
            })
            .OrderBy(v => v.Invariant, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ExploreReport
        {
            Run = run,
            SchedulesRun = shards.Sum(s => s.SchedulesRun),
            StepsRun = shards.Sum(s => s.StepsRun),
            RealSignatureSchedules = shards.Sum(s => s.RealSignatureSchedules),
            Invariants = invariants,
            Violations = violations,
            NextSchedule = shards.Max(s => s.NextSchedule),
            Attacks = [.. shards[0].Attacks.Select((tally, i) => shards.Skip(1).Aggregate(tally, (sum, shard) => sum.Plus(shard.Attacks[i])))],
        };
    }

    /// <summary>Replays schedule <paramref name="index"/> of a run: runs it and, when it fails, shrinks it.</summary>
    public static (Schedule Schedule, RunResult Result, Counterexample? Counterexample) Replay(ExploreRun run, long index)
    {
        var schedule = ScheduleGenerator.Generate(run.Space, run.Seed, index);
        var result = Runner.Run(schedule, run.Invariants);
        if (!result.Failed) return (schedule, result, null);
        var shrunk = Shrinker.Shrink(schedule, result.Violation!.Invariant, run.ShrinkRuns);
        return (schedule, result, Counterexample.Of(shrunk));
    }

    /// <summary>What became of each seed attack in <paramref name="schedule"/>; empty when no server plays one.</summary>
    public static ImmutableArray<AttackOutcome> AttackOutcomes(Schedule schedule, IReadOnlyList<Invariant>? invariants = null)
    {
        var observer = AttackObserver.For(schedule.Config);
        if (observer is null) return [];
        return observer.Outcomes(Runner.Run(schedule, invariants, observer: observer));
    }

    private sealed record Outcome(Schedule Schedule, int Steps, Violation? Violation, ImmutableArray<AttackOutcome> Attacks);

    private static SortedDictionary<long, Outcome> Covered(SortedDictionary<long, Outcome> results, ExploreRun run)
    {
        var covered = new SortedDictionary<long, Outcome>();
        for (var index = (long)run.ShardIndex; results.TryGetValue(index, out var outcome); index += run.ShardCount) covered[index] = outcome;
        return covered;
    }

    private static ExploreReport Report(ExploreRun run, SortedDictionary<long, Outcome> covered)
    {
        var invariants = run.Invariants.Select(invariant =>
        {
            long schedules = 0, steps = 0, violations = 0;
            foreach (var outcome in covered.Values)
            {
                schedules++;
                steps += outcome.Steps;
                if (outcome.Violation?.Invariant == invariant.Id) violations++;
            }
            return new InvariantTally(invariant.Id, invariant.Name, schedules, steps, violations);
        }).ToImmutableArray();

        var groups = covered
            .Where(kv => kv.Value.Violation is not null)
            .GroupBy(kv => kv.Value.Violation!.Invariant, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var (index, outcome) = g.First();
                var shrunk = Shrinker.Shrink(outcome.Schedule, g.Key, run.ShrinkRuns);
                return new ViolationGroup(g.Key, g.LongCount(), index, Counterexample.Of(shrunk), outcome.Schedule.Length);
            })
            .ToImmutableArray();

        return new ExploreReport
        {
            Run = run,
            SchedulesRun = covered.Count,
            StepsRun = covered.Values.Sum(o => (long)o.Steps),
            RealSignatureSchedules = covered.Values.LongCount(o => o.Schedule.Config.Signatures == SignatureMode.Real),
            Invariants = invariants,
            Violations = groups,
            NextSchedule = covered.Count == 0 ? run.ShardIndex : covered.Keys.Max() + 1,
            Attacks = AttackTally.Of(covered.Select(kv => (kv.Key, kv.Value.Schedule.Config, kv.Value.Attacks))),
        };
    }
}
