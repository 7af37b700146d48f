using System.Collections.Immutable;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Dance.Machines;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Handshakes;

/// <summary>Which side of a handshake an outcome belongs to: one machine of <see cref="HandshakeRoles"/>.</summary>
public enum HandshakeSide
{
    Inviter,
    Invitee,
    Joiner,
    JoinResident,
    RestrictedJoinResident,
    Knocker,
    KnockResident,
    Leaver,
    LeaveResident,
}

/// <summary>One handler outcome, for one side (<paramref name="Instance"/> tells two handshakes of a side apart: the v1 retry of an invite), with what the side knew.</summary>
public sealed record TraceStep(HandshakeSide Side, int Instance, DanceRule Outcome, HandshakeContext Context)
{
    public override string ToString() => $"{Side}#{Instance}: {DanceRules.Token(Outcome)}";
}

/// <summary>The handler outcomes of one handshake, in the order they happened.</summary>
public sealed record HandshakeTrace(HandshakeCase Case, ImmutableArray<TraceStep> Steps)
{
    public override string ToString() => Case + "\n  " + string.Join("\n  ", Steps);
}

/// <summary>
/// Runs a <see cref="HandshakeCase"/> through the endpoint handlers, between a resident a.test (Alice, Amy), a requesting or
/// invited server b.test (Bob) and, for invites, a second resident c.test (Carol) that receives the invite: the room is built,
/// the requests are made, the answers and submissions are tampered with as the case says, and every handler outcome is recorded
/// with its side. Symbolic signatures keep it fast; they decide as real ones do (invariant I-24).
/// </summary>
public static class HandshakeRunner
{
    private const string A = "a.test";
    private const string B = "b.test";
    private const string C = "c.test";
    private const string Alice = "@alice:a.test";
    private const string Amy = "@amy:a.test";
    private const string Bob = "@bob:b.test";
    private const string Carol = "@carol:c.test";

    private static readonly KeyRing Keys = Cast.KeyRing(3, SignatureMode.Symbolic);
    private static readonly ImmutableArray<string> AllVersions = [.. RoomVersionRegistry.All.Select(v => v.Id)];

    /// <summary>Runs <paramref name="handshake"/> and returns what each handler answered.</summary>
    public static HandshakeTrace Run(HandshakeCase handshake)
    {
        var run = new Runner(handshake);
        switch (handshake.Kind)
        {
            case HandshakeKind.Join: run.JoinHandshake(); break;
            case HandshakeKind.Knock: run.KnockHandshake(); break;
            case HandshakeKind.Leave: run.LeaveHandshake(); break;
            case HandshakeKind.Invite: run.InviteHandshake(); break;
            default: throw new InvalidOperationException("no handshake kind " + handshake.Kind);
        }
        return new HandshakeTrace(handshake, [.. run.Steps]);
    }

    private static Ed25519SigningKey Key(string server) => Cast.Key(Cast.ServerIndex(server), SignatureMode.Symbolic);

    private sealed class Runner(HandshakeCase c)
    {
        private readonly RoomVersion _version = RoomVersionRegistry.Lookup(c.RoomVersion).Value;
        private long _clock = 1_700_000_000_000;

        public List<TraceStep> Steps { get; } = [];

        private ResidentServer _a = ResidentServer.Create(A, Key(A), Keys);
        private ResidentServer _b = ResidentServer.Create(B, Key(B), Keys);
        private ResidentServer _c = ResidentServer.Create(C, Key(C), Keys);
        private string _roomId = "";

        private HandshakeContext Requester => new() { CandidateResidentRemains = c.CandidateResidentRemains };

        private void Record(HandshakeSide side, DanceRule outcome, HandshakeContext? context = null, int instance = 0) =>
            Steps.Add(new TraceStep(side, instance, outcome, context ?? HandshakeContext.Default));

        private long Now() => _clock += 1000;

        // ---- the room --------------------------------------------------------------------------------------------------

        private string CreateRoom(string tag)
        {
            var content = JsonValue.Object(("room_version", JsonValue.String(_version.Id)), ("tag", JsonValue.String(tag)));
            if (_version.CreatorInContent) content = content.With("creator", JsonValue.String(Alice));
            var json = JsonValue.Object(
                ("type", JsonValue.String(EventTypes.Create)), ("state_key", JsonValue.String("")), ("sender", JsonValue.String(Alice)),
                ("content", content), ("depth", JsonValue.Number(1)), ("prev_events", JsonArray.Empty), ("auth_events", JsonArray.Empty));
            if (!_version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String("!" + tag + ":" + A));
            var create = Parse(EventCompletion.Complete(json, _version, A, Key(A), Now()));
            _a = _a.With(Room.Start(_version, create));
            var roomId = create.RoomId.Value;
            Local(roomId, Alice, EventTypes.Member, Alice, Member(MembershipValues.Join));
            if (!_version.PrivilegedCreators) Local(roomId, Alice, EventTypes.PowerLevels, "", JsonValue.Object(("users", JsonValue.Object((Alice, JsonValue.Number(100))))));
            Local(roomId, Alice, EventTypes.JoinRules, "", JsonValue.Object(("join_rule", JsonValue.String(JoinRuleValues.Public))));
            return roomId;
        }

        private void Local(string roomId, string sender, string type, string? stateKey, JsonObject content)
        {
            var sent = LocalEvents.Send(_a, roomId, sender, type, stateKey, content, Now());
            if (!sent.IsOk) throw new InvalidOperationException("the handshake's room cannot be built: " + sent);
            _a = sent.Value!.Server;
        }

        /// <summary>The room of the case, at a.test: Amy joined, a name, the join rule, the user's standing, an ACL, and the residents gone if the case says so.</summary>
        private void Setup()
        {
            _roomId = CreateRoom("main");
            Local(_roomId, Amy, EventTypes.Member, Amy, Member(MembershipValues.Join));
            // Named, so that a join with omit_members leaves every member out (an unnamed room keeps its heroes' member events).
            Local(_roomId, Alice, EventTypes.Name, "", JsonValue.Object(("name", JsonValue.String("Handshakes"))));
            var rule = JsonValue.Object(("join_rule", JsonValue.String(c.JoinRule)));
            if (c.JoinRule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted)
            {
                var allowed = CreateRoom("allowed");
                if (c.Standing == Standing.InAllowedRoom) HonestJoin(ref _b, B, Bob, allowed);
                rule = rule.With("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(allowed)))));
            }
            if (c.Kind == HandshakeKind.Invite) HonestInviteAndJoin(Carol);
            Local(_roomId, Alice, EventTypes.JoinRules, "", rule);
            switch (c.Standing)
            {
                case Standing.Invited: Local(_roomId, Alice, EventTypes.Member, Bob, Member(MembershipValues.Invite)); break;
                case Standing.Banned: Local(_roomId, Alice, EventTypes.Member, Bob, Member(MembershipValues.Ban)); break;
                case Standing.Knocking: HonestKnock(); break;
                case Standing.None:
                case Standing.InAllowedRoom:
                    break;
                default: throw new InvalidOperationException("no standing " + c.Standing);
            }
            if (c.DeniedByAcl) Local(_roomId, Alice, EventTypes.ServerAcl, "", JsonValue.Object(("allow", JsonValue.Array(JsonValue.String("*"))), ("deny", JsonValue.Array(JsonValue.String(B)))));
            if (c.ResidentLeft)
            {
                Local(_roomId, Amy, EventTypes.Member, Amy, Member(MembershipValues.Leave));
                Local(_roomId, Alice, EventTypes.Member, Alice, Member(MembershipValues.Leave));
            }
        }

        // A join that works, through a.test, for the set-up (not recorded).
        private void HonestJoin(ref ResidentServer server, string serverName, string user, string roomId)
        {
            var template = MakeJoin.Handle(_a, new MakeJoinRequest(serverName, roomId, user, AllVersions), Now());
            if (!template.IsOk) return;
            var validated = JoinTemplate.Check(template.Value!.ToJson(), roomId, user, MembershipValues.Join, AllVersions);
            var join = JoinTemplate.Complete(validated.Value!, serverName, Key(serverName), Now());
            var accepted = SendJoin.Handle(_a, new SendJoinRequest(serverName, roomId, join.Value!.EventId.Value, join.Value.Json));
            if (!accepted.IsOk) return;
            _a = accepted.Value!.Server;
            var joined = SendJoinResponses.Apply(server, _version, accepted.Value.Join, accepted.Value.Response.ToJson(), A);
            if (joined.IsOk) server = joined.Value!.Server;
        }

        private void HonestInviteAndJoin(string user)
        {
            Local(_roomId, Alice, EventTypes.Member, user, Member(MembershipValues.Invite));
            HonestJoin(ref _c, C, user, _roomId);
        }

        private void HonestKnock()
        {
            var template = MakeKnock.Handle(_a, new MakeKnockRequest(B, _roomId, Bob, AllVersions), Now());
            if (!template.IsOk) return;
            var validated = JoinTemplate.Check(template.Value!.ToJson(), _roomId, Bob, MembershipValues.Knock, AllVersions);
            var knock = JoinTemplate.Complete(validated.Value!, B, Key(B), Now());
            var accepted = SendKnock.Handle(_a, new SendKnockRequest(B, _roomId, knock.Value!.EventId.Value, knock.Value.Json));
            if (accepted.IsOk) _a = accepted.Value!.Server;
        }

        // ---- the handshakes ---------------------------------------------------------------------------------------------

        /// <summary>The resident's machine for a join by Bob: the restricted one when the join rule restricts and Bob is neither invited nor joined.</summary>
        private HandshakeSide JoinResidentSide()
        {
            var room = _a.Room(_roomId)!;
            var restricted = (_version.RestrictedJoins && c.JoinRule == JoinRuleValues.Restricted) || (_version.KnockRestricted && c.JoinRule == JoinRuleValues.KnockRestricted);
            return restricted && room.MembershipOf(Bob) is not (MembershipValues.Invite or MembershipValues.Join) ? HandshakeSide.RestrictedJoinResident : HandshakeSide.JoinResident;
        }

        public void JoinHandshake()
        {
            Setup();
            var resident = JoinResidentSide();
            var ver = Offered();
            var made = MakeJoin.Handle(_a, new MakeJoinRequest(B, _roomId, Bob, ver), Now());
            Record(resident, made.Rule);
            Record(HandshakeSide.Joiner, made.Rule, Requester);
            if (!made.IsOk) return;

            if (Sign(HandshakeSide.Joiner, made.Value!, MembershipValues.Join, ver) is not { } join) return;
            var (path, eventId, body) = Submit(join, MembershipValues.Join);
            var sent = SendJoin.Handle(_a, new SendJoinRequest(B, path, eventId, body, c.OmitMembers ? "true" : null));
            Record(resident, sent.Rule);
            Record(HandshakeSide.Joiner, sent.Rule, Requester);
            if (!sent.IsOk) return;
            _a = sent.Value!.Server;

            var answer = TamperAnswer(sent.Value.Response.ToJson());
            var applied = SendJoinResponses.Apply(_b, _version, join, answer, A);
            Record(HandshakeSide.Joiner, applied.Rule, Requester);
            if (applied.Rule != DanceRule.SendJoinResponseAcceptedPartial) return;
            _b = applied.Value!.Server;

            var state = EventRetrieval.State(_a, B, _roomId, join.EventId.Value);
            if (!state.IsOk) return;
            var stateBody = state.Value!.ToJson();
            if (c.TamperedResync)
            {
                stateBody = stateBody.With("pdus", JsonValue.Array(((JsonArray)stateBody["pdus"]!).Select(e => (JsonValue)((JsonObject)e).With("origin_server_ts", JsonValue.Number(1)))));
            }
            Record(HandshakeSide.Joiner, PartialStateResync.ApplyState(_b, _roomId, stateBody).Rule, Requester);
        }

        public void KnockHandshake()
        {
            Setup();
            var ver = Offered();
            var made = MakeKnock.Handle(_a, new MakeKnockRequest(B, _roomId, Bob, ver), Now());
            Record(HandshakeSide.KnockResident, made.Rule);
            Record(HandshakeSide.Knocker, made.Rule, Requester);
            if (!made.IsOk) return;

            if (Sign(HandshakeSide.Knocker, made.Value!, MembershipValues.Knock, ver) is not { } knock) return;
            var (path, eventId, body) = Submit(knock, MembershipValues.Knock);
            var sent = SendKnock.Handle(_a, new SendKnockRequest(B, path, eventId, body));
            Record(HandshakeSide.KnockResident, sent.Rule);
            Record(HandshakeSide.Knocker, sent.Rule, Requester);
            if (!sent.IsOk) return;

            var answer = sent.Value!.ResponseBody;
            var roomState = (JsonArray)answer["knock_room_state"]!;
            answer = c.Answer switch
            {
                AnswerTamper.DropAStateEvent => answer.With("knock_room_state", JsonValue.Array(roomState.Where(e => ((JsonObject)e)["type"] != JsonValue.String(EventTypes.Create)))),
                AnswerTamper.BreakASignature => answer.With("knock_room_state", JsonValue.Array(roomState.Select(e => (JsonValue)((JsonObject)e).With("origin_server_ts", JsonValue.Number(1))))),
                AnswerTamper.ChangeTheEvent => answer.With("knock_room_state", JsonValue.Null),
                AnswerTamper.None or AnswerTamper.DropServersInRoom => answer,
                _ => throw new InvalidOperationException("no answer tamper " + c.Answer),
            };
            Record(HandshakeSide.Knocker, SendKnockResponses.Apply(_b, _version, knock, answer).Rule, Requester);
        }

        public void LeaveHandshake()
        {
            Setup();
            var made = MakeLeave.Handle(_a, new MakeLeaveRequest(B, _roomId, Bob), Now());
            Record(HandshakeSide.LeaveResident, made.Rule);
            Record(HandshakeSide.Leaver, made.Rule, Requester);
            if (!made.IsOk) return;

            if (Sign(HandshakeSide.Leaver, made.Value!, MembershipValues.Leave, AllVersions) is not { } leave) return;
            var (path, eventId, body) = Submit(leave, MembershipValues.Leave);
            var sent = SendLeave.Handle(_a, new SendLeaveRequest(B, path, eventId, body));
            Record(HandshakeSide.LeaveResident, sent.Rule);
            Record(HandshakeSide.Leaver, sent.Rule, Requester);
        }

        public void InviteHandshake()
        {
            Setup();
            var inviter = new HandshakeContext { RoomVersion = _version.Id };
            var built = OutgoingInvites.Build(_a, _roomId, Alice, Bob, Now());
            Record(HandshakeSide.Inviter, built.Rule, inviter);
            if (!built.IsOk) return;
            var sent = built.Value!;

            var invitee = InviteeServer.Create(B, Key(B), Keys, Bob, "@bea:b.test");
            invitee = c.Policy switch
            {
                InviteePolicy.RefuseServer => invitee with { Policy = new InvitePolicy { RefusedServers = ImmutableSortedSet.Create(StringComparer.Ordinal, A) } },
                InviteePolicy.Block => invitee with { Policy = new InvitePolicy { UsersBlockingInvites = ImmutableSortedSet.Create(StringComparer.Ordinal, Bob) } },
                InviteePolicy.OldVersionsOnly => invitee with { SupportedRoomVersions = ImmutableSortedSet.Create(StringComparer.Ordinal, "1", "2") },
                InviteePolicy.Accept => invitee,
                _ => throw new InvalidOperationException("no policy " + c.Policy),
            };

            var request = TamperInvite(sent.Request);
            var answered = Invite.Handle(invitee, request);
            Record(HandshakeSide.Invitee, answered.Rule);
            Record(HandshakeSide.Inviter, answered.Rule, inviter);
            JsonValue? body = answered.IsOk ? answered.Value!.ToJson() : null;
            if (!answered.IsOk && OutgoingInvites.V1Fallback(sent, answered.Error!.HttpStatus) is { } v1)
            {
                // invites-v2.yaml: a 400 or 404 in room version 1 or 2 is retried over /v1/invite, with the invite as it was built;
                // a signature lost on the way is lost again (the retry fails too), a content changed on the way is not.
                if (c.Submission == SubmissionTamper.NoSignatures) v1 = v1 with { Body = ((JsonObject)v1.Body).Without("signatures") };
                var retried = Invite.HandleV1(invitee, v1);
                Record(HandshakeSide.Invitee, retried.Rule, instance: 1);
                Record(HandshakeSide.Inviter, retried.Rule, inviter with { RetriedOverV1 = true });
                body = retried.IsOk ? retried.Value!.ToV1Json() : null;
            }
            if (body is null) return;

            var answer = c.Answer switch
            {
                AnswerTamper.ChangeTheEvent => ChangeInviteAnswer(body, e => e.With("content", ((JsonObject)e["content"]!).With("reason", JsonValue.String("changed")))),
                AnswerTamper.BreakASignature => ChangeInviteAnswer(body, e => e.With("signatures", JsonValue.Object((A, ((JsonObject)e["signatures"]!)[A]!)))),
                AnswerTamper.DropAStateEvent => JsonObject.Empty,
                AnswerTamper.None or AnswerTamper.DropServersInRoom => body,
                _ => throw new InvalidOperationException("no answer tamper " + c.Answer),
            };
            var accepted = OutgoingInvites.AcceptResponse(_a, sent, answer);
            Record(HandshakeSide.Inviter, accepted.Rule, inviter);
            if (!accepted.IsOk) return;
            // The inviting server sends it to the room's servers: c.test, if Carol is in the room, takes it.
            if (_c.Room(_roomId) is not null) Record(HandshakeSide.Inviter, Transactions.Receive(_c, accepted.Value!.Event.Json, A).Outcome, inviter);
        }

        // ---- the requesting server's steps, and the tampering -----------------------------------------------------------

        private ImmutableArray<string> Offered() => c.OfferRoomVersion ? AllVersions : [.. AllVersions.Where(v => v != _version.Id)];

        /// <summary>The template as the resident tampered with it, checked, and completed: the signed event, or null when a step refused.</summary>
        private Pdu? Sign(HandshakeSide side, TemplateResponse made, string membership, ImmutableArray<string> ver)
        {
            var checkedTemplate = JoinTemplate.Check(TamperTemplate(made.ToJson()), _roomId, Bob, membership, ver);
            Record(side, checkedTemplate.Rule, Requester);
            if (!checkedTemplate.IsOk) return null;
            if (c.BadOwnContent)
            {
                var refused = JoinTemplate.Complete(checkedTemplate.Value!, B, Key(B), Now(), JsonValue.Object(("membership", JsonValue.String(MembershipValues.Ban))));
                Record(side, refused.Rule, Requester);
            }
            var completed = JoinTemplate.Complete(checkedTemplate.Value!, B, Key(B), Now());
            Record(side, completed.Rule, Requester);
            return completed.IsOk ? completed.Value : null;
        }

        private JsonObject TamperTemplate(JsonObject answer)
        {
            var template = (JsonObject)answer["event"]!;
            var content = (JsonObject)template["content"]!;
            JsonObject Event(JsonObject e) => answer.With("event", e);
            return c.Template switch
            {
                TemplateTamper.None => answer,
                TemplateTamper.WrongRoom => Event(template.With("room_id", JsonValue.String("!elsewhere:a.test"))),
                TemplateTamper.WrongType => Event(template.With("type", JsonValue.String(EventTypes.PowerLevels)).With("state_key", JsonValue.String(""))),
                TemplateTamper.WrongSender => Event(template.With("sender", JsonValue.String("@bea:b.test"))),
                TemplateTamper.WrongMembership => Event(template.With("content", content.With("membership", JsonValue.String(MembershipValues.Ban)))),
                TemplateTamper.ExtraContent => Event(template.With("content", content.With("displayname", JsonValue.String("Mallory's puppet")))),
                TemplateTamper.ExtraField => Event(template.With("redacts", JsonValue.String("$x"))),
                TemplateTamper.NoPrevEvents => Event(template.Without("prev_events")),
                TemplateTamper.OtherVersion => answer.With("room_version", JsonValue.String(_version.Id == "10" ? "9" : "10")),
                _ => throw new InvalidOperationException("no template tamper " + c.Template),
            };
        }

        /// <summary>The path's room and event ID and the body the requesting server submits for <paramref name="signed"/>, tampered with as the case says.</summary>
        private (string Path, string EventId, JsonValue Body) Submit(Pdu signed, string membership)
        {
            (string, string, JsonValue) Resigned(Func<JsonObject, JsonObject> edit)
            {
                var json = EventCompletion.Complete(edit(signed.Json.Without("signatures", "hashes")), _version, B, Key(B), signed.OriginServerTs);
                return (_roomId, Parse(json).EventId.Value, json);
            }
            var id = signed.EventId.Value;
            return c.Submission switch
            {
                SubmissionTamper.None => (_roomId, id, signed.Json),
                SubmissionTamper.OtherMembership => Resigned(e => e.With("content", JsonValue.Object(("membership", JsonValue.String(membership == MembershipValues.Leave ? MembershipValues.Join : MembershipValues.Leave))))),
                SubmissionTamper.AboutAnotherUser => Resigned(e => e.With("state_key", JsonValue.String("@bea:b.test"))),
                SubmissionTamper.NoSignatures => (_roomId, id, signed.Json.Without("signatures")),
                SubmissionTamper.OtherRoomInPath => ("!elsewhere:a.test", id, signed.Json),
                SubmissionTamper.ContentChangedAfterSigning => (_roomId, id, signed.Json.With("content", signed.Content.With("displayname", JsonValue.String("changed")))),
                _ => throw new InvalidOperationException("no submission tamper " + c.Submission),
            };
        }

        private JsonObject TamperAnswer(JsonObject answer)
        {
            var state = (JsonArray)answer["state"]!;
            return c.Answer switch
            {
                AnswerTamper.None => answer,
                AnswerTamper.DropAStateEvent => answer
                    .With("state", JsonValue.Array(state.Where(e => ((JsonObject)e)["type"] != JsonValue.String(EventTypes.JoinRules))))
                    .With("auth_chain", JsonValue.Array(((JsonArray)answer["auth_chain"]!).Where(e => ((JsonObject)e)["type"] != JsonValue.String(EventTypes.JoinRules)))),
                AnswerTamper.ChangeTheEvent => answer.With("event", ((JsonObject)answer["event"]!).With("origin_server_ts", JsonValue.Number(1))),
                AnswerTamper.BreakASignature => answer.With("state", JsonValue.Array(state.Select((e, i) => i == 0 ? ((JsonObject)e).With("origin_server_ts", JsonValue.Number(1)) : e))),
                AnswerTamper.DropServersInRoom => answer.Without("servers_in_room").With("members_omitted", JsonValue.Bool(true)),
                _ => throw new InvalidOperationException("no answer tamper " + c.Answer),
            };
        }

        private InviteRequest TamperInvite(InviteRequest request)
        {
            var body = (JsonObject)request.Body;
            var invite = (JsonObject)body["event"]!;
            InviteRequest Resigned(Func<JsonObject, JsonObject> edit)
            {
                var json = EventCompletion.Complete(edit(invite.Without("signatures", "hashes")), _version, A, Key(A), 0);
                return request with { EventId = Parse(json).EventId.Value, Body = body.With("event", json) };
            }
            return c.Submission switch
            {
                SubmissionTamper.None => request,
                SubmissionTamper.OtherMembership => Resigned(e => e.With("content", JsonValue.Object(("membership", JsonValue.String(MembershipValues.Join))))),
                SubmissionTamper.AboutAnotherUser => Resigned(e => e.With("state_key", JsonValue.String("@zed:b.test"))),
                SubmissionTamper.NoSignatures => request with { Body = body.With("event", invite.Without("signatures")) },
                SubmissionTamper.OtherRoomInPath => request with { RoomId = "!elsewhere:a.test" },
                SubmissionTamper.ContentChangedAfterSigning => request with { Body = body.With("event", invite.With("content", ((JsonObject)invite["content"]!).With("reason", JsonValue.String("changed")))) },
                _ => throw new InvalidOperationException("no submission tamper " + c.Submission),
            };
        }

        private static JsonValue ChangeInviteAnswer(JsonValue body, Func<JsonObject, JsonObject> edit) => body switch
        {
            JsonArray v1 => JsonValue.Array(v1[0], ChangeInviteAnswer(v1[1], edit)),
            JsonObject v2 => v2.With("event", edit((JsonObject)v2["event"]!)),
            _ => body,
        };

        private static JsonObject Member(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

        private Pdu Parse(JsonObject json)
        {
            var parsed = PduParser.Parse(json, _version.Format, PduParseOptions.Federation);
            return parsed.IsOk ? parsed.Value : throw new InvalidOperationException("the handshake's own event does not parse: " + parsed.Failure);
        }
    }
}
