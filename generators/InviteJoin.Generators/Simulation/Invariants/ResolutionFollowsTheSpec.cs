using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-40 (in a simulated federation): every state an honest server resolves is what the spec's algorithm — the
/// reference's resolver — gives for the same states: its current state over several forward extremities, and the state
/// before an event with several prev events that it computed from them (not one another server gave it) (B1, B2,
/// B4–B7). A room that resolves with the reference's algorithm has this by construction, so only the rooms of a server
/// running a planted fault with its own resolver are recomputed.
/// </summary>
internal sealed class ResolutionFollowsTheSpec : Invariant
{
    public override string Id => "I-40";

    public override string Name => "resolution follows the spec";

    public override string? AfterStep(World world, StepEffects effects)
    {
        // Only a server running a planted fault with its own resolver is checked (a server's fault is fixed for the run).
        if (!AnyFaultyResolver(world)) return null;
        foreach (var taken in HonestTaken(world, effects))
        {
            if (world.Servers[taken.Server] is not { Fault.Resolution: not null } faulty || faulty.Room(taken.RoomId) is not { } room) continue;
            var held = taken.Held;
            if (held.StateBefore is not { } before || held.Pdu.PrevEvents.Length < 2) continue;
            var states = held.Pdu.PrevEvents.Select(room.StateAfter).ToList();
            if (states.Any(s => s is null) || !Room.SameState(room.ResolveStates(states!), before)) continue;
            if (Differs(room, states!, before) is { } why) return $"{Cast.Server(taken.Server)}'s state before {World.Describe(held.Pdu)} is not the spec's resolution of its prev events' states: {why}";
        }
        foreach (var (server, roomId) in HonestTaken(world, effects).ToArray().Select(t => (t.Server, t.RoomId)).Distinct())
        {
            if (world.Servers[server] is not { Fault.Resolution: not null } faulty || faulty.Room(roomId) is not { } room || room.ForwardExtremities.Length < 2) continue;
            var states = room.ForwardExtremities.Select(e => room.StateAfter(e)!).ToList();
            if (Differs(room, states, room.State) is { } why) return $"{Cast.Server(server)}'s current state of {roomId} over {room.ForwardExtremities.Length} extremities is not the spec's resolution: {why}";
        }
        return null;
    }

    private static bool AnyFaultyResolver(World world)
    {
        foreach (var server in world.Servers)
        {
            if (server.Fault?.Resolution is not null) return true;
        }
        return false;
    }

    // How the room's resolution of <paramref name="states"/>, <paramref name="resolved"/>, differs from the spec's; null when it does not.
    private static string? Differs(Room room, IReadOnlyList<AuthState> states, AuthState resolved)
    {
        AuthState spec;
        try
        {
            spec = room.WithResolver(null).ResolveStates(states);
        }
        catch (InvalidOperationException e)
        {
            // The reference resolves only a room's own well-formed history; a server that took in events the reference
            // would never hold there (another room's) has states no spec algorithm resolves.
            return "the states are no input the spec's algorithm takes: " + e.Message;
        }
        if (Room.SameState(spec, resolved)) return null;
        var differs = spec.Events.Keys.Union(resolved.Events.Keys)
            .Where(k => spec.Get(k)?.EventId != resolved.Get(k)?.EventId)
            .Select(k => $"{k} is {Show(resolved.Get(k))}, not {Show(spec.Get(k))}");
        return string.Join("; ", differs);
    }

    private static string Show(Pdu? pdu) => pdu is null ? "absent" : World.Describe(pdu);
}
