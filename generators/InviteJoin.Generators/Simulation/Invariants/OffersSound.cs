using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-43: an honest server signs a make_* template only as the membership its user asked for — an
/// <c>m.room.member</c> event of the asked room whose sender and state key are that user, with the asked membership
/// and no content beyond it and (for a join) the authoriser; a resident cannot obtain its signature on anything else (B23).
/// </summary>
internal sealed class SignsOnlyWhatWasAsked : Invariant
{
    public override string Id => "I-43";

    public override string Name => "signs only what was asked";

    public override string? AfterStep(World world, StepEffects effects)
    {
        for (var i = 0; i < effects.Offers.Count; i++)
        {
            var offer = effects.Offers[i];
            if (world.Config.IsByzantine(offer.Server)) continue;
            var pdu = offer.Signed;
            var signer = Cast.Server(offer.Server);
            if (pdu.Type != EventTypes.Member) return $"{signer} signs {World.Describe(pdu)}, a {pdu.Type} event, for {offer.User}'s {offer.Membership}";
            if (pdu.RoomId.Value != offer.RoomId) return $"{signer} signs {World.Describe(pdu)} for the room {pdu.RoomId}, not {offer.RoomId}";
            if (pdu.Sender.Value != offer.User || pdu.StateKey != offer.User) return $"{signer} signs {World.Describe(pdu)}, which is not {offer.User}'s own";
            if (pdu.Membership != offer.Membership) return $"{signer} signs {World.Describe(pdu)}, a {pdu.Membership}, for {offer.User}'s {offer.Membership}";
            if (pdu.Content.Keys.FirstOrDefault(k => k != MemberContent.Membership && !(k == MemberContent.Authoriser && offer.Membership == MembershipValues.Join)) is { } extra)
            {
                return $"{signer} signs {World.Describe(pdu)} with content \"{extra}\" its user did not ask for";
            }
        }
        return null;
    }
}

/// <summary>
/// I-44: a restricted join an honest resident offers names as its authoriser one of the resident's users who is
/// joined, with the invite level, in the resident's current state — one the room will accept as authoriser (B30).
/// </summary>
internal sealed class AuthorisersCanAuthorise : Invariant
{
    public override string Id => "I-44";

    public override string Name => "authorisers can authorise";

    public override string? AfterStep(World world, StepEffects effects)
    {
        for (var i = 0; i < effects.Offers.Count; i++)
        {
            var offer = effects.Offers[i];
            if (world.Config.IsByzantine(offer.Resident) || offer.Membership != MembershipValues.Join) continue;
            if (offer.Signed.Content[MemberContent.Authoriser] is not JsonString named) continue;
            var resident = world.Servers[offer.Resident];
            var room = resident.Room(offer.RoomId);
            var authoriser = named.Value;
            if (World.ServerOfUser(authoriser) != offer.Resident) return $"{resident.Name} names {authoriser}, not one of its users, to authorise {offer.User}'s join";
            if (room is null || room.MembershipOf(authoriser) != MembershipValues.Join) return $"{resident.Name} names {authoriser}, who is not joined, to authorise {offer.User}'s join";
            var levels = room.State.LevelsUnder(world.Version);
            if (levels.UserLevel(authoriser).CompareTo(levels.InviteLevel) < 0) return $"{resident.Name} names {authoriser}, below the invite level, to authorise {offer.User}'s join";
        }
        return null;
    }
}
