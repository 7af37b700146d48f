using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The joining server's checks of the send_join answer before it becomes a resident (spec v1.19,
/// joins-v2.yaml; the verification steps are ours, after "Checks performed on receipt of a PDU").
/// </summary>
public sealed class SendJoinResponsesTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");

    private static (Pdu Join, JsonObject Answer) Honest(string? omitMembers = null)
    {
        var resident = ServerA(Room);
        var join = Handshake.Signed(resident, Room.RoomId, Xavier, MembershipValues.Join, Now);
        var accepted = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join, omitMembers)), DanceRule.SendJoinAccepted);
        return (join, accepted.Response.ToJson());
    }

    private static EndpointResult<JoinedRoom> Apply(Pdu join, JsonValue answer) => SendJoinResponses.Apply(ServerX(), Room.Version, join, answer);

    private static void Refused(Pdu join, JsonValue answer, DanceRule rule) => Expect.Refused(Apply(join, answer), rule, MatrixErrorCode.InvalidParam, 502);

    /// <summary><paramref name="answer"/> with <paramref name="edit"/> applied to its list <paramref name="key"/>.</summary>
    private static JsonObject EditList(JsonObject answer, string key, Func<IEnumerable<JsonObject>, IEnumerable<JsonObject>> edit) =>
        answer.With(key, JsonValue.Array(edit(((JsonArray)answer[key]!).Cast<JsonObject>())));

    private static bool Is(JsonObject e, Pdu pdu) => RoomBuilder.ParseSigned(e, Room.Version).EventId.Equals(pdu.EventId);

    [Fact]
    public void HonestAnswer_MakesTheJoinerAResidentWithTheSameState()
    {
        var (join, answer) = Honest();

        var joined = Expect.Ok(Apply(join, answer), DanceRule.SendJoinResponseAccepted);

        Assert.Equal(Room.Room.State.With(join).Events.Keys, joined.Room.State.Events.Keys);
        Assert.Equal(MembershipValues.Join, joined.Room.MembershipOf(Xavier));
        Assert.Equal([join.EventId], joined.Room.ForwardExtremities);
    }

    [Fact]
    public void AnswerWithOmittedMembers_IsAPartialStateWithoutThem()
    {
        var (join, answer) = Honest("true");

        var joined = Expect.Ok(Apply(join, answer), DanceRule.SendJoinResponseAcceptedPartial);

        Assert.True(joined.Room.IsPartialState);
        Assert.Null(joined.Room.State.Member(Ben));
        Assert.Equal(MembershipValues.Join, joined.Room.MembershipOf(Xavier));
    }

    /// <summary>
    /// A joiner that held the room before and rejected an event the answer's state holds cannot take that state: its store
    /// decision stands (I-21), as a resync refuses a full state holding an event it rejected. The same joiner that never
    /// rejected it takes the answer.
    /// </summary>
    [Fact]
    public void AnswerWhoseStateHoldsAnEventTheJoinerRejected_IsRefused()
    {
        var (join, answer) = Honest();
        var name = Room.Room.Held.Values.Single(h => h.Pdu.Type == EventTypes.Name).Pdu;
        var held = Reference.Rooms.Room.Empty(Room.Version, name.RoomId).WithOutlier(name, rejected: true);
        var kept = Reference.Rooms.Room.Empty(Room.Version, name.RoomId).WithOutlier(name);

        Expect.Refused(SendJoinResponses.Apply(ServerX().With(held), Room.Version, join, answer), DanceRule.SendJoinResponseHoldsRejected, MatrixErrorCode.InvalidParam, 502);
        Expect.Ok(SendJoinResponses.Apply(ServerX().With(kept), Room.Version, join, answer), DanceRule.SendJoinResponseAccepted);
    }

    [Fact]
    public void AnswerWithoutStateOrAuthChain_IsMalformed()
    {
        var (join, answer) = Honest();
        Refused(join, answer.Without("state"), DanceRule.SendJoinResponseMalformed);
        Refused(join, answer.With("auth_chain", JsonValue.Array(JsonValue.String("$x"))), DanceRule.SendJoinResponseMalformed);
        Refused(join, JsonValue.Array(), DanceRule.SendJoinResponseMalformed);
    }

    [Fact]
    public void OmittedMembersWithoutServersInRoom_IsRefused()
    {
        var (join, answer) = Honest("true");
        Refused(join, answer.Without("servers_in_room"), DanceRule.SendJoinResponseMissingServersInRoom);
    }

    [Fact]
    public void AnswerWithAChangedJoin_IsRefused()
    {
        var (join, answer) = Honest();
        var changed = join.Json.With("content", JsonValue.Object(("membership", JsonValue.String("join")), ("displayname", JsonValue.String("Mallory's puppet"))));
        Refused(join, answer.With("event", changed), DanceRule.SendJoinResponseEventChanged);
    }

    /// <summary>
    /// The returned join may carry <c>unsigned</c> (joins-v2.yaml's example event is a PDU, which may have
    /// <c>unsigned.age</c>; spec v1.19, "Joining Rooms"): it is the same join, and the joiner keeps the join without it.
    /// </summary>
    [Fact]
    public void ReturnedJoinCarryingUnsignedData_IsTheSameJoin()
    {
        var (join, answer) = Honest();
        var returned = ((JsonObject)answer["event"]!).With("unsigned", JsonValue.Object(("age", JsonValue.Number(1234))));

        var joined = Expect.Ok(Apply(join, answer.With("event", returned)), DanceRule.SendJoinResponseAccepted);

        Assert.Null(joined.Join.Json["unsigned"]);
        Assert.Equal(join.EventId, joined.Join.EventId);
    }

    [Fact]
    public void AnswerWithABadlySignedEvent_IsRefused()
    {
        var (join, answer) = Honest();
        var name = Room.Room.State.Get("m.room.name", "")!;
        Refused(join, EditList(answer, "state", s => s.Select(e => Is(e, name) ? e.With("origin_server_ts", JsonValue.Number(1)) : e)), DanceRule.SendJoinResponseBadEvent);
    }

    [Fact]
    public void AnswerWithAnEventOfAnotherRoom_IsRefused()
    {
        var (join, answer) = Honest();
        var other = RoomBuilder.Federated(Version("10"), name: "other").Name(Ada, "Other").Room.State.Get("m.room.name", "")!;
        Refused(join, EditList(answer, "state", s => s.Append(other.Json)), DanceRule.SendJoinResponseBadEvent);
    }

    [Fact]
    public void AnswerMissingAnAuthEvent_IsRefused()
    {
        var (join, answer) = Honest();
        var powerLevels = Room.Room.State.PowerLevels!;
        var withoutPowerLevels = EditList(EditList(answer, "state", s => s.Where(e => !Is(e, powerLevels))), "auth_chain", c => c.Where(e => !Is(e, powerLevels)));
        Refused(join, withoutPowerLevels, DanceRule.SendJoinResponseMissingAuthEvent);
    }

    [Fact]
    public void StateLackingAKeyThatIsCited_IsRefused()
    {
        var (join, answer) = Honest();
        var powerLevels = Room.Room.State.PowerLevels!;
        Refused(join, EditList(answer, "state", s => s.Where(e => !Is(e, powerLevels))), DanceRule.SendJoinResponseStateMissingKey);
    }

    [Fact]
    public void StateHoldingAnEventItsAuthEventsRefuse_IsRefused()
    {
        // A topic "sent" by Mallory, who never joined, validly signed by m.test.
        var (join, answer) = Honest();
        var forged = Room.Event("m.room.topic", "", Mallory, JsonValue.Object(("topic", JsonValue.String("free crypto"))));

        var refused = Expect.Refused(Apply(join, EditList(answer, "state", s => s.Append(forged.Json))), DanceRule.SendJoinResponseEventNotAuthorised, MatrixErrorCode.InvalidParam, 502);

        Assert.Equal(Rule.SenderNotJoined, refused.AuthRule);
    }

    [Fact]
    public void StateInWhichTheJoinIsNotAllowed_IsRefused()
    {
        // The resident (a.test can sign as Ada) swaps the public join rule for an invite-only one it never sent.
        var (join, answer) = Honest();
        var joinRules = Room.Room.State.JoinRules!;
        var inviteOnly = Room.Event(EventTypes.JoinRules, "", Ada, JsonValue.Object(("join_rule", JsonValue.String("invite"))));

        var refused = Expect.Refused(Apply(join, EditList(answer, "state", s => s.Select(e => Is(e, joinRules) ? inviteOnly.Json : e))),
            DanceRule.SendJoinResponseJoinNotAuthorised, MatrixErrorCode.InvalidParam, 502);

        Assert.Equal(Rule.MemberJoinNotInvited, refused.AuthRule);
    }

    /// <summary>
    /// A resident of a version 9 room answers make_join with <c>"room_version": "10"</c>, a version the joiner offered; the
    /// template, the join and the answer all read as version 10 events. The create event the answer carries says 9: the
    /// joiner must not hold the room as version 10 (spec v1.19, server-server API "Joining Rooms"; a room's version is its
    /// create event's <c>room_version</c>, rooms "Room versions").
    /// </summary>
    [Fact]
    public void TemplateClaimingAnotherVersionThanTheCreateEvent_IsRefused()
    {
        var v9 = RoomBuilder.Federated(Version("9")).Join(Ben);
        var resident = ServerA(v9);
        var lied = Handshake.Template(resident, v9.RoomId, Xavier, MembershipValues.Join, Now).With("room_version", JsonValue.String("10"));
        var validated = Expect.Ok(JoinTemplate.Check(lied, v9.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions), DanceRule.TemplateAccepted);
        Assert.Equal("10", validated.Version.Id);
        var join = Expect.Ok(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now), DanceRule.TemplateCompleted);
        var answer = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted).Response.ToJson();

        Expect.Refused(SendJoinResponses.Apply(ServerX(), validated.Version, join, answer), DanceRule.SendJoinResponseRoomVersionMismatch, MatrixErrorCode.InvalidParam, 502);
    }

    /// <summary>
    /// A joiner that already knows the room's version (from the invite it holds, whose <c>room_version</c> names it) refuses a
    /// template claiming another, before signing anything (invites-v2.yaml <c>room_version</c>; joins-v1.yaml <c>room_version</c>).
    /// </summary>
    [Fact]
    public void TemplateClaimingAnotherVersionThanTheJoinerKnows_IsRefusedBeforeSigning()
    {
        var v9 = RoomBuilder.Federated(Version("9")).Join(Ben);
        var lied = Handshake.Template(ServerA(v9), v9.RoomId, Xavier, MembershipValues.Join, Now).With("room_version", JsonValue.String("10"));

        Expect.Refused(JoinTemplate.Check(lied, v9.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions, knownRoomVersion: "9"),
            DanceRule.TemplateRoomVersionMismatch, MatrixErrorCode.InvalidParam, 502);
        Expect.Ok(JoinTemplate.Check(lied.With("room_version", JsonValue.String("9")), v9.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions, knownRoomVersion: "9"),
            DanceRule.TemplateAccepted);
    }
}
