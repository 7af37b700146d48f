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
            var others = Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index).ToList();
            Join(user, roomId, others[(int)((uint)c % (uint)others.Count)], omitMembers: false, effects);
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

    /// <summary>The kinds of event that fail the authorisation rules which <see cref="SendFailing"/> probes with.</summary>
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
    }

    // Events that fail the authorisation rules (or the checks before them), each built as a server that does not
    // care would build it, signed by this server, and sent to every server it knows in the room.
    private void SendFailing(string user, string roomId, int choice, StepEffects effects)
    {
        var probes = Enum.GetValues<Probe>();
        var probe = probes[(int)((uint)choice % (uint)probes.Length)];
        var room = Room(roomId);
        if (room is null)
        {
            // Not in the room: it knows the room's start from the creator's create event, as anyone could.
            if (!_world.Creates.TryGetValue(roomId, out var create)) return;
            room = Reference.Rooms.Room.Start(_world.Version, create);
        }
        var other = _world.Rooms.FirstOrDefault(r => r != roomId);
        Pdu? pdu = probe switch
        {
            Probe.JoinUninvited => Craft(room, user, EventTypes.Member, user, Membership(MembershipValues.Join)),
            Probe.SelfPromotion => Craft(room, user, EventTypes.PowerLevels, "",
                (room.State.PowerLevels?.Content ?? JsonObject.Empty).With("users", ((room.State.PowerLevels?.Content["users"] as JsonObject) ?? JsonObject.Empty).With(user, JsonValue.Number(100)))),
            Probe.BanWithoutPower => Craft(room, user, EventTypes.Member, Cast.User(0, 0), Membership(MembershipValues.Ban)),
            Probe.RestrictedJoinWithoutAuthoriser => Craft(room, user, EventTypes.Member, user, Membership(MembershipValues.Join)),
            Probe.KnockUnderAnyRule => _world.Version.Knocking ? Craft(room, user, EventTypes.Member, user, Membership(MembershipValues.Knock)) : null,
            Probe.StateBeforeJoining => Craft(room, user, EventTypes.Topic, "", JsonValue.Object(("topic", JsonValue.String("mine")))),
            Probe.ForeignAuthEvent => other is not null && Room(other) is { } otherRoom && otherRoom.State.PowerLevels is { } foreign
                ? Craft(room, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("x"))), t => t.With("auth_events", AppendReference(room, t, foreign)))
                : null,
            Probe.DuplicateAuthEvent => Craft(room, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("x"))),
                t => t["auth_events"] is JsonArray a && a.Count > 0 ? t.With("auth_events", JsonValue.Array(a.Append(a[0]))) : t),
            Probe.UnsignedBySender => Craft(room, Cast.User(0, 1), EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("x")))),
            Probe.TamperedContent => Craft(room, user, EventTypes.Message, null, JsonValue.Object(("body", JsonValue.String("x")))) is { } good
                ? Tampered(good)
                : null,
            _ => null,
        };
        if (pdu is null) return;
        var targets = Enumerable.Range(0, _world.Config.Servers).Where(s => s != Index).ToList();
        foreach (var server in targets) _world.Send(Index, server, pdu);
        effects.Tell($"{Name} sends a probe ({probe}): {World.Describe(pdu)}");
    }

    private static JsonArray AppendReference(Room room, JsonObject template, Pdu foreign)
    {
        var existing = template["auth_events"] as JsonArray ?? JsonArray.Empty;
        var reference = EventTemplates.References(room, [foreign.EventId]);
        return JsonValue.Array(existing.Concat(reference));
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
