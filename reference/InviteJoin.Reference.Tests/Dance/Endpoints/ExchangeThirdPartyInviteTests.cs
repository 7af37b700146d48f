using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>exchange_third_party_invite at the inviting server (spec v1.19, server-server API "Third-party invites"; third_party_invite.yaml).</summary>
public sealed class ExchangeThirdPartyInviteTests
{
    private const string Token = "abc123";

    /// <summary>A room where Ada sent an m.room.third_party_invite whose key is the identity server's.</summary>
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("10")).Join(Ben)
        .Send(EventTypes.ThirdPartyInvite, Token, Ada, ThirdPartyInvites.Content());

    /// <summary>The partial event x.test sends once the identity server told it of the binding.</summary>
    private static JsonObject Partial(string mxid = Xavier, Ed25519SigningKey? signer = null)
    {
        var signed = ThirdPartyInvites.Signed(mxid, Token, signer);
        return JsonValue.Object(
            ("type", JsonValue.String(EventTypes.Member)),
            ("room_id", JsonValue.String(Room.RoomId)),
            ("sender", JsonValue.String(Ada)),
            ("state_key", JsonValue.String(mxid)),
            ("content", JsonValue.Object(
                ("membership", JsonValue.String("invite")),
                ("third_party_invite", JsonValue.Object(("display_name", JsonValue.String("x…@example.org")), ("signed", signed))))));
    }

    private static EndpointResult<OutgoingInvite> Exchange(JsonValue body, ResidentServer? resident = null, string origin = X, string? roomId = null) =>
        ExchangeThirdPartyInvite.Handle(resident ?? ServerA(Room), new ExchangeThirdPartyInviteRequest(origin, roomId ?? Room.RoomId, body), Now);

    private static JsonObject EditContent(JsonObject partial, Func<JsonObject, JsonObject> edit) => partial.With("content", edit((JsonObject)partial["content"]!));

    [Fact]
    public void BoundThirdPartyInvite_IsIssuedCountersignedAndTakenIntoTheRoom()
    {
        var issued = Expect.Ok(Exchange(Partial()), DanceRule.ExchangeThirdPartyInviteIssued);
        Assert.Equal(Ada, issued.Event.Sender.Value);
        Assert.Equal(Xavier, issued.Event.StateKey);

        var answer = Expect.Ok(Invite.Handle(InviteeX, issued.Request), DanceRule.InviteCountersigned);
        var accepted = Expect.Ok(OutgoingInvites.AcceptResponse(ServerA(Room), issued, answer.ToJson()), DanceRule.InviteResponseAccepted);

        Assert.Equal(MembershipValues.Invite, accepted.Room.MembershipOf(Xavier));
        Assert.Contains(Room.Room.State.ThirdPartyInvite(Token)!.EventId, accepted.Event.AuthEvents);
    }

    [Fact]
    public void UnknownRoom_IsNotFound() =>
        Expect.Refused(Exchange(Partial(), ServerA()), DanceRule.ExchangeThirdPartyInviteUnknownRoom, MatrixErrorCode.NotFound, 404);

    [Fact]
    public void ServerWithNoJoinedUser_IsNotResident() =>
        Expect.Refused(Exchange(Partial(), ServerA(Room.Leave(Ada))), DanceRule.ExchangeThirdPartyInviteNotResident, MatrixErrorCode.NotFound, 404);

    [Fact]
    public void BodyThatIsNotAnObject_IsBadJson() =>
        Expect.Refused(Exchange(JsonValue.Array()), DanceRule.ExchangeThirdPartyInviteNotAnObject, MatrixErrorCode.BadJson, 400);

    [Fact]
    public void PartialEventMissingAField_IsBadJson() =>
        Expect.Refused(Exchange(Partial().Without("sender")), DanceRule.ExchangeThirdPartyInviteMalformedEvent, MatrixErrorCode.BadJson, 400);

    [Fact]
    public void EventForAnotherRoomThanThePath_IsRefused_B21()
    {
        var other = RoomBuilder.Federated(Version("10"), name: "other");
        Expect.Refused(Exchange(Partial(), ServerA(Room, other), roomId: other.RoomId), DanceRule.ExchangeThirdPartyInviteRoomIdMismatch, MatrixErrorCode.InvalidParam, 400);
    }

    [Fact]
    public void EventThatIsNotAMemberEvent_IsRefused() =>
        Expect.Refused(Exchange(Partial().With("type", JsonValue.String("m.room.power_levels"))), DanceRule.ExchangeThirdPartyInviteNotMemberEvent, MatrixErrorCode.InvalidParam, 400);

    [Fact]
    public void EventOfAnotherMembership_IsRefused() =>
        Expect.Refused(Exchange(EditContent(Partial(), c => c.With("membership", JsonValue.String("join")))),
            DanceRule.ExchangeThirdPartyInviteWrongMembership, MatrixErrorCode.InvalidParam, 400);

    [Fact]
    public void EventWithoutASignedThirdPartyInvite_IsRefused()
    {
        Expect.Refused(Exchange(EditContent(Partial(), c => c.Without("third_party_invite"))),
            DanceRule.ExchangeThirdPartyInviteMissingThirdPartyInvite, MatrixErrorCode.InvalidParam, 400);
        Expect.Refused(Exchange(EditContent(Partial(), c => c.With("third_party_invite", JsonValue.Object(("display_name", JsonValue.String("x")))))),
            DanceRule.ExchangeThirdPartyInviteMissingThirdPartyInvite, MatrixErrorCode.InvalidParam, 400);
    }

    [Fact]
    public void SenderNotOfThisServer_IsForbidden() =>
        Expect.Refused(Exchange(Partial().With("sender", JsonValue.String(Ben))), DanceRule.ExchangeThirdPartyInviteSenderNotLocal, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void InviteeNotOfTheRequestingServer_IsForbidden() =>
        Expect.Refused(Exchange(Partial(), origin: M), DanceRule.ExchangeThirdPartyInviteTargetNotOnOrigin, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void ProofNotSignedByTheIdentityServersKey_IsForbiddenByTheAuthRules()
    {
        var refused = Expect.Refused(Exchange(Partial(signer: TestKeys.Of(M))),
            DanceRule.ExchangeThirdPartyInviteNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberInviteThirdPartyBadSignature, refused.AuthRule);
    }

    [Fact]
    public void ProofForAnotherUser_IsForbiddenByTheAuthRules()
    {
        var partial = Partial(mxid: Xena).With("state_key", JsonValue.String(Xavier));
        var refused = Expect.Refused(Exchange(partial), DanceRule.ExchangeThirdPartyInviteNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberInviteThirdPartyMxidMismatch, refused.AuthRule);
    }

    /// <summary>third_party_invite.yaml: <c>third_party_invite</c> "required: display_name, signed".</summary>
    [Fact]
    public void PartialEventWithoutADisplayName_IsRefused() =>
        Expect.Refused(Exchange(EditContent(Partial(), c => c.With("third_party_invite", ((JsonObject)c["third_party_invite"]!).Without("display_name")))),
            DanceRule.ExchangeThirdPartyInviteMissingDisplayName, MatrixErrorCode.InvalidParam, 400);

    /// <summary>
    /// The display name the invite carries is the one the inviter's <c>m.room.third_party_invite</c> gave (client-server API
    /// "Third-party invites": "a display name ... to represent the user instead of their third-party identifier"), not one the
    /// invitee's server supplies: the room shows what the inviter chose.
    /// </summary>
    [Fact]
    public void DisplayName_IsTheOriginalInvitesNotTheJoiners()
    {
        var claimed = EditContent(Partial(), c => c.With("third_party_invite", ((JsonObject)c["third_party_invite"]!).With("display_name", JsonValue.String("The Real Alice"))));

        var issued = Expect.Ok(Exchange(claimed), DanceRule.ExchangeThirdPartyInviteIssued);

        var thirdPartyInvite = (JsonObject)issued.Event.Content["third_party_invite"]!;
        Assert.Equal(ThirdPartyInvites.Content()["display_name"], thirdPartyInvite["display_name"]);
    }
}
