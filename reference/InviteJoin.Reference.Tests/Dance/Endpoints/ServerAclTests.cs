using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// Server access control lists (spec v1.19, server-server API "Server Access Control Lists (ACLs)"; client-server API
/// <c>m.room.server_acl</c>): the matching rules in the schema's order, and every endpoint the server-server API says MUST be
/// protected refusing a denied server with 403 <c>M_FORBIDDEN</c> (per PDU in a transaction).
/// </summary>
public sealed class ServerAclTests
{
    private static JsonObject Acl(string[] allow, string[]? deny = null, bool? allowIpLiterals = null)
    {
        var content = JsonValue.Object(("allow", JsonValue.Array(allow.Select(a => (JsonValue)JsonValue.String(a)))));
        if (deny is not null) content = content.With("deny", JsonValue.Array(deny.Select(d => (JsonValue)JsonValue.String(d))));
        if (allowIpLiterals is { } literals) content = content.With("allow_ip_literals", JsonValue.Bool(literals));
        return content;
    }

    /// <summary>
    /// The spec's example (<c>data/event-schemas/examples/m.room.server_acl.yaml</c>: allow <c>["*"]</c>, deny
    /// <c>["*.evil.com", "evil.com"]</c>, <c>allow_ip_literals: false</c>) and its sentence "<c>evil.com</c>,
    /// <c>evil.com:8448</c>, and <c>evil.com:1234</c> would all match rules that apply to <c>evil.com</c>".
    /// </summary>
    public static TheoryData<string, AclRule> SpecExample => new()
    {
        { "evil.com", AclRule.Denied },
        { "evil.com:8448", AclRule.Denied },
        { "evil.com:1234", AclRule.Denied },
        { "sub.evil.com", AclRule.Denied },
        { "notevil.com", AclRule.Allowed },
        { "matrix.org", AclRule.Allowed },
        { "1.2.3.4", AclRule.IpLiteralDenied },
        { "1.2.3.4:8448", AclRule.IpLiteralDenied },
        { "[::1]", AclRule.IpLiteralDenied },
        { "[2001:db8::1]:8448", AclRule.IpLiteralDenied },
    };

    [Theory]
    [MemberData(nameof(SpecExample))]
    public void SpecExample_DecidesEachServerAsTheSpecSays(string server, AclRule expected)
    {
        var acl = Acl(["*"], ["*.evil.com", "evil.com"], allowIpLiterals: false);
        var decision = ServerAcl.Evaluate(acl, server);
        Assert.Equal(expected, decision.Rule);
        Assert.Equal(expected is AclRule.Allowed, decision.Allowed);
    }

    /// <summary>
    /// Synapse's ACL cases (element-hq/synapse <c>tests/federation/test_federation_server.py</c>, <c>ServerACLsTestCase</c>:
    /// <c>test_blocked_server</c>, <c>test_block_ip_literals</c>, <c>test_wildcard_matching</c>), as data.
    /// </summary>
    public static TheoryData<string, string, bool> SynapseCases => new()
    {
        { "deny_evil", "evil.com", false },
        { "deny_evil", "EVIL.COM", false },
        { "deny_evil", "evil.com.au", true },
        { "deny_evil", "honestly.not.evil.com", true },
        { "no_ip_literals", "1.2.3.4", false },
        { "no_ip_literals", "1a.2.3.4", true },
        { "no_ip_literals", "[1:2::]", false },
        { "no_ip_literals", "1:2:3:4", true },
        { "good_star", "good.com", true },
        { "good_star", "GOOD.COM", true },
        { "good_star", "good.aa.com", true },
        { "good_star", "ishgood.com", false },
    };

    [Theory]
    [MemberData(nameof(SynapseCases))]
    public void SynapseCases_AgreeWithThePublishedAnswers(string acl, string server, bool allowed)
    {
        var content = acl switch
        {
            "deny_evil" => Acl(["*"], ["evil.com"]),
            "no_ip_literals" => Acl(["*"], allowIpLiterals: false),
            "good_star" => Acl(["good*.com"]),
            _ => throw new InvalidOperationException(acl),
        };
        Assert.Equal(allowed, ServerAcl.Evaluate(content, server).Allowed);
    }

    [Fact]
    public void RulesApply_InTheSchemasOrder()
    {
        // 1. No ACL in the state: allow.
        Assert.Equal(AclRule.NoAcl, ServerAcl.Evaluate((JsonObject?)null, "anyone.test").Rule);
        // 2. IP literals are allowed unless allow_ip_literals is present and false (not a boolean: the default, true).
        Assert.Equal(AclRule.Allowed, ServerAcl.Evaluate(Acl(["*"]), "1.2.3.4").Rule);
        Assert.Equal(AclRule.Allowed, ServerAcl.Evaluate(Acl(["*"]).With("allow_ip_literals", JsonValue.String("false")), "1.2.3.4").Rule);
        // 3. deny before allow: a server in both is denied.
        Assert.Equal(AclRule.Denied, ServerAcl.Evaluate(Acl(["a.test"], ["a.test"]), "a.test").Rule);
        // 5. No allow list means nobody: "effectively disallowing every server".
        Assert.Equal(AclRule.NotAllowed, ServerAcl.Evaluate(JsonObject.Empty, "a.test").Rule);
        Assert.Equal(AclRule.NotAllowed, ServerAcl.Evaluate(Acl(["b.test"]), "a.test").Rule);
    }

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("?.test", "a.test", true)]
    [InlineData("?.test", "ab.test", false)]
    [InlineData("*.test", ".test", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("A.TEST", "a.test", true)]
    [InlineData("a.test", "a-test", false)]
    public void Globs_MatchTheWholeNameCaseInsensitively(string pattern, string text, bool matches) =>
        Assert.Equal(matches, ServerAcl.GlobMatches(pattern, text));

    // The endpoints: a room where m.test is denied.
    private static RoomBuilder Denying(RoomBuilder room) => room.Send(EventTypes.ServerAcl, "", Ada, Acl(["*"], [M]));

    private static readonly RoomBuilder Public = Denying(RoomBuilder.Federated(Version("10")).Join(Ben));
    private static readonly RoomBuilder Knockable = Denying(RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Knock));

    [Fact]
    public void MakeEndpoints_RefuseADeniedServer()
    {
        Expect.Refused(MakeJoin.Handle(ServerA(Public), new MakeJoinRequest(M, Public.RoomId, Mallory, Handshake.AllVersions), Now),
            DanceRule.MakeJoinServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(MakeKnock.Handle(ServerA(Knockable), new MakeKnockRequest(M, Knockable.RoomId, Mallory, Handshake.AllVersions), Now),
            DanceRule.MakeKnockServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(MakeLeave.Handle(ServerA(Public), new MakeLeaveRequest(M, Public.RoomId, Mallory), Now),
            DanceRule.MakeLeaveServerDenied, MatrixErrorCode.Forbidden, 403);
        // An allowed server is served as before.
        Expect.Ok(MakeJoin.Handle(ServerA(Public), new MakeJoinRequest(X, Public.RoomId, Xavier, Handshake.AllVersions), Now), DanceRule.MakeJoinIssued);
    }

    [Fact]
    public void SendEndpoints_RefuseADeniedServer()
    {
        // Mallory's server builds its events on the room as it was before the ACL, as a denied server would.
        var join = Public.Event(EventTypes.Member, Mallory, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        Expect.Refused(SendJoin.Handle(ServerA(Public), Handshake.SendJoinRequest(join)), DanceRule.SendJoinServerDenied, MatrixErrorCode.Forbidden, 403);

        var knock = Knockable.Event(EventTypes.Member, Mallory, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Knock))));
        Expect.Refused(SendKnock.Handle(ServerA(Knockable), new SendKnockRequest(M, Knockable.RoomId, knock.EventId.Value, knock.Json)),
            DanceRule.SendKnockServerDenied, MatrixErrorCode.Forbidden, 403);

        var invited = Denying(RoomBuilder.Federated(Version("10")).Join(Ben).Invite(Ada, Mallory));
        var leave = invited.Event(EventTypes.Member, Mallory, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Leave))));
        Expect.Refused(SendLeave.Handle(ServerA(invited), new SendLeaveRequest(M, invited.RoomId, leave.EventId.Value, leave.Json)),
            DanceRule.SendLeaveServerDenied, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void Invite_FromADeniedServer_IsRefusedByAnInviteeThatHoldsTheRoom()
    {
        // m.test's Mallory is a member from before the ACL and invites Xavier; x.test holds the room and its ACL.
        var room = Denying(RoomBuilder.Federated(Version("10")).Join(Ben).Join(Mallory));
        var invite = room.Event(EventTypes.Member, Xavier, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Invite))));
        var body = JsonValue.Object(("room_version", JsonValue.String("10")), ("event", invite.Json),
            ("invite_room_state", JsonValue.Array(room.Room.State.Create!.Json)));
        var request = new InviteRequest(M, room.RoomId, invite.EventId.Value, body);

        var holding = InviteeX with { Rooms = InviteeX.Rooms.SetItem(room.RoomId, room.Room) };
        Expect.Refused(Invite.Handle(holding, request), DanceRule.InviteServerDenied, MatrixErrorCode.Forbidden, 403);
        // A server that does not hold the room has no ACL to apply.
        Expect.Ok(Invite.Handle(InviteeX, request), DanceRule.InviteCountersigned);
    }

    [Fact]
    public void RetrievalEndpoints_RefuseADeniedServer()
    {
        // m.test has a joined user (from before the ACL), so only the ACL refuses it.
        var room = Denying(RoomBuilder.Federated(Version("10")).Join(Ben).Join(Mallory));
        var last = room.Room.ForwardExtremities.Single().Value;
        Expect.Refused(EventRetrieval.StateIds(ServerA(room), M, room.RoomId, last), DanceRule.StateIdsServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(EventRetrieval.EventAuth(ServerA(room), M, room.RoomId, last), DanceRule.EventAuthServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(EventRetrieval.State(ServerA(room), M, room.RoomId, last), DanceRule.StateServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(EventRetrieval.Backfill(ServerA(room), M, room.RoomId, [last], 10, Now), DanceRule.BackfillServerDenied, MatrixErrorCode.Forbidden, 403);
        var missing = JsonValue.Object(("earliest_events", JsonArray.Empty), ("latest_events", JsonValue.Array(JsonValue.String(last))));
        Expect.Refused(EventRetrieval.GetMissingEvents(ServerA(room), M, room.RoomId, missing), DanceRule.GetMissingEventsServerDenied, MatrixErrorCode.Forbidden, 403);
        Expect.Ok(EventRetrieval.StateIds(ServerA(room), B, room.RoomId, last), DanceRule.StateIdsAnswered);
    }

    /// <summary>"ACLs MUST be applied to all PDUs on a per-PDU basis ... the PDU MUST be ignored": the transaction goes on.</summary>
    [Fact]
    public void TransactionPdu_FromADeniedServer_IsIgnored()
    {
        var room = Denying(RoomBuilder.Federated(Version("10")).Join(Ben).Join(Mallory));
        var message = room.Event("m.room.message", null, Mallory, JsonValue.Object(("body", JsonValue.String("spam"))));
        var resident = ServerA(room);

        var receipt = Transactions.Receive(resident, message.Json, origin: M);

        Assert.Equal(DanceRule.TransactionServerDenied, receipt.Outcome);
        Assert.False(receipt.Server.Room(room.RoomId)!.Knows(message.EventId));
        // The same PDU relayed by an allowed server is judged as usual (the ACL is about who speaks to us).
        Assert.Equal(DanceRule.TransactionAccepted, Transactions.Receive(resident, message.Json, origin: B).Outcome);
    }
}
