using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>The inviting server's side of an invite (spec v1.19, server-server API "Inviting to a room"): the request it builds, and its check of the answer.</summary>
public sealed class OutgoingInvitesTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("12")).Join(Ben).Name(Ada, "Tea");

    private static OutgoingInvite Build() => Expect.Ok(OutgoingInvites.Build(ServerA(Room), Room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);

    [Fact]
    public void Invite_IsSignedByTheInviterAndCarriesTheRoomsIdentifyingState()
    {
        var invite = Build();

        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(invite.Event, A));
        Assert.Equal(A, invite.Request.Origin);
        Assert.Equal(invite.Event.EventId.Value, invite.Request.EventId);
        var body = (JsonObject)invite.Request.Body;
        Assert.Equal(JsonValue.String("12"), body["room_version"]);
        Assert.Equal(invite.Event.Json, body["event"]);
        Assert.Equal(Room.Room.Create!.Json, ((JsonArray)body["invite_room_state"]!)[0]);
        // The invite is not in the room until the invitee's server has countersigned it.
        Assert.Null(ServerA(Room).Room(Room.RoomId)!.State.Member(Xavier));
    }

    [Fact]
    public void InviteTheAuthRulesRefuse_IsNotBuilt()
    {
        var refused = Expect.Refused(OutgoingInvites.Build(ServerA(Room), Room.RoomId, Ada, Ben, Now), DanceRule.InviteRequestNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberInviteTargetJoinedOrBanned, refused.AuthRule);
    }

    [Fact]
    public void InviteOfAnotherServersUserOrRoom_IsNotBuilt()
    {
        Expect.Refused(OutgoingInvites.Build(ServerA(Room), Room.RoomId, Ben, Xavier, Now), DanceRule.LocalEventSenderNotLocal, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(OutgoingInvites.Build(ServerA(), Room.RoomId, Ada, Xavier, Now), DanceRule.LocalEventUnknownRoom, MatrixErrorCode.NotFound, 404);
    }

    [Fact]
    public void CountersignedAnswer_IsTakenIntoTheRoom()
    {
        var invite = Build();
        var answer = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned);

        var accepted = Expect.Ok(OutgoingInvites.AcceptResponse(ServerA(Room), invite, answer.ToJson()), DanceRule.InviteResponseAccepted);

        Assert.Equal(MembershipValues.Invite, accepted.Room.MembershipOf(Xavier));
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(accepted.Event, X));
        Assert.Equal([invite.Event.EventId], accepted.Room.ForwardExtremities);
    }

    [Fact]
    public void AnswerWithoutAnEvent_IsMalformed() =>
        Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(Room), Build(), JsonObject.Empty), DanceRule.InviteResponseMalformed, MatrixErrorCode.InvalidParam, 502);

    [Fact]
    public void AnswerWithAChangedEvent_IsRefused()
    {
        var invite = Build();
        var answer = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned).Event;
        var changed = answer.With("content", ((JsonObject)answer["content"]!).With("reason", JsonValue.String("added by the invitee")));

        Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(Room), invite, JsonValue.Object(("event", changed))), DanceRule.InviteResponseEventChanged, MatrixErrorCode.InvalidParam, 502);

        // Dropping the inviter's own signature is a change too.
        var stripped = answer.With("signatures", JsonValue.Object((X, ((JsonObject)answer["signatures"]!)[X]!)));
        Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(Room), invite, JsonValue.Object(("event", stripped))), DanceRule.InviteResponseEventChanged, MatrixErrorCode.InvalidParam, 502);
    }

    /// <summary>
    /// The answer may carry <c>unsigned</c>, which no signature or hash covers: invites-v2.yaml's own 200 example has
    /// <c>unsigned.invite_room_state</c> (spec v1.19, "Inviting to a room"). Only what the hashes and signatures cover must be unchanged.
    /// </summary>
    [Fact]
    public void AnswerCarryingUnsignedData_IsTheSameEvent()
    {
        var invite = Build();
        var answer = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned).Event;
        var roomState = ((JsonObject)invite.Request.Body)["invite_room_state"]!;
        var withUnsigned = answer.With("unsigned", JsonValue.Object(("invite_room_state", roomState), ("age", JsonValue.Number(12))));

        var accepted = Expect.Ok(OutgoingInvites.AcceptResponse(ServerA(Room), invite, JsonValue.Object(("event", withUnsigned))), DanceRule.InviteResponseAccepted);

        // What the room keeps is the event, not the answering server's unsigned data.
        Assert.Null(accepted.Event.Json["unsigned"]);
    }

    [Fact]
    public void AnswerWithoutTheInviteesSignature_IsRefused()
    {
        var invite = Build();
        Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(Room), invite, JsonValue.Object(("event", invite.Event.Json))),
            DanceRule.InviteResponseMissingCountersignature, MatrixErrorCode.InvalidParam, 502);

        // A signature under x.test's name made with m.test's key does not verify.
        var forged = EventSigning.SignEvent(invite.Event.Json, Room.Version.Format, X, TestKeys.Of(M));
        Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(Room), invite, JsonValue.Object(("event", forged))),
            DanceRule.InviteResponseMissingCountersignature, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void AnswerArrivingAfterTheRoomChanged_IsCheckedAgain()
    {
        var invite = Build();
        var answer = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned);
        var later = Room.SetMembership(Ada, Xavier, MembershipValues.Ban);

        var refused = Expect.Refused(OutgoingInvites.AcceptResponse(ServerA(later), invite, answer.ToJson()), DanceRule.InviteResponseNotAuthorised, MatrixErrorCode.Forbidden, 403);

        Assert.Equal(Rule.MemberInviteTargetJoinedOrBanned, refused.AuthRule);
    }
}
