using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// I-32: server ACLs are obeyed (spec v1.19, server-server API "Server Access Control Lists (ACLs)"; client-server API
/// "Server Access Control Lists (ACLs) for rooms"). An ACL reaches an honest server when it is in that server's current
/// state of the room; from then on, judged at the moment each PDU or request arrives, the server takes no PDU a
/// transaction of a denied server carried (in any status: the PDU is ignored), serves none of its make_*, send_* or
/// invite requests, and, when it acts as a resident (one of its users joined, the state complete), refuses them with 403
/// M_FORBIDDEN. Events a denied server's users sent that reach the server otherwise — relayed by an allowed server, or in
/// the answer to a fetch it made — are outside the ACL's reach, as the spec's security considerations say.
/// </summary>
internal sealed class ServerAclsObeyed : Invariant
{
    public override string Id => "I-32";

    public override string Name => "server ACLs obeyed";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            if (taken.ArrivalAcl is { Allowed: false } acl) return On(taken) + $", a PDU {Cast.Server(taken.From)} sent while the room's server ACL denied it ({acl})";
        }
        for (var i = 0; i < effects.Answers.Count; i++)
        {
            var answered = effects.Answers[i];
            if (world.Config.IsByzantine(answered.Server) || answered.Acl.Allowed) continue;
            var what = $"{Cast.Server(answered.Server)} answers {Cast.Server(answered.Origin)}'s {answered.Endpoint} in {answered.RoomId}, which its current state's server ACL denies ({answered.Acl})";
            if (answered.Refusal is not { } refusal) return what + ", by serving it";
            if (answered.Resident && (refusal.HttpStatus != 403 || refusal.ErrCode != MatrixErrorCode.Forbidden)) return what + ", with " + refusal + " instead of 403 M_FORBIDDEN";
        }
        return null;
    }
}
