using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-25 (in a simulated federation): an honest server's current state is what the spec's algorithm — the
/// reference's resolver — gives for the states after its forward extremities (B1, B2, B4–B7). A room that resolves
/// with the reference's algorithm has this by construction, so only rooms given another resolver are recomputed.
/// </summary>
internal sealed class ResolutionFollowsTheSpec : Invariant
{
    public override string Id => "I-25";

    public override string Name => "resolution follows the spec";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var (server, roomId) in HonestTaken(world, effects).Select(t => (t.Server, t.RoomId)).Distinct())
        {
            if (world.Servers[server].Room(roomId) is not { Resolver: not null } room || room.ForwardExtremities.Length < 2) continue;
            var spec = room.WithResolver(null).ResolveStates([.. room.ForwardExtremities.Select(e => room.StateAfter(e)!)]);
            if (Room.SameState(spec, room.State)) continue;
            var differs = spec.Events.Keys.Union(room.State.Events.Keys)
                .Where(k => spec.Get(k)?.EventId != room.State.Get(k)?.EventId)
                .Select(k => $"{k} is {Show(room.State.Get(k))}, not {Show(spec.Get(k))}");
            return $"{Cast.Server(server)}'s current state of {roomId} over {room.ForwardExtremities.Length} extremities is not the spec's resolution: {string.Join("; ", differs)}";
        }
        return null;
    }

    private static string Show(Reference.Events.Pdu? pdu) => pdu is null ? "absent" : World.Describe(pdu);
}
