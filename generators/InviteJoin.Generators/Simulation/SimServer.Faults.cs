using System.Collections.Immutable;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// What a server running a planted fault (<see cref="PlantedFault"/>) does where it departs from the reference: each
/// method is one departure, built from the reference's lower-level pieces, and is called only when the server's fault
/// asks for it. An honest server never reaches this file.
/// </summary>
public sealed partial class SimServer
{
    /// <summary>
    /// Receives a PDU of a transaction: the reference's receipt, except where the fault decides otherwise — an
    /// auth event held in another room counts as held (B17), a rejection by a rule the fault lacks becomes an
    /// acceptance, and an invite the fault misreads the power levels for becomes a rejection (B12).
    /// </summary>
    private PduReceipt ReceiveAsFaulty(JsonObject json, string origin)
    {
        var fault = Fault!;
        var server = fault.OneEventStore ? WithForeignAuthEvents(Resident, json) : Resident;
        var receipt = Transactions.Receive(server, json, origin, _world.Verify);
        if (receipt.Event is not { } pdu || server.Room(pdu.RoomId.Value) is not { } before) return receipt;
        if (receipt.Outcome is DanceRule.TransactionRejected or DanceRule.TransactionSoftFailed
            && receipt.AuthRule is { } rule && fault.IgnoredRules.Contains(rule))
        {
            return receipt with { Outcome = DanceRule.TransactionAccepted, Server = server.With(before.Accept(pdu)) };
        }
        if (receipt.Outcome == DanceRule.TransactionAccepted && receipt.Server.Room(pdu.RoomId.Value)!.StateBefore(pdu.EventId) is { } state
            && MisreadsInviteLevel(pdu, state))
        {
            // It keeps the invite as rejected, without a state of its own (it cannot say which state it rejected it in).
            return receipt with { Outcome = DanceRule.TransactionRejected, Server = server.With(before.WithOutlier(pdu, rejected: true)), AuthRule = Rule.MemberInviteInsufficientPower };
        }
        return receipt;
    }

    // B17: the event's auth events this room lacks but another room of the server holds, as outliers of this room.
    private static ResidentServer WithForeignAuthEvents(ResidentServer server, JsonObject json)
    {
        if (json["room_id"] is not JsonString roomId || server.Room(roomId.Value) is not { } room) return server;
        var parsed = PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation);
        if (!parsed.IsOk) return server;
        foreach (var id in parsed.Value.AuthEventsWithImpliedCreate.Where(id => !room.Knows(id)))
        {
            var foreign = server.Rooms.Values.Select(r => r.Get(id.Value)).OfType<Pdu>().FirstOrDefault();
            if (foreign is not null) room = room.WithOutlier(foreign);
        }
        return server.With(room);
    }

    /// <summary>B12: true when <paramref name="pdu"/> is an invite whose sender is below the invite level the fault reads from <paramref name="state"/>.</summary>
    private bool MisreadsInviteLevel(Pdu pdu, AuthState state)
    {
        if (Fault?.InviteLevelWhenAbsent is not { } level || pdu.Type != EventTypes.Member || pdu.Membership != MembershipValues.Invite) return false;
        if (state.PowerLevels?.Content is { } content && content.ContainsKey("invite")) return false;
        return state.LevelsUnder(_world.Version).UserLevel(pdu.Sender.Value).CompareTo(PowerLevel.Of(level)) < 0;
    }

    /// <summary>B12: the faulty server's refusal of its own user's invite, which it misjudges against its current state; null when it lets it through.</summary>
    private string? RefusesOwnInvite(string roomId, string user)
    {
        if (Fault?.InviteLevelWhenAbsent is null || Room(roomId) is not { } room) return null;
        var probe = Craft(room, user, EventTypes.Member, user, Membership(MembershipValues.Invite));
        return probe is not null && MisreadsInviteLevel(probe, room.State) ? "the power levels name no invite level, which it reads as " + Fault.InviteLevelWhenAbsent : null;
    }

    /// <summary>B1, B2, B4–B7 (and B17, B21): every room the faulty server holds resolves states with the plain resolver, carrying the fault's bug if any.</summary>
    private ResidentServer WithFaultyResolver(ResidentServer resident)
    {
        if (Fault?.Resolution is not { } mutation) return resident;
        foreach (var room in resident.Rooms.Values)
        {
            if (room.Resolver is null) resident = resident.With(room.WithResolver(NaiveStateResolution.For(mutation)));
        }
        return resident;
    }

    /// <summary>
    /// B20–B22: a send_* request the reference refused with a rule the fault skips, taken anyway after the checks the
    /// fault keeps: the requesting server's signature and the content hash, prev events held, and the authorisation
    /// rules against the room the path names. Null when the fault does not skip that refusal.
    /// </summary>
    private SendAnswer? SubmitAsFaulty(string origin, string pathRoom, Pdu submitted, MatrixError refused, StepEffects effects)
    {
        if (Fault is not { } fault || !fault.IgnoredSubmissionRules.Contains(refused.Rule) || Room(pathRoom) is not { } room) return null;
        var parsed = PduParser.Parse(submitted.Json, room.Version.Format, PduParseOptions.Federation);
        if (!parsed.IsOk) return null;
        var pdu = parsed.Value;
        var keys = Resident.Keys.VerifyKeysFor(origin, pdu.OriginServerTs, pdu.Format.EnforceKeyValidity);
        if (!EventSigning.VerifySignature(pdu.Json, pdu.Format, origin, keys).IsValid) return null;
        if (EventSigning.ContentHashMatches(pdu) is not { IsOk: true, Value: true }) return null;
        if (pdu.PrevEvents.Any(id => !room.Knows(id))) return null;
        var outcome = room.Check(new InboundPdu(pdu, ReplacedByRedaction: false, VerifiedServers: [origin]), Resident.Keys);
        if (outcome is null) return null;
        if (outcome.Verdict != ReceiptVerdict.Accepted && !(outcome.Rule is { } rule && fault.IgnoredRules.Contains(rule))) return null;

        var after = room.Accept(pdu);
        Resident = Resident.With(after);
        effects.Add(new Taken(Index, pathRoom, after.Find(pdu.EventId)!, Arrival.Handshake, Cast.ServerIndex(origin)));
        effects.Tell($"{Name} takes {World.Describe(pdu)} from {origin} despite {refused.Rule.Token()}");
        _world.Broadcast(Index, after, pdu);
        var body = pdu.Type == EventTypes.Member && pdu.Membership == MembershipValues.Join
            ? JoinAnswer(room, pdu)
            : JsonObject.Empty;
        return new SendAnswer(DanceRule.SendJoinAccepted, body, null);
    }

    // The send_join answer the reference gives: the state before the join and its auth chain.
    private static JsonObject JoinAnswer(Room room, Pdu join)
    {
        var before = room.StateAt(join.PrevEvents) ?? room.State;
        var state = Reference.Rooms.Room.InStableOrder(before.Events.Values);
        var chain = room.AuthChain(state.Append(join));
        var servers = state.Where(e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Join && e.StateKey is not null)
            .Select(e => Cast.Server(World.ServerOfUser(e.StateKey!))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new SendJoinResponse([.. state.Select(e => e.Json)], [.. chain.Select(e => e.Json)], join.Json, false, [.. servers]).ToJson();
    }

    /// <summary>B23: the template as the resident gave it, completed and signed without any check; null when it makes no event.</summary>
    private Pdu? SignVerbatim(TemplateResponse template)
    {
        var signed = EventCompletion.Complete(template.Event, _world.Version, Name, Key, _world.Tick());
        var parsed = PduParser.Parse(signed, _world.Version.Format, PduParseOptions.Federation);
        return parsed.IsOk ? parsed.Value : null;
    }

    /// <summary>
    /// B28: the faulty server's own verdict on <paramref name="user"/>'s join of a room it holds a copy of but is not
    /// in: the rules against that copy's current state. The refusal's reason, or null when the copy allows the join.
    /// </summary>
    private string? RefusesOnStaleCopy(string user, string roomId, string membership)
    {
        if (Fault is not { StaleLocalPreCheck: true } || Room(roomId) is not { } room) return null;
        var probe = Craft(room, user, EventTypes.Member, user, Membership(membership));
        if (probe is null) return null;
        var decision = EventAuthorizer.AuthorizeAgainstState(probe, room.State, room.Version, room.AuthContextFor(Resident.Keys));
        return decision.Allowed ? null : "its own copy of the room says " + Reference.Errors.WireToken.Of(decision.Rule);
    }

    /// <summary>B30: the template of a restricted join, naming the first of this server's users as the authoriser whatever the room says of them.</summary>
    private EndpointResult<TemplateResponse> AnyAuthoriserTemplate(EndpointResult<TemplateResponse> answer, string roomId, string user)
    {
        if (Fault is not { AnyAuthoriser: true } || Room(roomId) is not { } room || !_world.Version.RestrictedJoins) return answer;
        if (answer.Rule is not (DanceRule.MakeJoinIssuedRestricted or DanceRule.MakeJoinRestrictedUnableToGrant)) return answer;
        var authoriser = Users.Order(StringComparer.Ordinal).First();
        var content = Membership(MembershipValues.Join).With(MemberContent.Authoriser, JsonValue.String(authoriser));
        var template = EventTemplates.Build(room, EventTypes.Member, user, user, content, Name, _world.Tick());
        return EndpointResult<TemplateResponse>.Ok(DanceRule.MakeJoinIssuedRestricted, new TemplateResponse(_world.Version.Id, template));
    }

    /// <summary>B31: true when one of this server's users was ever joined in the faulty server's copy of the room.</summary>
    private bool WasEverResident(Room room) =>
        room.Held.Values.Any(h => h.Status == EventStatus.Accepted && h.Pdu.Type == EventTypes.Member && h.Pdu.Membership == MembershipValues.Join
            && h.Pdu.StateKey is { } member && Users.Contains(member));

    /// <summary>
    /// B33: fetched events taken as outliers after parsing alone — no signature or hash check — then, as the reference
    /// does, each against its own auth events.
    /// </summary>
    private FetchedEvents TakeUnverified(string roomId, IEnumerable<JsonObject> events)
    {
        var outcomes = ImmutableArray.CreateBuilder<(string, DanceRule)>();
        if (Room(roomId) is not { } room) return new FetchedEvents(Resident, outcomes.ToImmutable());
        var parsed = events.Select(json => PduParser.Parse(json, room.Version.Format, PduParseOptions.Federation))
            .Where(p => p.IsOk && p.Value.RoomId.Value == roomId).Select(p => p.Value);
        foreach (var pdu in Reference.Rooms.Room.InStableOrder(parsed))
        {
            if (room.Knows(pdu.EventId) || pdu.AuthEventsWithImpliedCreate.Any(a => !room.Knows(a))) continue;
            var cited = pdu.AuthEventsWithImpliedCreate.Select(a => room.Get(a.Value)!).ToList();
            var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, cited, room.Version, room.AuthContextFor(Resident.Keys));
            room = room.WithOutlier(pdu, rejected: !decision.Allowed, decision);
            outcomes.Add((pdu.EventId.Value, decision.Allowed ? DanceRule.FetchedOutlier : DanceRule.FetchedRejected));
        }
        return new FetchedEvents(Resident.With(room), outcomes.ToImmutable());
    }

    /// <summary>
    /// B16: the room a faulty server holds once it completes a partial state. The reference's completed room judged every
    /// event taken under the partial state again; this one is rebuilt in the order the server took its events, the join on
    /// the full state before it, keeping the status each event taken under the partial state had: accepted ones accepted,
    /// rejected ones rejected. Soft failures, and the events not judged under the partial state, are judged as on receipt.
    /// </summary>
    private Room KeptStatuses(Room partial, Room completed)
    {
        var join = partial.Partial!.Join;
        var full = completed.StateBefore(join)!;
        var ordered = completed.Held.Values.OrderBy(h => h.Order).ToList();
        var room = Reference.Rooms.Room.Empty(completed.Version, completed.RoomId).WithProfile(completed.Profile);
        foreach (var held in ordered.Where(h => h.StateBefore is null)) room = room.WithOutlier(held.Pdu, rejected: held.Status == EventStatus.Rejected);
        foreach (var held in ordered.Where(h => h.StateBefore is not null))
        {
            var pdu = held.Pdu;
            if (pdu.EventId.Equals(join))
            {
                room = room.WithJoin([], pdu, full);
                continue;
            }
            var kept = partial.Find(pdu.EventId) is { PartialState: true, Status: EventStatus.Accepted or EventStatus.Rejected } was ? was.Status : (EventStatus?)null;
            var stateKnown = room.StateAt(pdu.PrevEvents) is not null;
            if (kept == EventStatus.Rejected)
            {
                room = room.WithOutlier(pdu, rejected: true);
            }
            else if (kept == EventStatus.Accepted && stateKnown)
            {
                room = room.Accept(pdu);
            }
            else
            {
                // Taken as the reference took it: on the state its prev events give, or on the state a server vouched for
                // when this server had no state for them.
                var inbound = new InboundPdu(pdu, ReplacedByRedaction: false, VerifiedServers: []);
                var receipt = stateKnown || completed.StateBefore(pdu.EventId) is not { } vouched
                    ? room.Receive(inbound, Resident.Keys)
                    : room.ReceiveWithState(inbound, Resident.Keys, vouched);
                room = receipt.Kind == RoomReceiptKind.Taken ? receipt.Room : room.WithOutlier(pdu, rejected: held.Status == EventStatus.Rejected);
            }
        }
        return room;
    }
}
