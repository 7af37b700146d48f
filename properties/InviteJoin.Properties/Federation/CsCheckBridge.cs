using FsCheck;
using FsCheck.Fluent;
using InviteJoin.Generators.Simulation;

namespace InviteJoin.Properties.Federation;

/// <summary>
/// The bridge that lets FsCheck.Xunit properties use the simulator's CsCheck generators instead of a second copy:
/// FsCheck draws a seed, CsCheck generates from it, so a failing FsCheck case replays from FsCheck's own seed; shrinking
/// uses the simulator's notion of a smaller schedule.
/// </summary>
public static class CsCheckBridge
{
    /// <summary>An FsCheck generator of the values <paramref name="gen"/> makes.</summary>
    public static Gen<T> ToFsCheck<T>(CsCheck.Gen<T> gen) =>
        Gen.Choose(0, int.MaxValue).Two().Select(seeds => gen.Generate(new CsCheck.PCG((uint)seeds.Item1, (ulong)seeds.Item2 * 2654435761UL), null, out _));

    /// <summary>Schedules of the default exploration space, shrinking by dropping halves, then single steps.</summary>
    public static Arbitrary<Schedule> Schedules() => Arb.From(ToFsCheck(ScheduleGenerator.Schedules(new ExploreSpace())), Smaller);

    private static IEnumerable<Schedule> Smaller(Schedule schedule)
    {
        var steps = schedule.Steps;
        if (steps.Length > 1)
        {
            yield return schedule with { Steps = steps[..(steps.Length / 2)] };
            yield return schedule with { Steps = steps[(steps.Length / 2)..] };
        }
        for (var i = 0; i < steps.Length; i++) yield return schedule with { Steps = steps.RemoveAt(i) };
    }
}
