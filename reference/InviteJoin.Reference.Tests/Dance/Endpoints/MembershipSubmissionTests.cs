using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The validation send_join, send_leave and send_knock share (spec v1.19, joins-v2.yaml, leaving-v2.yaml,
/// knocks.yaml "The receiving server MUST apply certain validation"), each step checked for each endpoint
/// with that endpoint's rule: the path (B21), the type and membership (B22), the sender's server (B20).
/// </summary>
public sealed class MembershipSubmissionTests
{
    /// <summary>A room where <paramref name="membership"/> by Xavier is allowed: public (join), Xavier invited (leave), knockable (knock).</summary>
    private static RoomBuilder RoomFor(string membership, string versionId = "10")
    {
        var room = RoomBuilder.Federated(Version(versionId)).Join(Ben);
        return membership switch
        {
            MembershipValues.Join => room,
            MembershipValues.Leave => room.JoinRule(Ada, JoinRuleValues.Invite).Invite(Ada, Xavier),
            MembershipValues.Knock => room.JoinRule(Ada, JoinRuleValues.Knock),
            _ => throw new InvalidOperationException(membership),
        };
    }

    /// <summary>The endpoint's rule for a step, such as <c>RoomIdMismatch</c>: <c>SendJoinRoomIdMismatch</c> for joins.</summary>
    private static DanceRule RuleFor(string membership, string step) =>
        Enum.Parse<DanceRule>("Send" + char.ToUpperInvariant(membership[0]) + membership[1..] + step);

    private static (DanceRule Rule, MatrixError? Error) Send(string membership, ResidentServer resident, string origin, string roomId, string eventId, JsonValue body) =>
        membership switch
        {
            MembershipValues.Join => Outcome(SendJoin.Handle(resident, new SendJoinRequest(origin, roomId, eventId, body))),
            MembershipValues.Leave => Outcome(SendLeave.Handle(resident, new SendLeaveRequest(origin, roomId, eventId, body))),
            MembershipValues.Knock => Outcome(SendKnock.Handle(resident, new SendKnockRequest(origin, roomId, eventId, body))),
            _ => throw new InvalidOperationException(membership),
        };

    private static (DanceRule, MatrixError?) Outcome<T>(EndpointResult<T> result) where T : class => (result.Rule, result.Error);

    private static (DanceRule Rule, MatrixError? Error) Send(string membership, ResidentServer resident, Pdu pdu, string? origin = null, string? roomId = null, string? eventId = null, JsonValue? body = null) =>
        Send(membership, resident, origin ?? pdu.Sender.Server.Value, roomId ?? pdu.RoomId.Value, eventId ?? pdu.EventId.Value, body ?? pdu.Json);

    private static void Refused((DanceRule Rule, MatrixError? Error) outcome, string membership, string step, MatrixErrorCode code, int status)
    {
        Assert.Equal(RuleFor(membership, step), outcome.Rule);
        Assert.NotNull(outcome.Error);
        Assert.Equal(code, outcome.Error.ErrCode);
        Assert.Equal(status, outcome.Error.HttpStatus);
    }

    /// <summary>The status of an unknown room: knocks.yaml lists 404; joins-v2.yaml and leaving-v2.yaml list no 404, so 400.</summary>
    private static int NotFoundStatus(string membership) => membership == MembershipValues.Knock ? 404 : 400;

    /// <summary>The status of an event the auth rules refuse: leaving-v2.yaml lists only 400; joins-v2.yaml and knocks.yaml list 403.</summary>
    private static int ForbiddenStatus(string membership) => membership == MembershipValues.Leave ? 400 : 403;

    private static Pdu Honest(RoomBuilder room, string membership) => Handshake.Signed(ServerA(room), room.RoomId, Xavier, membership, Now);

    private static Pdu Edited(RoomBuilder room, string membership, Func<JsonObject, JsonObject> edit, string? signer = null) =>
        Handshake.SignedEdited(ServerA(room), room.RoomId, Xavier, membership, Now, edit, signer);

    [Theory]
    [InlineData("join", "10")]
    [InlineData("join", "12")]
    [InlineData("leave", "10")]
    [InlineData("leave", "12")]
    [InlineData("knock", "10")]
    [InlineData("knock", "12")]
    public void HonestEvent_IsAcceptedIntoTheRoom(string membership, string versionId)
    {
        var room = RoomFor(membership, versionId);
        var pdu = Honest(room, membership);

        var outcome = Send(membership, ServerA(room), pdu);

        Assert.Null(outcome.Error);
        Assert.Equal(RuleFor(membership, "Accepted"), outcome.Rule);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void UnknownRoom_IsNotFound(string membership)
    {
        var room = RoomFor(membership);
        Refused(Send(membership, ServerA(), Honest(room, membership)), membership, "UnknownRoom", MatrixErrorCode.NotFound, NotFoundStatus(membership));
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void ServerWithNoJoinedUser_IsNotResident_B31(string membership)
    {
        var room = RoomFor(membership).Leave(Ada);
        var pdu = Handshake.Signed(ServerB(room), room.RoomId, Xavier, membership, Now);
        Refused(Send(membership, ServerA(room), pdu), membership, "NotResident", MatrixErrorCode.NotFound, NotFoundStatus(membership));
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void BodyThatIsNotAnObject_IsBadJson(string membership)
    {
        var room = RoomFor(membership);
        Refused(Send(membership, ServerA(room), Honest(room, membership), body: JsonValue.Array()), membership, "NotAnObject", MatrixErrorCode.BadJson, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void BodyThatIsNotAnEvent_IsBadJson(string membership)
    {
        var room = RoomFor(membership);
        var pdu = Honest(room, membership);
        Refused(Send(membership, ServerA(room), pdu, body: pdu.Json.Without("depth")), membership, "MalformedEvent", MatrixErrorCode.BadJson, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventForAnotherRoomThanThePath_IsRefused_B21(string membership)
    {
        var room = RoomFor(membership);
        var other = RoomBuilder.Federated(Version("10"), name: "other");
        var resident = ServerA(room, other);
        Refused(Send(membership, resident, Honest(room, membership), roomId: other.RoomId), membership, "RoomIdMismatch", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join", "10")]
    [InlineData("join", "1")]
    [InlineData("leave", "10")]
    [InlineData("knock", "10")]
    public void EventIdOtherThanThePath_IsRefused_B21(string membership, string versionId)
    {
        var room = RoomFor(membership, versionId == "1" && membership == "knock" ? "10" : versionId);
        var pdu = Honest(room, membership);
        var otherId = room.Room.Create!.EventId.Value;
        Refused(Send(membership, ServerA(room), pdu, eventId: otherId), membership, "EventIdMismatch", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventThatIsNotAMemberEvent_IsRefused_B22(string membership)
    {
        var room = RoomFor(membership);
        var message = Edited(room, membership, e => e.With("type", JsonValue.String("m.room.message")).Without("state_key"));
        Refused(Send(membership, ServerA(room), message), membership, "NotMemberEvent", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join", "leave")]
    [InlineData("join", "invite")]
    [InlineData("join", "knock")]
    [InlineData("leave", "join")]
    [InlineData("leave", "ban")]
    [InlineData("knock", "join")]
    [InlineData("knock", "leave")]
    public void EventOfAnotherMembership_IsRefused_B22(string membership, string other)
    {
        var room = RoomFor(membership);
        var pdu = Edited(room, membership, e => e.With("content", JsonValue.Object(("membership", JsonValue.String(other)))));
        Refused(Send(membership, ServerA(room), pdu), membership, "WrongMembership", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventAboutAnotherUser_IsRefused(string membership)
    {
        var room = RoomFor(membership);
        var pdu = Edited(room, membership, e => e.With("state_key", JsonValue.String(Xena)));
        Refused(Send(membership, ServerA(room), pdu), membership, "StateKeyNotSender", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventOfAnotherServersUser_IsRefused_B20(string membership)
    {
        // m.test submits x.test's (validly signed) event: a server may not join, part or knock others' users.
        var room = RoomFor(membership);
        Refused(Send(membership, ServerA(room), Honest(room, membership), origin: M), membership, "SenderNotOnOrigin", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventNotSignedByTheSendersServer_IsRefused(string membership)
    {
        var room = RoomFor(membership);
        var forged = Edited(room, membership, e => e, signer: M);
        Refused(Send(membership, ServerA(room), forged, origin: X), membership, "BadSignature", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventWhoseContentDoesNotMatchItsHash_IsRefused(string membership)
    {
        // A displayname is redacted away, so the signature still verifies; only the content hash tells.
        var room = RoomFor(membership);
        var pdu = Honest(room, membership);
        var altered = pdu.Json.With("content", ((JsonObject)pdu.Json["content"]!).With("displayname", JsonValue.String("changed in transit")));
        Refused(Send(membership, ServerA(room), pdu, body: altered), membership, "ContentHashMismatch", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventFollowingAnUnknownEvent_IsRefused(string membership)
    {
        var room = RoomFor(membership);
        var pdu = Edited(room, membership, e => e.With("prev_events", JsonValue.Array(JsonValue.String("$" + new string('A', 43)))));
        Refused(Send(membership, ServerA(room), pdu), membership, "UnknownPrevEvent", MatrixErrorCode.InvalidParam, 400);
    }

    [Theory]
    [InlineData("join")]
    [InlineData("leave")]
    [InlineData("knock")]
    public void EventCitingAnAuthEventTheSelectionDoesNotPick_IsRejectedByItsAuthEvents(string membership)
    {
        var room = RoomFor(membership);
        var bensJoin = room.Room.State.Member(Ben)!.EventId.Value;
        var pdu = Edited(room, membership, e => e.With("auth_events", JsonValue.Array(((JsonArray)e["auth_events"]!).Append(JsonValue.String(bensJoin)))));

        var outcome = Send(membership, ServerA(room), pdu);

        Refused(outcome, membership, "AuthEventsRejected", MatrixErrorCode.Forbidden, ForbiddenStatus(membership));
        Assert.Equal(Rule.AuthEventsUnexpected, outcome.Error!.AuthRule);
    }

    [Theory]
    [InlineData("join", Rule.MemberJoinSenderBanned)]
    [InlineData("leave", Rule.MemberLeaveSelfNotMember)]
    [InlineData("knock", Rule.MemberKnockAlreadyMember)]
    public void EventTheCurrentStateNoLongerAllows_IsForbidden(string membership, Rule rule)
    {
        // The template was fair; Ada banned Xavier before the event arrived.
        var room = RoomFor(membership);
        var pdu = Honest(room, membership);
        var later = room.SetMembership(Ada, Xavier, MembershipValues.Ban);

        var outcome = Send(membership, ServerA(later), pdu);

        Refused(outcome, membership, "NotAuthorised", MatrixErrorCode.Forbidden, ForbiddenStatus(membership));
        Assert.Equal(rule, outcome.Error!.AuthRule);
    }
}
