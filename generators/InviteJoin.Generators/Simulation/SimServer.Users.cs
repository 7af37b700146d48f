using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Simulation;

/// <summary>What a user of the server may do; a step's number picks one and its target.</summary>
/// <summary>One thing a user does, with its target: a user, the server to ask, a power level, a join rule or a server to deny.</summary>
public sealed record UserAction(UserActionKind Kind, string? Target = null, int? Via = null, long? Level = null, string? JoinRule = null, int? Server = null, bool OmitMembers = false);

/// <summary>The kinds of thing a user may do.</summary>
public enum UserActionKind
{
    Message,
    Topic,
    Invite,
    Join,
    Leave,
    Knock,
    Kick,
    Ban,
    Unban,
    PowerLevels,
    JoinRules,
    ServerAcl,
}

public sealed partial class SimServer
{
    private static readonly UserActionKind[] ActionKinds = Enum.GetValues<UserActionKind>();

    /// <summary>User <paramref name="user"/> does what <paramref name="choice"/> picks in <paramref name="roomId"/>.</summary>
    internal void Act(string user, string roomId, int choice, StepEffects effects) => Perform(user, roomId, Eager(user, roomId, choice), effects);

    // With eager users (SimConfig.EagerUsers), a user outside the room asked for what only a member can do joins instead,
    // through the room's creator's server for one choice in two (a server it knows to be in the room).
    private UserAction Eager(string user, string roomId, int choice)
    {
        var action = Decode(choice);
        if (!_world.Config.EagerUsers || action.Kind is UserActionKind.Join or UserActionKind.Leave or UserActionKind.Knock || IsJoined(roomId, user)) return action;
        var join = Decode(choice - (int)((uint)choice % (uint)ActionKinds.Length) + Array.IndexOf(ActionKinds, UserActionKind.Join));
        return ((uint)choice / (uint)ActionKinds.Length) % 2 == 0 ? join with { Via = 0 } : join;
    }

    /// <summary>The action a step's number picks: the kind, and from the rest of the number its target.</summary>
    internal UserAction Decode(int choice)
    {
        var kind = ActionKinds[(int)((uint)choice % (uint)ActionKinds.Length)];
        var target = (int)((uint)choice / (uint)ActionKinds.Length);
        long[] levels = [0, 50, 100];
        var rules = SimConfig.JoinRulesOf(_world.Version);
        var others = Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index).ToList();
        return kind switch
        {
            UserActionKind.Invite or UserActionKind.Kick or UserActionKind.Ban or UserActionKind.Unban => new UserAction(kind, Target: TargetUser(target)),
            UserActionKind.Join => new UserAction(kind, Via: others[(int)((uint)target % (uint)others.Count)], OmitMembers: Fault is { OmitsMembers: true } || ((uint)target / (uint)others.Count & 1) == 1),
            UserActionKind.Leave or UserActionKind.Knock => new UserAction(kind, Via: others[(int)((uint)target % (uint)others.Count)]),
            UserActionKind.PowerLevels => new UserAction(kind, Target: TargetUser(target), Level: levels[(int)((uint)(target / 4) % 3)]),
            UserActionKind.JoinRules => new UserAction(kind, JoinRule: rules[(int)((uint)target % (uint)rules.Length)]),
            UserActionKind.ServerAcl => new UserAction(kind, Server: (int)((uint)target % (uint)_world.Config.Servers)),
            _ => new UserAction(kind),
        };
    }

    /// <summary>User <paramref name="user"/> does <paramref name="action"/> in <paramref name="roomId"/>; what it cannot do, it does not.</summary>
    internal void Perform(string user, string roomId, UserAction action, StepEffects effects)
    {
        var target = action.Target ?? user;
        switch (action.Kind)
        {
            case UserActionKind.Message:
                if (IsJoined(roomId, user)) Local(roomId, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("hello")), ("msgtype", JsonValue.String("m.text"))), effects);
                break;
            case UserActionKind.Topic:
                if (IsJoined(roomId, user)) Local(roomId, user, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("topic " + _world.StepCount))), effects);
                break;
            case UserActionKind.Invite:
                if (IsJoined(roomId, user)) SendInvite(user, roomId, target, effects);
                break;
            case UserActionKind.Join:
                Join(user, roomId, action.Via, action.OmitMembers, effects);
                break;
            case UserActionKind.Leave:
                Leave(user, roomId, action.Via, effects);
                break;
            case UserActionKind.Knock:
                Knock(user, roomId, action.Via, effects);
                break;
            case UserActionKind.Kick:
                if (IsJoined(roomId, user) && target != user) Local(roomId, user, EventTypes.Member, target, Membership(MembershipValues.Leave), effects);
                break;
            case UserActionKind.Ban:
                if (IsJoined(roomId, user) && target != user) Local(roomId, user, EventTypes.Member, target, Membership(MembershipValues.Ban), effects);
                break;
            case UserActionKind.Unban:
                if (IsJoined(roomId, user) && Room(roomId)!.MembershipOf(target) == MembershipValues.Ban)
                {
                    Local(roomId, user, EventTypes.Member, target, Membership(MembershipValues.Leave), effects);
                }
                break;
            case UserActionKind.PowerLevels:
                if (IsJoined(roomId, user)) ChangePowerLevels(user, roomId, target, action.Level ?? 50, effects);
                break;
            case UserActionKind.JoinRules:
                if (IsJoined(roomId, user)) ChangeJoinRule(user, roomId, action.JoinRule ?? JoinRuleValues.Public, effects);
                break;
            case UserActionKind.ServerAcl:
                if (IsJoined(roomId, user) && action.Server is { } denied) DenyServer(user, roomId, denied, effects);
                break;
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }

    private string TargetUser(int target)
    {
        var all = _world.Config.Servers * Cast.UsersPerServer;
        var pick = (int)((uint)target % (uint)all);
        return Cast.User(pick / Cast.UsersPerServer, pick % Cast.UsersPerServer);
    }

    private bool IsJoined(string roomId, string user) => Room(roomId)?.MembershipOf(user) == MembershipValues.Join;

    private void ChangePowerLevels(string user, string roomId, string target, long level, StepEffects effects)
    {
        var room = Room(roomId)!;
        var current = room.State.PowerLevels?.Content ?? JsonObject.Empty;
        var users = current["users"] as JsonObject ?? JsonObject.Empty;
        var content = current.With("users", users.With(target, JsonValue.Number(level)));
        Local(roomId, user, EventTypes.PowerLevels, "", content, effects);
    }

    private void ChangeJoinRule(string user, string roomId, string rule, StepEffects effects)
    {
        var content = JsonValue.Object(("join_rule", JsonValue.String(rule)));
        if (rule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted && _world.Rooms.Length > 1)
        {
            content = content.With("allow", JsonValue.Array(JsonValue.Object(("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(_world.Rooms[1])))));
        }
        Local(roomId, user, EventTypes.JoinRules, "", content, effects);
    }

    private void DenyServer(string user, string roomId, int server, StepEffects effects)
    {
        var denied = Cast.Server(server);
        if (denied == Name) return;
        var content = JsonValue.Object(
            ("allow", JsonValue.Array(JsonValue.String("*"))),
            ("deny", JsonValue.Array(JsonValue.String(denied))),
            ("allow_ip_literals", JsonValue.Bool(false)));
        Local(roomId, user, EventTypes.ServerAcl, "", content, effects);
    }

    // ---- invites ----

    private void SendInvite(string user, string roomId, string target, StepEffects effects)
    {
        if (Fault is not null && RefusesOwnInvite(roomId, user) is { } misjudged)
        {
            effects.Tell($"{Name} refuses {Short(user)}'s invite of {Short(target)}: {misjudged}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, Index, DanceRule.LocalEventNotAuthorised, false, misjudged));
            return;
        }
        var built = OutgoingInvites.Build(Resident, roomId, user, target, _world.Tick(), policyServer: Signer(roomId, effects));
        if (!built.IsOk)
        {
            effects.Tell($"{Name} refuses {Short(user)}'s invite of {Short(target)}: {built.Error!.Rule.Token()}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, Index, built.Rule, false, built.Error.Message));
            return;
        }
        var invite = built.Value!;
        var to = World.ServerOfUser(target);
        if (to == Index)
        {
            // A local invite needs no countersignature from another server: this server is the invitee's.
            TakeInvite(roomId, user, target, invite.Event, effects);
            return;
        }
        if (!_world.Reachable(Index, to))
        {
            effects.Tell($"{Name} cannot reach {Cast.Server(to)} to invite {Short(target)}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, to, DanceRule.InviteRequestBuilt, false, "unreachable"));
            return;
        }
        var answer = _world.Server(to).AnswerInvite(invite.Request, effects);
        if (!answer.IsOk)
        {
            effects.Tell($"{Cast.Server(to)} refuses the invite of {Short(target)}: {answer.Error!.Rule.Token()}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, to, answer.Rule, false, answer.Error.Message));
            return;
        }
        var accepted = OutgoingInvites.AcceptResponse(Resident, invite, answer.Value!.ToJson());
        if (!accepted.IsOk)
        {
            effects.Tell($"{Name} refuses {Cast.Server(to)}'s answer to the invite of {Short(target)}: {accepted.Error!.Rule.Token()}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, to, accepted.Rule, false, accepted.Error.Message));
            return;
        }
        TakeInvite(roomId, user, target, accepted.Value!.Event, effects, accepted.Value.Server);
    }

    private void TakeInvite(string roomId, string user, string target, Pdu invite, StepEffects effects, ResidentServer? after = null)
    {
        var current = Room(roomId)?.State;
        Resident = after ?? Resident.With(Room(roomId)!.Accept(invite));
        var room = Room(roomId)!;
        effects.Add(new Taken(Index, roomId, room.Find(invite.EventId)!, Arrival.Local, Index) { CurrentBefore = current });
        effects.Add(new Attempt(Index, user, roomId, MembershipValues.Invite, World.ServerOfUser(target), DanceRule.InviteResponseAccepted, true, "invited"));
        effects.Tell($"{Short(user)} on {Name} invites {Short(target)}: {World.Describe(invite)}");
        if (World.ServerOfUser(target) == Index) _invites.Add(new ReceivedInvite(target, roomId, Index, invite.Json));
        if (Strategy != Adversary.HiddenInvite) _world.Broadcast(Index, room, invite);
        else effects.Add(new AttackMove(Index, Adversary.HiddenInvite, World.ServerOfUser(target), roomId, invite.EventId.Value, [], null));
    }

    /// <summary>This server answering another's <c>/invite</c> for one of its users.</summary>
    internal EndpointResult<InviteResponse> AnswerInvite(InviteRequest request, StepEffects effects)
    {
        var acl = RequestArrives(request.RoomId, request.Origin);
        var answer = Invite.Handle(Invitee, request);
        Answered(effects, acl, request.Origin, request.RoomId, "invite", answer.IsOk ? null : answer.Error);
        if (answer.IsOk && Strategy != Adversary.ForgetfulInvitee && request.Body is JsonObject body && body["event"] is JsonObject invite
            && invite["state_key"] is JsonString target)
        {
            _invites.RemoveAll(i => i.User == target.Value && i.RoomId == request.RoomId);
            _invites.Add(new ReceivedInvite(target.Value, request.RoomId, Cast.ServerIndex(request.Origin), answer.Value!.Event));
            effects.Tell($"{Name} countersigns the invite of {Short(target.Value)} to {ShortRoom(request.RoomId)}");
        }
        else if (answer.IsOk && Strategy == Adversary.ForgetfulInvitee)
        {
            effects.Tell($"{Name} countersigns an invite to {ShortRoom(request.RoomId)} and forgets it");
            effects.Add(new AttackMove(Index, Adversary.ForgetfulInvitee, Cast.ServerIndex(request.Origin), request.RoomId, request.EventId, [], null));
        }
        return answer;
    }

    private static string ShortRoom(string roomId) => roomId.Length <= 10 ? roomId : roomId[..10];

    // ---- joins, knocks and leaves ----

    // The server a user asks: the inviter's for an invited user, else the one the action names (or the room's creator).
    private int ResidentFor(string user, string roomId, int? via)
    {
        if (_invites.FirstOrDefault(i => i.User == user && i.RoomId == roomId) is { } invite && invite.Inviter != Index) return invite.Inviter;
        return via is { } named && named != Index ? named : Index == 0 ? 1 % _world.Config.Servers : 0;
    }

    private void Join(string user, string roomId, int? via, bool omitMembers, StepEffects effects)
    {
        if (IsJoined(roomId, user)) return;
        if (IsResidentIn(roomId))
        {
            if (Local(roomId, user, EventTypes.Member, user, Membership(MembershipValues.Join), effects) is not null) ForgetInvite(user, roomId);
            return;
        }
        if (Fault is not null && RefusesOnStaleCopy(user, roomId, MembershipValues.Join) is { } stale)
        {
            effects.Tell($"{Name} refuses {Short(user)}'s join of {ShortRoom(roomId)} itself: {stale}");
            effects.Add(new Attempt(Index, user, roomId, MembershipValues.Join, Index, DanceRule.LocalEventNotAuthorised, false, stale));
            return;
        }
        var resident = ResidentFor(user, roomId, via);
        StartHandshake(user, roomId, MembershipValues.Join, resident, effects, omitMembers);
    }

    private void Knock(string user, string roomId, int? via, StepEffects effects)
    {
        if (!_world.Version.Knocking || IsJoined(roomId, user)) return;
        if (IsResidentIn(roomId))
        {
            Local(roomId, user, EventTypes.Member, user, Membership(MembershipValues.Knock), effects);
            return;
        }
        StartHandshake(user, roomId, MembershipValues.Knock, ResidentFor(user, roomId, via), effects);
    }

    private void Leave(string user, string roomId, int? via, StepEffects effects)
    {
        var membership = Room(roomId)?.MembershipOf(user);
        if (IsResidentIn(roomId) && membership is MembershipValues.Join or MembershipValues.Invite or MembershipValues.Knock)
        {
            if (Local(roomId, user, EventTypes.Member, user, Membership(MembershipValues.Leave), effects) is not null) ForgetInvite(user, roomId);
            return;
        }
        // Rejecting an invite, or rescinding a knock, through a resident.
        var invited = _invites.Any(i => i.User == user && i.RoomId == roomId);
        if (!invited && membership != MembershipValues.Knock) return;
        StartHandshake(user, roomId, MembershipValues.Leave, ResidentFor(user, roomId, via), effects);
    }

    private void ForgetInvite(string user, string roomId) => _invites.RemoveAll(i => i.User == user && i.RoomId == roomId);

    // make_*: ask the resident for a template, check it (B23), sign it, and wait for the step that sends it.
    private void StartHandshake(string user, string roomId, string membership, int resident, StepEffects effects, bool omitMembers = false)
    {
        if (!_world.Reachable(Index, resident))
        {
            effects.Tell($"{Name} cannot reach {Cast.Server(resident)} to {membership} {ShortRoom(roomId)} for {Short(user)}");
            effects.Add(new Attempt(Index, user, roomId, membership, resident, DanceRule.MakeJoinUnknownRoom, false, "unreachable"));
            return;
        }
        var template = _world.Server(resident).AnswerMake(Name, roomId, user, membership, effects);
        if (!template.IsOk)
        {
            effects.Tell($"{Cast.Server(resident)} refuses make_{membership} for {Short(user)}: {template.Error!.Rule.Token()}");
            effects.Add(new Attempt(Index, user, roomId, membership, resident, template.Rule, false, template.Error.Message) { Entitled = _world.EntitledAt(resident, user, roomId, membership) });
            return;
        }
        if (Fault is { SignsTemplatesVerbatim: true } && SignVerbatim(template.Value!) is { } blindly)
        {
            effects.Add(new Offer(Index, resident, user, roomId, membership, blindly));
            effects.Tell($"{Cast.Server(resident)} offers {Short(user)} a {membership} template; {Name} signs it unchecked: {World.Describe(blindly)}");
            _world.Wait(new PendingHandshake(0, Index, user, roomId, membership, resident, blindly));
            return;
        }
        var validated = JoinTemplate.Check(template.Value!.ToJson(), roomId, user, membership, AllVersions);
        if (!validated.IsOk)
        {
            effects.Tell($"{Name} refuses {Cast.Server(resident)}'s template for {Short(user)}'s {membership}: {validated.Error!.Rule.Token()}");
            effects.Add(new Attempt(Index, user, roomId, membership, resident, validated.Rule, false, validated.Error.Message) { Entitled = _world.EntitledAt(resident, user, roomId, membership) });
            return;
        }
        var signed = JoinTemplate.Complete(validated.Value!, Name, Key, _world.Tick());
        if (!signed.IsOk)
        {
            effects.Add(new Attempt(Index, user, roomId, membership, resident, signed.Rule, false, signed.Error!.Message));
            return;
        }
        effects.Add(new Offer(Index, resident, user, roomId, membership, signed.Value!));
        effects.Tell($"{Cast.Server(resident)} offers {Short(user)} a {membership} template; {Name} signs {World.Describe(signed.Value!)}");
        _world.Wait(new PendingHandshake(0, Index, user, roomId, membership, resident, signed.Value!, omitMembers));
    }

    /// <summary>send_*: the second request of a handshake, and what the answer does here.</summary>
    internal void Submit(PendingHandshake handshake, StepEffects effects)
    {
        var (user, roomId, membership, resident) = (handshake.User, handshake.RoomId, handshake.Membership, handshake.Resident);
        if (!_world.Reachable(Index, resident))
        {
            effects.Tell($"{Name} cannot reach {Cast.Server(resident)} to send {Short(user)}'s {membership}");
            effects.Add(new Attempt(Index, user, roomId, membership, resident, DanceRule.SendJoinUnknownRoom, false, "unreachable"));
            return;
        }
        var answer = _world.Server(resident).AnswerSend(Name, handshake.Signed, effects, handshake.OmitMembers);
        if (answer.Error is { } refused)
        {
            effects.Tell($"{Cast.Server(resident)} refuses {Short(user)}'s {membership}: {refused.Rule.Token()}{(refused.AuthRule is { } r ? " (" + Reference.Errors.WireToken.Of(r) + ")" : "")}");
            effects.Add(new Attempt(Index, user, roomId, membership, resident, refused.Rule, false, refused.Message) { Entitled = _world.EntitledAt(resident, user, roomId, membership, handshake.Signed) });
            return;
        }
        if (membership == MembershipValues.Join)
        {
            var applied = SendJoinResponses.Apply(Resident, _world.Version, handshake.Signed, answer.Body!, Cast.Server(resident), _world.Verify);
            if (!applied.IsOk)
            {
                effects.Tell($"{Name} refuses {Cast.Server(resident)}'s send_join answer: {applied.Error!.Rule.Token()}");
                effects.Add(new Attempt(Index, user, roomId, membership, resident, applied.Rule, false, applied.Error.Message) { Entitled = _world.EntitledAt(resident, user, roomId, membership, handshake.Signed) });
                return;
            }
            Resident = applied.Value!.Server;
            TookStateFrom(resident, roomId);
            var room = Room(roomId)!;
            foreach (var held in room.Held.Values) effects.Add(new Taken(Index, roomId, held, held.Status == Reference.Rooms.EventStatus.Outlier ? Arrival.Fetched : Arrival.JoinAnswer, resident));
            ForgetInvite(user, roomId);
            effects.Tell($"{Short(user)} joins through {Cast.Server(resident)}; {Name} now holds the room ({room.Count} events{(room.IsPartialState ? ", members omitted: a partial state to resync" : "")})");
            if (room.IsPartialState) _world.WaitForResync(Index, roomId);
        }
        else
        {
            // A leave or knock through a resident: this server is not in the room; it learns of the outcome only.
            if (membership == MembershipValues.Leave) ForgetInvite(user, roomId);
            effects.Tell($"{Short(user)}'s {membership} is accepted by {Cast.Server(resident)}");
        }
        effects.Add(new Attempt(Index, user, roomId, membership, resident, answer.Rule, true, "accepted"));
    }

    /// <summary>This server answering make_join, make_knock or make_leave.</summary>
    internal EndpointResult<TemplateResponse> AnswerMake(string origin, string roomId, string user, string membership, StepEffects effects)
    {
        var acl = RequestArrives(roomId, origin);
        var answer = AnswerMakeAsServer(origin, roomId, user, membership);
        Answered(effects, acl, origin, roomId, "make_" + membership, answer.IsOk ? null : answer.Error);
        return answer;
    }

    private EndpointResult<TemplateResponse> AnswerMakeAsServer(string origin, string roomId, string user, string membership)
    {
        if (Strategy == Adversary.MaliciousTemplate && Room(roomId) is { } room && IsResidentIn(roomId))
        {
            return MaliciousTemplate(room, user);
        }
        var now = _world.Tick();
        return membership switch
        {
            MembershipValues.Join when Fault is { AnyAuthoriser: true } => AnyAuthoriserTemplate(MakeJoin.Handle(Resident, new MakeJoinRequest(origin, roomId, user, AllVersions), now), roomId, user),
            MembershipValues.Join => MakeJoin.Handle(Resident, new MakeJoinRequest(origin, roomId, user, AllVersions), now),
            MembershipValues.Knock => MakeKnock.Handle(Resident, new MakeKnockRequest(origin, roomId, user, AllVersions), now),
            _ => MakeLeave.Handle(Resident, new MakeLeaveRequest(origin, roomId, user), now),
        };
    }

    /// <summary>The answer of a send_* endpoint: its rule, the body, or the refusal.</summary>
    internal sealed record SendAnswer(DanceRule Rule, JsonObject? Body, MatrixError? Error);

    /// <summary>This server answering send_join, send_knock or send_leave, and sending the event on to the room when it takes it.</summary>
    internal SendAnswer AnswerSend(string origin, Pdu signed, StepEffects effects, bool omitMembers = false) =>
        AnswerSend(origin, signed.RoomId.Value, signed.Membership ?? "", signed, effects, omitMembers);

    /// <summary>
    /// This server answering the send_* endpoint of <paramref name="membership"/> (join, knock or leave) for the room
    /// <paramref name="roomId"/> the path names, with <paramref name="signed"/> as the body.
    /// </summary>
    internal SendAnswer AnswerSend(string origin, string roomId, string membership, Pdu signed, StepEffects effects, bool omitMembers = false)
    {
        var acl = RequestArrives(roomId, origin);
        var answer = AnswerSendAsReference(origin, roomId, membership, signed, effects, omitMembers);
        if (answer.Error is { } refused && Fault is not null && SubmitAsFaulty(origin, roomId, signed, refused, effects) is { } taken) answer = taken;
        Answered(effects, acl, origin, roomId, "send_" + membership, answer.Error);
        return answer;
    }

    private SendAnswer AnswerSendAsReference(string origin, string roomId, string membership, Pdu signed, StepEffects effects, bool omitMembers)
    {
        var current = Room(roomId)?.State;
        if (membership == MembershipValues.Join)
        {
            var result = SendJoin.Handle(Resident, new SendJoinRequest(origin, roomId, signed.EventId.Value, signed.Json, omitMembers ? "true" : null), Signer(roomId, effects));
            if (!result.IsOk) return new SendAnswer(result.Rule, null, result.Error);
            var accepted = result.Value!;
            Resident = accepted.Server;
            effects.Add(new Taken(Index, roomId, accepted.Room.Find(accepted.Join.EventId)!, Arrival.Handshake, Cast.ServerIndex(origin)) { CurrentBefore = current });
            var joiner = Cast.ServerIndex(origin);
            if (Strategy != Adversary.WithheldJoin) _world.Broadcast(Index, accepted.Room, accepted.Join);
            else effects.Add(new AttackMove(Index, Adversary.WithheldJoin, joiner, roomId, accepted.Join.EventId.Value, [], null));
            var body = accepted.Response.ToJson();
            if (Strategy == Adversary.PartialStateAnswer)
            {
                (body, var omitted) = PartialState(accepted, body);
                effects.Add(new AttackMove(Index, Adversary.PartialStateAnswer, joiner, roomId, accepted.Join.EventId.Value, omitted, null));
            }
            if (Strategy == Adversary.ResolutionProbes) body = body.With("state", JsonValue.Array(Stale(accepted.Room, ((body["state"] as JsonArray) ?? JsonArray.Empty).OfType<JsonObject>())));
            return new SendAnswer(result.Rule, body, null);
        }
        var answer = membership == MembershipValues.Knock
            ? SendKnock.Handle(Resident, new SendKnockRequest(origin, roomId, signed.EventId.Value, signed.Json), Signer(roomId, effects))
            : SendLeave.Handle(Resident, new SendLeaveRequest(origin, roomId, signed.EventId.Value, signed.Json), Signer(roomId, effects));
        if (!answer.IsOk) return new SendAnswer(answer.Rule, null, answer.Error);
        Resident = answer.Value!.Server;
        effects.Add(new Taken(Index, roomId, answer.Value.Room.Find(answer.Value.Event.EventId)!, Arrival.Handshake, Cast.ServerIndex(origin)) { CurrentBefore = current });
        _world.Broadcast(Index, answer.Value.Room, answer.Value.Event);
        return new SendAnswer(answer.Rule, answer.Value.ResponseBody, null);
    }
}
