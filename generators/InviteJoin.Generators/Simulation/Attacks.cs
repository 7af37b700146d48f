using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// What became of an attack in a run, from best to worst for the honest servers; an exploration's verdict on an
/// attack is the worst it saw.
/// </summary>
public enum AttackVerdict
{
    /// <summary>No schedule made the attack's move where an honest server could feel it.</summary>
    NotExercised,

    /// <summary>An honest server refused the attacker's move at once, naming its rule, or the move could do no harm.</summary>
    Prevented,

    /// <summary>The move took effect, and by quiescence the honest servers had found what it hid and put it right.</summary>
    DetectedAndHealed,

    /// <summary>At quiescence the move's effect still stood on an honest server, or an invariant failed.</summary>
    LeftOpen,
}

/// <summary>The attack verdicts' names, for people and for reports.</summary>
public static class AttackVerdicts
{
    /// <summary>Words for tables: "prevented", "detected and healed", "left open", "not exercised".</summary>
    public static string Text(AttackVerdict verdict) => verdict switch
    {
        AttackVerdict.Prevented => "prevented",
        AttackVerdict.DetectedAndHealed => "detected and healed",
        AttackVerdict.LeftOpen => "left open",
        _ => "not exercised",
    };

    /// <summary>The token reports write.</summary>
    public static string Token(AttackVerdict verdict) => Text(verdict).Replace(' ', '_');

    /// <summary>The verdict written as <paramref name="token"/>, or null.</summary>
    public static AttackVerdict? Parse(string token) =>
        Enum.GetValues<AttackVerdict>().Where(v => Token(v) == token).Select(v => (AttackVerdict?)v).FirstOrDefault();
}

/// <summary>What became of one attack in one schedule, and why, in a sentence.</summary>
public sealed record AttackOutcome(Adversary Strategy, AttackVerdict Verdict, string Why);

/// <summary>The schedules of a run that ended one way for an attack: how many, and the first (lowest index) with its reason.</summary>
public sealed record AttackCase(long Count, long FirstSchedule, string Why)
{
    public static readonly AttackCase None = new(0, -1, "");

    /// <summary>The case of both runs: counts add, the lower first schedule wins.</summary>
    public AttackCase Plus(AttackCase other) =>
        Count == 0 ? other : other.Count == 0 ? this : new(Count + other.Count, Math.Min(FirstSchedule, other.FirstSchedule), FirstSchedule <= other.FirstSchedule ? Why : other.Why);
}

/// <summary>One attack over a run: the schedules that gave its strategy to a server, and how they ended.</summary>
public sealed record AttackTally(Adversary Strategy, long Schedules, AttackCase Prevented, AttackCase Healed, AttackCase Open)
{
    /// <summary>The attack of spec/dance.md (A1 …).</summary>
    public string Attack => Adversaries.Attack(Strategy);

    /// <summary>The worst outcome seen.</summary>
    public AttackVerdict Verdict =>
        Open.Count > 0 ? AttackVerdict.LeftOpen : Healed.Count > 0 ? AttackVerdict.DetectedAndHealed : Prevented.Count > 0 ? AttackVerdict.Prevented : AttackVerdict.NotExercised;

    /// <summary>The schedules that show the verdict.</summary>
    public AttackCase Shown => Case(Verdict);

    public AttackCase Case(AttackVerdict verdict) => verdict switch
    {
        AttackVerdict.Prevented => Prevented,
        AttackVerdict.DetectedAndHealed => Healed,
        AttackVerdict.LeftOpen => Open,
        _ => AttackCase.None,
    };

    public AttackTally Plus(AttackTally other) =>
        new(Strategy, Schedules + other.Schedules, Prevented.Plus(other.Prevented), Healed.Plus(other.Healed), Open.Plus(other.Open));

    /// <summary>The tally of each seed attack over <paramref name="outcomes"/> (schedule index, the config's strategies, that schedule's outcomes).</summary>
    public static ImmutableArray<AttackTally> Of(IEnumerable<(long Index, SimConfig Config, ImmutableArray<AttackOutcome> Outcomes)> outcomes)
    {
        var tallies = SeedAttacks.All.ToDictionary(s => s, s => new AttackTally(s, 0, AttackCase.None, AttackCase.None, AttackCase.None));
        foreach (var (index, config, found) in outcomes)
        {
            foreach (var strategy in config.Byzantine.Values.Distinct().Where(tallies.ContainsKey))
            {
                var tally = tallies[strategy] with { Schedules = tallies[strategy].Schedules + 1 };
                foreach (var outcome in found.Where(o => o.Strategy == strategy))
                {
                    var one = new AttackCase(1, index, outcome.Why);
                    tally = outcome.Verdict switch
                    {
                        AttackVerdict.Prevented => tally with { Prevented = tally.Prevented.Plus(one) },
                        AttackVerdict.DetectedAndHealed => tally with { Healed = tally.Healed.Plus(one) },
                        AttackVerdict.LeftOpen => tally with { Open = tally.Open.Plus(one) },
                        _ => tally,
                    };
                }
                tallies[strategy] = tally;
            }
        }
        return [.. SeedAttacks.All.Select(s => tallies[s])];
    }
}

/// <summary>The attacks named when the dance was designed (spec/dance.md) that a Byzantine strategy plays, in the table's order.</summary>
public static class SeedAttacks
{
    public static ImmutableArray<Adversary> All { get; } =
    [
        Adversary.ForgedInvite,
        Adversary.HiddenInvite,
        Adversary.ForgetfulInvitee,
        Adversary.LyingStrippedState,
        Adversary.WithheldJoin,
        Adversary.PartialStateAnswer,
        Adversary.PolicyEvasion,
    ];
}

/// <summary>
/// Decides, for one run, what became of each seed attack its Byzantine servers played: it collects their moves as the
/// steps run and judges each at quiescence against what the honest servers then hold (spec/dance.md, "The attacks").
/// A run that fails an invariant leaves every attack in it open.
/// </summary>
public sealed class AttackObserver : IRunObserver
{
    private readonly SimConfig _config;
    private readonly List<AttackMove> _moves = [];
    private ImmutableArray<AttackOutcome> _atQuiescence = [];

    private AttackObserver(SimConfig config) => _config = config;

    /// <summary>An observer for a run of <paramref name="config"/>, or null when no server plays a seed attack.</summary>
    public static AttackObserver? For(SimConfig config) =>
        config.Byzantine.Values.Any(SeedAttacks.All.Contains) ? new AttackObserver(config) : null;

    public void AfterStep(World world, StepEffects effects)
    {
        for (var i = 0; i < effects.Moves.Count; i++)
        {
            var move = effects.Moves[i];
            // A4 deceives a server outside the room; one already in it holds the room's own state.
            if (move.Strategy == Adversary.LyingStrippedState && world.Servers[move.Victim].IsResidentIn(move.RoomId)) continue;
            // T2: the joiner's answer to the lying send_join answer comes in the same step.
            var refusal = move.Strategy == Adversary.PartialStateAnswer
                ? effects.Attempts.FirstOrDefault(a => a.Server == move.Victim && a.Resident == move.Server && a.Membership == MembershipValues.Join && !a.Succeeded)
                : null;
            _moves.Add(refusal is null ? move : move with { Refusal = refusal.Outcome });
        }
    }

    public void AtQuiescence(World world) => _atQuiescence = [.. SeedAttacks.All.Where(_config.Byzantine.Values.Contains).SelectMany(s => Judge(world, s))];

    /// <summary>What became of each attack in the run that gave <paramref name="result"/>.</summary>
    public ImmutableArray<AttackOutcome> Outcomes(RunResult result) =>
        result.Violation is { } violation
            ? [.. SeedAttacks.All.Where(_config.Byzantine.Values.Contains).Select(s => new AttackOutcome(s, AttackVerdict.LeftOpen, $"{violation.Invariant} fails: {violation.Why}"))]
            : _atQuiescence;

    // The worst outcome of the strategy's moves; none when no move reached an honest server.
    private IEnumerable<AttackOutcome> Judge(World world, Adversary strategy)
    {
        var judged = _moves.Where(m => m.Strategy == strategy).Select(m => Judge(world, m)).OfType<AttackOutcome>().ToList();
        if (strategy == Adversary.ForgetfulInvitee && _moves.Any(m => m.Strategy == strategy)) judged.AddRange(Comebacks(world));
        if (judged.Count == 0) yield break;
        var worst = judged.Max(o => o.Verdict);
        yield return judged.First(o => o.Verdict == worst);
    }

    private static AttackOutcome? Judge(World world, AttackMove move)
    {
        var attacker = world.Servers[move.Server];
        var victim = world.Servers[move.Victim];
        var pdu = attacker.Room(move.RoomId)?.Get(move.EventId);
        var what = pdu is null ? World.ShortId(move.EventId) : World.Describe(pdu);
        AttackOutcome Says(AttackVerdict verdict, string why) => new(move.Strategy, verdict, why);
        var residents = Honest(world).Where(s => s.IsResidentIn(move.RoomId)).ToList();
        switch (move.Strategy)
        {
            case Adversary.ForgedInvite:
            {
                // A1: an honest server that takes the invite into its DAG takes an invitation the invitee never saw.
                var holders = Honest(world).Select(s => (Server: s, Held: s.Room(move.RoomId)?.Find(EventIdOf(move)))).Where(h => h.Held is not null).ToList();
                if (holders.FirstOrDefault(h => h.Held!.Status == EventStatus.Accepted) is { Server: { } taker })
                {
                    return Says(AttackVerdict.LeftOpen, $"{taker.Name} holds {what} as accepted, an invite {victim.Name} never countersigned");
                }
                if (holders.FirstOrDefault(h => h.Held!.Status is EventStatus.Rejected or EventStatus.SoftFailed) is { Server: { } refuser, Held: { } refused })
                {
                    return Says(AttackVerdict.Prevented, $"{refuser.Name} holds {what} as {Reference.Errors.WireToken.Of(refused.Status)}{RuleOf(refused)}");
                }
                return null;
            }
            case Adversary.HiddenInvite:
            case Adversary.WithheldJoin:
            {
                // A2, T1: the honest residents were never sent the event; each must find it through what cites it.
                var others = residents.Where(s => s.Index != move.Victim).ToList();
                if (others.FirstOrDefault(s => !s.Room(move.RoomId)!.Knows(EventIdOf(move))) is { } unaware)
                {
                    return Says(AttackVerdict.LeftOpen, move.Strategy == Adversary.WithheldJoin
                        ? $"{unaware.Name}, in the room, never learns of {what}, which {attacker.Name} kept to itself, and sends {victim.Name} nothing of the room"
                        : $"{unaware.Name}, in the room, never learns of {what}, which {attacker.Name} kept to itself");
                }
                return others.Count == 0 ? null : Says(AttackVerdict.DetectedAndHealed,
                    $"{string.Join(", ", others.Select(s => s.Name))} {(others.Count == 1 ? "holds" : "hold")} {what}, which {attacker.Name} never sent {(others.Count == 1 ? "it" : "them")}");
            }
            case Adversary.LyingStrippedState:
            {
                // A4: the invitee's server decides what to tell its user from the stripped state; only joining shows the room as it is.
                if (move.Refusal is { } rule) return Says(AttackVerdict.Prevented, $"{victim.Name} refuses the lying stripped state of {what}, or leaves it out: {DanceRules.Token(rule)}");
                if (victim.IsResidentIn(move.RoomId)) return Says(AttackVerdict.DetectedAndHealed, $"{victim.Name} kept the lying stripped state of {what}, then joined and holds the room's own state");
                return Says(AttackVerdict.LeftOpen, $"{victim.Name} countersigned {what} and keeps its stripped state, which claims a public room named \"{SimServer.LyingRoomName}\" in events {attacker.Name} signed but never sent to the room");
            }
            case Adversary.PartialStateAnswer:
            {
                // T2: every member the answer left out was in the room's state before the join; keys never leave a state.
                if (move.Refusal is { } rule) return Says(AttackVerdict.Prevented, $"{victim.Name} refuses {attacker.Name}'s send_join answer that leaves out {Members(move.Omitted)}: {DanceRules.Token(rule)}");
                if (move.Omitted.IsEmpty || !victim.IsResidentIn(move.RoomId)) return null;
                var state = victim.Room(move.RoomId)!.State;
                var missing = move.Omitted.Where(user => state.Member(user) is null).ToList();
                return missing.Count > 0
                    ? Says(AttackVerdict.LeftOpen, $"{victim.Name}'s state of the room still lacks {Members(missing)}, which {attacker.Name}'s send_join answer for {what} left out")
                    : Says(AttackVerdict.DetectedAndHealed, $"{victim.Name} has since learnt {Members(move.Omitted)}, which {attacker.Name}'s send_join answer for {what} left out");
            }
            case Adversary.PolicyEvasion:
                return Policy(world, move, pdu, what);
            default:
                return null;
        }
    }

    // P: every honest server that holds the event must hold it soft failed (check 7) or rejected (the auth rules), and
    // none may have it in its current state — where a soft-failed state event still comes when an event that cites it
    // is accepted ("Soft failure": it takes part in the state at the citing event as any other).
    private static AttackOutcome? Policy(World world, AttackMove move, Pdu? pdu, string what)
    {
        var id = EventIdOf(move);
        var how = SimServer.Describe(move.Evasion ?? Evasion.Unsigned, Cast.Server(move.Victim), Cast.Server(move.Server));
        AttackOutcome Says(AttackVerdict verdict, string why) => new(move.Strategy, verdict, why);
        var holders = Honest(world).Select(s => (Server: s, Held: s.Room(move.RoomId)?.Find(id))).Where(h => h.Held is { } held && held.Status != EventStatus.Outlier).ToList();
        if (pdu?.StateKey is { } key && holders.FirstOrDefault(h => h.Server.Room(move.RoomId)!.State.Get(pdu.Type, key)?.EventId.Equals(id) == true) is { Server: { } holder, Held: { } inState })
        {
            return Says(AttackVerdict.LeftOpen, inState.Status == EventStatus.SoftFailed
                ? $"{holder.Name} soft-failed {what}, sent {how}, yet it is in {holder.Name}'s current state, brought in by a signed event that cites it"
                : move.Evasion == Evasion.Usurper
                ? $"{holder.Name} holds {what}, sent {how}, as accepted and in its current state: the m.room.policy needs no policy signature, and its sender had the power to send state"
                : $"{holder.Name} holds {what}, sent {how}, as {Reference.Errors.WireToken.Of(inState.Status)} and in its current state");
        }
        // A room whose policy server has no joined user left uses none: an event accepted there evaded nothing.
        if (holders.FirstOrDefault(h => h.Held!.Status == EventStatus.Accepted && Reference.Auth.PolicyServer.InUse(h.Server.Room(move.RoomId)!.State) is not null) is { Server: { } taker })
        {
            return Says(AttackVerdict.LeftOpen, $"{taker.Name} accepts {what}, sent {how}");
        }
        if (holders.FirstOrDefault(h => h.Held!.Status is EventStatus.SoftFailed or EventStatus.Rejected) is { Server: { } refuser, Held: { } refused })
        {
            var rule = refused.Stage == Reference.Auth.ReceiptStage.PolicyServer
                ? ": " + Reference.Errors.WireToken.Of(Reference.Auth.PolicyServer.Check(refused.Pdu, refuser.Room(move.RoomId)!.State))
                : RuleOf(refused);
            return Says(AttackVerdict.Prevented, $"{refuser.Name} holds {what}, sent {how}, as {Reference.Errors.WireToken.Of(refused.Status)}{rule}, and no honest server has it in its current state");
        }
        return null;
    }

    // A3: an invitee's server that forgot an invite can still be invited again, and its user can still join on it.
    private IEnumerable<AttackOutcome> Comebacks(World world)
    {
        foreach (var forgetful in _config.Byzantine.Where(kv => kv.Value == Adversary.ForgetfulInvitee).Select(kv => kv.Key))
        {
            foreach (var server in Honest(world))
            {
                foreach (var roomId in world.Rooms)
                {
                    if (server.Room(roomId) is not { } room) continue;
                    foreach (var held in room.Held.Values.OrderBy(h => h.Order))
                    {
                        var pdu = held.Pdu;
                        if (held.Status != EventStatus.Accepted || pdu.Type != EventTypes.Member || pdu.StateKey is not { } target
                            || World.ServerOfUser(target) != forgetful || held.StateBefore?.MembershipOf(target) != MembershipValues.Invite)
                        {
                            continue;
                        }
                        if (pdu.Membership == MembershipValues.Invite)
                        {
                            yield return new(Adversary.ForgetfulInvitee, AttackVerdict.Prevented,
                                $"{server.Name} accepts {World.Describe(pdu)}, an invite again after {Cast.Server(forgetful)} forgot the first");
                        }
                        else if (pdu.Membership == MembershipValues.Join)
                        {
                            yield return new(Adversary.ForgetfulInvitee, AttackVerdict.Prevented,
                                $"{server.Name} accepts {World.Describe(pdu)} on an invite {Cast.Server(forgetful)} forgot");
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<SimServer> Honest(World world) => world.Servers.Where(s => !s.IsByzantine);

    private static EventId EventIdOf(AttackMove move) => EventId.Parse(move.EventId, EventIdFormat.TestName).Value;

    private static string RuleOf(HeldEvent held) => held.Rule is { } rule ? ": " + Reference.Errors.WireToken.Of(rule) : "";

    private static string Members(IReadOnlyCollection<string> users) => (users.Count == 1 ? "the membership of " : "the memberships of ") + string.Join(", ", users.Select(SimServer.Short));
}

/// <summary>A schedule shrunk to the fewest servers and steps that still end the same way for its attacks, told as a story.</summary>
public sealed record AttackScenario(Schedule Schedule, ImmutableArray<AttackOutcome> Outcomes, ImmutableArray<string> Story, World World)
{
    /// <summary>
    /// Shrinks <paramref name="schedule"/>, which passes every invariant, to a smaller one in which each attack ends as it
    /// did (the same verdict for each strategy), and tells it; at most <paramref name="maxRuns"/> runs.
    /// </summary>
    public static AttackScenario Of(Schedule schedule, int maxRuns = 3000)
    {
        var wanted = Explorer.AttackOutcomes(schedule).Select(o => (o.Strategy, o.Verdict)).ToHashSet();
        bool Keeps(Schedule candidate)
        {
            var observer = AttackObserver.For(candidate.Config);
            if (observer is null) return wanted.Count == 0;
            var result = Runner.Run(candidate, observer: observer);
            return !result.Failed && observer.Outcomes(result).Select(o => (o.Strategy, o.Verdict)).ToHashSet().SetEquals(wanted);
        }
        var shrunk = wanted.Count == 0 ? schedule : Shrinker.Shrink(schedule, Keeps, maxRuns);
        var told = AttackObserver.For(shrunk.Config);
        var run = Runner.Run(shrunk, keepStory: true, observer: told);
        var outcomes = told?.Outcomes(run) ?? [];
        var story = Counterexample.Tell(run).AddRange(outcomes.Select(o => $"and {Adversaries.Attack(o.Strategy)} ({Adversaries.Name(o.Strategy)}) is {AttackVerdicts.Text(o.Verdict)}: {o.Why}"));
        return new AttackScenario(shrunk, outcomes, story, run.World);
    }
}
