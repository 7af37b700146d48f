using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// A restricted room R whose join rule allows members of room S. Xavier is joined to S; Xena is not.
/// a.test is in R and S; b.test is in R only, so it can evaluate no condition.
/// </summary>
internal sealed record RestrictedRooms(RoomBuilder Restricted, RoomBuilder Allowed)
{
    public static RestrictedRooms Create(RoomVersion version, string joinRule = JoinRuleValues.Restricted, JsonObject? powerLevels = null)
    {
        var allowed = RoomBuilder.Federated(version, name: "space").Join(Xavier);
        var restricted = RoomBuilder.Federated(version, name: "restricted", powerLevels: powerLevels)
            .Join(Ben).Join(Amy)
            .JoinRule(Ada, joinRule, allowed.RoomId);
        return new RestrictedRooms(restricted, allowed);
    }

    public string RoomId => Restricted.RoomId;

    /// <summary>a.test, in both rooms.</summary>
    public ResidentServer ServerA => Residents.ServerA(Restricted, Allowed);

    /// <summary>b.test, in the restricted room only.</summary>
    public ResidentServer ServerB => Residents.ServerB(Restricted);

    public RestrictedRooms WithRestricted(Func<RoomBuilder, RoomBuilder> change) => this with { Restricted = change(Restricted) };
}
