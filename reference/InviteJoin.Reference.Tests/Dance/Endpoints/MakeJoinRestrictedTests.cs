using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>make_join in restricted rooms (spec v1.19, server-server API "Restricted rooms"; client-server API "Restricted rooms"; MSC3083).</summary>
public sealed class MakeJoinRestrictedTests
{
    private static EndpointResult<TemplateResponse> Ask(ResidentServer resident, string roomId, string user) =>
        MakeJoin.Handle(resident, new MakeJoinRequest(ServerOf(user), roomId, user, Handshake.AllVersions), Now);

    private static string? Authoriser(TemplateResponse answer) =>
        (((JsonObject)answer.Event["content"]!)["join_authorised_via_users_server"] as JsonString)?.Value;

    /// <summary>Power levels where inviting takes 50 and Amy has 50 (in v12 the creator Ada is not listed).</summary>
    private static JsonObject InviteAt50(string versionId) => Version(versionId).PrivilegedCreators
        ? JsonValue.Object(("invite", JsonValue.Number(50)), ("users", JsonValue.Object((Amy, JsonValue.Number(50)))))
        : JsonValue.Object(("invite", JsonValue.Number(50)), ("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Amy, JsonValue.Number(50)))));

    /// <summary>As <see cref="InviteAt50"/> but Amy has 0.</summary>
    private static JsonObject OnlyAdaInvites(string versionId) => Version(versionId).PrivilegedCreators
        ? JsonValue.Object(("invite", JsonValue.Number(50)))
        : JsonValue.Object(("invite", JsonValue.Number(50)), ("users", JsonValue.Object((Ada, JsonValue.Number(100)))));

    [Theory]
    [InlineData("8")]
    [InlineData("10")]
    [InlineData("12")]
    public void MemberOfAnAllowedRoom_GetsATemplateNamingALocalAuthoriser(string versionId)
    {
        var rooms = RestrictedRooms.Create(Version(versionId));

        var answer = Expect.Ok(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinIssuedRestricted);

        Assert.Equal(Ada, Authoriser(answer));
    }

    [Fact]
    public void KnockRestrictedRoom_IsRestrictedFromVersion10()
    {
        var rooms = RestrictedRooms.Create(Version("10"), JoinRuleValues.KnockRestricted);
        Assert.Equal(Ada, Authoriser(Expect.Ok(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinIssuedRestricted)));

        // In version 9 knock_restricted is not a join rule: nobody can join (auth rules, otherwise reject).
        var v9 = RestrictedRooms.Create(Version("9"), JoinRuleValues.KnockRestricted);
        var refused = Expect.Refused(Ask(v9.ServerA, v9.RoomId, Xavier), DanceRule.MakeJoinNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberJoinForbiddenJoinRule, refused.AuthRule);
    }

    [Fact]
    public void InvitedUser_NeedsNoCondition()
    {
        var rooms = RestrictedRooms.Create(Version("10")).WithRestricted(r => r.Invite(Ada, Xena));

        var answer = Expect.Ok(Ask(rooms.ServerA, rooms.RoomId, Xena), DanceRule.MakeJoinIssued);

        Assert.Null(Authoriser(answer));
    }

    [Fact]
    public void AllowListWithoutAValidCondition_FailsEveryCondition()
    {
        var rooms = RestrictedRooms.Create(Version("10")).WithRestricted(r => r.JoinRules(Ada, JsonValue.Object(
            ("join_rule", JsonValue.String("restricted")),
            ("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership"))), JsonValue.String("!not-an-object"))))));

        Expect.Refused(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinRestrictedNoValidConditions, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void ResidentInNoAllowedRoom_IsUnableToAuthorise()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        Expect.Refused(Ask(rooms.ServerB, rooms.RoomId, Xavier), DanceRule.MakeJoinRestrictedUnableToAuthorise, MatrixErrorCode.UnableToAuthoriseJoin, 400);
    }

    [Fact]
    public void UserInNoAllowedRoom_IsForbidden()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        Expect.Refused(Ask(rooms.ServerA, rooms.RoomId, Xena), DanceRule.MakeJoinRestrictedConditionsNotMet, MatrixErrorCode.Forbidden, 403);
    }

    /// <summary>
    /// The allow list names S, which a.test is in, and T, which it does not know. Xena is in neither room a.test can see,
    /// but she may be in T: that condition was not evaluated, so it was not failed. The spec refuses with 403 only when the
    /// joiner "fails all conditions"; a resident that could not evaluate one answers 400 M_UNABLE_TO_AUTHORISE_JOIN so the
    /// joiner tries another resident (spec v1.19, server-server API "Restricted rooms"; MSC3083).
    /// </summary>
    [Fact]
    public void ResidentThatCannotEvaluateEveryCondition_IsUnableToAuthorise_NotForbidden()
    {
        var unknown = RoomBuilder.Federated(Version("10"), creator: Ben, name: "elsewhere").Join(Xena);
        var rooms = RestrictedRooms.Create(Version("10"));
        rooms = rooms.WithRestricted(r => r.JoinRule(Ada, JoinRuleValues.Restricted, rooms.Allowed.RoomId, unknown.RoomId));

        Expect.Refused(Ask(rooms.ServerA, rooms.RoomId, Xena), DanceRule.MakeJoinRestrictedUnableToAuthorise, MatrixErrorCode.UnableToAuthoriseJoin, 400);

        // A joiner may come to send_join without make_join.
        var join = rooms.Restricted.Event(EventTypes.Member, Xena, Xena, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinRestrictedUnableToAuthorise, MatrixErrorCode.UnableToAuthoriseJoin, 400);

        // b.test knows T, where Xena is joined: it authorises her through Ben (the invite level is 0).
        var other = ServerB(rooms.Restricted, unknown);
        Assert.Equal(Ben, Authoriser(Expect.Ok(Ask(other, rooms.RoomId, Xena), DanceRule.MakeJoinIssuedRestricted)));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void AuthoriserWithInvitePowerWhoLeft_IsNotChosen_B30(string versionId)
    {
        // Ada can invite but has left; Amy is joined but has no invite power: nobody on a.test can authorise.
        var rooms = RestrictedRooms.Create(Version(versionId), powerLevels: OnlyAdaInvites(versionId)).WithRestricted(r => r.Leave(Ada));

        Expect.Refused(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinRestrictedUnableToGrant, MatrixErrorCode.UnableToGrantJoin, 400);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void NonCreatorWithInvitePower_IsChosen_B29(string versionId)
    {
        var rooms = RestrictedRooms.Create(Version(versionId), powerLevels: InviteAt50(versionId)).WithRestricted(r => r.Leave(Ada));

        Assert.Equal(Amy, Authoriser(Expect.Ok(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinIssuedRestricted)));
    }

    [Fact]
    public void CreatorWithInfinitePower_IsChosen_V12()
    {
        // In v12 the creator has no entry in users; their power is infinite, so they may authorise.
        var rooms = RestrictedRooms.Create(Version("12"), powerLevels: OnlyAdaInvites("12"));

        Assert.Equal(Ada, Authoriser(Expect.Ok(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinIssuedRestricted)));
    }

    [Fact]
    public void BannedUserWhoQualifies_IsForbiddenByTheAuthRules()
    {
        var rooms = RestrictedRooms.Create(Version("10")).WithRestricted(r => r.SetMembership(Ada, Xavier, MembershipValues.Ban));

        var refused = Expect.Refused(Ask(rooms.ServerA, rooms.RoomId, Xavier), DanceRule.MakeJoinNotAuthorised, MatrixErrorCode.Forbidden, 403);

        Assert.Equal(Rule.MemberJoinSenderBanned, refused.AuthRule);
    }
}
