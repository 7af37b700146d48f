using System.Collections.Immutable;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// What a Byzantine server does, each a named strategy a schedule can give any server but the room's creator. The
/// attacks named when the invite/join dance was designed (A1–A4, T1, T2, P; spec/dance.md) and the ones seen since.
/// </summary>
public enum Adversary
{
    /// <summary>A1: puts an invite of another server's user into the room without that server's countersignature.</summary>
    ForgedInvite,

    /// <summary>A2: invites through /invite but never sends the invite to the rest of the room.</summary>
    HiddenInvite,

    /// <summary>A3: as the invitee's server, forgets the invites it countersigned.</summary>
    ForgetfulInvitee,

    /// <summary>A4: sends invites whose stripped state lies (another room's, altered, or oversized).</summary>
    LyingStrippedState,

    /// <summary>T1: as a resident, accepts joins through send_join and never sends them to the other residents.</summary>
    WithheldJoin,

    /// <summary>T2: as a resident, answers send_join with part of the state and names only itself in <c>servers_in_room</c>.</summary>
    PartialStateAnswer,

    /// <summary>B23: as a resident, answers make_* with a template that is not the membership asked for (a power-levels change).</summary>
    MaliciousTemplate,

    /// <summary>Sends two different events on the same prev events to different servers.</summary>
    Equivocation,

    /// <summary>Sends old membership events and invites again.</summary>
    Replay,

    /// <summary>Sends events that fail the authorisation rules, one rule at a time.</summary>
    FailingEvents,

    /// <summary>Builds state events on a fork it keeps to itself and cites them later.</summary>
    HiddenFork,

    /// <summary>
    /// Feeds other servers histories to resolve: forks of its own state events that it merges, and — as a stale
    /// resident that serves no history — messages after a gap whose state it answers with the power levels and join
    /// rules as the room began (the stale /state_ids answers of MSC4297's problems A and B), as it answers send_join.
    /// </summary>
    ResolutionProbes,

    /// <summary>
    /// P: in a room that uses a policy server, sends events the policy server did not sign — with no signature of it, with its
    /// signature of another event, signed under its name with another key, signed as if the attacker were the policy server,
    /// or spam it refused — and builds on them. Drawn only when named (<see cref="Adversaries.Default"/>).
    /// </summary>
    PolicyEvasion,

    /// <summary>
    /// B16's sender: a member invites a user who is banned, citing no membership of that user among the invite's auth
    /// events — what a server holding a partial state (members omitted at its join) cannot tell from its state until its
    /// resync judges the invite again — and, with the power to, bans a user first. Drawn only when named, or by the planted
    /// fault it shows (<see cref="PlantedFault.Strategy"/>).
    /// </summary>
    OmittedBan,
}

/// <summary>The names of the strategies as the command line and reports write them.</summary>
public static class Adversaries
{
    private static readonly ImmutableArray<(Adversary Strategy, string Name, string Attack)> Table =
    [
        (Adversary.ForgedInvite, "forged-invite", "A1"),
        (Adversary.HiddenInvite, "hidden-invite", "A2"),
        (Adversary.ForgetfulInvitee, "forgetful-invitee", "A3"),
        (Adversary.LyingStrippedState, "lying-stripped-state", "A4"),
        (Adversary.WithheldJoin, "withheld-join", "T1"),
        (Adversary.PartialStateAnswer, "partial-state-answer", "T2"),
        (Adversary.MaliciousTemplate, "malicious-template", "B23"),
        (Adversary.Equivocation, "equivocation", "—"),
        (Adversary.Replay, "replay", "—"),
        (Adversary.FailingEvents, "failing-events", "—"),
        (Adversary.HiddenFork, "hidden-fork", "—"),
        (Adversary.ResolutionProbes, "resolution-probes", "—"),
        (Adversary.PolicyEvasion, "policy-evasion", "P"),
        (Adversary.OmittedBan, "omitted-ban", "—"),
    ];

    /// <summary>Every strategy, in a fixed order.</summary>
    public static ImmutableArray<Adversary> All => [.. Table.Select(t => t.Strategy)];

    /// <summary>
    /// The strategies a space draws from when none are named: every one but policy-evasion, which plays only in a room with a
    /// policy server and brings one into the federations of a space that names it (<see cref="ScheduleGenerator"/>), and
    /// omitted-ban, which the planted fault of B16 draws. Leaving them out keeps the schedules of every seed of a space that
    /// names no strategies as they were before they existed.
    /// </summary>
    public static ImmutableArray<Adversary> Default => [.. All.Where(s => s is not (Adversary.PolicyEvasion or Adversary.OmittedBan))];

    public static string Name(Adversary strategy) => Table.First(t => t.Strategy == strategy).Name;

    /// <summary>The attack of spec/dance.md the strategy plays, or "—".</summary>
    public static string Attack(Adversary strategy) => Table.First(t => t.Strategy == strategy).Attack;

    /// <summary>The strategy named <paramref name="name"/>, or null.</summary>
    public static Adversary? Parse(string name) => Table.Where(t => t.Name == name).Select(t => (Adversary?)t.Strategy).FirstOrDefault();
}
