using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using static InviteJoin.Reference.Tests.Dance.Endpoints.DanceWorld;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// A restricted room R whose join rule allows members of room S. Xavier is joined to S; Xena is not.
/// a.test is in R and S; b.test is in R only, so it can evaluate no condition.
/// </summary>
internal sealed record RestrictedRooms(DanceRoom Restricted, DanceRoom Allowed)
{
    public static RestrictedRooms Create(RoomVersion version, string joinRule = JoinRuleValues.Restricted, JsonObject? powerLevels = null)
    {
        var allowed = DanceRoom.Create(version, tag: "space").Join(Xavier);
        var restricted = DanceRoom.Create(version, tag: "restricted", powerLevels: powerLevels)
            .Join(Bob).Join(Amy)
            .JoinRule(Alice, joinRule, allowed.RoomId);
        return new RestrictedRooms(restricted, allowed);
    }

    public string RoomId => Restricted.RoomId;

    /// <summary>a.test, in both rooms.</summary>
    public ResidentServer ServerA => DanceWorld.ServerA(Restricted, Allowed);

    /// <summary>b.test, in the restricted room only.</summary>
    public ResidentServer ServerB => DanceWorld.ServerB(Restricted);

    public RestrictedRooms WithRestricted(Func<DanceRoom, DanceRoom> change) => this with { Restricted = change(Restricted) };
}
