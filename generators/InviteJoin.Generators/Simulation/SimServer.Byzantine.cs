using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

public sealed partial class SimServer
{
    /// <summary>
    /// What a Byzantine server does when a step gives it the turn: the move its strategy adds to what an honest
    /// server can do. <paramref name="b"/> and <paramref name="c"/> pick the user, room and target.
    /// </summary>
    internal void Misbehave(int b, int c, StepEffects effects)
    {
        var user = Users[(int)((uint)b % (uint)Users.Length)];
        var roomId = _world.Rooms[(int)((uint)b / (uint)Users.Length % (uint)_world.Rooms.Length)];
        if (Strategy is { } strategy && SeedAttacks.All.Contains(strategy) && !IsJoined(roomId, user))
        {
            // The attacks of spec/dance.md need the attacker in the room (or, for A3, its invited user coming back):
            // a user not joined tries to join, so that schedules reach the attack's move.
            JoinThroughAnother(user, roomId, c, effects);
            return;
        }
        switch (Strategy)
        {
            case Adversary.ForgedInvite:
                ForgeInvite(user, roomId, TargetUser(c), effects);
                break;
            case Adversary.HiddenInvite:
                SendInvite(user, roomId, TargetUser(c), effects);
                break;
            case Adversary.Equivocation:
                if (IsJoined(roomId, user)) Equivocate(user, roomId, c, effects);
                else Act(user, roomId, c, effects);
                break;
            case Adversary.Replay:
                ReplayOld(roomId, c, effects);
                break;
            case Adversary.FailingEvents:
                SendFailing(user, roomId, c, effects);
                break;
            case Adversary.HiddenFork:
                if (IsJoined(roomId, user) && (c & 1) == 1) RevealFork(roomId, effects);
                else Act(user, roomId, c >> 1, effects);
                break;
            case Adversary.ResolutionProbes:
            {
                // It probes with any of its users in the room, and joins the room first (at once) when it has none there.
                var member = Users.FirstOrDefault(u => IsJoined(roomId, u));
                if ((c & 3) == 0) Act(user, roomId, c >> 2, effects);
                else if (member is not null) ProbeResolution(member, roomId, c >> 2, effects);
                else
                {
                    Join(user, roomId, 0, omitMembers: false, effects);
                    _world.Hasten(Index, effects);
                }
                break;
            }
            case Adversary.PolicyEvasion:
                EvadePolicy(user, roomId, c, effects);
                break;
            case Adversary.OmittedBan:
                InviteTheBanned(user, roomId, c, effects);
                break;
            case Adversary.LyingStrippedState:
                LyingInvite(user, roomId, TargetUser(c >> 1), consistent: (c & 1) == 1, effects);
                break;
            case Adversary.WithheldJoin:
            case Adversary.PartialStateAnswer:
                // T1, T2 lie to those who join through them: inviting draws joiners, whom /invite sends to the inviter.
                if ((c & 1) == 1) SendInvite(user, roomId, TargetUser(c >> 1), effects);
                else Act(user, roomId, c >> 1, effects);
                break;
            default:
                // Strategies that lie in their answers act like any server when it is their turn.
                Act(user, roomId, c, effects);
                break;
        }
    }

    // A1: the invite goes into the room without the invitee's server ever seeing it, and to every server but that one.
    private void ForgeInvite(string user, string roomId, string target, StepEffects effects)
    {
        var to = World.ServerOfUser(target);
        if (to == Index) return;
        var built = OutgoingInvites.Build(Resident, roomId, user, target, _world.Tick());
        if (!built.IsOk) return;
        var invite = built.Value!.Event;
        Resident = Resident.With(Room(roomId)!.Accept(invite));
        var room = Room(roomId)!;
        effects.Tell($"{Short(user)} on {Name} forges an invite of {Short(target)} that {Cast.Server(to)} never countersigned: {World.Describe(invite)}");
        effects.Add(new AttackMove(Index, Adversary.ForgedInvite, to, roomId, invite.EventId.Value, [], null));
        foreach (var server in room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != to)) _world.Send(Index, server, invite);
    }

    /// <summary>The room name A4's lying stripped state gives.</summary>
    internal const string LyingRoomName = "Totally official room";

    // A4: an invite whose stripped state says the room is public and names it falsely: either as bare stripped
    // events, or (consistent) as the room's create event and full PDUs of the room that this server signs but never
    // sends to the room.
    private void LyingInvite(string user, string roomId, string target, bool consistent, StepEffects effects)
    {
        var to = World.ServerOfUser(target);
        if (to == Index || !_world.Reachable(Index, to)) return;
        var built = OutgoingInvites.Build(Resident, roomId, user, target, _world.Tick());
        if (!built.IsOk) return;
        var invite = built.Value!;
        var room = Room(roomId)!;
        var rules = JsonValue.Object(("join_rule", JsonValue.String(JoinRuleValues.Public)));
        var name = JsonValue.Object(("name", JsonValue.String(LyingRoomName)));
        JsonArray lie;
        if (consistent && room.Create is { } create && Craft(room, user, EventTypes.JoinRules, "", rules) is { } fakeRules && Craft(room, user, EventTypes.Name, "", name) is { } fakeName)
        {
            lie = JsonValue.Array(create.Json, fakeRules.Json, fakeName.Json);
        }
        else
        {
            lie = JsonValue.Array(
                JsonValue.Object(("type", JsonValue.String(EventTypes.JoinRules)), ("state_key", JsonValue.String("")), ("sender", JsonValue.String(user)), ("content", rules)),
                JsonValue.Object(("type", JsonValue.String(EventTypes.Name)), ("state_key", JsonValue.String("")), ("sender", JsonValue.String(user)), ("content", name)));
        }
        var body = ((JsonObject)invite.Request.Body).With("invite_room_state", lie);
        var answer = _world.Server(to).AnswerInvite(invite.Request with { Body = body }, effects);
        effects.Tell($"{Short(user)} on {Name} invites {Short(target)} with stripped state that lies{(consistent ? " consistently" : "")}: {(answer.IsOk ? "countersigned" : answer.Error!.Rule.Token())}");
        // The invitee's server refused the invite, or left every lying entry out (with a warning), or kept the lie.
        var kept = answer.IsOk && answer.Value!.StrippedState.Any(e => e["content"] is JsonObject content && content["name"] is JsonString { Value: LyingRoomName });
        var refusal = !answer.IsOk ? answer.Rule : kept ? (DanceRule?)null : answer.Value!.Warnings.Select(w => (DanceRule?)w.Rule).FirstOrDefault() ?? answer.Rule;
        effects.Add(new AttackMove(Index, Adversary.LyingStrippedState, to, roomId, invite.Event.EventId.Value, [], refusal));
        if (!answer.IsOk) return;
        var accepted = OutgoingInvites.AcceptResponse(Resident, invite with { Request = invite.Request with { Body = body } }, answer.Value!.ToJson());
        if (!accepted.IsOk) return;
        TakeInvite(roomId, user, target, accepted.Value!.Event, effects, accepted.Value.Server);
    }

    // Two different events on the same prev events: one to half of the room's servers, the other to the rest.
    private void Equivocate(string user, string roomId, int choice, StepEffects effects)
    {
        var room = Room(roomId)!;
        var first = Craft(room, user, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("one " + choice))));
        var second = Craft(room, user, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("two " + choice))));
        if (first is null || second is null) return;
        Resident = Resident.With(room.Accept(first));
        var servers = room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != Index).ToList();
        for (var i = 0; i < servers.Count; i++) _world.Send(Index, servers[i], i % 2 == 0 ? first : second);
        effects.Tell($"{Short(user)} on {Name} equivocates: {World.Describe(first)} to some, {World.Describe(second)} to others, on the same prev events");
    }

    // An old event sent again to every server in the room.
    private void ReplayOld(string roomId, int choice, StepEffects effects)
    {
        if (Room(roomId) is not { } room || room.Count == 0) return;
        var old = room.Held.Values.OrderBy(h => h.Order).ElementAt((int)((uint)choice % (uint)room.Count)).Pdu;
        var servers = room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != Index);
        foreach (var server in servers) _world.Send(Index, server, old);
        effects.Tell($"{Name} replays {World.Describe(old)}");
    }

    // Reveals the fork it kept to itself: its newest event goes to every server, which must fetch the rest.
    private void RevealFork(string roomId, StepEffects effects)
    {
        var room = Room(roomId)!;
        foreach (var tip in room.ForwardExtremities)
        {
            var pdu = room.Get(tip.Value)!;
            foreach (var server in room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != Index)) _world.Send(Index, server, pdu);
            effects.Tell($"{Name} reveals its hidden fork with {World.Describe(pdu)}");
        }
    }

    /// <summary>The kinds of event that fail the authorisation rules (or a check before them) which <see cref="SendFailing"/> probes with.</summary>
    private static readonly Probe[] Probes = Enum.GetValues<Probe>();

    private enum Probe
    {
        JoinUninvited,
        SelfPromotion,
        BanWithoutPower,
        RestrictedJoinWithoutAuthoriser,
        KnockUnderAnyRule,
        StateBeforeJoining,
        ForeignAuthEvent,
        DuplicateAuthEvent,
        UnsignedBySender,
        TamperedContent,
        OthersJoinThroughSendJoin,
        OtherRoomThroughSendJoin,
        MessageThroughSendJoin,
        ForgedAuthChain,
    }

    // Events that fail the authorisation rules (or the checks before them), each built as a server that does not
    // care would build it, signed by this server, and sent to every server it knows in the room — or, for the
    // send_* probes, submitted to a resident. A prober that is not in the room joins it first, as anyone may; its
    // probes are built on its own copy of the room, with its joined user where the probe needs a member and
    // another of its users where it needs an outsider.
    private void SendFailing(string user, string roomId, int choice, StepEffects effects)
    {
        var probes = Probes;
        var probe = probes[(int)((uint)choice % (uint)probes.Length)];
        var room = Room(roomId);
        var member = Users.FirstOrDefault(u => IsJoined(roomId, u));
        if (member is null && (choice / probes.Length) % 2 == 0)
        {
            Join(user, roomId, (int)((uint)(choice / probes.Length / 2) % (uint)_world.Config.Servers), omitMembers: false, effects);
            _world.Hasten(Index, effects);
            return;
        }
        if (room is null)
        {
            // Not in the room: it knows the room's start from the creator's create event, as anyone could.
            if (!_world.Creates.TryGetValue(roomId, out var create)) return;
            room = Reference.Rooms.Room.Start(_world.Version, create);
        }
        var joined = member ?? user;
        var outsider = Users.FirstOrDefault(u => !IsJoined(roomId, u)) ?? user;
        var other = _world.Rooms.FirstOrDefault(r => r != roomId);
        var message = JsonValue.Object(("body", JsonValue.String("x")));
        Pdu? pdu = probe switch
        {
            Probe.JoinUninvited => Craft(room, outsider, EventTypes.Member, outsider, Membership(MembershipValues.Join)),
            Probe.SelfPromotion => Craft(room, joined, EventTypes.PowerLevels, "",
                (room.State.PowerLevels?.Content ?? JsonObject.Empty).With("users", ((room.State.PowerLevels?.Content["users"] as JsonObject) ?? JsonObject.Empty).With(joined, JsonValue.Number(100)))),
            Probe.BanWithoutPower => Craft(room, joined, EventTypes.Member, Cast.User(0, 0), Membership(MembershipValues.Ban)),
            Probe.RestrictedJoinWithoutAuthoriser => Craft(room, outsider, EventTypes.Member, outsider, Membership(MembershipValues.Join)),
            Probe.KnockUnderAnyRule => _world.Version.Knocking ? Craft(room, outsider, EventTypes.Member, outsider, Membership(MembershipValues.Knock)) : null,
            Probe.StateBeforeJoining => Craft(room, outsider, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("mine")))),
            // Another room's power levels in place of this room's.
            Probe.ForeignAuthEvent => other is not null && Room(other) is { } otherRoom && otherRoom.State.PowerLevels is { } foreign
                ? Craft(room, joined, EventTypes.Message, null, message, t => t.With("auth_events", ReplaceReference(room, t, foreign)))
                : null,
            Probe.DuplicateAuthEvent => Craft(room, joined, EventTypes.Message, null, message,
                t => t["auth_events"] is JsonArray a && a.Count > 0 ? t.With("auth_events", JsonValue.Array(a.Append(a[0]))) : t),
            Probe.UnsignedBySender => Craft(room, Cast.User(0, 1), EventTypes.Message, null, message),
            Probe.TamperedContent => Craft(room, joined, EventTypes.Message, null, message) is { } good ? Tampered(good) : null,
            _ => null,
        };
        if (pdu is not null)
        {
            foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, pdu);
            effects.Tell($"{Name} sends a probe ({probe}): {World.Describe(pdu)}");
            return;
        }
        switch (probe)
        {
            case Probe.OthersJoinThroughSendJoin:
            {
                // B20: a join of another server's user, signed by this server alone.
                var target = TargetUser(choice / probes.Length);
                if (World.ServerOfUser(target) == Index || room.MembershipOf(target) == MembershipValues.Join) return;
                Submit(probe, room, roomId, MembershipValues.Join, Craft(room, target, EventTypes.Member, target, Membership(MembershipValues.Join)), choice / probes.Length, effects);
                return;
            }
            case Probe.OtherRoomThroughSendJoin:
                // B21: a join built on this room, naming another room as its own, sent to this room's send_join.
                if (other is null) return;
                Submit(probe, room, roomId, MembershipValues.Join,
                    Craft(room, outsider, EventTypes.Member, outsider, Membership(MembershipValues.Join), t => t.With("room_id", JsonValue.String(other))), choice / probes.Length, effects);
                return;
            case Probe.MessageThroughSendJoin:
                // B22: a message of a member, sent to send_join.
                if (member is null) return;
                Submit(probe, room, roomId, MembershipValues.Join, Craft(room, member, EventTypes.Message, null, message), choice / probes.Length, effects);
                return;
            case Probe.ForgedAuthChain:
                ForgeAuthChain(room, roomId, member, effects);
                return;
            default:
                return;
        }
    }

    // B16's sender: a member invites a banned user of another server with no membership of that user among the invite's auth
    // events, and sends the invite to every server. A server that knows the ban rejects it (the state before the invite
    // says banned); one holding a partial state, whose join answer omitted the members, finds no membership of the user in
    // the state its auth events complete, and accepts it — until its resync judges it again against the full state. With
    // no banned user yet, a member with the power to ban bans one (in half the fault-finding federations every server's
    // first user can); a user not in the room joins it.
    private void InviteTheBanned(string user, string roomId, int choice, StepEffects effects)
    {
        if (!IsJoined(roomId, user))
        {
            JoinThroughAnother(user, roomId, choice, effects);
            return;
        }
        var room = Room(roomId)!;
        var banned = room.State.Events.Values
            .Where(e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Ban && e.StateKey is { } target && World.ServerOfUser(target) != Index)
            .Select(e => e.StateKey!)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (banned.Count == 0)
        {
            var target = TargetUser(choice);
            if (World.ServerOfUser(target) == Index || room.MembershipOf(target) is MembershipValues.Ban) return;
            Local(roomId, user, EventTypes.Member, target, Membership(MembershipValues.Ban), effects);
            return;
        }
        var invitee = banned[(int)((uint)choice % (uint)banned.Count)];
        var invite = Craft(room, user, EventTypes.Member, invitee, Membership(MembershipValues.Invite), t => t.With("auth_events", WithoutMembershipOf(room, t, invitee)));
        if (invite is null) return;
        foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, invite);
        effects.Tell($"{Short(user)} on {Name} invites the banned {Short(invitee)}, citing no membership of theirs: {World.Describe(invite)}");
    }

    // A join of user through another server, which choice picks, with the full state.
    private void JoinThroughAnother(string user, string roomId, int choice, StepEffects effects)
    {
        var others = Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index).ToList();
        Join(user, roomId, others[(int)((uint)choice % (uint)others.Count)], omitMembers: false, effects);
    }

    // The template's auth events without the member event of <paramref name="userId"/>.
    private static JsonArray WithoutMembershipOf(Room room, JsonObject template, string userId) =>
        JsonValue.Array(((template["auth_events"] as JsonArray) ?? JsonArray.Empty).Where(value =>
        {
            var id = value is JsonString s ? s.Value : value is JsonArray pair && pair.Count > 0 && pair[0] is JsonString p ? p.Value : null;
            return id is null || room.Get(id) is not { } cited || cited.Type != EventTypes.Member || cited.StateKey != userId;
        }));

    // A send_* request of a probe, to one of the residents this server knows of.
    private void Submit(Probe probe, Room room, string roomId, string endpoint, Pdu? pdu, int choice, StepEffects effects)
    {
        if (pdu is null) return;
        var residents = room.JoinedServers().Select(Cast.ServerIndex).Where(s => s >= 0 && s != Index && _world.Reachable(Index, s)).ToList();
        if (residents.Count == 0) return;
        var resident = residents[(int)((uint)choice % (uint)residents.Count)];
        var answer = _world.Server(resident).AnswerSend(Name, roomId, endpoint, pdu, effects);
        effects.Tell($"{Name} submits a probe ({probe}) to {Cast.Server(resident)}'s send_{endpoint}: {World.Describe(pdu)}: {answer.Rule.Token()}");
    }

    // B33: power levels "by" the room's creator, signed by this server alone, raising its member to 100; then the
    // member's topic citing them. A receiver lacks the forged auth event and fetches it from this server.
    private void ForgeAuthChain(Room room, string roomId, string? member, StepEffects effects)
    {
        if (member is null || Room(roomId) is not { } own || room.State.PowerLevels is not { } levels) return;
        var users = (levels.Content["users"] as JsonObject ?? JsonObject.Empty).With(member, JsonValue.Number(100));
        var forged = Craft(room, Cast.User(0, 0), EventTypes.PowerLevels, "", levels.Content.With("users", users));
        if (forged is null) return;
        var topic = Craft(room, member, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("forged"))),
            t => t.With("auth_events", ReplaceReference(room, t, forged)));
        if (topic is null) return;
        Resident = Resident.With(own.WithOutlier(forged).WithOutlier(topic));
        foreach (var server in Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index)) _world.Send(Index, server, topic);
        effects.Tell($"{Name} sends a probe ({Probe.ForgedAuthChain}): {World.Describe(topic)}, citing forged {World.Describe(forged)}");
    }

    // The template's auth events with the one of the same key as <paramref name="replacement"/> replaced by it (or it added).
    private static JsonArray ReplaceReference(Room room, JsonObject template, Pdu replacement)
    {
        var existing = template["auth_events"] as JsonArray ?? JsonArray.Empty;
        var kept = existing.Where(value =>
        {
            var id = value is JsonString s ? s.Value : value is JsonArray pair && pair.Count > 0 && pair[0] is JsonString p ? p.Value : null;
            return id is null || room.Get(id) is not { } cited || cited.Type != replacement.Type || cited.StateKey != replacement.StateKey;
        });
        return JsonValue.Array(kept.Concat(EventTemplates.References(room, [replacement.EventId])));
    }

    private Pdu? Tampered(Pdu good)
    {
        var json = good.Json.With("content", good.Content.With("body", JsonValue.String("tampered")));
        var parsed = PduParser.Parse(json, _world.Version.Format, PduParseOptions.Federation);
        return parsed.IsOk ? parsed.Value : null;
    }

    /// <summary>
    /// An event of <paramref name="sender"/> built on the room's forward extremities with the auth events the
    /// selection picks, signed by this server whoever the sender is, never checked: what a server that does not
    /// care sends. Null when it makes no PDU.
    /// </summary>
    internal Pdu? Craft(Room room, string sender, string type, string? stateKey, JsonObject content, Func<JsonObject, JsonObject>? edit = null)
    {
        var template = EventTemplates.Build(room, type, stateKey, sender, content, Name, _world.Tick());
        if (edit is not null) template = edit(template);
        var signed = EventCompletion.Complete(template, _world.Version, Name, Key, _world.Tick());
        var parsed = PduParser.Parse(signed, _world.Version.Format, PduParseOptions.Federation);
        return parsed.IsOk ? parsed.Value : null;
    }

    // B23: a power-levels event making this server's first user all-powerful, offered as a membership template.
    private EndpointResult<TemplateResponse> MaliciousTemplate(Room room, string user)
    {
        var levels = (room.State.PowerLevels?.Content ?? JsonObject.Empty)
            .With("users", JsonValue.Object((Users[0], JsonValue.Number(100)), (user, JsonValue.Number(100))));
        var template = EventTemplates.Build(room, EventTypes.PowerLevels, "", user, levels, Name, _world.Tick());
        return EndpointResult<TemplateResponse>.Ok(DanceRule.MakeJoinIssued, new TemplateResponse(_world.Version.Id, template));
    }

    // T2: the send_join answer without the members nothing in it cites, naming only this server in servers_in_room;
    // also the state keys of the members it left out.
    private (JsonObject Body, ImmutableArray<string> Omitted) PartialState(SendJoinAccepted accepted, JsonObject body)
    {
        var cited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in ((body["state"] as JsonArray) ?? JsonArray.Empty).Append(accepted.Join.Json).OfType<JsonObject>())
        {
            if (json["auth_events"] is JsonArray auth)
            {
                foreach (var a in auth) cited.Add(a is JsonString s ? s.Value : a is JsonArray pair && pair.Count > 0 && pair[0] is JsonString p ? p.Value : "");
            }
        }
        bool Keep(JsonValue value)
        {
            if (value is not JsonObject e || e["type"] is not JsonString { Value: EventTypes.Member }) return true;
            var parsed = PduParser.Parse(e, _world.Version.Format, PduParseOptions.Federation);
            return parsed.IsOk && (cited.Contains(parsed.Value.EventId.Value) || World.ServerOfUser(parsed.Value.StateKey ?? "") == Index);
        }
        var omitted = ((body["state"] as JsonArray) ?? JsonArray.Empty)
            .Where(e => !Keep(e)).OfType<JsonObject>().Select(e => (e["state_key"] as JsonString)?.Value ?? "").Order(StringComparer.Ordinal).ToImmutableArray();
        var partial = body
            .With("state", JsonValue.Array(((body["state"] as JsonArray) ?? JsonArray.Empty).Where(Keep)))
            .With("auth_chain", JsonValue.Array(((body["auth_chain"] as JsonArray) ?? JsonArray.Empty).Where(Keep)))
            .With("servers_in_room", JsonValue.Array(JsonValue.String(Name)));
        return (partial, omitted);
    }
}
