using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// <c>PUT /_matrix/federation/v1/invite/{roomId}/{eventId}</c> (spec v1.19, invites-v1.yaml): the body is the invite event with
/// <c>unsigned.invite_room_state</c>, "servers which receive a v1 invite request must assume that the room version is either 1 or
/// 2", and the answer is <c>[200, {"event": …}]</c>; and the inviting server's fallback to it, which invites-v2.yaml asks of
/// "senders which receive a 400 or 404 response to this endpoint ... if the room version is 1 or 2".
/// </summary>
public sealed class InviteV1Tests
{
    private static RoomBuilder Room(string versionId) => RoomBuilder.Federated(Version(versionId)).Join(Ben).Name(Ada, "Tea");

    private static OutgoingInvite Build(RoomBuilder room) => Expect.Ok(OutgoingInvites.Build(ServerA(room), room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void OlderServer_IsInvitedOverV1AfterA404(string versionId)
    {
        var room = Room(versionId);
        var invite = Build(room);
        // An older invitee answers the v2 path with 404 M_UNRECOGNIZED: the inviter retries over v1.
        var v1 = OutgoingInvites.V1Fallback(invite, 404);
        Assert.NotNull(v1);
        var body = (JsonObject)v1.Body;
        Assert.Equal(((JsonObject)invite.Request.Body)["invite_room_state"], ((JsonObject)body["unsigned"]!)["invite_room_state"]);

        var answer = Expect.Ok(Invite.HandleV1(InviteeX, v1), DanceRule.InviteCountersigned);

        var json = answer.ToV1Json();
        Assert.Equal(JsonValue.Number(200), json[0]);
        var accepted = Expect.Ok(OutgoingInvites.AcceptResponse(ServerA(room), invite, json), DanceRule.InviteResponseAccepted);
        Assert.Equal(MembershipValues.Invite, accepted.Room.MembershipOf(Xavier));
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(accepted.Event, X));
    }

    [Theory]
    [InlineData("3", 404)]
    [InlineData("10", 400)]
    [InlineData("1", 403)]
    public void NoFallback_ForOtherVersionsOrOtherStatuses(string versionId, int status) =>
        Assert.Null(OutgoingInvites.V1Fallback(Build(Room(versionId)), status));

    [Fact]
    public void V1Invite_IsValidatedAsV2Is()
    {
        var room = Room("1");
        var v1 = OutgoingInvites.V1Fallback(Build(room), 400)!;
        // Not an invite of a local user by the requesting server's user.
        Expect.Refused(Invite.HandleV1(InviteeX, v1 with { Origin = M }), DanceRule.InviteSenderNotOnOrigin, MatrixErrorCode.InvalidParam, 400);
        Expect.Refused(Invite.HandleV1(InviteeX, v1 with { Body = JsonValue.String("invite") }), DanceRule.InviteNotAnObject, MatrixErrorCode.BadJson, 400);
        // A server that supports neither version 1 nor 2 cannot take a v1 invite.
        var modern = InviteeX with { SupportedRoomVersions = [.. Handshake.AllVersions.Where(v => v is not "1" and not "2")] };
        Expect.Refused(Invite.HandleV1(modern, v1), DanceRule.InviteIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion, 400);
    }
}
