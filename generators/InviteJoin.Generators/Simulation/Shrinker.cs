using System.Collections.Immutable;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// Shrinks a failing schedule to a small one that fails the same invariant: fewer servers, fewer Byzantine and
/// faulty servers, fewer steps (delta debugging: deleting ever smaller runs of steps), then smaller numbers in each
/// step. Deterministic — the same failing schedule always shrinks to the same one — and bounded by a number of runs,
/// so a report is the same on every machine.
/// </summary>
public static class Shrinker
{
    /// <summary>Shrinks <paramref name="failing"/>, which violates <paramref name="invariant"/>; at most <paramref name="maxRuns"/> runs.</summary>
    public static Schedule Shrink(Schedule failing, string invariant, int maxRuns = 3000) =>
        Shrink(failing, candidate => Runner.Run(candidate).Violation?.Invariant == invariant, maxRuns);

    /// <summary>Shrinks <paramref name="failing"/> to a smaller schedule that <paramref name="keeps"/> still holds of; at most <paramref name="maxRuns"/> runs.</summary>
    public static Schedule Shrink(Schedule failing, Func<Schedule, bool> keeps, int maxRuns = 3000)
    {
        var runs = 0;
        bool Fails(Schedule candidate)
        {
            if (runs >= maxRuns) return false;
            runs++;
            try
            {
                return keeps(candidate);
            }
            catch (InvalidOperationException)
            {
                // A candidate the shrinking made is a run like any other; one that breaks the model is no simpler answer.
                return false;
            }
        }

        var best = failing;
        var changed = true;
        while (changed && runs < maxRuns)
        {
            changed = false;
            foreach (var candidate in SmallerConfigs(best))
            {
                if (Fails(candidate))
                {
                    best = candidate;
                    changed = true;
                    break;
                }
            }
            if (changed) continue;

            // Delete runs of steps, from half the schedule down to single steps.
            for (var size = Math.Max(1, best.Steps.Length / 2); size >= 1 && !changed; size /= 2)
            {
                for (var start = 0; start + size <= best.Steps.Length; start += size)
                {
                    var candidate = best with { Steps = best.Steps.RemoveRange(start, size) };
                    if (Fails(candidate))
                    {
                        best = candidate;
                        changed = true;
                        break;
                    }
                }
            }
            if (changed) continue;

            // Lower the numbers of each step: to zero, then by halves.
            for (var i = 0; i < best.Steps.Length && !changed; i++)
            {
                foreach (var simpler in Simpler(best.Steps[i]))
                {
                    var candidate = best with { Steps = best.Steps.SetItem(i, simpler) };
                    if (Fails(candidate))
                    {
                        best = candidate;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    // One fewer server (the last, unless it is the creator), one Byzantine or faulty server fewer.
    private static IEnumerable<Schedule> SmallerConfigs(Schedule schedule)
    {
        var config = schedule.Config;
        if (config.Servers > 2)
        {
            var last = config.Servers - 1;
            var faulty = config.Faulty.Remove(last);
            if (config.Fault is null || !faulty.IsEmpty)
            {
                yield return schedule with { Config = config with { Servers = last, Byzantine = config.Byzantine.Remove(last), Faulty = faulty } };
            }
        }
        foreach (var server in config.Byzantine.Keys)
        {
            yield return schedule with { Config = config with { Byzantine = config.Byzantine.Remove(server) } };
        }
        if (config.Faulty.Count > 1)
        {
            foreach (var server in config.Faulty) yield return schedule with { Config = config with { Faulty = config.Faulty.Remove(server) } };
        }
    }

    private static IEnumerable<StepChoice> Simpler(StepChoice step)
    {
        if (step.A != 0) yield return step with { A = 0 };
        if (step.B != 0) yield return step with { B = 0 };
        if (step.C != 0) yield return step with { C = 0 };
        if (step.A > 1) yield return step with { A = step.A / 2 };
        if (step.B > 1) yield return step with { B = step.B / 2 };
        if (step.C > 1) yield return step with { C = step.C / 2 };
    }
}

/// <summary>
/// A shrunk counterexample told as a story a person can read in a minute ("let … then …"): the federation, each step
/// that did something, what happened at quiescence, and the violation.
/// </summary>
public sealed record Counterexample(Schedule Schedule, Violation Violation, ImmutableArray<string> Story, int Events)
{
    /// <summary>Runs <paramref name="schedule"/> again to tell its story.</summary>
    public static Counterexample Of(Schedule schedule)
    {
        var run = Runner.Run(schedule, keepStory: true);
        var violation = run.Violation ?? throw new InvalidOperationException("the schedule does not fail");
        var lines = Tell(run).ToBuilder();
        lines.Add("and " + violation.Invariant + " fails: " + violation.Why);
        return new Counterexample(schedule, violation, lines.ToImmutable(), run.World.EventsMade());
    }

    /// <summary>The story of a run kept with its story: the federation, then each step that did something, then what happened at quiescence.</summary>
    public static ImmutableArray<string> Tell(RunResult run)
    {
        var schedule = run.Schedule;
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.Add("let " + schedule.Config);
        var quiet = false;
        for (var i = 0; i < run.Story.Length; i++)
        {
            if (run.StoryStep[i] < 0 && !quiet)
            {
                lines.Add("then, left alone until every message arrives:");
                quiet = true;
            }
            lines.Add("then " + run.Story[i]);
        }
        return lines.ToImmutable();
    }
}
