using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// Every answer an endpoint handler gives has a status its OpenAPI definition lists (spec v1.19,
/// <c>data/api/server-server/*.yaml</c>), and the errcode the definition asks for where it names one.
/// </summary>
public sealed class EndpointDefinitionTests
{
    /// <summary>
    /// The statuses each endpoint's definition lists (spec v1.19): <c>joins-v1.yaml</c> make_join 200/400/403/404;
    /// <c>joins-v2.yaml</c> send_join 200/400/403; <c>leaving-v1.yaml</c> make_leave 200/403; <c>leaving-v2.yaml</c>
    /// send_leave 200/400; <c>knocks.yaml</c> make_knock and send_knock 200/400/403/404; <c>invites-v1.yaml</c> and
    /// <c>invites-v2.yaml</c> 200/400/403; <c>events.yaml</c> state_ids 200/403/404 (and /state, which "performs the same
    /// function"). Endpoints whose definitions list no error at all (<c>event_auth.yaml</c>, <c>backfill.yaml</c>,
    /// get_missing_events, <c>third_party_invite.yaml</c>) take 403 from "Server Access Control Lists" and 400/404 by our
    /// choice, recorded in spec/dance.md.
    /// </summary>
    public static TheoryData<string, int[]> Definitions => new()
    {
        { "make_join.", [200, 400, 403, 404] },
        { "send_join.", [200, 400, 403] },
        { "make_leave.", [200, 403] },
        { "send_leave.", [200, 400] },
        { "make_knock.", [200, 400, 403, 404] },
        { "send_knock.", [200, 400, 403, 404] },
        { "invite.", [200, 400, 403] },
        { "state_ids.", [200, 403, 404] },
        { "state.", [200, 403, 404] },
        { "backfill.", [200, 400, 403, 404] },
        { "get_missing_events.", [200, 400, 403, 404] },
        { "event_auth.", [200, 403, 404] },
        { "exchange_third_party_invite.", [200, 400, 403, 404] },
    };

    [Theory]
    [MemberData(nameof(Definitions))]
    public void EveryAnswer_HasAStatusTheEndpointDefinitionLists(string prefix, int[] statuses)
    {
        var rules = WireToken.All<DanceRule>().Where(r => r.Token.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rules);
        foreach (var (rule, token) in rules)
        {
            // Server ACLs: "the receiving server MUST reply with a 403 HTTP status code and an errcode of M_FORBIDDEN" on every
            // protected endpoint, whether or not its own definition lists 403 (leaving-v2.yaml does not): the MUST wins.
            if (token.EndsWith(".server_denied", StringComparison.Ordinal))
            {
                Assert.Equal(403, DanceRules.Status(rule));
                Assert.Equal(MatrixErrorCode.Forbidden, DanceRules.ErrCode(rule));
                continue;
            }
            Assert.True(statuses.Contains(DanceRules.Status(rule)), $"{token} answers {DanceRules.Status(rule)}, which the definition of {prefix.TrimEnd('.')} does not list");
        }
    }

    /// <summary>
    /// A send_* body without <c>signatures</c> fails the signature check, for which joins-v2.yaml, leaving-v2.yaml and
    /// knocks.yaml say "servers SHOULD return M_INVALID_PARAM", not a malformed body.
    /// </summary>
    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void SubmissionWithoutSignatures_FailsTheSignatureCheck(string membership)
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        room = membership switch
        {
            "leave" => room.JoinRule(Ada, JoinRuleValues.Invite).Invite(Ada, Xavier),
            "knock" => room.JoinRule(Ada, JoinRuleValues.Knock),
            _ => room,
        };
        var resident = ServerA(room);
        var pdu = Handshake.Signed(resident, room.RoomId, Xavier, membership, Now);
        var body = pdu.Json.Without("signatures");
        var (rule, error) = membership switch
        {
            "join" => Outcome(SendJoin.Handle(resident, new SendJoinRequest(X, room.RoomId, pdu.EventId.Value, body)), DanceRule.SendJoinBadSignature),
            "leave" => Outcome(SendLeave.Handle(resident, new SendLeaveRequest(X, room.RoomId, pdu.EventId.Value, body)), DanceRule.SendLeaveBadSignature),
            _ => Outcome(SendKnock.Handle(resident, new SendKnockRequest(X, room.RoomId, pdu.EventId.Value, body)), DanceRule.SendKnockBadSignature),
        };
        Assert.Equal(rule, error!.Rule);
        Assert.Equal(MatrixErrorCode.InvalidParam, error.ErrCode);
        Assert.Equal(400, error.HttpStatus);
    }

    /// <summary>invites-v2.yaml: "The invite event fails a signature check" SHOULD be M_INVALID_PARAM, also when it carries no signature.</summary>
    [Fact]
    public void InviteWithoutSignatures_FailsTheSignatureCheck()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var request = Expect.Ok(OutgoingInvites.Build(ServerA(room), room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt).Request;
        var body = (JsonObject)request.Body;
        var unsigned = request with { Body = body.With("event", ((JsonObject)body["event"]!).Without("signatures")) };
        Expect.Refused(Invite.Handle(InviteeX, unsigned), DanceRule.InviteBadSignature, MatrixErrorCode.InvalidParam, 400);
    }

    private static (DanceRule Expected, MatrixError? Error) Outcome<T>(EndpointResult<T> result, DanceRule expected) where T : class => (expected, result.Error);
}
