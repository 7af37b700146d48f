using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// make_leave and make_knock at the resident, and the answer of send_knock (spec v1.19, server-server API
/// "Leaving Rooms (Rejecting Invites)", "Knocking upon a room"; leaving-v1.yaml, knocks.yaml).
/// </summary>
public sealed class MakeLeaveAndKnockTests
{
    private static readonly RoomBuilder Invited = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Invite).Invite(Ada, Xavier);
    private static readonly RoomBuilder Knockable = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Knock);

    private static EndpointResult<TemplateResponse> Leave(ResidentServer resident, string roomId, string user, string? origin = null) =>
        MakeLeave.Handle(resident, new MakeLeaveRequest(origin ?? ServerOf(user), roomId, user), Now);

    private static EndpointResult<TemplateResponse> Knock(ResidentServer resident, string roomId, string user, string? origin = null, params string[] ver) =>
        MakeKnock.Handle(resident, new MakeKnockRequest(origin ?? ServerOf(user), roomId, user, ver.Length == 0 ? Handshake.AllVersions : [.. ver]), Now);

    private static JsonValue Membership(TemplateResponse answer) => ((JsonObject)answer.Event["content"]!)["membership"]!;

    [Fact]
    public void InvitedUser_GetsALeaveTemplate()
    {
        var answer = Expect.Ok(Leave(ServerA(Invited), Invited.RoomId, Xavier), DanceRule.MakeLeaveIssued);
        Assert.Equal(JsonValue.String("leave"), Membership(answer));
        Assert.Equal("10", answer.RoomVersion);
    }

    [Fact]
    public void MakeLeave_BadUserId_IsRefused() =>
        Expect.Refused(Leave(ServerA(Invited), Invited.RoomId, "xavier", X), DanceRule.MakeLeaveBadUserId, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void MakeLeave_UserOfAnotherServer_IsRefused_B20() =>
        Expect.Refused(Leave(ServerA(Invited), Invited.RoomId, Xavier, M), DanceRule.MakeLeaveUserNotOnOrigin, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void MakeLeave_UnknownRoom_IsForbidden() =>
        Expect.Refused(Leave(ServerA(), Invited.RoomId, Xavier), DanceRule.MakeLeaveUnknownRoom, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void MakeLeave_ServerWithNoJoinedUser_IsNotResident_B31()
    {
        var room = Invited.Leave(Ada);
        Expect.Refused(Leave(ServerA(room), room.RoomId, Xavier), DanceRule.MakeLeaveNotResident, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void MakeLeave_UserNotInTheRoom_IsForbiddenByTheAuthRules()
    {
        var refused = Expect.Refused(Leave(ServerA(Invited), Invited.RoomId, Xena), DanceRule.MakeLeaveNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberLeaveSelfNotMember, refused.AuthRule);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("10")]
    [InlineData("12")]
    public void KnockableRoom_GivesAKnockTemplate(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId)).JoinRule(Ada, JoinRuleValues.Knock);
        var answer = Expect.Ok(Knock(ServerA(room), room.RoomId, Xavier), DanceRule.MakeKnockIssued);
        Assert.Equal(JsonValue.String("knock"), Membership(answer));
    }

    [Fact]
    public void MakeKnock_WithoutVer_IsAMissingParameter()
    {
        Expect.Refused(MakeKnock.Handle(ServerA(Knockable), new MakeKnockRequest(X, Knockable.RoomId, Xavier, null), Now),
            DanceRule.MakeKnockMissingVer, MatrixErrorCode.MissingParam, 400);
        Expect.Refused(MakeKnock.Handle(ServerA(Knockable), new MakeKnockRequest(X, Knockable.RoomId, Xavier, []), Now),
            DanceRule.MakeKnockMissingVer, MatrixErrorCode.MissingParam, 400);
    }

    [Fact]
    public void MakeKnock_BadUserId_IsRefused() =>
        Expect.Refused(Knock(ServerA(Knockable), Knockable.RoomId, "@xavier", X), DanceRule.MakeKnockBadUserId, MatrixErrorCode.InvalidParam, 400);

    [Fact]
    public void MakeKnock_UserOfAnotherServer_IsRefused_B20() =>
        Expect.Refused(Knock(ServerA(Knockable), Knockable.RoomId, Xavier, M), DanceRule.MakeKnockUserNotOnOrigin, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void MakeKnock_UnknownRoom_IsNotFound() =>
        Expect.Refused(Knock(ServerA(), Knockable.RoomId, Xavier), DanceRule.MakeKnockUnknownRoom, MatrixErrorCode.NotFound, 404);

    [Fact]
    public void MakeKnock_ServerWithNoJoinedUser_IsNotResident_B31()
    {
        var room = Knockable.Leave(Ada);
        Expect.Refused(Knock(ServerA(room), room.RoomId, Xavier), DanceRule.MakeKnockNotResident, MatrixErrorCode.NotFound, 404);
    }

    [Fact]
    public void MakeKnock_RoomVersionNotOffered_IsIncompatible()
    {
        var refused = Expect.Refused(Knock(ServerA(Knockable), Knockable.RoomId, Xavier, null, "7", "8"),
            DanceRule.MakeKnockIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion, 400);
        Assert.Equal("10", refused.RoomVersion);
    }

    [Fact]
    public void MakeKnock_RoomThatDoesNotAllowKnocking_IsForbiddenByTheAuthRules()
    {
        var inviteOnly = RoomBuilder.Federated(Version("10")).JoinRule(Ada, JoinRuleValues.Invite);
        Assert.Equal(Rule.MemberKnockJoinRuleNotKnock, Expect.Refused(Knock(ServerA(inviteOnly), inviteOnly.RoomId, Xavier),
            DanceRule.MakeKnockNotAuthorised, MatrixErrorCode.Forbidden, 403).AuthRule);

        // Before room version 7 a knock is an unknown membership.
        var v6 = RoomBuilder.Federated(Version("6"));
        Assert.Equal(Rule.MemberUnknownMembership, Expect.Refused(Knock(ServerA(v6), v6.RoomId, Xavier),
            DanceRule.MakeKnockNotAuthorised, MatrixErrorCode.Forbidden, 403).AuthRule);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void SendKnock_AnswersWithTheRoomsIdentifyingStateAsFullEvents(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId)).Name(Ada, "Tea").JoinRule(Ada, JoinRuleValues.Knock);
        var knock = Handshake.Signed(ServerA(room), room.RoomId, Xavier, MembershipValues.Knock, Now);

        var accepted = Expect.Ok(SendKnock.Handle(ServerA(room), new SendKnockRequest(X, room.RoomId, knock.EventId.Value, knock.Json)), DanceRule.SendKnockAccepted);

        var state = ((JsonArray)accepted.ResponseBody["knock_room_state"]!).Cast<JsonObject>().ToList();
        Assert.Equal(room.Room.Create!.Json, state[0]);
        Assert.Equal(["m.room.create", "m.room.name", "m.room.join_rules"], state.Select(e => ((JsonString)e["type"]!).Value));
        Assert.All(state, e => Assert.True(e.ContainsKey("signatures") && e.ContainsKey("hashes")));
        Assert.Equal(MembershipValues.Knock, accepted.Room.MembershipOf(Xavier));
    }

    [Fact]
    public void SendLeave_AnswersWithAnEmptyObject()
    {
        var leave = Handshake.Signed(ServerA(Invited), Invited.RoomId, Xavier, MembershipValues.Leave, Now);

        var accepted = Expect.Ok(SendLeave.Handle(ServerA(Invited), new SendLeaveRequest(X, Invited.RoomId, leave.EventId.Value, leave.Json)), DanceRule.SendLeaveAccepted);

        Assert.Equal(JsonObject.Empty, accepted.ResponseBody);
        Assert.Equal(MembershipValues.Leave, accepted.Room.MembershipOf(Xavier));
    }
}
