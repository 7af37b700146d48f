using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// A property of the protocol checked on a simulated federation (spec/invariants.md, I-10 onwards): after every
/// step on what the step did, and when the network is quiet on the whole federation. The servers under check are the
/// honest ones — those running the reference and those running a planted fault (the implementation under test);
/// Byzantine servers are the adversary and promise nothing.
/// </summary>
public abstract class Invariant
{
    /// <summary>The id in spec/invariants.md, for example <c>I-10</c>.</summary>
    public abstract string Id { get; }

    /// <summary>A few words for tables.</summary>
    public abstract string Name { get; }

    /// <summary>Checks what <paramref name="effects"/> did; null when the invariant holds.</summary>
    public virtual string? AfterStep(World world, StepEffects effects) => null;

    /// <summary>Checks the federation when no message is in flight, no handshake waits and the network is whole; null when it holds.</summary>
    public virtual string? AtQuiescence(World world) => null;

    /// <summary>
    /// The events of <paramref name="effects"/> that honest servers newly hold. An event held under a partial state (a join
    /// with members omitted) is judged against a state the server knows is incomplete; the invariants that read the state
    /// before an event skip it, and judge it when the resync judges it again (spec/rooms.md).
    /// </summary>
    protected static ReadOnlySpan<Taken> HonestTaken(World world, StepEffects effects) => effects.HonestTaken(world.Config);

    /// <summary>The honest servers.</summary>
    protected static IEnumerable<SimServer> Honest(World world) => world.Servers.Where(s => !s.IsByzantine);

    protected static string On(Taken taken) => $"{Cast.Server(taken.Server)} holds {World.Describe(taken.Held.Pdu)} as {Reference.Errors.WireToken.Of(taken.Held.Status)}";
}

/// <summary>The invariants explore checks, in id order.</summary>
public static class Invariants
{
    public static ImmutableArray<Invariant> All { get; } =
    [
        new NoJoinWithoutEntitlement(),
        new SenderServerSigned(),
        new EndpointBinding(),
        new RestrictedJoinsAuthorised(),
        new KnocksFollowTheJoinRule(),
        new PowerNeverRisesUnentitled(),
        new OneCreateEvent(),
        new ConvergenceAtQuiescence(),
        new ResolutionIsAFunction(),
        new AuthChainsClosed(),
        new BansAreFinal(),
        new StoreDecisionsStand(),
        new StrippedStateNeverHeld(),
        new HashesAndSignaturesHold(),
        new ProgressForTheEntitled(),
        new ServerAclsObeyed(),
        new BoundedResolutionWork(),

        // Policy servers, checked in federations whose main room has one (SimConfig.PolicyServer).
        new PolicySignaturesHonoured(),

        // The fault-finding invariants.
        new ResolutionFollowsTheSpec(),
        new AuthEventsSound(),
        new NonResidentsDefer(),
        new SignsOnlyWhatWasAsked(),
        new AuthorisersCanAuthorise(),
    ];

    /// <summary>The join rule of <paramref name="state"/> (invite when it has none, as spec/rules decides).</summary>
    public static string JoinRuleOf(AuthState state) => (state.JoinRules?.Content["join_rule"] as JsonString)?.Value ?? JoinRuleValues.Invite;

    /// <summary>True when <paramref name="pdu"/> carries a valid signature of <paramref name="server"/> with the run's keys.</summary>
    public static bool SignedBy(World world, Pdu pdu, string server) => world.SignedBy(pdu, server);
}

/// <summary>
/// I-10: every join an honest server accepts was allowed, in the state before it, by one of: the creator's first
/// join, being joined already, a public join rule, an invite (in strict mode only one the invitee's server
/// countersigned), or a restricted join authorised by a joined member with the invite level whose server signed it.
/// Written from the spec's meaning, not from the auth code, so a fault in either shows.
/// </summary>
internal sealed class NoJoinWithoutEntitlement : Invariant
{
    public override string Id => "I-10";

    public override string Name => "no join without entitlement";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            var pdu = held.Pdu;
            if (held.Status != EventStatus.Accepted || pdu.Type != EventTypes.Member || pdu.Membership != MembershipValues.Join) continue;
            if (held.StateBefore is not { } before || held.PartialState) continue;
            if (Entitlement(world, pdu, before) is null) return On(taken) + ", but nothing in the state before it entitled " + pdu.Sender + " to join";
        }
        return null;
    }

    /// <summary>What entitled the join, or null when nothing did.</summary>
    internal static string? Entitlement(World world, Pdu join, AuthState before)
    {
        var user = join.Sender.Value;
        if (join.StateKey != user) return null;
        if (before.Events.Count == 1 && before.Create is { } create && join.PrevEvents.Length == 1 && join.PrevEvents[0].Equals(create.EventId)) return "creator's first join";
        var membership = before.MembershipOf(user);
        if (membership == MembershipValues.Ban) return null;
        if (membership == MembershipValues.Join) return "already joined";
        var rule = Invariants.JoinRuleOf(before);
        if (rule == JoinRuleValues.Public) return "public";
        if (membership == MembershipValues.Invite && rule is JoinRuleValues.Invite or JoinRuleValues.Knock or JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted)
        {
            if (!world.Config.StrictInvites) return "invited";
            var invite = before.Member(user)!;
            var invitee = Cast.Server(World.ServerOfUser(user));
            return World.ServerOfUser(invite.Sender.Value) == World.ServerOfUser(user) || Invariants.SignedBy(world, invite, invitee) ? "invited (countersigned)" : null;
        }
        if ((rule == JoinRuleValues.Restricted && world.Version.RestrictedJoins) || (rule == JoinRuleValues.KnockRestricted && world.Version.KnockRestricted))
        {
            if (Authoriser.UserOf(join) is not { } authoriser) return null;
            if (before.MembershipOf(authoriser.Value) != MembershipValues.Join) return null;
            var levels = before.LevelsUnder(world.Version);
            if (levels.UserLevel(authoriser.Value) < levels.InviteLevel) return null;
            return Invariants.SignedBy(world, join, authoriser.Server.Value) ? "authorised by " + authoriser : null;
        }
        return null;
    }
}

/// <summary>I-11: every event an honest server holds carries a valid signature of its sender's server (sender and origin are bound).</summary>
internal sealed class SenderServerSigned : Invariant
{
    public override string Id => "I-11";

    public override string Name => "sender's server signed";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var pdu = taken.Held.Pdu;
            if (!Invariants.SignedBy(world, pdu, pdu.Sender.Server.Value)) return On(taken) + $", which {pdu.Sender.Server} did not sign";
        }
        return null;
    }
}

/// <summary>
/// I-12: an honest resident takes through send_join, send_leave and send_knock only a member event about its own
/// sender, of the requesting server (endpoint binding; B20–B22).
/// </summary>
internal sealed class EndpointBinding : Invariant
{
    public override string Id => "I-12";

    public override string Name => "endpoint binding";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            if (taken.Arrival != Arrival.Handshake || taken.From == taken.Server) continue;
            var pdu = taken.Held.Pdu;
            if (pdu.Type != EventTypes.Member || pdu.StateKey != pdu.Sender.Value) return On(taken) + " through a send_* endpoint, but it is not a member event about its sender";
            if (pdu.Membership is not (MembershipValues.Join or MembershipValues.Leave or MembershipValues.Knock)) return On(taken) + " through a send_* endpoint with membership " + pdu.Membership;
            if (World.ServerOfUser(pdu.Sender.Value) != taken.From) return On(taken) + $" from {Cast.Server(taken.From)}, which is not its sender's server";
        }
        return null;
    }
}

/// <summary>I-13: a join an honest server accepts under a restricted join rule, from a user not already invited or joined, names an authoriser whose server signed it.</summary>
internal sealed class RestrictedJoinsAuthorised : Invariant
{
    public override string Id => "I-13";

    public override string Name => "restricted joins authorised";

    public override string? AfterStep(World world, StepEffects effects)
    {
        if (!world.Version.RestrictedJoins) return null;
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            var pdu = held.Pdu;
            if (held.Status != EventStatus.Accepted || pdu.Membership != MembershipValues.Join || pdu.Type != EventTypes.Member || held.StateBefore is not { } before || held.PartialState) continue;
            var rule = Invariants.JoinRuleOf(before);
            if (rule is not (JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted)) continue;
            if (before.MembershipOf(pdu.Sender.Value) is MembershipValues.Invite or MembershipValues.Join) continue;
            if (Authoriser.UserOf(pdu) is not { } authoriser) return On(taken) + ", a restricted join naming no authoriser";
            if (!Invariants.SignedBy(world, pdu, authoriser.Server.Value)) return On(taken) + $", a restricted join {authoriser.Server} did not sign";
        }
        return null;
    }
}

/// <summary>I-14: a knock an honest server accepts is the knocker's own, in a room version with knocking, under a knock join rule, from a user neither joined nor banned.</summary>
internal sealed class KnocksFollowTheJoinRule : Invariant
{
    public override string Id => "I-14";

    public override string Name => "knock rules";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            var pdu = held.Pdu;
            if (held.Status != EventStatus.Accepted || pdu.Type != EventTypes.Member || pdu.Membership != MembershipValues.Knock || held.StateBefore is not { } before || held.PartialState) continue;
            if (!world.Version.Knocking) return On(taken) + ", a knock in a room version without knocking";
            if (pdu.StateKey != pdu.Sender.Value) return On(taken) + ", a knock on someone else's behalf";
            var rule = Invariants.JoinRuleOf(before);
            if (rule is not (JoinRuleValues.Knock or JoinRuleValues.KnockRestricted)) return On(taken) + ", a knock under the join rule " + rule;
            if (before.MembershipOf(pdu.Sender.Value) is MembershipValues.Join or MembershipValues.Ban) return On(taken) + ", a knock by a user who is " + before.MembershipOf(pdu.Sender.Value);
        }
        return null;
    }
}

/// <summary>I-15: no power-levels event an honest server accepts raises a user's level above the sender's own (room version 12: creators are above every level).</summary>
internal sealed class PowerNeverRisesUnentitled : Invariant
{
    public override string Id => "I-15";

    public override string Name => "power never rises unentitled";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            var pdu = held.Pdu;
            if (held.Status != EventStatus.Accepted || pdu.Type != EventTypes.PowerLevels || held.StateBefore is not { } before || held.PartialState) continue;
            var old = before.LevelsUnder(world.Version);
            var now = held.StateAfter!.LevelsUnder(world.Version);
            var sender = old.UserLevel(pdu.Sender.Value);
            var users = old.Users.Keys.Union(now.Users.Keys, StringComparer.Ordinal);
            foreach (var user in users)
            {
                var was = old.UserLevel(user);
                var becomes = now.UserLevel(user);
                if (becomes > was && becomes > sender) return On(taken) + $", which raises {user} from {was} to {becomes} above its sender's {sender}";
            }
        }
        return null;
    }
}

/// <summary>I-16: each honest server holds exactly one create event per room, the room creator's.</summary>
internal sealed class OneCreateEvent : Invariant
{
    public override string Id => "I-16";

    public override string Name => "one create event";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var pdu = taken.Held.Pdu;
            if (pdu.Type != EventTypes.Create || taken.Held.Status == EventStatus.Rejected) continue;
            if (!world.Creates.TryGetValue(taken.RoomId, out var create) || !create.EventId.Equals(pdu.EventId)) return On(taken) + ", a second create event";
        }
        return null;
    }
}

/// <summary>
/// I-17: honest servers that hold the same events, none of them on a Byzantine server's word about the state, reject
/// the same ones and, when they soft-failed the same ones, hold the same current state.
/// </summary>
internal sealed class ConvergenceAtQuiescence : Invariant
{
    public override string Id => "I-17";

    public override string Name => "convergence at quiescence";

    public override string? AtQuiescence(World world)
    {
        foreach (var roomId in world.Rooms)
        {
            // A room still held with a partial state (members omitted, not resynced: no reachable server would give the
            // state, or an ACL shuts the server out) lacks, by design, what it was not given; it converges once resynced.
            var holders = Honest(world).Where(s => s.Room(roomId) is { IsPartialState: false } && !s.TookStateFromByzantine(roomId)).ToList();
            for (var i = 0; i < holders.Count; i++)
            {
                for (var j = i + 1; j < holders.Count; j++)
                {
                    var (a, b) = (holders[i].Room(roomId)!, holders[j].Room(roomId)!);
                    if (a.Count != b.Count || !a.Held.Keys.SequenceEqual(b.Held.Keys, StringComparer.Ordinal)) continue;
                    if (!a.Rejected.SetEquals(b.Rejected))
                    {
                        return $"{holders[i].Name} and {holders[j].Name} hold the same {a.Count} events but reject different ones ({string.Join(", ", a.Rejected.SymmetricExcept(b.Rejected).Select(World.ShortId))})";
                    }
                    // Soft failure is each server's own call on its current state when the event arrived, and a soft-failed
                    // event is never a forward extremity: two servers that soft-failed different events may rightly hold
                    // different current states (a join racing a change of the join rule), so only those that agree on it are compared.
                    if (a.SoftFailed.SetEquals(b.SoftFailed) && !Room.SameState(a.State, b.State))
                    {
                        var differs = a.State.Events.Keys.Union(b.State.Events.Keys).Where(k => a.State.Get(k)?.EventId != b.State.Get(k)?.EventId).Select(k => k.ToString());
                        return $"{holders[i].Name} and {holders[j].Name} hold the same {a.Count} events but their current states differ at {string.Join(", ", differs)}";
                    }
                }
            }
        }
        return null;
    }
}

/// <summary>I-18: an honest server's current state is the resolution of the states after its forward extremities, computed afresh (state resolution is a function of its inputs).</summary>
internal sealed class ResolutionIsAFunction : Invariant
{
    public override string Id => "I-18";

    public override string Name => "resolution is a function";

    public override string? AtQuiescence(World world)
    {
        foreach (var server in Honest(world))
        {
            foreach (var roomId in world.Rooms)
            {
                if (server.Room(roomId) is not { } room || room.ForwardExtremities.IsEmpty) continue;
                var again = room.ResolveStates([.. room.ForwardExtremities.Select(e => room.StateAfter(e)!)]);
                if (!Room.SameState(again, room.State)) return $"{server.Name}'s current state of {roomId} is not the resolution of its extremities' states";
            }
        }
        return null;
    }
}

/// <summary>I-19: every event an honest server holds has its whole auth chain held too (auth-chain closure; B33 fetched events included).</summary>
internal sealed class AuthChainsClosed : Invariant
{
    public override string Id => "I-19";

    public override string Name => "auth chains closed";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var room = world.Servers[taken.Server].Room(taken.RoomId)!;
            foreach (var id in taken.Held.Pdu.AuthEventsWithImpliedCreate)
            {
                if (!room.Knows(id)) return On(taken) + $" without its auth event {World.ShortId(id.Value)}";
            }
        }
        return null;
    }
}

/// <summary>I-20: an honest server accepts no event from a user banned in the state before it (bans are final until lifted by someone else).</summary>
internal sealed class BansAreFinal : Invariant
{
    public override string Id => "I-20";

    public override string Name => "bans are final";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var held = taken.Held;
            if (held.Status != EventStatus.Accepted || held.StateBefore is not { } before || held.PartialState) continue;
            if (before.MembershipOf(held.Pdu.Sender.Value) == MembershipValues.Ban) return On(taken) + ", sent by a user banned in the state before it";
        }
        return null;
    }
}

/// <summary>I-21: a decision to store an event never changes — an event an honest server rejected stays rejected, and an accepted or soft-failed one keeps its status.</summary>
internal sealed class StoreDecisionsStand : Invariant
{
    public override string Id => "I-21";

    public override string Name => "store decisions stand";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            if (taken.Arrival != Arrival.Resync && world.PreviousStatus(taken.Server, taken.Held.EventId) is { } before && before != EventStatus.Outlier && before != taken.Held.Status)
            {
                return On(taken) + $", which it held as {Reference.Errors.WireToken.Of(before)} before";
            }
        }
        return null;
    }
}

/// <summary>I-22: stripped state is never authoritative — every event an honest server holds is a whole, signed PDU with hashes, never a stripped event from an invite or knock.</summary>
internal sealed class StrippedStateNeverHeld : Invariant
{
    public override string Id => "I-22";

    public override string Name => "stripped state never held";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var json = taken.Held.Pdu.Json;
            if (json["signatures"] is not JsonObject || json["hashes"] is not JsonObject) return On(taken) + ", which has no signatures or hashes";
        }
        return null;
    }
}

/// <summary>I-23: every event an honest server holds passes the hash and signature checks: every server that must sign it did (B33), and its content matches its hash or the server holds its redaction.</summary>
internal sealed class HashesAndSignaturesHold : Invariant
{
    public override string Id => "I-23";

    public override string Name => "hashes and signatures hold";

    public override string? AfterStep(World world, StepEffects effects)
    {
        foreach (var taken in HonestTaken(world, effects))
        {
            var pdu = taken.Held.Pdu;
            foreach (var signer in EventSigning.RequiredSigners(pdu))
            {
                if (!Invariants.SignedBy(world, pdu, signer)) return On(taken) + $", which lacks a valid signature of {signer}";
            }
            if (!world.ContentHashHolds(pdu)) return On(taken) + ", whose content does not match its hash";
        }
        return null;
    }

    /// <summary>True when <paramref name="pdu"/>'s content hash matches its content, or it is redacted (whose content the hash no longer covers).</summary>
    internal static bool ContentHashHolds(Pdu pdu) =>
        EventSigning.ContentHashMatches(pdu) is { IsOk: true, Value: true } || IsRedacted(pdu);

    private static bool IsRedacted(Pdu pdu) => Redaction.Redact(pdu.Json, pdu.Format.Redaction).Equals(pdu.Json.Without("unsigned"));
}

/// <summary>
/// I-31: progress. A join, leave or knock an honest server's user attempts through an honest, reachable resident is
/// refused only when the user is not entitled to it by what that resident holds; every refusal names a rule.
/// </summary>
internal sealed class ProgressForTheEntitled : Invariant
{
    public override string Id => "I-31";

    public override string Name => "progress for the entitled";

    public override string? AfterStep(World world, StepEffects effects)
    {
        for (var i = 0; i < effects.Attempts.Count; i++)
        {
            var attempt = effects.Attempts[i];
            if (attempt.Succeeded || world.Config.IsByzantine(attempt.Server) || world.Config.IsByzantine(attempt.Resident)) continue;
            if (attempt.Entitled == true)
            {
                return $"{Cast.Server(attempt.Resident)} refused {attempt.User}'s {attempt.Membership} ({attempt.Outcome.Token()}) although its state entitled it: {attempt.Detail}";
            }
        }
        return null;
    }
}
