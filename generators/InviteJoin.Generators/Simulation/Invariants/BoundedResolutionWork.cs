namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-33: receiving events never makes an honest server do unbounded state-resolution work. Every resolution it runs is
/// given only the events of the states it resolves and their auth chains (never the rest of the room's history: its
/// messages, the state events those states replaced, the events they do not reach); and in one step, for each event it
/// takes (outliers aside; at least one, for a request it judged and refused), it runs at most <see cref="Distinct"/>
/// distinct resolutions — the state before the event from its prev events, the new current state over the forward
/// extremities — and at most <see cref="PerEvent"/> in all, counting those it runs again on the same states. What
/// resolutions are given is measured by a meter around each room's resolver (<c>SimServer.Work.cs</c>), which records it
/// and decides nothing.
/// </summary>
internal sealed class BoundedResolutionWork : Invariant
{
    /// <summary>The distinct resolutions taking one event needs: the state before it, and the new current state.</summary>
    public const int Distinct = 2;

    /// <summary>
    /// How many resolutions taking one event may run in all: a resident computes the state before a send_* event where it
    /// judges it (again when a policy server co-signs it), where it answers a send_join with it, and where it takes it,
    /// then the new current state.
    /// </summary>
    public const int PerEvent = 5;

    public override string Id => "I-33";

    public override string Name => "bounded resolution work";

    public override string? AfterStep(World world, StepEffects effects)
    {
        if (effects.Resolutions.Count == 0) return null;
        foreach (var work in effects.Resolutions)
        {
            if (world.Config.IsByzantine(work.Server)) continue;
            if (work.Events > work.Bound)
            {
                return $"{Cast.Server(work.Server)} resolves {work.States} states of {work.RoomId} given {work.Events} events, of which only {work.Bound} are the states' events and their auth chains";
            }
        }
        foreach (var server in effects.Resolutions.Select(w => w.Server).Distinct())
        {
            if (world.Config.IsByzantine(server)) continue;
            var runs = effects.Resolutions.Where(w => w.Server == server).ToList();
            var distinct = runs.Select(w => (w.RoomId, w.Inputs)).Distinct().Count();
            var events = Math.Max(1, effects.Taken.Count(t => t.Server == server && t.Arrival != Arrival.Fetched));
            if (distinct > Distinct * events || runs.Count > PerEvent * events)
            {
                return $"{Cast.Server(server)} runs {runs.Count} state resolutions ({distinct} distinct) in one step while taking {events} event(s): more than {Distinct} distinct or {PerEvent} in all per event";
            }
        }
        return null;
    }
}
