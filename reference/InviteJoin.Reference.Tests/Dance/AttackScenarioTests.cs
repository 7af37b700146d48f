using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Tests.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance;

/// <summary>
/// The attacks named when the invite/join dance was designed (A1–A4, T1, T2, P) and the template attack
/// B23, each a list of steps over the pure handlers with explicit delivery: every message is handed by
/// the test from one server to another, and nothing reaches a server unless a step says so. Each test
/// shows what the spec (v1.19) prevents, what it only detects later, and what it leaves open; spec/dance.md
/// points at them.
/// </summary>
public sealed class AttackScenarioTests
{
    private static readonly JsonObject Hello = JsonValue.Object(("body", JsonValue.String("hello")), ("msgtype", JsonValue.String("m.text")));

    private static bool SignedBy(Pdu pdu, string server) => pdu.Json["signatures"] is JsonObject signatures && signatures.ContainsKey(server);

    /// <summary>Delivers <paramref name="pdu"/> to <paramref name="to"/> in a transaction and asserts its fate.</summary>
    private static ResidentServer Deliver(ResidentServer to, Pdu pdu, DanceRule expected)
    {
        var receipt = Transactions.Receive(to, pdu.Json);
        Assert.True(expected == receipt.Outcome, $"{to.ServerName} receiving {pdu}: expected {DanceRules.Token(expected)}, got {receipt.Token} {receipt.AuthRule} {receipt.Failure}");
        return receipt.Server;
    }

    [Fact]
    public void A1_ForgedInvite_IsAcceptedByTheRoomButCannotForceAJoin()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Invite);
        var a = ServerA(room);
        var b = ServerB(room);

        // 1. a.test builds Ada's invite of Xavier and takes it into its room without ever calling x.test's
        //    /invite: x.test never countersigns, and never hears of it.
        var forged = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt).Event;
        a = a.With(a.Room(room.RoomId)!.Accept(forged));
        Assert.False(SignedBy(forged, X));

        // 2. a.test → b.test: transaction [invite]. The auth rules ask only for the sender's server's
        //    signature and the sender's invite power: b.test accepts it. (Left open: an unverified invite in state.)
        b = Deliver(b, forged, DanceRule.TransactionAccepted);
        Assert.Equal(MembershipValues.Invite, b.Room(room.RoomId)!.MembershipOf(Xavier));
        Assert.False(SignedBy(b.Room(room.RoomId)!.State.Member(Xavier)!, X));

        // Prevented: nobody but x.test can make Xavier join.
        // 3a. a.test → b.test: a join "by Xavier" that a.test signed: dropped, it lacks x.test's signature.
        var forgedJoin = room.Event(EventTypes.Member, Xavier, Xavier, JsonValue.Object(("membership", JsonValue.String("join")))).Json.Without("signatures", "hashes");
        var signedByA = EventCompletion.Complete(forgedJoin, room.Version, A, TestKeys.Of(A), Now);
        var dropped = Transactions.Receive(b, signedByA);
        Assert.Equal(DanceRule.TransactionDropped, dropped.Outcome);

        // 3b. a.test → b.test: GET make_join for Xavier: refused, Xavier is not a.test's user (B20).
        Expect.Refused(MakeJoin.Handle(b, new MakeJoinRequest(A, room.RoomId, Xavier, Handshake.AllVersions), Now),
            DanceRule.MakeJoinUserNotOnOrigin, MatrixErrorCode.Forbidden, 403);

        // 3c. a.test → b.test: PUT send_join with a.test's signed join for Xavier: refused (B20).
        var parsedJoin = RoomBuilder.ParseSigned(signedByA, room.Version);
        Expect.Refused(SendJoin.Handle(b, new SendJoinRequest(A, room.RoomId, parsedJoin.EventId.Value, signedByA)),
            DanceRule.SendJoinSenderNotOnOrigin, MatrixErrorCode.InvalidParam, 400);

        // 3d. Joins are self-only: Ada cannot send Xavier's join even from her own server (`member.join.sender_not_target`).
        var atB = b.Room(room.RoomId)!;
        var byAda = room.Add(forged).Event(EventTypes.Member, Xavier, Ada, JsonValue.Object(("membership", JsonValue.String("join"))));
        Assert.Equal(Rule.MemberJoinSenderNotTarget, EventAuthorizer.AuthorizeAgainstState(byAda, atB.State, room.Version, atB.AuthContextFor(TestKeys.Ring)).Rule);
    }

    [Fact]
    public void A2_HiddenInvite_IsDetectedWhenTheJoinsAuthEventsArrive()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Invite);
        var a = ServerA(room);
        var b = ServerB(room);
        var x = ServerX();

        // 1. a.test → x.test: PUT /v2/invite; x.test countersigns; a.test takes it, and tells nobody else.
        var invite = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var countersigned = Expect.Ok(Invite.Handle(InviteeX, invite.Request), DanceRule.InviteCountersigned);
        a = Expect.Ok(OutgoingInvites.AcceptResponse(a, invite, countersigned.ToJson()), DanceRule.InviteResponseAccepted).Server;

        // 2. x.test ⇄ a.test: make_join, send_join (a.test sees the invite, so the join is allowed).
        var (resident, joiner) = Handshake.Join(a, x, room.RoomId, Xavier, Now + 1);
        a = resident.Server;
        Assert.Equal(MembershipValues.Join, joiner.Room.MembershipOf(Xavier));

        // 3. a.test → b.test: transaction [join]. b.test has never seen the invite: the join cites it as an
        //    auth event (Xavier's membership) and follows it: b.test must fetch it first. Detected.
        var receipt = Transactions.Receive(b, resident.Join.Json);
        Assert.Equal(DanceRule.TransactionMissingEvents, receipt.Outcome);
        Assert.Contains(invite.Event.EventId.Value, receipt.MissingEvents);
        Assert.Contains(invite.Event.EventId, resident.Join.AuthEvents);

        // 4. b.test → a.test: event_auth / get_missing_events; a.test answers with the invite. b.test now
        //    learns of it, countersignature included, then takes the join.
        var fetched = a.Room(room.RoomId)!.Get(invite.Event.EventId.Value)!;
        Assert.True(SignedBy(fetched, X));
        b = Deliver(b, fetched, DanceRule.TransactionAccepted);
        b = Deliver(b, resident.Join, DanceRule.TransactionAccepted);
        Assert.Equal(MembershipValues.Join, b.Room(room.RoomId)!.MembershipOf(Xavier));
    }

    [Fact]
    public void A3_ReInviteAfterTheInviteeForgot_Works()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).JoinRule(Ada, JoinRuleValues.Invite);
        var a = ServerA(room);
        var b = ServerB(room);

        // 1. a.test → x.test: invite; x.test countersigns; a.test → b.test: the invite.
        var first = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var firstSigned = Expect.Ok(Invite.Handle(InviteeX, first.Request), DanceRule.InviteCountersigned);
        a = Expect.Ok(OutgoingInvites.AcceptResponse(a, first, firstSigned.ToJson()), DanceRule.InviteResponseAccepted).Server;
        b = Deliver(b, first.Event, DanceRule.TransactionAccepted);

        // 2. x.test loses the invite (the invite endpoint keeps nothing; its user never saw it).
        // 3. a.test → x.test: a second invite. invite → invite is allowed (`member.invite.target_joined_or_banned` refuses only join and ban).
        var second = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now + 1), DanceRule.InviteRequestBuilt);
        Assert.Contains(first.Event.EventId, second.Event.AuthEvents);
        var secondSigned = Expect.Ok(Invite.Handle(InviteeX, second.Request), DanceRule.InviteCountersigned);
        a = Expect.Ok(OutgoingInvites.AcceptResponse(a, second, secondSigned.ToJson()), DanceRule.InviteResponseAccepted).Server;
        b = Deliver(b, second.Event, DanceRule.TransactionAccepted);
        var decision = EventAuthorizer.AuthorizeAgainstState(second.Event, room.Add(first.Event).Room.State, room.Version, AuthContext.Default);
        Assert.Equal(Rule.MemberInviteAllowed, decision.Rule);

        // 4. x.test ⇄ b.test: Xavier accepts through any resident that saw the invite.
        var (resident, _) = Handshake.Join(b, ServerX(), room.RoomId, Xavier, Now + 2);
        Assert.Equal(MembershipValues.Join, resident.Room.MembershipOf(Xavier));

        // Contrast: once joined, an invite is refused (the target is joined).
        var afterJoin = a.With(a.Room(room.RoomId)!.Accept(resident.Join));
        Expect.Refused(OutgoingInvites.Build(afterJoin, room.RoomId, Ada, Xavier, Now + 3), DanceRule.InviteRequestNotAuthorised, MatrixErrorCode.Forbidden, 403);
    }

    /// <summary>The invite request with its <c>invite_room_state</c> changed by <paramref name="edit"/>.</summary>
    private static InviteRequest WithRoomState(InviteRequest request, Func<IEnumerable<JsonObject>, IEnumerable<JsonObject>> edit)
    {
        var body = (JsonObject)request.Body;
        var entries = ((JsonArray)body["invite_room_state"]!).Cast<JsonObject>();
        return request with { Body = body.With("invite_room_state", JsonValue.Array(edit(entries))) };
    }

    private static string? StrippedName(InviteResponse response) =>
        ((response.StrippedState.FirstOrDefault(e => e["type"] == JsonValue.String("m.room.name"))?["content"] as JsonObject)?["name"] as JsonString)?.Value;

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void A4_StrippedStateThatLiesConsistently_IsNotCaught(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId)).Join(Ben).Name(Ada, "Tea").JoinRule(Ada, JoinRuleValues.Invite);
        var a = ServerA(room);
        var b = ServerB(room);

        // 1. a.test signs, as Ada, a name and a join rule the room never had, and sends them as
        //    invite_room_state: well formed, validly signed, in the right room.
        var fakeName = room.Event("m.room.name", "", Ada, JsonValue.Object(("name", JsonValue.String("Free Money"))));
        var fakeRule = room.Event(EventTypes.JoinRules, "", Ada, JsonValue.Object(("join_rule", JsonValue.String("public"))));
        var invite = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var lying = WithRoomState(invite.Request, entries => entries
            .Select(e => e["type"] == JsonValue.String("m.room.name") ? fakeName.Json : e["type"] == JsonValue.String(EventTypes.JoinRules) ? fakeRule.Json : e));

        // 2. a.test → x.test: PUT /v2/invite. Nothing in it can be told from the truth: countersigned, no warning.
        var answer = Expect.Ok(Invite.Handle(InviteeX, lying), DanceRule.InviteCountersigned);
        Assert.Equal("Free Money", StrippedName(answer));

        // 3. The invite reaches the room; x.test ⇄ b.test joins. The real state replaces the stripped state,
        //    which must never be trusted (client-server API "Stripped state").
        a = Expect.Ok(OutgoingInvites.AcceptResponse(a, invite, answer.ToJson()), DanceRule.InviteResponseAccepted).Server;
        b = Deliver(b, invite.Event, DanceRule.TransactionAccepted);
        var (_, joiner) = Handshake.Join(b, ServerX(), room.RoomId, Xavier, Now + 1);
        Assert.Equal(JsonValue.String("Tea"), joiner.Room.State.Get("m.room.name", "")!.Content["name"]);
        Assert.Equal(JsonValue.String("invite"), joiner.Room.State.JoinRules!.Content["join_rule"]);
        Assert.DoesNotContain(fakeName.EventId.Value, joiner.Room.Events.Keys);
    }

    [Fact]
    public void A4_ForgedCreateEventInVersion12_IsCaughtBecauseTheRoomIdIsItsHash()
    {
        var room = RoomBuilder.Federated(Version("12")).Join(Ben).Name(Ada, "Tea");
        var a = ServerA(room);
        var realCreate = room.Room.Create!;

        // a.test re-signs the create event with other content (Mallory as an additional creator). Its
        // signature is valid, but its reference hash is not the room ID, so it names another room.
        var forgedContent = realCreate.Content.With("additional_creators", JsonValue.Array(JsonValue.String(Mallory)));
        var forgedCreate = EventCompletion.Complete(realCreate.Json.Without("signatures", "hashes").With("content", forgedContent), room.Version, A, TestKeys.Of(A), realCreate.OriginServerTs);
        Assert.NotEqual(room.RoomId, RoomBuilder.ParseSigned(forgedCreate, room.Version).RoomId.Value);

        var invite = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var lying = WithRoomState(invite.Request, entries => entries.Select(e => e.Equals(realCreate.Json) ? forgedCreate : e));

        // a.test → x.test: PUT /v2/invite: refused (MSC4311, room version 12).
        Expect.Refused(Invite.Handle(InviteeX, lying), DanceRule.InviteRoomStateEntryOtherRoom, MatrixErrorCode.InvalidParam, 400);
    }

    [Fact]
    public void A4_ForgedCreateEventWithAWrongSignatureInVersion10_IsCaught()
    {
        // A room created by Ben on b.test; a.test cannot sign for b.test.
        var room = RoomBuilder.Federated(Version("10"), creator: Ben).Join(Ada).Name(Ben, "Tea");
        var a = ServerA(room);
        var realCreate = room.Room.Create!;

        // a.test rewrites the create event to name Mallory as creator; b.test's signature no longer verifies.
        var forgedContent = realCreate.Content.With("creator", JsonValue.String(Mallory));
        var forgedCreate = realCreate.Json.With("content", forgedContent);

        var invite = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var lying = WithRoomState(invite.Request, entries => entries.Select(e => e.Equals(realCreate.Json) ? forgedCreate : e));

        // a.test → x.test: PUT /v2/invite. Versions 1–11 warn rather than refuse; the forged create is left
        // out of what clients see, and its absence is a second warning.
        var answer = Expect.Ok(Invite.Handle(InviteeX, lying), DanceRule.InviteCountersignedWithWarnings);
        Assert.Equal([DanceRule.InviteRoomStateEntryBadSignature, DanceRule.InviteRoomStateMissingCreate], answer.Warnings.Select(w => w.Rule));
        Assert.DoesNotContain(answer.StrippedState, e => e["type"] == JsonValue.String(EventTypes.Create));
    }

    [Fact]
    public void A4_ForgedCreateEventSignedByTheRoomsOwnServerInVersion10_IsNotCaught()
    {
        // Before version 12 nothing binds the room ID to one create event: a.test, whose user created the
        // room, can sign a second create for the same room ID and it passes every invite_room_state check.
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");
        var a = ServerA(room);
        var realCreate = room.Room.Create!;
        var forgedContent = realCreate.Content.With("m.federate", JsonValue.Bool(false));
        var forgedCreate = EventCompletion.Complete(realCreate.Json.Without("signatures", "hashes").With("content", forgedContent), room.Version, A, TestKeys.Of(A), realCreate.OriginServerTs);

        var invite = Expect.Ok(OutgoingInvites.Build(a, room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt);
        var lying = WithRoomState(invite.Request, entries => entries.Select(e => e.Equals(realCreate.Json) ? forgedCreate : e));

        var answer = Expect.Ok(Invite.Handle(InviteeX, lying), DanceRule.InviteCountersigned);
        Assert.Equal(JsonValue.Bool(false), ((JsonObject)answer.StrippedState[0]["content"]!)["m.federate"]);
    }

    [Fact]
    public void T1_WithheldJoin_HealsWhenTheJoinersNextEventArrives()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var a = ServerA(room);
        var b = ServerB(room);

        // 1. x.test ⇄ a.test: make_join, send_join. a.test answers with the state and keeps the join,
        //    but never sends it to b.test (the withholding).
        var (resident, joiner) = Handshake.Join(a, ServerX(), room.RoomId, Xavier, Now);
        var x = joiner.Server;
        Assert.Null(b.Room(room.RoomId)!.MembershipOf(Xavier));

        // 2. Xavier speaks. x.test holds the signed join and the state, so it builds on its join and, knowing
        //    the room's servers from the answer, sends to each: x.test → b.test: transaction [message].
        Assert.Contains(B, resident.Response.ServersInRoom);
        var message = Expect.Ok(LocalEvents.Send(x, room.RoomId, Xavier, "m.room.message", null, Hello, Now + 1), DanceRule.LocalEventSent);
        Assert.Equal([resident.Join.EventId], message.Event.PrevEvents);
        Assert.Contains(resident.Join.EventId, message.Event.AuthEvents);

        // 3. b.test cannot place the message: it follows and cites a join b.test never saw. Detected.
        var receipt = Transactions.Receive(b, message.Event.Json);
        Assert.Equal(DanceRule.TransactionMissingEvents, receipt.Outcome);
        Assert.Equal([resident.Join.EventId.Value], receipt.MissingEvents);

        // 4. b.test → x.test: get_missing_events; x.test answers with its join. The room heals.
        b = Deliver(b, joiner.Join, DanceRule.TransactionAccepted);
        b = Deliver(b, message.Event, DanceRule.TransactionAccepted);
        Assert.Equal(MembershipValues.Join, b.Room(room.RoomId)!.MembershipOf(Xavier));
    }

    /// <summary>The send_join answer with events removed by <paramref name="drop"/> from <paramref name="key"/>.</summary>
    private static JsonObject Without(JsonObject answer, string key, Pdu drop) =>
        answer.With(key, JsonValue.Array(((JsonArray)answer[key]!).Where(e => !e.Equals(drop.Json))));

    [Fact]
    public void T2_PartialStateThatDropsACitedEvent_IsDetected()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Name(Ada, "Tea");
        var a = ServerA(room);
        var join = Handshake.Signed(a, room.RoomId, Xavier, MembershipValues.Join, Now);
        var answer = Expect.Ok(SendJoin.Handle(a, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted).Response.ToJson();
        var powerLevels = room.Room.State.PowerLevels!;

        // a.test leaves the power levels out of state and auth_chain: the join (and the name) cite them.
        Expect.Refused(SendJoinResponses.Apply(ServerX(), room.Version, join, Without(Without(answer, "state", powerLevels), "auth_chain", powerLevels)),
            DanceRule.SendJoinResponseMissingAuthEvent, MatrixErrorCode.InvalidParam, 502);

        // a.test leaves them out of state only: the state lacks a key that the join cites.
        Expect.Refused(SendJoinResponses.Apply(ServerX(), room.Version, join, Without(answer, "state", powerLevels)),
            DanceRule.SendJoinResponseStateMissingKey, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void T2_PartialStateThatDropsAnUncitedMember_IsOnlyDetectedThroughAnotherResident()
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben);
        var a = ServerA(room);
        var b = ServerB(room);

        // 1. x.test ⇄ a.test: make_join, send_join. a.test leaves Ben's membership out of state and auth
        //    chain and names only itself in servers_in_room. Nothing x.test received cites Ben's join.
        var join = Handshake.Signed(a, room.RoomId, Xavier, MembershipValues.Join, Now);
        var accepted = Expect.Ok(SendJoin.Handle(a, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted);
        var bensJoin = room.Room.State.Member(Ben)!;
        var partial = Without(Without(accepted.Response.ToJson(), "state", bensJoin), "auth_chain", bensJoin)
            .With("servers_in_room", JsonValue.Array(JsonValue.String(A)));
        var x = Expect.Ok(SendJoinResponses.Apply(ServerX(), room.Version, join, partial), DanceRule.SendJoinResponseAccepted).Server;
        Assert.Null(x.Room(room.RoomId)!.MembershipOf(Ben));

        // 2. a.test → b.test: transaction [join] (a.test hides state from x.test only).
        b = Deliver(b, accepted.Join, DanceRule.TransactionAccepted);

        // 3. Ben speaks; b.test → x.test: transaction [message]. It cites Ben's join as its sender's
        //    membership: x.test must fetch it, and learns that Ben is in the room. Only another resident could tell.
        var message = Expect.Ok(LocalEvents.Send(b, room.RoomId, Ben, "m.room.message", null, Hello, Now + 1), DanceRule.LocalEventSent);
        b = message.Server;
        var receipt = Transactions.Receive(x, message.Event.Json);
        Assert.Equal(DanceRule.TransactionMissingEvents, receipt.Outcome);
        Assert.Equal([bensJoin.EventId.Value], receipt.MissingEvents);

        // 4. x.test → b.test: event_auth; b.test answers with the message's auth chain, Ben's join among it,
        //    which x.test takes as an outlier: an auth event, not a change of state.
        var authChain = Expect.Ok(EventRetrieval.EventAuth(b, X, room.RoomId, message.Event.EventId.Value), DanceRule.EventAuthAnswered).AuthChain;
        var fetched = EventRetrieval.TakeOutliers(x, room.RoomId, authChain);
        Assert.Contains((bensJoin.EventId.Value, DanceRule.FetchedOutlier), fetched.Outcomes);
        x = fetched.Server;

        // 5. The message passes its own auth events, but the state before it at x.test — the lying state
        //    a.test gave — has no Ben: x.test rejects it. Left open by the checks on receipt.
        x = Deliver(x, message.Event, DanceRule.TransactionRejected);
        Assert.Null(x.Room(room.RoomId)!.MembershipOf(Ben));

        // 6. Only another resident tells: b.test's state at the message (state_ids) has Ben joined.
        var atB = Expect.Ok(EventRetrieval.StateIds(b, X, room.RoomId, message.Event.EventId.Value), DanceRule.StateIdsAnswered);
        Assert.Contains(bensJoin.EventId.Value, atB.PduIds);
        Assert.Equal(MembershipValues.Join, b.Room(room.RoomId)!.MembershipOf(Ben));
    }

    [Fact]
    public void B23_TemplateThatIsNotTheRequestedMembership_IsNeverSigned()
    {
        // Room R: Xavier is an admin; a.test and x.test are residents. Room S: Mallory's room on m.test,
        // where Mallory invited Xavier; x.test is not in S and must reject the invite through m.test.
        var powerLevels = JsonValue.Object(("users", JsonValue.Object((Ada, JsonValue.Number(100)), (Xavier, JsonValue.Number(100)))));
        var r = RoomBuilder.Federated(Version("10"), powerLevels: powerLevels).Join(Xavier).Join(Mallory);
        var s = RoomBuilder.Federated(Version("10"), creator: Mallory, name: "s").JoinRule(Mallory, JoinRuleValues.Invite).Invite(Mallory, Xavier);
        var a = ServerA(r);

        // 1. x.test → m.test: GET make_leave/S/@xavier:x.test. m.test answers with a template of a power-levels
        //    event in R, by Xavier, giving Mallory 100.
        var malicious = r.Event(EventTypes.PowerLevels, "", Xavier, JsonValue.Object(("users", JsonValue.Object(
            (Ada, JsonValue.Number(100)), (Xavier, JsonValue.Number(100)), (Mallory, JsonValue.Number(100))))));
        var template = malicious.Json.Without("signatures", "hashes", "origin", "origin_server_ts").With("origin", JsonValue.String(M));
        var answer = JsonValue.Object(("room_version", JsonValue.String("10")), ("event", template));

        // What a server that signs templates verbatim does (CVE-2026-24471): m.test → a.test: transaction [it].
        var signedBlindly = EventCompletion.Complete(template, r.Version, X, TestKeys.Of(X), Now);
        var harm = Transactions.Receive(a, signedBlindly);
        Assert.Equal(DanceRule.TransactionAccepted, harm.Outcome);
        Assert.Equal(JsonValue.Number(100), ((JsonObject)harm.Server.Room(r.RoomId)!.State.PowerLevels!.Content["users"]!)[Mallory]);

        // 2. With the template check, x.test refuses it: it is not Xavier's leave of S.
        Expect.Refused(JoinTemplate.Check(answer, s.RoomId, Xavier, MembershipValues.Leave, Handshake.AllVersions),
            DanceRule.TemplateWrongType, MatrixErrorCode.InvalidParam, 502);

        // The subtler forms fail too: Xavier's membership, but in R, or of another kind.
        var inR = r.Event(EventTypes.Member, Xavier, Xavier, JsonValue.Object(("membership", JsonValue.String("leave")))).Json;
        Expect.Refused(JoinTemplate.Check(answer.With("event", inR), s.RoomId, Xavier, MembershipValues.Leave, Handshake.AllVersions),
            DanceRule.TemplateWrongRoom, MatrixErrorCode.InvalidParam, 502);
        var leaveWithAReason = s.Event(EventTypes.Member, Xavier, Mallory, JsonValue.Object(("membership", JsonValue.String("leave"))), e => e.With("sender", JsonValue.String(Xavier))).Json
            .With("content", JsonValue.Object(("membership", JsonValue.String("leave")), ("reason", JsonValue.String("I quit"))));
        Expect.Refused(JoinTemplate.Check(answer.With("event", leaveWithAReason), s.RoomId, Xavier, MembershipValues.Leave, Handshake.AllVersions),
            DanceRule.TemplateUnexpectedContentKey, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void P_PolicyServerSignature_IsCarriedButNotRequiredByTheAuthRules()
    {
        // Spec v1.18+ "Policy Servers": a policy server's signature decides soft failure, never the auth rules. Here
        // policy.test has no joined user, so the room uses no policy server and check 7 recommends every event.
        var policyKey = TestKeys.Filled(0xF6, "ed25519:policy_server");
        var room = RoomBuilder.Federated(Version("10")).Join(Ben)
            .Send("m.room.policy", "", Ada, JsonValue.Object(("via", JsonValue.String("policy.test")),
                ("public_keys", JsonValue.Object(("ed25519", JsonValue.String(policyKey.PublicKeyBase64))))));
        var a = ServerA(room);

        // 1. x.test signs its join; policy.test co-signs it (x.test asked POST /_matrix/policy/v1/sign).
        var join = Handshake.Signed(a, room.RoomId, Xavier, MembershipValues.Join, Now);
        var coSigned = EventSigning.SignEvent(join.Json, room.Version.Format, "policy.test", policyKey);
        Assert.Equal(join.EventId, RoomBuilder.ParseSigned(coSigned, room.Version).EventId);

        // 2. x.test → a.test: send_join with the co-signed join: accepted, and the signature is kept.
        var accepted = Expect.Ok(SendJoin.Handle(a, new SendJoinRequest(X, room.RoomId, join.EventId.Value, coSigned)), DanceRule.SendJoinAccepted);
        Assert.True(SignedBy(accepted.Join, "policy.test"));
        Assert.Equal(coSigned, accepted.Response.Event);

        // 3. The same join without it, or with a garbage one (a key nobody holds is skipped): accepted as well.
        Expect.Ok(SendJoin.Handle(a, Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted);
        var garbage = ((JsonObject)coSigned["signatures"]!).With("policy.test", JsonValue.Object(("ed25519:policy_server", JsonValue.String(new string('A', 86)))));
        Expect.Ok(SendJoin.Handle(a, new SendJoinRequest(X, room.RoomId, join.EventId.Value, coSigned.With("signatures", garbage))), DanceRule.SendJoinAccepted);
    }

    /// <summary>
    /// Attack P, with the policy server in the room (spec v1.18+ "Policy Servers", check 7 on receipt): an event it did not
    /// sign is soft failed by every receiver, and a resident asked to take one in through send_* asks the policy server and
    /// refuses what it does not sign. The auth rules are untouched: a join it signs for a banned user is still refused.
    /// </summary>
    [Fact]
    public void P_PolicyServerInTheRoom_SoftFailsWhatItDidNotSign()
    {
        var unprotected = RoomBuilder.Federated(Version("10")).Join(Ben).Join(Mallory);
        var room = PolicyServers.Protect(unprotected);
        var a = ServerA(room);
        var signsAll = PolicyServers.SignsAll(room.Version);
        PolicySigner refusesAll = _ => null;

        // 1. Mallory's server sends spam nobody asked c.test about: held, soft failed, never built upon.
        var spam = room.Event(EventTypes.Message, null, Mallory, JsonValue.Object(("body", JsonValue.String("buy now"))));
        var received = Transactions.Receive(a, spam.Json, origin: M);
        Assert.Equal(DanceRule.TransactionSoftFailed, received.Outcome);
        Assert.DoesNotContain(spam.EventId, received.Server.Room(room.RoomId)!.ForwardExtremities);

        // 2. Xavier joins through a.test: refused unless c.test signs; a.test asks it ("SHOULD ask for a new signature").
        var join = Handshake.Signed(a, room.RoomId, Xavier, MembershipValues.Join, Now);
        Expect.Refused(SendJoin.Handle(a, Handshake.SendJoinRequest(join)), DanceRule.SendJoinNotRecommended, MatrixErrorCode.Forbidden, 403);
        Expect.Refused(SendJoin.Handle(a, Handshake.SendJoinRequest(join), refusesAll), DanceRule.SendJoinNotRecommended, MatrixErrorCode.Forbidden, 403);
        var joined = Expect.Ok(SendJoin.Handle(a, Handshake.SendJoinRequest(join), signsAll), DanceRule.SendJoinAccepted);
        Assert.True(SignedBy(joined.Join, PolicyServers.Via));
        Assert.Equal(joined.Join.Json, joined.Response.Event);

        // 3. a.test's own users' events are signed before they are sent, or not sent.
        var hello = JsonValue.Object(("body", JsonValue.String("hello")));
        Expect.Refused(LocalEvents.Send(a, room.RoomId, Ada, EventTypes.Message, null, hello, Now), DanceRule.LocalEventNotRecommended, MatrixErrorCode.Forbidden, 403);
        var sent = Expect.Ok(LocalEvents.Send(a, room.RoomId, Ada, EventTypes.Message, null, hello, Now, signsAll), DanceRule.LocalEventSent);
        Assert.Equal(DanceRule.TransactionAccepted, Transactions.Receive(ServerB(room), sent.Event.Json, origin: A).Outcome);

        // 4. The policy server's signature never authorises: Mallory, banned, cannot join with it.
        var banned = PolicyServers.Protect(unprotected.SetMembership(Ada, Mallory, MembershipValues.Leave).SetMembership(Ada, Mallory, MembershipValues.Ban));
        var mallorysJoin = banned.Event(EventTypes.Member, Mallory, Mallory, JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))));
        var refused = Expect.Refused(SendJoin.Handle(ServerA(banned), Handshake.SendJoinRequest(mallorysJoin), signsAll), DanceRule.SendJoinAuthEventsRejected, MatrixErrorCode.Forbidden, 403);
        Assert.Equal(Rule.MemberJoinSenderBanned, refused.AuthRule);
    }
}
