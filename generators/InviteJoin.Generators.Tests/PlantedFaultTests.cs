using System.Collections.Concurrent;
using System.Collections.Immutable;
using InviteJoin.Generators.Simulation;
using InviteJoin.Generators.StateRes;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// The planted faults (spec/historical-bugs.md) are found: exploring the schedules of one seed in order, a fault's
/// space yields a violated invariant within a fixed budget of schedules (a count, not a time) — and the same schedule
/// with every server running the reference violates none — while the reference on the fault-finding space and the
/// same budget violates none either. The first violating schedule of each fault is the figure
/// <c>tools/fault-table.sh</c> reports in the README.
/// </summary>
public sealed class PlantedFaultTests
{
    /// <summary>The seed of every exploration here.</summary>
    public const ulong Seed = 7;

    /// <summary>How many schedules (numbers 0 to this − 1) a fault may take to be found.</summary>
    public const long Budget = 3500;

    /// <summary>
    /// Faults whose shapes the simulated federation does not reach within the budget, found instead on the generated forked rooms of I-40's
    /// differential property (the same cases, ForkedRoomGenerator.RoomsWithRejections): a rejected auth event can stand in for a missing key (B5) only
    /// when an accepted event cites an auth event the server rejected later, which honest servers almost never come to hold.
    /// </summary>
    private static readonly ImmutableSortedSet<string> FoundOnGeneratedRooms = ["rejected-auth-event-stand-in"];

    private static readonly Lazy<ImmutableSortedDictionary<string, (long Schedule, Violation Violation)?>> Found = new(Explore);

    public static TheoryData<string> Names() => [.. Faults.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void PlantedFault_IsFoundWithinTheBudget(string name)
    {
        if (FoundOnGeneratedRooms.Contains(name))
        {
            var fault = Faults.Find(name)!;
            Assert.True(fault.Resolution is { } mutation && ToldApartOnGeneratedRooms(mutation), $"{name} is told apart from the reference on no generated room either");
            return;
        }
        var found = Found.Value[name];
        Assert.True(found is not null, $"{name} ({Faults.Find(name)!.Bug}) violated no invariant in schedules 0-{Budget - 1} of seed {Seed}");

        // The same schedule with every server running the reference violates nothing: the fault made the difference.
        var schedule = ScheduleGenerator.Generate(new ExploreSpace { Fault = name }, Seed, found.Value.Schedule);
        var control = Runner.Run(schedule with { Config = schedule.Config with { Fault = null, Faulty = [] } });
        Assert.True(control.Violation is null, $"schedule {found.Value.Schedule} of {name} fails without the fault too: {control.Violation}");
    }

    [Fact]
    public void Catalogue_CoversTheBugKindsTheModelExpresses_OnePerLine()
    {
        string[] required = ["B1", "B2", "B4", "B5", "B6", "B7", "B8", "B12", "B14", "B16", "B17", "B19", "B20", "B21", "B22", "B23", "B28", "B30", "B31", "B33"];
        Assert.Empty(required.Except(Faults.All.Select(f => f.Bug)));
        Assert.Equal(Faults.All.Length, Faults.All.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Faults.All, f => Assert.False(string.IsNullOrWhiteSpace(f.Description) || f.Description.Contains('\n', StringComparison.Ordinal)));
    }

    [Fact]
    public void Reference_ViolatesNothing_OnTheFaultFindingSpaceAndTheSameBudget()
    {
        var run = new ExploreRun { Space = new ExploreSpace { FaultFinding = true }, Seed = Seed, Schedules = Budget };
        var report = Explorer.Explore(run, threads: 2, stop: () => false);
        Assert.Equal(Budget, report.SchedulesRun);
        Assert.True(report.Violations.IsEmpty, string.Join("\n", report.Violations.Select(v =>
            $"{v.Invariant} in schedule {v.FirstSchedule}:\n  " + string.Join("\n  ", v.Counterexample.Story))));
    }

    // Every fault's schedules in order, each stopping at its first violation; two faults at a time.
    private static ImmutableSortedDictionary<string, (long, Violation)?> Explore()
    {
        var results = new ConcurrentDictionary<string, (long, Violation)?>(StringComparer.Ordinal);
        Parallel.ForEach(Faults.All.Where(f => !FoundOnGeneratedRooms.Contains(f.Name)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, fault =>
        {
            var space = new ExploreSpace { Fault = fault.Name };
            (long, Violation)? first = null;
            for (long index = 0; index < Budget && first is null; index++)
            {
                if (Runner.Run(ScheduleGenerator.Generate(space, Seed, index)).Violation is { } violation) first = (index, violation);
            }
            results[fault.Name] = first;
        });
        return results.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }

    // I-40's differential check on generated forked rooms: the mutant resolves some room unlike the reference.
    private static bool ToldApartOnGeneratedRooms(ResolutionMutation mutation)
    {
        var pcg = new CsCheck.PCG(7, 0x5EED);
        var cases = ForkedRoomGenerator.RoomsWithRejections([Reference.RoomVersions.RoomVersion.V2, Reference.RoomVersions.RoomVersion.V10, Reference.RoomVersions.RoomVersion.V12],
            ["@alice:example.com", "@bob:example.com", "@charlie:example.com", "@dave:example.com"]);
        for (var i = 0; i < 3000; i++)
        {
            var (room, rejected) = cases.Generate(pcg, null, out _);
            if (NaiveStateResolution.AgreesWithReference(room, rejected, mutation) == false) return true;
        }
        return false;
    }
}
