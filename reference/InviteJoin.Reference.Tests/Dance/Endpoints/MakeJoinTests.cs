using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>make_join at the resident (spec v1.19, server-server API "Joining Rooms", "Restricted rooms"; joins-v1.yaml).</summary>
public sealed class MakeJoinTests
{
    private static EndpointResult<TemplateResponse> Ask(ResidentServer resident, string roomId, string user, string? origin = null, params string[] ver) =>
        MakeJoin.Handle(resident, new MakeJoinRequest(origin ?? ServerOf(user), roomId, user, ver.Length == 0 ? Handshake.AllVersions : [.. ver]), Now);

    [Theory]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("10")]
    [InlineData("12")]
    public void PublicRoom_IssuesTheJoinTemplate(string versionId)
    {
        var version = Version(versionId);
        var room = RoomBuilder.Federated(version).Join(Ben);
        var resident = ServerA(room);

        var answer = Expect.Ok(Ask(resident, room.RoomId, Xavier), DanceRule.MakeJoinIssued);

        Assert.Equal(versionId, answer.RoomVersion);
        var template = answer.Event;
        Assert.Equal(room.RoomId, ((JsonString)template["room_id"]!).Value);
        Assert.Equal(Xavier, ((JsonString)template["sender"]!).Value);
        Assert.Equal(Xavier, ((JsonString)template["state_key"]!).Value);
        Assert.Equal(EventTypes.Member, ((JsonString)template["type"]!).Value);
        Assert.Equal(JsonValue.Object(("membership", JsonValue.String("join"))), template["content"]);
        Assert.Equal(A, ((JsonString)template["origin"]!).Value);
        Assert.Equal(JsonValue.Number(Now), template["origin_server_ts"]);
        var bensJoin = room.Room.State.Member(Ben)!;
        Assert.Equal(JsonValue.Number(bensJoin.Depth + 1), template["depth"]);
        // prev_events are the forward extremities; auth_events what the selection picks from the current state.
        var parsed = EventTemplates.ParseUnsigned(template, version, A).Value;
        Assert.Equal(room.Room.ForwardExtremities, parsed.PrevEvents);
        var expectedAuth = AuthEventSelection.Select(EventTypes.Member, Xavier, Xavier, (JsonObject)template["content"]!, version)
            .Select(room.Room.State.Get).OfType<Pdu>().Select(e => e.EventId);
        Assert.Equal(expectedAuth, parsed.AuthEvents);
        Assert.Equal(version.CreateEventInAuthEvents, parsed.AuthEvents.Contains(room.Room.Create!.EventId));
    }

    [Fact]
    public void RoomWithMoreForwardExtremitiesThanAnEventMayCite_GetsTwentyPrevEvents()
    {
        // Twenty-five messages, each following Ben's join: twenty-five forward extremities.
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var fork = room.Room.State.Member(Ben)!.EventId.Value;
        for (var i = 0; i < 25; i++)
        {
            var body = JsonValue.Object(("body", JsonValue.String("branch " + i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            room = room.Add(room.Event("m.room.message", null, Ada, body, e => e.With("prev_events", JsonValue.Array(JsonValue.String(fork)))));
        }
        Assert.Equal(25, room.Room.ForwardExtremities.Length);

        var answer = Expect.Ok(Ask(ServerA(room), room.RoomId, Xavier), DanceRule.MakeJoinIssued);

        var prevEvents = EventTemplates.ParseUnsigned(answer.Event, room.Version, A).Value.PrevEvents;
        Assert.Equal(PduParser.MaxPrevEvents, prevEvents.Length);
        Assert.All(prevEvents, id => Assert.Contains(id, room.Room.ForwardExtremities));
    }

    [Fact]
    public void NoVer_MeansRoomVersionOneOnly()
    {
        var v1 = RoomBuilder.Federated(Version("1"));
        var v10 = RoomBuilder.Federated(Version("10"), name: "ten");
        var resident = ServerA(v1, v10);

        Expect.Ok(MakeJoin.Handle(resident, new MakeJoinRequest(X, v1.RoomId, Xavier), Now), DanceRule.MakeJoinIssued);
        var refused = Expect.Refused(MakeJoin.Handle(resident, new MakeJoinRequest(X, v10.RoomId, Xavier), Now),
            DanceRule.MakeJoinIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion, 400);
        Assert.Equal("10", refused.RoomVersion);
    }

    [Fact]
    public void VerWithoutTheRoomVersion_IsIncompatibleAndNamesTheVersion()
    {
        var room = RoomBuilder.Federated(Version("10"));

        var refused = Expect.Refused(Ask(ServerA(room), room.RoomId, Xavier, null, "9", "11"),
            DanceRule.MakeJoinIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion, 400);

        Assert.Equal("10", refused.RoomVersion);
        Assert.Equal(JsonValue.String("10"), refused.ToJson()["room_version"]);
        Assert.Equal(JsonValue.String("M_INCOMPATIBLE_ROOM_VERSION"), refused.ToJson()["errcode"]);
    }

    [Fact]
    public void UserIdThatIsNotAUserId_IsRefused()
    {
        var room = RoomBuilder.Federated(Version("10"));
        Expect.Refused(Ask(ServerA(room), room.RoomId, "xavier", X), DanceRule.MakeJoinBadUserId, MatrixErrorCode.InvalidParam, 400);
    }

    [Fact]
    public void UserOfAnotherServer_IsRefused_B20()
    {
        // m.test asks a resident to template a join for x.test's user.
        var room = RoomBuilder.Federated(Version("10"));
        Expect.Refused(Ask(ServerA(room), room.RoomId, Xavier, M), DanceRule.MakeJoinUserNotOnOrigin, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void UnknownRoom_IsNotFound()
    {
        Expect.Refused(Ask(ServerA(), "!nowhere:a.test", Xavier), DanceRule.MakeJoinUnknownRoom, MatrixErrorCode.NotFound, 404);
    }

    [Fact]
    public void ServerWhoseUsersAllLeft_IsNotResident_B31()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Leave(Ada);

        Expect.Refused(Ask(ServerA(room), room.RoomId, Xavier), DanceRule.MakeJoinNotResident, MatrixErrorCode.NotFound, 404);
        Expect.Ok(Ask(ServerB(room), room.RoomId, Xavier), DanceRule.MakeJoinIssued);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void InviteOnlyRoom_WithoutInvite_IsForbiddenByTheAuthRules(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId)).JoinRule(Ada, JoinRuleValues.Invite);

        var refused = Expect.Refused(Ask(ServerA(room), room.RoomId, Xavier), DanceRule.MakeJoinNotAuthorised, MatrixErrorCode.Forbidden, 403);

        Assert.Equal(Rule.MemberJoinNotInvited, refused.AuthRule);
    }

    [Fact]
    public void InviteAfterAnUnban_CanBeAccepted_B28()
    {
        // Xavier was banned, then unbanned and invited again. The invitee's server keeps no copy of the room
        // to judge by; the resident judges the join against its current state.
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Invite)
            .SetMembership(Ada, Xavier, MembershipValues.Ban)
            .SetMembership(Ada, Xavier, MembershipValues.Leave);
        var invite = Expect.Ok(OutgoingInvites.Build(ServerA(room), room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var countersigned = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned);
        var resident = Expect.Ok(OutgoingInvites.AcceptResponse(ServerA(room), invite, countersigned.ToJson()), DanceRule.InviteResponseAccepted).Server;

        var (accepted, _) = Handshake.Join(resident, ServerX(), room.RoomId, Xavier, Now + 1);

        Assert.Equal(MembershipValues.Join, accepted.Room.MembershipOf(Xavier));
    }

    [Fact]
    public void BannedUser_IsForbiddenByTheAuthRules()
    {
        var room = RoomBuilder.Federated(Version("10")).SetMembership(Ada, Xavier, MembershipValues.Ban);

        var refused = Expect.Refused(Ask(ServerA(room), room.RoomId, Xavier), DanceRule.MakeJoinNotAuthorised, MatrixErrorCode.Forbidden, 403);

        Assert.Equal(Rule.MemberJoinSenderBanned, refused.AuthRule);
    }
}
