using System.Collections.Immutable;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// The shrinker leaves out what a counterexample does not need: whole steps while their time passes, single events of
/// a step that makes several, any server but the creator, and numbers that pick a bigger move than a smaller number
/// would. Pinned on the first counterexample of B7 (<c>auth-difference-first-set</c>, seed 7, schedule 2019 of its
/// space, the README's fault table), which deleting whole steps and halving numbers left at 9 steps and 11 events.
/// </summary>
public sealed class ShrinkerTests
{
    private const string B7 = "auth-difference-first-set";

    private static readonly Lazy<Schedule> B7Failing = new(() => ScheduleGenerator.Generate(new ExploreSpace { Fault = B7 }, PlantedFaultTests.Seed, 2019));

    private static readonly Lazy<Schedule> B7Shrunk = new(() => Shrinker.Shrink(B7Failing.Value, "I-40"));

    [Fact]
    public void B7Counterexample_ShrinksToAtMostEightEvents_AndStillViolatesI40()
    {
        var failing = B7Failing.Value;
        Assert.Equal("I-40", Runner.Run(failing).Violation?.Invariant);

        var counterexample = Counterexample.Of(B7Shrunk.Value);

        Assert.Equal("I-40", counterexample.Violation.Invariant);
        Assert.True(counterexample.Events <= 8, $"{counterexample.Events} events:\n  " + string.Join("\n  ", counterexample.Story));
    }

    [Fact]
    public void Pass_KeepsTheTimeOfTheStepItLeavesOut_SoLaterEventsKeepTheirIds()
    {
        // On schedule 2019's federation: ada's message in the main room, a delivery with nothing in flight, then b.test
        // joins the lobby through a.test (the beginning of the B7 counterexample as whole steps leave it).
        var prefix = B7Failing.Value with { Steps = [new StepChoice(1, 0, 0, 0), new StepChoice(0, 0, 0, 0), new StepChoice(6, 0, 230, 721)] };
        var run = Runner.Run(prefix, invariants: []);
        var ticks = run.World.TicksOf(0);
        Assert.True(ticks > 0, "the first step made no event");

        var passed = Story(prefix with { Steps = prefix.Steps.SetItem(0, new StepChoice(0, ticks, 0, 0, StepChoice.Pass)) });
        var deleted = Story(prefix with { Steps = prefix.Steps.SetItem(0, new StepChoice(0, 0, 0, 0, StepChoice.Pass)) });
        var whole = Story(prefix);

        Assert.Equal(whole.Skip(1), passed);
        Assert.Equal(whole.Length - 1, deleted.Length);
        Assert.NotEqual(whole.Skip(1), deleted);
    }

    [Fact]
    public void ForkStep_HasOnePartPerBranchEvent_AndLeavesOutOnlyTheOmittedOne()
    {
        // In the shrunk B7 counterexample, b.test forks its history: bea's join, leave and join against ben's ban of amy.
        var shrunk = B7Shrunk.Value;
        var world = Runner.Run(shrunk, invariants: []).World;
        var fork = Enumerable.Range(0, shrunk.Length).Single(i => world.PartsOf(i) > 1);
        Assert.Equal(4, world.PartsOf(fork));

        var whole = ForkLine(shrunk);
        var withoutThird = ForkLine(shrunk with { Steps = shrunk.Steps.SetItem(fork, shrunk.Steps[fork] with { Omit = 1 << 2 }) });

        var events = Ids(whole);
        Assert.Equal(5, events.Length);
        // The three events before and beside the omitted one are made alike; the merge on both tips is a new event.
        Assert.Equal([events[0], events[1], events[3]], Ids(withoutThird)[..3]);
        Assert.DoesNotContain(events[2], withoutThird, StringComparison.Ordinal);
    }

    [Fact]
    public void Shrink_DropsAServerBeforeTheLast_TheServersAfterItMoveDownWithTheirRoles()
    {
        var config = new SimConfig
        {
            Servers = 4,
            Version = RoomVersionRegistry.Lookup("10").Value,
            JoinRule = "public",
            Byzantine = ImmutableSortedDictionary<int, Adversary>.Empty.Add(3, Adversary.Equivocation),
            Fault = B7,
            Faulty = [2],
        };
        var schedule = new Schedule(config, [new StepChoice(0, 0, 0, 0)]);

        // What is kept: an equivocating server and a faulty one, whatever their numbers.
        var shrunk = Shrinker.Shrink(schedule, s => s.Config.Byzantine.ContainsValue(Adversary.Equivocation) && !s.Config.Faulty.IsEmpty, maxRuns: 100);

        Assert.Equal(3, shrunk.Config.Servers);
        Assert.Equal([2], shrunk.Config.Byzantine.Keys);
        Assert.Equal([1], shrunk.Config.Faulty);
    }

    [Fact]
    public void ReportJson_ReadsAStepWithOmittedParts_AndWritesTheSameBytes()
    {
        var counterexample = Counterexample.Of(B7Shrunk.Value);
        Assert.Contains(counterexample.Schedule.Steps, s => s.Omit != 0);
        var run = new ExploreRun { Space = new ExploreSpace { Fault = B7 }, Seed = PlantedFaultTests.Seed, Schedules = 2020 };
        var report = new ExploreReport
        {
            Run = run,
            SchedulesRun = 2020,
            StepsRun = 1,
            RealSignatureSchedules = 0,
            Invariants = [],
            Violations = [new ViolationGroup("I-40", 1, 2019, counterexample, B7Failing.Value.Length)],
            NextSchedule = 2020,
        };

        var written = CanonicalJson.EncodeToString(ReportJson.ToJson(report));
        var read = ReportJson.FromJson(StrictJsonReader.Parse(System.Text.Encoding.UTF8.GetBytes(written), JsonReadOptions.Canonical).Value);

        Assert.Equal(counterexample.Schedule.Steps, read.Violations[0].Counterexample.Schedule.Steps);
        Assert.Equal(written, CanonicalJson.EncodeToString(ReportJson.ToJson(read)));
    }

    private static ImmutableArray<string> Story(Schedule schedule) => [.. Runner.Run(schedule, invariants: [], keepStory: true).Story];

    private static string ForkLine(Schedule schedule) => Story(schedule).Single(line => line.Contains("forks its history", StringComparison.Ordinal));

    private static string[] Ids(string line) => [.. line.Split(' ', '(', ')', ',').Where(w => w.StartsWith('$'))];
}
