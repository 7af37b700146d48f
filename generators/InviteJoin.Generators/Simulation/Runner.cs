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

/// <summary>Watches a run without judging it: told what every step did that passed the invariants, and of quiescence.</summary>
public interface IRunObserver
{
    void AfterStep(World world, StepEffects effects);

    void AtQuiescence(World world);
}

/// <summary>
/// Checks the invariants on a world as it runs: after every step on what the step did, and at quiescence on the
/// whole federation; keeps the story when asked. Shared by schedules and hand-written scenarios.
/// </summary>
public sealed class Checker(World world, IReadOnlyList<Invariant>? invariants = null, bool keepStory = false, IRunObserver? observer = null)
{
    // An array, read by index: the invariants run after every step, and enumerating an interface allocates and dispatches.
    private readonly Invariant[] _invariants = invariants is null ? [.. Invariants.All] : [.. invariants];
    private readonly ImmutableArray<string>.Builder _story = ImmutableArray.CreateBuilder<string>();
    private readonly ImmutableArray<int>.Builder _storyStep = ImmutableArray.CreateBuilder<int>();

    public World World => world;

    /// <summary>The id a run reports a thrown exception under: not an invariant, a bug of the model or the reference.</summary>
    public const string ExceptionId = "exception";

    /// <summary>The first violation found, if any.</summary>
    public Violation? Violation { get; private set; }

    /// <summary>Records <paramref name="violation"/> unless one was found before.</summary>
    public void Fail(Violation violation) => Violation ??= violation;

    public ImmutableArray<string> Story => _story.ToImmutable();

    public ImmutableArray<int> StoryStep => _storyStep.ToImmutable();

    /// <summary>Checks what step <paramref name="step"/> did (−1 for the steps of quiescence); the violation, if one is found.</summary>
    public Violation? After(StepEffects effects, int step)
    {
        world.EndStep();
        if (keepStory)
        {
            foreach (var line in effects.Story)
            {
                _story.Add(line);
                _storyStep.Add(step);
            }
        }
        foreach (var invariant in _invariants.AsSpan())
        {
            if (invariant.AfterStep(world, effects) is { } why) return Violation ??= new Violation(invariant.Id, step, why, []);
        }
        world.Remember(effects);
        observer?.AfterStep(world, effects);
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
        observer?.AtQuiescence(world);
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
    public static RunResult Run(Schedule schedule, IReadOnlyList<Invariant>? invariants = null, bool keepStory = false, IRunObserver? observer = null)
    {
        var world = new World(schedule.Config);
        var checker = new Checker(world, invariants, keepStory, observer);
        RunResult Done() => new(schedule, world.StepCount, checker.Violation, checker.Story, checker.StoryStep, world);

        var step = 0;
        try
        {
            for (; step < schedule.Steps.Length; step++)
            {
                if (checker.After(world.Apply(schedule.Steps[step]), step) is not null) return Done();
            }
            step = -1;
            checker.Quiesce();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A thrown exception is a bug of the model or of the reference (expected failures are values): the run
            // reports it as its violation, so that explore shrinks it and prints its replay like any other.
            checker.Fail(new Violation(Checker.ExceptionId, step, e.GetType().Name + ": " + e.Message, []));
        }
        return Done();
    }
}
