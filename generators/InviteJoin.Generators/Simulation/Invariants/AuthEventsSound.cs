using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-41: every event an honest server takes into a room without rejecting it belongs to that room, and its auth
/// events are sound — one per state key, each a key auth-events selection picks for it, each of the same room, none
/// rejected by that server; a create event follows nothing. These are the checks that read no state (B14, B17, B21).
/// </summary>
internal sealed class AuthEventsSound : Invariant
{
    public override string Id => "I-41";

    public override string Name => "auth events sound";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            if (held.Status == EventStatus.Rejected) continue;
            var pdu = held.Pdu;
            if (pdu.RoomId.Value != taken.RoomId) return On(taken) + $" in {taken.RoomId}, but it is an event of {pdu.RoomId}";
            if (pdu.Type == EventTypes.Create)
            {
                if (!pdu.PrevEvents.IsEmpty) return On(taken) + ", a create event that follows other events";
                continue;
            }
            var room = world.Servers[taken.Server].Room(taken.RoomId)!;
            var selected = AuthEventSelection.Select(pdu, world.Version);
            var keys = new SortedSet<StateKey>();
            foreach (var id in pdu.AuthEvents)
            {
                if (room.Get(id.Value) is not { } auth) continue;
                if (auth.StateKey is not { } stateKey) return On(taken) + $", citing {World.Describe(auth)}, which is not a state event";
                var key = new StateKey(auth.Type, stateKey);
                if (!keys.Add(key)) return On(taken) + $", citing two auth events for {key}";
                if (!selected.Contains(key)) return On(taken) + $", citing {World.Describe(auth)}, which auth-events selection does not pick for it";
                if (auth.RoomId.Value != pdu.RoomId.Value) return On(taken) + $", citing {World.Describe(auth)} of the room {auth.RoomId}";
                if (room.Rejected.Contains(id.Value)) return On(taken) + $", citing {World.Describe(auth)}, which it rejected";
            }
        }
        return null;
    }
}
