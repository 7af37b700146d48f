using InviteJoin.Generators.Simulation;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// Schedules on which exploration once found a defect of the reference or of an invariant's statement, each replayed
/// as explore replays it (the same space, seed and number) and now clean. Each case names what was wrong.
/// </summary>
public sealed class FoundByExploreTests
{
    private static readonly string[] Every =
    [
        "forged-invite", "hidden-invite", "forgetful-invitee", "lying-stripped-state", "withheld-join", "partial-state-answer",
        "malicious-template", "equivocation", "replay", "failing-events", "hidden-fork", "resolution-probes", "policy-evasion",
    ];

    public static TheoryData<string, ulong, long> Found() => new()
    {
        // A joiner refused an honest resident's send_join answer (send_join_response.state_missing_key) because a state
        // event cited a key the resolved state lacked; resolution drops a conflicted key whose every candidate fails.
        { "every-strategy 4-7 servers, 3 byzantine", 21, 24307 },
        // A room still partial at quiescence (a server ACL denying the joiner refuses its /state) was held to convergence.
        { "spec and synapse profiles", 13, 38119 },
        // A partial-state resync replayed the join against a state holding events taken only later, and threw.
        { "fault space v21-without-conflicted-subgraph, without the fault", 7, 584 },
        // The same replay resolved extremity states whose auth chains were not yet taken, and threw.
        { "fault space auth-difference-first-set, without the fault", 7, 1045 },
        // An event held under the partial state, replayed with the bare partial state it was received with, was rejected.
        { "fault space v21-without-conflicted-subgraph, without the fault", 7, 1383 },
    };

    [Theory]
    [MemberData(nameof(Found))]
    public void Schedule_ViolatesNothing(string space, ulong seed, long number)
    {
        var schedule = ScheduleGenerator.Generate(Space(space), seed, number);
        if (space.StartsWith("fault space", StringComparison.Ordinal)) schedule = schedule with { Config = schedule.Config with { Fault = null, Faulty = [] } };
        var run = Runner.Run(schedule);
        Assert.True(run.Violation is null, $"{space}, seed {seed}, schedule {number}: {run.Violation}");
    }

    private static ExploreSpace Space(string name) => name switch
    {
        "every-strategy 4-7 servers, 3 byzantine" => new ExploreSpace
        {
            MinServers = 4, MaxServers = 7, MaxByzantine = 3, Strategies = [.. Every.Select(s => Adversaries.Parse(s)!.Value)],
        },
        "spec and synapse profiles" => new ExploreSpace
        {
            Strategies = [.. new[] { "forged-invite", "hidden-invite", "policy-evasion", "resolution-probes", "equivocation" }.Select(s => Adversaries.Parse(s)!.Value)],
            Profiles = ["spec", "synapse"],
        },
        _ when name.StartsWith("fault space ", StringComparison.Ordinal) => new ExploreSpace { Fault = name["fault space ".Length..name.IndexOf(',', StringComparison.Ordinal)] },
        _ => throw new ArgumentException("unknown space " + name, nameof(name)),
    };
}
