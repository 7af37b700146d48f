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
/// Runs a schedule on a fresh world: every step, then the network heals, waiting handshakes finish and every
/// message is delivered (quiescence); the invariants are checked after every step and at quiescence, and the run
/// stops at the first violation.
/// </summary>
public static class Runner
{
    /// <summary>Runs <paramref name="schedule"/> against <paramref name="invariants"/> (all of them by default).</summary>
    public static RunResult Run(Schedule schedule, IReadOnlyList<Invariant>? invariants = null, bool keepStory = false)
    {
        invariants ??= Invariants.All;
        var world = new World(schedule.Config);
        var story = ImmutableArray.CreateBuilder<string>();
        var storyStep = ImmutableArray.CreateBuilder<int>();

        Violation? Check(StepEffects effects, int step)
        {
            if (keepStory)
            {
                foreach (var line in effects.Story)
                {
                    story.Add(line);
                    storyStep.Add(step);
                }
            }
            foreach (var invariant in invariants)
            {
                if (invariant.AfterStep(world, effects) is { } why) return new Violation(invariant.Id, step, why, []);
            }
            world.Remember(effects);
            return null;
        }

        RunResult Done(Violation? violation) => new(schedule, world.StepCount, violation, story.ToImmutable(), storyStep.ToImmutable(), world);

        for (var i = 0; i < schedule.Steps.Length; i++)
        {
            if (Check(world.Apply(schedule.Steps[i]), i) is { } violation) return Done(violation);
        }

        // Quiescence: heal, finish every waiting handshake, deliver everything.
        foreach (var effects in world.Quiesce())
        {
            if (Check(effects, -1) is { } violation) return Done(violation);
        }
        foreach (var invariant in invariants)
        {
            if (invariant.AtQuiescence(world) is { } why) return Done(new Violation(invariant.Id, -1, why, []));
        }
        return Done(null);
    }
}
