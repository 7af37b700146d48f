using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// What is particular to send_join v2 (spec v1.19, server-server API "Joining Rooms", "Restricted rooms";
/// joins-v2.yaml; MSC3083, MSC3706): the answer, omit_members, and the restricted-room steps. The validation
/// it shares with send_leave and send_knock is in <see cref="MembershipSubmissionTests"/>.
/// </summary>
public sealed class SendJoinTests
{
    private static ImmutableArray<string> Ids(IEnumerable<JsonObject> events, Reference.Rooms.Room room) =>
        [.. events.Select(e => RoomBuilder.ParseSigned(e, room.Version).EventId.Value)];

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void Join_IsAcceptedAndAnsweredWithTheStatePriorToIt(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId)).Join(Ben).Name(Ada, "Tea");
        var resident = ServerA(room);
        var join = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Join, Now);

        var accepted = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted);

        var response = accepted.Response;
        // state: the resolved current state prior to the join (no member event for Xavier).
        Assert.Equal(room.Room.State.Events.Values.Select(e => e.EventId.Value).Order(StringComparer.Ordinal),
            Ids(response.State, room.Room).Order(StringComparer.Ordinal));
        // auth_chain: every event in the auth chain of the join and of the state; in v12 the implied create too.
        var chain = Ids(response.AuthChain, room.Room);
        foreach (var e in room.Room.State.Events.Values.Append(join))
        {
            foreach (var cited in e.AuthEvents) Assert.Contains(cited.Value, chain);
        }
        Assert.Contains(room.Room.Create!.EventId.Value, chain);
        Assert.Equal(join.Json, response.Event);
        Assert.False(response.MembersOmitted);
        Assert.Equal([A, B], response.ServersInRoom);
        // The resident took the join: Xavier is joined and the join is the only forward extremity.
        Assert.Equal(MembershipValues.Join, accepted.Room.MembershipOf(Xavier));
        Assert.Equal([join.EventId], accepted.Room.ForwardExtremities);
        Assert.Same(accepted.Room, accepted.Server.Room(room.RoomId));
    }

    [Fact]
    public void OmitMembers_LeavesOutMemberEventsAndStateFromTheAuthChain()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");
        var resident = ServerA(room);
        var join = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Join, Now);

        var response = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join, "true")), DanceRule.SendJoinAccepted).Response;

        Assert.True(response.MembersOmitted);
        Assert.DoesNotContain(response.State, e => ((JsonString)e["type"]!).Value == EventTypes.Member);
        Assert.Empty(Ids(response.State, room.Room).Intersect(Ids(response.AuthChain, room.Room)));
        Assert.Equal([A, B], response.ServersInRoom);
        Assert.Equal(JsonValue.Bool(true), response.ToJson()["members_omitted"]);
    }

    [Fact]
    public void OmitMembersInAnUnnamedRoom_KeepsTheHeroes()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var resident = ServerA(room);
        var join = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Join, Now);

        var response = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join, "true")), DanceRule.SendJoinAccepted).Response;

        var members = response.State.Where(e => ((JsonString)e["type"]!).Value == EventTypes.Member).Select(e => ((JsonString)e["state_key"]!).Value);
        Assert.Equal([Ada, Ben], members.Order(StringComparer.Ordinal));
        // Every member was a hero, so none was left out.
        Assert.False(response.MembersOmitted);
    }

    [Fact]
    public void OmitMembersInAnUnnamedRoom_KeepsOnlyFiveHeroes()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Join(Amy).Join(Xena).Join(Mallory).Invite(Ada, "@yves:b.test").Join("@zoe:m.test");
        var resident = ServerA(room);
        var join = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Join, Now);

        var response = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join, "true")), DanceRule.SendJoinAccepted).Response;

        var members = response.State.Where(e => ((JsonString)e["type"]!).Value == EventTypes.Member).Select(e => ((JsonString)e["state_key"]!).Value);
        Assert.Equal([Ada, Ben, Amy, Xena, Mallory], members);
        Assert.True(response.MembersOmitted);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("")]
    public void OmitMembersThatIsNotABoolean_IsInvalid(string value)
    {
        var room = RoomBuilder.Federated(Version("10"));
        var join = Handshake.Signed(ServerA(room), room.RoomId, Xavier, MembershipValues.Join, Now);

        Expect.Refused(SendJoin.Handle(ServerA(room), Handshake.SendJoinRequest(join, value)), DanceRule.SendJoinBadOmitMembers, MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void RestrictedJoin_IsCountersignedByTheAuthorisersServer(string versionId)
    {
        var rooms = RestrictedRooms.Create(Version(versionId));
        var join = Handshake.Signed(rooms.ServerA, rooms.RoomId, Xavier, MembershipValues.Join, Now);
        Assert.False(((JsonObject)join.Json["signatures"]!).ContainsKey(A));

        var accepted = Expect.Ok(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAcceptedAuthorised);

        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(accepted.Join, A));
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(accepted.Join, X));
        Assert.Equal(join.EventId, accepted.Join.EventId);
        Assert.Equal(accepted.Join.Json, accepted.Response.Event);
        // The event as persisted is the countersigned one: other servers' auth rules need that signature.
        Assert.Equal(accepted.Join, accepted.Room.State.Member(Xavier));
    }

    [Fact]
    public void JoinNamingAnAuthoriserOnAnotherServer_IsRefused()
    {
        // MSC3083: make_join and send_join must reach the same resident; a join templated by b.test reaching a.test is a 400.
        var rooms = RestrictedRooms.Create(Version("10"));
        var join = Handshake.SignedEdited(rooms.ServerA, rooms.RoomId, Xavier, MembershipValues.Join, Now,
            e => e.With("content", ((JsonObject)e["content"]!).With("join_authorised_via_users_server", JsonValue.String(Ben))));

        Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAuthoriserOnOtherServer, MatrixErrorCode.InvalidParam, 400);
    }

    /// <summary>A join naming <paramref name="authoriser"/> that <paramref name="user"/>'s server signs without asking make_join: the resident must evaluate the conditions itself.</summary>
    private static Pdu CraftedRestrictedJoin(RestrictedRooms rooms, string user, string authoriser)
    {
        var room = rooms.Restricted;
        return room.Event(EventTypes.Member, user, user, JsonValue.Object(
            ("membership", JsonValue.String("join")), ("join_authorised_via_users_server", JsonValue.String(authoriser))));
    }

    [Fact]
    public void CraftedJoinOfAUserInNoAllowedRoom_IsForbidden()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        var join = CraftedRestrictedJoin(rooms, Xena, Ada);

        Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinRestrictedConditionsNotMet, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void CraftedJoinAtAResidentInNoAllowedRoom_IsUnableToAuthorise()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        var join = CraftedRestrictedJoin(rooms, Xavier, Ben);

        Expect.Refused(SendJoin.Handle(rooms.ServerB, Handshake.SendJoinRequest(join)), DanceRule.SendJoinRestrictedUnableToAuthorise, MatrixErrorCode.UnableToAuthoriseJoin, 400);
    }

    [Fact]
    public void CraftedJoinWhenNoConditionIsValid_IsForbidden()
    {
        var rooms = RestrictedRooms.Create(Version("10")).WithRestricted(r => r.JoinRules(Ada, JsonValue.Object(
            ("join_rule", JsonValue.String("restricted")), ("allow", JsonArray.Empty))));
        var join = CraftedRestrictedJoin(rooms, Xavier, Ada);

        Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinRestrictedNoValidConditions, MatrixErrorCode.Forbidden, 403);
    }

    [Fact]
    public void JoinNamingAnAuthoriserWithoutInvitePower_IsUnableToGrant()
    {
        var rooms = RestrictedRooms.Create(Version("10"), powerLevels: JsonValue.Object(
            ("invite", JsonValue.Number(50)), ("users", JsonValue.Object((Ada, JsonValue.Number(100))))));
        var join = CraftedRestrictedJoin(rooms, Xavier, Amy);

        Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinRestrictedUnableToGrant, MatrixErrorCode.UnableToGrantJoin, 400);
    }

    [Fact]
    public void RestrictedJoinNamingNoAuthoriser_IsForbiddenByTheAuthRules()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        var join = rooms.Restricted.Event(EventTypes.Member, Xavier, Xavier, JsonValue.Object(("membership", JsonValue.String("join"))));

        var refused = Expect.Refused(SendJoin.Handle(rooms.ServerA, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAuthEventsRejected, MatrixErrorCode.Forbidden, 403);

        Assert.Equal(Rule.MemberJoinRestrictedNoAuthoriser, refused.AuthRule);
    }

    [Fact]
    public void FullDance_MakesTheJoinerAResident()
    {
        var room = RoomBuilder.Federated(Version("12")).Join(Ben).Name(Ada, "Tea");

        var (resident, joiner) = Handshake.Join(ServerA(room), ServerX(), room.RoomId, Xavier, Now);

        Assert.Equal(resident.Room.State.Events.Keys, joiner.Room.State.Events.Keys);
        Assert.True(joiner.Server.IsResidentIn(joiner.Room));
        Assert.Equal([resident.Join.EventId], joiner.Room.ForwardExtremities);
    }
}
