using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The examples of the spec's OpenAPI definitions of every endpoint the dance implements (spec v1.19, data/api/server-server;
/// the kit's TestData/spec/openapi-examples.json), run through the handlers. Each request example is handed to the handler of its endpoint
/// in a room set up as the example names it; each success example is compared with our answer, or handed to the server that
/// receives it; each error example is compared with the error our handler gives in that case. The definitions say their bodies
/// "may be missing other required fields for a PDU": where the reference refuses an example, the test says why.
/// </summary>
public sealed class SpecExampleTests
{
    private const string Joe = "@joe:matrix.org";
    private const string Someone = "@someone:example.org";
    private const string JoeElsewhere = "@joe:elsewhere.com";

    private static readonly JsonObject Data = Load();

    private static JsonObject Load()
    {
        const string path = "spec/openapi-examples.json";
        var document = StrictJsonReader.ParseObject(TestDataFiles.Read(path), JsonReadOptions.Lenient);
        Assert.True(document.IsOk, "TestData/" + path + ": " + document.Failure);
        return document.Value;
    }

    private static JsonObject Endpoint(string operationId) =>
        ((JsonArray)Data["endpoints"]!).Cast<JsonObject>().Single(e => e["operationId"] == JsonValue.String(operationId));

    private static string Param(string operationId, string name) => ((JsonString)((JsonObject)Endpoint(operationId)["parameters"]!)[name]!).Value;

    private static ImmutableArray<string> Params(string operationId, string name) =>
        [.. ((JsonArray)((JsonObject)Endpoint(operationId)["parameters"]!)[name]!).Cast<JsonString>().Select(s => s.Value)];

    private static JsonValue Request(string operationId) => Endpoint(operationId)["request"]!;

    private static JsonValue Response(string operationId, string status) => ((JsonObject)Endpoint(operationId)["responses"]!)[status]!;

    /// <summary>Our error has the example's status, errcode and (when the example carries one) room_version; the sentence is free.</summary>
    private static void SameError<T>(EndpointResult<T> ours, string operationId, string status)
        where T : class
    {
        Assert.False(ours.IsOk, "expected the error of " + operationId + " " + status + ", got " + ours);
        var example = (JsonObject)Response(operationId, status);
        var body = ours.Error!.ToJson();
        Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), ours.Error.HttpStatus);
        Assert.Equal(example["errcode"], body["errcode"]);
        if (example["room_version"] is { } version) Assert.Equal(version, body["room_version"]);
    }

    /// <summary>A room of <paramref name="versionId"/> created by Joe of matrix.org, public; <c>!abc123:matrix.org</c> by default, as the examples name it.</summary>
    private static RoomBuilder SpecRoom(string versionId, string name = "abc123", string creator = Joe) => RoomBuilder.Federated(Version(versionId), creator, name);

    private static ResidentServer Resident(params RoomBuilder[] rooms) => Holding(SpecResident, rooms);

    /// <summary><paramref name="room"/> with a message of <paramref name="sender"/> whose event ID (room versions 1–2 carry it) is <paramref name="eventId"/>.</summary>
    private static RoomBuilder WithNamedMessage(RoomBuilder room, string sender, string eventId)
    {
        var server = ServerOf(sender);
        var template = EventTemplates.Build(room.Room, EventTypes.Message, null, sender, JsonValue.Object(("body", JsonValue.String("hello world"))), server, room.Clock + 1)
            .With("event_id", JsonValue.String(eventId));
        return room.Add(RoomBuilder.ParseSigned(EventSigning.SignEvent(template, room.Version.Format, server, TestKeys.Of(server)), room.Version));
    }

    /// <summary>Every endpoint of the data file is exercised below (a new example cannot be left out silently).</summary>
    [Fact]
    public void EveryEndpointOfTheData_HasItsTest()
    {
        string[] tested = ["makeJoin", "sendJoinV2", "makeLeave", "sendLeaveV2", "makeKnock", "sendKnock", "sendInviteV1", "sendInviteV2",
            "exchangeThirdPartyInvite", "getRoomState", "getRoomStateIds", "getEventAuth", "backfillRoom", "getMissingPreviousEvents", "sendTransaction"];
        var inData = ((JsonArray)Data["endpoints"]!).Cast<JsonObject>().Select(e => ((JsonString)e["operationId"]!).Value);
        Assert.Equal(tested.Order(StringComparer.Ordinal), inData.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValue.String("v1.19"), ((JsonObject)Data["source"]!)["spec_version"]);
    }

    [Fact]
    public void MakeJoinExamples_RunThroughTheHandlers()
    {
        const string op = "makeJoin";
        var roomId = Param(op, "roomId");
        var user = Param(op, "userId");
        var ver = Params(op, "ver");
        var room = SpecRoom("2");
        Assert.Equal(roomId, room.RoomId);

        // The request: a version 2 room (ver offers 1 and 2), public, so the template is issued.
        var answer = Expect.Ok(MakeJoin.Handle(Resident(room), new MakeJoinRequest(Home, roomId, user, ver), Now), DanceRule.MakeJoinIssued).ToJson();
        var example = (JsonObject)Response(op, "200");
        Assert.Equal(example["room_version"], answer["room_version"]);
        var ours = (JsonObject)answer["event"]!;
        var theirs = (JsonObject)example["event"]!;
        Assert.All(theirs.Keys, key => Assert.True(ours.ContainsKey(key), "our template lacks " + key));
        Assert.Equal(theirs["type"], ours["type"]);
        Assert.Equal(theirs["sender"], ours["sender"]);
        Assert.Equal(theirs["state_key"], ours["state_key"]);
        // Where ours differs the example is loose: its room_id is not the path's, its origin is the joining server though the
        // field is "the name of the resident homeserver", and it names an authoriser, which only a restricted join (room
        // versions 8+) carries.
        Assert.Equal(JsonValue.String(roomId), ours["room_id"]);
        Assert.Equal(JsonValue.String(SpecResident), ours["origin"]);

        // The example answer, at the joining server: an authoriser in a room version 2 template is refused (B23) ...
        var templateRoom = ((JsonString)theirs["room_id"]!).Value;
        Expect.Refused(JoinTemplate.Check(example, templateRoom, user, MembershipValues.Join, ver), DanceRule.TemplateUnexpectedContentKey, MatrixErrorCode.InvalidParam, 502);
        // ... and without it the template is no event of room version 2: no prev_events, auth_events or depth.
        var withoutAuthoriser = example.With("event", theirs.With("content", ((JsonObject)theirs["content"]!).Without(MemberContent.Authoriser)));
        Expect.Refused(JoinTemplate.Check(withoutAuthoriser, templateRoom, user, MembershipValues.Join, ver), DanceRule.TemplateNotAPdu, MatrixErrorCode.InvalidParam, 502);

        // The errors: a version 3 room for a server offering 1 and 2; an invite-only room; a room the resident does not know.
        SameError(MakeJoin.Handle(Resident(SpecRoom("3")), new MakeJoinRequest(Home, roomId, user, ver), Now), op, "400");
        SameError(MakeJoin.Handle(Resident(room.JoinRule(Joe, JoinRuleValues.Invite)), new MakeJoinRequest(Home, roomId, user, ver), Now), op, "403");
        SameError(MakeJoin.Handle(Resident(), new MakeJoinRequest(Home, roomId, user, ver), Now), op, "404");
    }

    [Fact]
    public void SendJoinV2Examples_RunThroughTheHandlers()
    {
        const string op = "sendJoinV2";
        var roomId = Param(op, "roomId");
        var room = SpecRoom("2");
        var resident = Resident(room);

        // The request example is the template's fields only: no room_id, event_id (room version 2), prev_events, auth_events,
        // depth, hashes or signatures. It is no event of the room version, so the resident cannot take it.
        Expect.Refused(SendJoin.Handle(resident, new SendJoinRequest(Home, roomId, Param(op, "eventId"), Request(op))),
            DanceRule.SendJoinMalformedEvent, MatrixErrorCode.BadJson, 400);

        // The 200 example, at the joining server: its event is the spec's example join, not the one sent ...
        var join = Handshake.Signed(resident, roomId, Someone, MembershipValues.Join, Now);
        var example = (JsonObject)Response(op, "200");
        Expect.Refused(SendJoinResponses.Apply(Holding(Home), room.Version, join, example), DanceRule.SendJoinResponseEventChanged, MatrixErrorCode.InvalidParam, 502);
        // ... and its state and auth_chain hold "minimal PDUs", which are no events of any room version.
        Expect.Refused(SendJoinResponses.Apply(Holding(Home), room.Version, join, example.Without("event")), DanceRule.SendJoinResponseBadEvent, MatrixErrorCode.InvalidParam, 502);
        // Our own answer has every field of the example.
        var ours = Expect.Ok(SendJoin.Handle(resident, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted).Response.ToJson();
        Assert.All(example.Keys, key => Assert.True(ours.ContainsKey(key), "our answer lacks " + key));

        // The errors: a restricted room whose qualifying joiner no local user can authorise (400 M_UNABLE_TO_GRANT_JOIN), and an
        // invite-only room (403).
        var space = SpecRoom("10", name: "space").Join(Someone);
        var levels = JsonValue.Object(("invite", JsonValue.Number(50)), ("users", JsonValue.Object((Joe, JsonValue.Number(100)))));
        var restricted = SpecRoom("10", name: "restricted", creator: Joe).PowerLevels(Joe, levels).Join("@amy:matrix.org")
            .JoinRule(Joe, JoinRuleValues.Restricted, space.RoomId).Leave(Joe);
        // Joe left and Amy has no invite power: nobody on matrix.org can authorise, though Someone qualifies through the space.
        var restrictedJoin = restricted.Event(EventTypes.Member, Someone, Someone, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join)),
            (MemberContent.Authoriser, JsonValue.String(Joe))));
        SameError(SendJoin.Handle(Resident(restricted, space.Join(Joe)), Handshake.SendJoinRequest(restrictedJoin)), op, "400");
        var inviteOnly = room.JoinRule(Joe, JoinRuleValues.Invite);
        var uninvited = inviteOnly.Event(EventTypes.Member, Someone, Someone, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        SameError(SendJoin.Handle(Resident(inviteOnly), Handshake.SendJoinRequest(uninvited)), op, "403");
    }

    [Fact]
    public void MakeLeaveExamples_RunThroughTheHandlers()
    {
        const string op = "makeLeave";
        var roomId = Param(op, "roomId");
        var user = Param(op, "userId");
        var room = SpecRoom("2").Invite(Joe, user);

        var answer = Expect.Ok(MakeLeave.Handle(Resident(room), new MakeLeaveRequest(Home, roomId, user), Now), DanceRule.MakeLeaveIssued).ToJson();
        var example = (JsonObject)Response(op, "200");
        Assert.Equal(example["room_version"], answer["room_version"]);
        var ours = (JsonObject)answer["event"]!;
        var theirs = (JsonObject)example["event"]!;
        Assert.All(theirs.Keys, key => Assert.True(ours.ContainsKey(key), "our template lacks " + key));
        Assert.Equal(theirs["content"], ours["content"]);

        // The example answer, at the leaving server: no prev_events, auth_events or depth, so no event of room version 2.
        Expect.Refused(JoinTemplate.Check(example, ((JsonString)theirs["room_id"]!).Value, user, MembershipValues.Leave, Handshake.AllVersions),
            DanceRule.TemplateNotAPdu, MatrixErrorCode.InvalidParam, 502);

        // "User is not in the room": a user neither invited nor joined.
        SameError(MakeLeave.Handle(Resident(SpecRoom("2")), new MakeLeaveRequest(Home, roomId, user), Now), op, "403");
    }

    [Fact]
    public void SendLeaveV2Examples_RunThroughTheHandlers()
    {
        const string op = "sendLeaveV2";
        var roomId = Param(op, "roomId");
        var room = SpecRoom("2").Invite(Joe, Someone);
        var resident = Resident(room);

        // The request example is the template's fields with depth 0: no room_id, event_id, prev_events or auth_events.
        Expect.Refused(SendLeave.Handle(resident, new SendLeaveRequest(Home, roomId, Param(op, "eventId"), Request(op))),
            DanceRule.SendLeaveMalformedEvent, MatrixErrorCode.BadJson, 400);

        // An honest leave: the answer is the example's empty object.
        var leave = Handshake.Signed(resident, roomId, Someone, MembershipValues.Leave, Now);
        var accepted = Expect.Ok(SendLeave.Handle(resident, new SendLeaveRequest(Home, roomId, leave.EventId.Value, leave.Json)), DanceRule.SendLeaveAccepted);
        Assert.Equal(Response(op, "200"), accepted.ResponseBody);

        // "Not a leave event."
        var notALeave = room.Event(EventTypes.Member, Someone, Someone, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        SameError(SendLeave.Handle(resident, new SendLeaveRequest(Home, roomId, notALeave.EventId.Value, notALeave.Json)), op, "400");
    }

    /// <summary>The knock examples name <c>!abc123:example.org</c>: a version 7 room created on example.org, where matrix.org's Joe is joined.</summary>
    private static RoomBuilder KnockRoom(string joinRule = JoinRuleValues.Knock) =>
        SpecRoom("7", creator: "@creator:example.org").Join(Joe).JoinRule("@creator:example.org", joinRule);

    [Fact]
    public void MakeKnockExamples_RunThroughTheHandlers()
    {
        const string op = "makeKnock";
        var roomId = Param(op, "roomId");
        var user = Param(op, "userId");
        var ver = Params(op, "ver");
        var room = KnockRoom();
        Assert.Equal(roomId, room.RoomId);

        var answer = Expect.Ok(MakeKnock.Handle(Resident(room), new MakeKnockRequest(Home, roomId, user, ver), Now), DanceRule.MakeKnockIssued).ToJson();
        var example = (JsonObject)Response(op, "200");
        Assert.Equal(example["room_version"], answer["room_version"]);
        Assert.All(((JsonObject)example["event"]!).Keys, key => Assert.True(((JsonObject)answer["event"]!).ContainsKey(key), "our template lacks " + key));

        // The example answer, at the knocking server: no prev_events, auth_events or depth, so no event of room version 7.
        Expect.Refused(JoinTemplate.Check(example, ((JsonString)((JsonObject)example["event"]!)["room_id"]!).Value, user, MembershipValues.Knock, ver),
            DanceRule.TemplateNotAPdu, MatrixErrorCode.InvalidParam, 502);

        // The errors: a server offering only version 1; a room that is not knockable; a room the resident does not know.
        SameError(MakeKnock.Handle(Resident(room), new MakeKnockRequest(Home, roomId, user, ["1"]), Now), op, "400");
        SameError(MakeKnock.Handle(Resident(KnockRoom(JoinRuleValues.Invite)), new MakeKnockRequest(Home, roomId, user, ver), Now), op, "403");
        SameError(MakeKnock.Handle(Resident(), new MakeKnockRequest(Home, roomId, user, ver), Now), op, "404");
    }

    [Fact]
    public void SendKnockExamples_RunThroughTheHandlers()
    {
        const string op = "sendKnock";
        var roomId = Param(op, "roomId");
        var room = KnockRoom();
        var resident = Resident(room);

        // The request example is the template's fields only: no room_id, prev_events, auth_events, depth, hashes or signatures.
        Expect.Refused(SendKnock.Handle(resident, new SendKnockRequest(Home, roomId, Param(op, "eventId"), Request(op))),
            DanceRule.SendKnockMalformedEvent, MatrixErrorCode.BadJson, 400);

        // The 200 example, at the knocking server: both entries are "minimal PDUs" (no events of room version 7), and so there is
        // no valid create event; in version 7 each is a warning and the entry is left out (version 12 would refuse the answer).
        var knock = Handshake.Signed(resident, roomId, Someone, MembershipValues.Knock, Now);
        var taken = Expect.Ok(SendKnockResponses.Apply(Holding(Home), room.Version, knock, Response(op, "200")), DanceRule.SendKnockResponseAcceptedWithWarnings);
        Assert.Empty(taken.StrippedState);
        Assert.Equal([DanceRule.SendKnockResponseRoomStateEntryMalformed, DanceRule.SendKnockResponseRoomStateEntryMalformed, DanceRule.SendKnockResponseRoomStateMissingCreate],
            taken.Warnings.Select(w => w.Rule));
        // Our own answer, at the same server, gives its clients the room's create event.
        var ours = Expect.Ok(SendKnock.Handle(resident, new SendKnockRequest(Home, roomId, knock.EventId.Value, knock.Json)), DanceRule.SendKnockAccepted);
        Assert.Equal(JsonValue.String(EventTypes.Create),
            Expect.Ok(SendKnockResponses.Apply(Holding(Home), room.Version, knock, ours.ResponseBody), DanceRule.SendKnockResponseAccepted).StrippedState[0]["type"]);

        // The errors: "Not a knock event."; a room not set up for knocks; a room the resident does not know.
        var notAKnock = room.Event(EventTypes.Member, Someone, Someone, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        SameError(SendKnock.Handle(resident, new SendKnockRequest(Home, roomId, notAKnock.EventId.Value, notAKnock.Json)), op, "400");
        var closed = KnockRoom(JoinRuleValues.Invite);
        var refusedKnock = closed.Event(EventTypes.Member, Someone, Someone, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Knock))));
        SameError(SendKnock.Handle(Resident(closed), new SendKnockRequest(Home, roomId, refusedKnock.EventId.Value, refusedKnock.Json)), op, "403");
        SameError(SendKnock.Handle(Resident(), new SendKnockRequest(Home, roomId, knock.EventId.Value, knock.Json)), op, "404");
    }

    /// <summary>elsewhere.com answering invites for Joe, as the invite examples name him.</summary>
    private static InviteeServer Invitee => InviteeServer.Create(SpecInvitee, TestKeys.Of(SpecInvitee), TestKeys.Ring, JoeElsewhere);

    [Fact]
    public void SendInviteV1Examples_RunThroughTheHandlers()
    {
        const string op = "sendInviteV1";
        var roomId = Param(op, "roomId");

        // The request example is the invite event's fields only: no room_id, event_id, prev_events, auth_events, depth, hashes
        // or signatures: no event of room version 1 or 2.
        Expect.Refused(Invite.HandleV1(Invitee, new InviteV1Request(Home, roomId, Param(op, "eventId"), Request(op))),
            DanceRule.InviteMalformedEvent, MatrixErrorCode.BadJson, 400);

        // An honest v1 invite of Joe of elsewhere.com: answered as [200, {"event": …}], the example's shape.
        var room = SpecRoom("2");
        var invite = Expect.Ok(OutgoingInvites.Build(Resident(room), roomId, Joe, JoeElsewhere, Now), DanceRule.InviteRequestBuilt);
        var v1 = OutgoingInvites.V1Fallback(invite, 404)!;
        var answer = Expect.Ok(Invite.HandleV1(Invitee, v1), DanceRule.InviteCountersigned).ToV1Json();
        var example = (JsonArray)Response(op, "200");
        Assert.Equal(example[0], answer[0]);
        Assert.Equal(((JsonObject)example[1]).Keys, ((JsonObject)answer[1]).Keys);
        // The example answer, at the inviting server: it is not the invite sent (another event altogether).
        Expect.Refused(OutgoingInvites.AcceptResponse(Resident(room), invite, example), DanceRule.InviteResponseEventChanged, MatrixErrorCode.InvalidParam, 502);

        // The errors: an invitee that refuses the inviting server; "Create event not among invite state entries." (a version 12 room).
        var refusing = Invitee with { Policy = new InvitePolicy { RefusedServers = [SpecResident] } };
        SameError(Invite.HandleV1(refusing, v1), op, "403");
        var v12 = SpecRoom("12");
        var v12Invite = Expect.Ok(OutgoingInvites.Build(Resident(v12), v12.RoomId, Joe, JoeElsewhere, Now), DanceRule.InviteRequestBuilt).Request;
        var withoutCreate = v12Invite with { Body = ((JsonObject)v12Invite.Body).With("invite_room_state", JsonArray.Empty) };
        SameError(Invite.Handle(Invitee, withoutCreate), op, "400");
    }

    [Fact]
    public void SendInviteV2Examples_RunThroughTheHandlers()
    {
        const string op = "sendInviteV2";
        var roomId = Param(op, "roomId");

        // The request example, composed from the property examples: room_version "2" and an invite event without room_id,
        // event_id, prev_events, auth_events, depth, hashes or signatures: no event of room version 2.
        Expect.Refused(Invite.Handle(Invitee, new InviteRequest(Home, roomId, Param(op, "eventId"), Request(op))),
            DanceRule.InviteMalformedEvent, MatrixErrorCode.BadJson, 400);

        var room = SpecRoom("2");
        var invite = Expect.Ok(OutgoingInvites.Build(Resident(room), roomId, Joe, JoeElsewhere, Now), DanceRule.InviteRequestBuilt);
        var answer = Expect.Ok(Invite.Handle(Invitee, invite.Request), DanceRule.InviteCountersigned).ToJson();
        var example = (JsonObject)Response(op, "200");
        Assert.Equal(example.Keys, answer.Keys);
        // The example answer, at the inviting server: not the invite sent. (Its unsigned data alone would not matter.)
        Expect.Refused(OutgoingInvites.AcceptResponse(Resident(room), invite, example), DanceRule.InviteResponseEventChanged, MatrixErrorCode.InvalidParam, 502);

        // The errors: an invitee that does not support room version 3 (the example's room_version); one that refuses the inviter.
        var v3 = SpecRoom("3");
        var v3Invite = Expect.Ok(OutgoingInvites.Build(Resident(v3), v3.RoomId, Joe, JoeElsewhere, Now), DanceRule.InviteRequestBuilt).Request;
        var old = Invitee with { SupportedRoomVersions = ["1", "2"] };
        SameError(Invite.Handle(old, v3Invite), op, "400");
        var refusing = Invitee with { Policy = new InvitePolicy { RefusedServers = [SpecResident] } };
        SameError(Invite.Handle(refusing, invite.Request), op, "403");
    }

    [Fact]
    public void ExchangeThirdPartyInviteExamples_RunThroughTheHandlers()
    {
        const string op = "exchangeThirdPartyInvite";
        var roomId = Param(op, "roomId");
        // Joe of matrix.org sent the m.room.third_party_invite with the example's token "abc123".
        var room = SpecRoom("2").Send(EventTypes.ThirdPartyInvite, "abc123", Joe, JsonValue.Object(
            ("display_name", JsonValue.String("alice")),
            ("key_validity_url", JsonValue.String("https://magic.forest/_matrix/identity/v2/pubkey/isvalid")),
            ("public_key", JsonValue.String(TestKeys.IdentityServer.PublicKeyBase64))));
        Assert.Equal(roomId, room.RoomId);

        // The example's signed proof is for @alice:localhost, while the invited user is @someone:example.org: the auth rules
        // refuse the invite (and its signature by magic.forest is illustrative, by no key the room names).
        var refused = Expect.Refused(ExchangeThirdPartyInvite.Handle(Resident(room), new ExchangeThirdPartyInviteRequest(Home, roomId, Request(op)), Now),
            DanceRule.ExchangeThirdPartyInviteNotAuthorised, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberInviteThirdPartyMxidMismatch, refused.AuthRule);
        // The 200 example is an empty object: the endpoint answers {} once the invite is issued, which is the caller's to send.
        Assert.Equal(JsonObject.Empty, Response(op, "200"));
    }

    /// <summary>The room of the state examples: version 2, with Someone of example.org joined and the events the examples name.</summary>
    private static RoomBuilder StateRoom() =>
        WithNamedMessage(WithNamedMessage(SpecRoom("2").Join(Someone), Joe, "$helloworld:matrix.org"), Someone, "$helloworld:example.org");

    [Fact]
    public void GetRoomStateExamples_RunThroughTheHandlers()
    {
        const string op = "getRoomState";
        var answer = Expect.Ok(EventRetrieval.State(Resident(StateRoom()), Home, Param(op, "roomId"), Param(op, "event_id")), DanceRule.StateAnswered).ToJson();
        Assert.Equal(((JsonObject)Response(op, "200")).Keys, answer.Keys);
        Assert.NotEmpty((JsonArray)answer["pdus"]!);
    }

    [Fact]
    public void GetRoomStateIdsExamples_RunThroughTheHandlers()
    {
        const string op = "getRoomStateIds";
        var roomId = Param(op, "roomId");
        var eventId = Param(op, "event_id");
        var answer = Expect.Ok(EventRetrieval.StateIds(Resident(StateRoom()), Home, roomId, eventId), DanceRule.StateIdsAnswered).ToJson();
        Assert.Equal(((JsonObject)Response(op, "200")).Keys, answer.Keys);

        // The errors: a server with nobody in the room; an event the server does not hold.
        SameError(EventRetrieval.StateIds(Resident(StateRoom()), SpecInvitee, roomId, eventId), op, "403");
        SameError(EventRetrieval.StateIds(Resident(StateRoom()), Home, roomId, "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"), op, "404");
    }

    [Fact]
    public void GetEventAuthExamples_RunThroughTheHandlers()
    {
        const string op = "getEventAuth";
        var answer = Expect.Ok(EventRetrieval.EventAuth(Resident(StateRoom()), Home, Param(op, "roomId"), Param(op, "eventId")), DanceRule.EventAuthAnswered).ToJson();
        Assert.Equal(((JsonObject)Response(op, "200")).Keys, answer.Keys);
        Assert.NotEmpty((JsonArray)answer["auth_chain"]!);
    }

    [Fact]
    public void BackfillRoomExamples_RunThroughTheHandlers()
    {
        const string op = "backfillRoom";
        var room = WithNamedMessage(SpecRoom("2", name: "SomeRoom").Join(Someone), Joe, "$abc123:matrix.org");
        Assert.Equal(Param(op, "roomId"), room.RoomId);
        var example = (JsonObject)Response(op, "200");
        var limit = int.Parse(((JsonObject)Endpoint(op)["parameters"]!)["limit"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var now = ((JsonNumber)example["origin_server_ts"]!).TryGetInt64(out var ts) ? ts : 0;

        var answer = Expect.Ok(EventRetrieval.Backfill(Resident(room), Home, room.RoomId, Params(op, "v"), limit, now), DanceRule.BackfillAnswered).ToJson();

        // The example's transaction comes from matrix.org at its time; ours too, with the named event and the one before it.
        Assert.Equal(example["origin"], answer["origin"]);
        Assert.Equal(example["origin_server_ts"], answer["origin_server_ts"]);
        var pdus = ((JsonArray)answer["pdus"]!).Cast<JsonObject>().ToList();
        Assert.Equal(limit, pdus.Count);
        Assert.Equal(JsonValue.String("$abc123:matrix.org"), pdus[0]["event_id"]);
    }

    [Fact]
    public void GetMissingPreviousEventsExamples_RunThroughTheHandlers()
    {
        const string op = "getMissingPreviousEvents";
        // The example's latest event is "the event that has the missing event as a previous event", and it lists that missing
        // event among earliest_events (the events the requester has): so nothing lies between them and the answer is empty.
        var room = WithNamedMessage(WithNamedMessage(SpecRoom("2", name: "SomeRoom").Join(Someone), Someone, "$missing_event:example.org"),
            Someone, "$event_that_has_the_missing_event_as_a_previous_event:example.org");
        Assert.Equal(Param(op, "roomId"), room.RoomId);

        var answer = Expect.Ok(EventRetrieval.GetMissingEvents(Resident(room), Home, room.RoomId, Request(op)), DanceRule.GetMissingEventsAnswered).ToJson();

        Assert.Equal(((JsonObject)Response(op, "200")).Keys, answer.Keys);
        Assert.Empty((JsonArray)answer["events"]!);
        // Without the earliest event, the missing event and what precedes it come back, oldest first.
        var walked = Expect.Ok(EventRetrieval.GetMissingEvents(Resident(room), Home, room.RoomId, ((JsonObject)Request(op)).With("earliest_events", JsonArray.Empty)),
            DanceRule.GetMissingEventsAnswered).Events;
        Assert.Equal(JsonValue.String("$missing_event:example.org"), walked[^1]["event_id"]);
    }

    [Fact]
    public void SendTransactionExamples_RunThroughTheHandlers()
    {
        const string op = "sendTransaction";
        // The example's PDU is a "minimal PDU" of !somewhere:example.org: a server holding that room drops it (no event of its
        // version), and the transaction itself succeeds.
        var room = SpecRoom("2", name: "somewhere", creator: Someone);
        var pdu = ((JsonArray)((JsonObject)Request(op))["pdus"]!)[0];
        Assert.Equal(DanceRule.TransactionDropped, Transactions.Receive(Holding(Home, room), pdu, origin: SpecResident).Outcome);
        Assert.Equal(200, DanceRules.Status(DanceRule.TransactionDropped));
    }
}
