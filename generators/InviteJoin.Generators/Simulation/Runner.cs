using System.Collections.Immutable;

namespace InviteJoin.Generators.Simulation;

/// <summary>What one run of a schedule found: the steps it took, the first violation if any, and the story so far.</summary>
public sealed record RunResult(
    Schedule Schedule,
    int Steps,
    Violation? Violation,
    ImmutableArray<string> Story,
    ImmutableArray<int> StoryStep,
    World World)
{
    public bool Failed => Violation is not null;
}

/// <summary>
/// Checks the invariants on a world as it runs: after every step on what the step did, and at quiescence on the
/// whole federation; keeps the story when asked. Shared by schedules and hand-written scenarios.
/// </summary>
public sealed class Checker(World world, IReadOnlyList<Invariant>? invariants = null, bool keepStory = false)
{
    private readonly IReadOnlyList<Invariant> _invariants = invariants ?? Invariants.All;
    private readonly ImmutableArray<string>.Builder _story = ImmutableArray.CreateBuilder<string>();
    private readonly ImmutableArray<int>.Builder _storyStep = ImmutableArray.CreateBuilder<int>();

    public World World => world;

    /// <summary>The first violation found, if any.</summary>
    public Violation? Violation { get; private set; }

    public ImmutableArray<string> Story => _story.ToImmutable();

    public ImmutableArray<int> StoryStep => _storyStep.ToImmutable();

    /// <summary>Checks what step <paramref name="step"/> did (−1 for the steps of quiescence); the violation, if one is found.</summary>
    public Violation? After(StepEffects effects, int step)
    {
        if (keepStory)
        {
            foreach (var line in effects.Story)
            {
                _story.Add(line);
                _storyStep.Add(step);
            }
        }
        foreach (var invariant in _invariants)
        {
            if (invariant.AfterStep(world, effects) is { } why) return Violation ??= new Violation(invariant.Id, step, why, []);
        }
        world.Remember(effects);
        return null;
    }

    /// <summary>Brings the federation to quiescence, checking every step, then checks it whole; the violation, if one is found.</summary>
    public Violation? Quiesce()
    {
        foreach (var effects in world.Quiesce())
        {
            if (After(effects, -1) is { } violation) return violation;
        }
        foreach (var invariant in _invariants)
        {
            if (invariant.AtQuiescence(world) is { } why) return Violation ??= new Violation(invariant.Id, -1, why, []);
        }
        return null;
    }
}

/// <summary>
/// Runs a schedule on a fresh world: every step, then the network heals, waiting handshakes finish and every
/// message is delivered (quiescence); the invariants are checked after every step and at quiescence, and the run
/// stops at the first violation.
/// </summary>
public static class Runner
{
    /// <summary>Runs <paramref name="schedule"/> against <paramref name="invariants"/> (all of them by default).</summary>
    public static RunResult Run(Schedule schedule, IReadOnlyList<Invariant>? invariants = null, bool keepStory = false)
    {
        var world = new World(schedule.Config);
        var checker = new Checker(world, invariants, keepStory);
        RunResult Done() => new(schedule, world.StepCount, checker.Violation, checker.Story, checker.StoryStep, world);

        for (var i = 0; i < schedule.Steps.Length; i++)
        {
            if (checker.After(world.Apply(schedule.Steps[i]), i) is not null) return Done();
        }
        checker.Quiesce();
        return Done();
    }
}
