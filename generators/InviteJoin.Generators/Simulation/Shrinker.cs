using System.Collections.Immutable;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// Shrinks a failing schedule to a small one that fails the same invariant: fewer servers, fewer Byzantine and
/// faulty servers, fewer steps (delta debugging: deleting ever smaller runs of steps), smaller numbers in each step,
/// then steps left out whole while their time passes (so that the events after them keep their timestamps, hence
/// their IDs and their order in resolution), then single parts of steps that make several events (one branch event
/// of a fork). Every pass runs again after any of them shrinks the schedule, to a fixed point. Deterministic — the
/// same failing schedule always shrinks to the same one — and bounded by a number of runs, so a report is the same
/// on every machine.
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

        // What each step's work was — its parts and the milliseconds it took — and the events the whole run made,
        // counted on a run of the schedule without invariants (a run of the budget); the last one is kept.
        (Schedule Of, Profile Profile)? profiled = null;
        Profile ProfileOf(Schedule schedule)
        {
            if (profiled is { } known && ReferenceEquals(known.Of, schedule)) return known.Profile;
            if (runs >= maxRuns) return new Profile([], int.MaxValue);
            runs++;
            var world = Runner.Run(schedule, invariants: []).World;
            var profile = new Profile([.. Enumerable.Range(0, schedule.Steps.Length).Select(i => (world.PartsOf(i), world.TicksOf(i)))], world.EventsMade());
            profiled = (schedule, profile);
            return profile;
        }

        var best = failing;
        bool Took(IEnumerable<Schedule> candidates, bool fewerEvents = false)
        {
            var events = fewerEvents ? ProfileOf(best).Events : 0;
            foreach (var candidate in candidates)
            {
                if (runs >= maxRuns) return false;
                if (fewerEvents && ProfileOf(candidate).Events >= events) continue;
                if (Fails(candidate))
                {
                    best = candidate;
                    return true;
                }
            }
            return false;
        }

        while (runs < maxRuns
            && (Took(SmallerConfigs(best)) || Took(Deletions(best)) || Took(SimplerSteps(best)) || Took(Passes(best, ProfileOf))
                || Took(Omissions(best, ProfileOf)) || Took(SmallNumbers(best, ProfileOf), fewerEvents: true)))
        {
        }
        return best;
    }

    // One server fewer (any but the creator: the servers after it move down one, with their roles), then one
    // Byzantine or faulty server fewer.
    private static IEnumerable<Schedule> SmallerConfigs(Schedule schedule)
    {
        var config = schedule.Config;
        if (config.Servers > 2)
        {
            for (var gone = config.Servers - 1; gone >= 1; gone--)
            {
                var without = Without(config, gone);
                if (config.Fault is null || !without.Faulty.IsEmpty) yield return schedule with { Config = without };
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

    // The federation without server gone: the servers after it take the index before theirs, keeping their roles.
    private static SimConfig Without(SimConfig config, int gone)
    {
        int Moved(int server) => server > gone ? server - 1 : server;
        return config with
        {
            Servers = config.Servers - 1,
            Byzantine = config.Byzantine.Where(kv => kv.Key != gone).ToImmutableSortedDictionary(kv => Moved(kv.Key), kv => kv.Value),
            Faulty = [.. config.Faulty.Where(s => s != gone).Select(Moved)],
            Profiles = config.Profiles.Where(kv => kv.Key != gone).ToImmutableSortedDictionary(kv => Moved(kv.Key), kv => kv.Value),
        };
    }

    // Runs of steps deleted, from half the schedule down to single steps.
    private static IEnumerable<Schedule> Deletions(Schedule schedule)
    {
        for (var size = Math.Max(1, schedule.Steps.Length / 2); size >= 1; size /= 2)
        {
            for (var start = 0; start + size <= schedule.Steps.Length; start += size)
            {
                yield return schedule with { Steps = schedule.Steps.RemoveRange(start, size) };
            }
        }
    }

    // The numbers of each step lowered: to zero, then by halves.
    private static IEnumerable<Schedule> SimplerSteps(Schedule schedule)
    {
        for (var i = 0; i < schedule.Steps.Length; i++)
        {
            foreach (var simpler in Simpler(schedule.Steps[i])) yield return schedule with { Steps = schedule.Steps.SetItem(i, simpler) };
        }
    }

    private static IEnumerable<StepChoice> Simpler(StepChoice step)
    {
        if (step.IsPass) yield break;
        if (step.A != 0) yield return step with { A = 0 };
        if (step.B != 0) yield return step with { B = 0 };
        if (step.C != 0) yield return step with { C = 0 };
        if (step.A > 1) yield return step with { A = step.A / 2 };
        if (step.B > 1) yield return step with { B = step.B / 2 };
        if (step.C > 1) yield return step with { C = step.C / 2 };
    }

    // Each step left out whole while its time passes: what a deleted step changes besides its own work — the clock,
    // hence every later event's timestamp and ID — stays as it was.
    private static IEnumerable<Schedule> Passes(Schedule schedule, Func<Schedule, Profile> profile)
    {
        ImmutableArray<(int Parts, int Ticks)>? counted = null;
        for (var i = 0; i < schedule.Steps.Length; i++)
        {
            if (schedule.Steps[i].IsPass) continue;
            counted ??= profile(schedule).Steps;
            var ticks = i < counted.Value.Length ? counted.Value[i].Ticks : 0;
            yield return schedule with { Steps = schedule.Steps.SetItem(i, new StepChoice(0, ticks, 0, 0, StepChoice.Pass)) };
        }
    }

    // The most a number of a step is set to by SmallNumbers: A and B pick among servers, users, rooms and messages in
    // flight, C also among kinds of move (a user's action, a Byzantine strategy's probe) and their targets.
    private const int SmallAB = 16, SmallC = 256;

    // Each number of each step that makes events set to every smaller value below a bound, for a run that then makes
    // fewer events (Took checks): a step's numbers are read against the world, so a far smaller number may pick a
    // smaller move — one message on two past points instead of a message after a hidden one — that halving never meets.
    private static IEnumerable<Schedule> SmallNumbers(Schedule schedule, Func<Schedule, Profile> profile)
    {
        var counted = profile(schedule).Steps;
        for (var i = 0; i < counted.Length; i++)
        {
            var step = schedule.Steps[i];
            if (step.IsPass || counted[i].Ticks == 0) continue;
            for (var a = 0; a < Math.Min(step.A, SmallAB); a++) yield return schedule with { Steps = schedule.Steps.SetItem(i, step with { A = a }) };
            for (var b = 0; b < Math.Min(step.B, SmallAB); b++) yield return schedule with { Steps = schedule.Steps.SetItem(i, step with { B = b }) };
            for (var c = 0; c < Math.Min(step.C, SmallC); c++) yield return schedule with { Steps = schedule.Steps.SetItem(i, step with { C = c }) };
        }
    }

    // Each part of a step that has several (the branch events of a fork, say) left out on its own.
    private static IEnumerable<Schedule> Omissions(Schedule schedule, Func<Schedule, Profile> profile)
    {
        var counted = profile(schedule).Steps;
        for (var i = 0; i < counted.Length; i++)
        {
            var step = schedule.Steps[i];
            for (var part = 0; part < Math.Min(counted[i].Parts, 31); part++)
            {
                if (!step.Omits(part)) yield return schedule with { Steps = schedule.Steps.SetItem(i, step with { Omit = step.Omit | (1 << part) }) };
            }
        }
    }
}

/// <summary>What a run of a schedule did, for the shrinking: each step's parts and the milliseconds its work took, and the events made.</summary>
internal sealed record Profile(ImmutableArray<(int Parts, int Ticks)> Steps, int Events);

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
