using System.Collections.Immutable;
using InviteJoin.Generators.Simulation;

namespace InviteJoin.Properties.Federation;

/// <summary>
/// One bounded exploration of simulated federations shared by the invariant properties of this folder: a fixed seed
/// and a fixed number of schedules (a budget of work, not of time), every room version, up to five servers with
/// one of them Byzantine. Each property asserts that its invariant held on every step of every schedule; a failure
/// prints the shrunk counterexample and the one-line command that replays it.
/// </summary>
internal static class FederationExploration
{
    /// <summary>The run's seed; with <see cref="Budget"/> it fixes every schedule.</summary>
    public const ulong Seed = 20261206;

    /// <summary>How many schedules the properties explore.</summary>
    public const long Budget = 400;

    public static ExploreRun Run { get; } = new() { Space = new ExploreSpace(), Seed = Seed, Schedules = Budget };

    private static readonly Lazy<ExploreReport> Report = new(() => Explorer.Explore(Run, threads: 2, stop: () => false));

    /// <summary>
    /// The same budget with policy-evasion for strategy, which the default space leaves out: the main room has a policy server
    /// in every federation where a server plays it and in half the others (<see cref="SimConfig.PolicyServer"/>).
    /// </summary>
    public static ExploreRun PolicyRun { get; } = new() { Space = new ExploreSpace { Strategies = [Adversary.PolicyEvasion] }, Seed = Seed, Schedules = Budget };

    private static readonly Lazy<ExploreReport> PolicyReport = new(() => Explorer.Explore(PolicyRun, threads: 2, stop: () => false));

    /// <summary>The report of <see cref="PolicyRun"/>.</summary>
    public static ExploreReport WithPolicyServers => PolicyReport.Value;

    /// <summary>Asserts that <paramref name="invariant"/> held throughout the shared exploration (or, with <paramref name="policyServers"/>, <see cref="PolicyRun"/>).</summary>
    public static void AssertHolds(string invariant, bool policyServers = false)
    {
        var report = policyServers ? PolicyReport.Value : Report.Value;
        var strategies = policyServers ? " --strategies " + Adversaries.Name(Adversary.PolicyEvasion) : "";
        var tally = report.Invariants.Single(t => t.Id == invariant);
        Assert.Equal(Budget, tally.Schedules);
        if (report.Violations.FirstOrDefault(v => v.Invariant == invariant) is { } violation)
        {
            Assert.Fail($"{invariant} failed in {violation.Count} of {Budget} schedules; the first shrinks to:\n  "
                + string.Join("\n  ", violation.Counterexample.Story)
                + $"\nReplay: dotnet run -c Release --project generators/InviteJoin.Cli -- explore --seed {Seed} --replay {violation.FirstSchedule}{strategies}");
        }
    }

    /// <summary>The schedules of the shared run, for properties that run them their own way.</summary>
    public static Schedule Schedule(long index) => ScheduleGenerator.Generate(Run.Space, Seed, index);

    /// <summary>The ids of every invariant the exploration checks.</summary>
    public static ImmutableArray<string> Ids => [.. Invariants.All.Select(i => i.Id)];
}
