using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-42: a server none of whose users is joined in its copy of a room holds no current state of it, so it defers to a
/// resident: it sends no event into the room as its own (B31), and it refuses none of its users' joins, knocks or
/// leaves on what its copy says (B28); either goes through a resident's make_* and send_*.
/// </summary>
internal sealed class NonResidentsDefer : Invariant
{
    public override string Id => "I-42";

    public override string Name => "non-residents defer";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            if (taken.Arrival != Arrival.Local || taken.Held.Status != EventStatus.Accepted) continue;
            var server = world.Servers[taken.Server];
            var before = taken.Held.StateBefore;
            if (before is null || taken.Held.Pdu.Type == EventTypes.Create) continue;
            if (before.Events.Count == 1 && before.Create is not null) continue; // the creator's first join
            if (!server.Users.Any(u => before.MembershipOf(u) == MembershipValues.Join))
            {
                return On(taken) + $", sent as its own while none of its users was joined in the state before it";
            }
        }
        for (var i = 0; i < effects.Attempts.Count; i++)
        {
            var attempt = effects.Attempts[i];
            if (attempt.Succeeded || attempt.Resident != attempt.Server || world.Config.IsByzantine(attempt.Server)) continue;
            if (attempt.Membership is not (MembershipValues.Join or MembershipValues.Knock or MembershipValues.Leave)) continue;
            var server = world.Servers[attempt.Server];
            if (server.Room(attempt.RoomId) is { } room && !server.Resident.IsResidentIn(room))
            {
                return $"{server.Name} refuses {attempt.User}'s {attempt.Membership} itself, without being in the room: {attempt.Detail}";
            }
        }
        return null;
    }
}
