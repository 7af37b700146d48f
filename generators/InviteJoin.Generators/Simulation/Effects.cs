using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>How an event came to be held by a server.</summary>
public enum Arrival
{
    /// <summary>The server's own user sent it.</summary>
    Local,

    /// <summary>In a transaction.</summary>
    Transaction,

    /// <summary>Fetched as an outlier (an auth chain, a state).</summary>
    Fetched,

    /// <summary>Through a send_* endpoint this server answered (send_join, send_leave, send_knock).</summary>
    Handshake,

    /// <summary>In the answer to a send_join this server made: the join and the state before it.</summary>
    JoinAnswer,

    /// <summary>Judged again when a partial state was completed (B16): a status may change then, and only then.</summary>
    Resync,
}

/// <summary>An event a server newly holds (or holds in a new status) after a step.</summary>
public sealed record Taken(int Server, string RoomId, HeldEvent Held, Arrival Arrival, int From)
{
    /// <summary>The room's current state as the server held it just before it took the event (a transaction, its own user's event, a send_*); null otherwise.</summary>
    public Reference.Auth.AuthState? CurrentBefore { get; init; }

    /// <summary>
    /// I-32: for the PDU a transaction carried (not the events fetched for it), what the room's server ACL in the
    /// receiving server's current state said of the sending server when the PDU arrived; null for other arrivals, or
    /// when the server did not hold the room then.
    /// </summary>
    public AclDecision? ArrivalAcl { get; init; }
}

/// <summary>
/// I-32: a make_*, send_* or invite request a server answered: the server, the requesting server, the room, the
/// endpoint, what the room's server ACL in the answering server's current state said of the requesting server when the
/// request arrived (no ACL when the server did not hold the room), whether the server then acted as a resident (one of
/// its users joined, the state complete), and the refusal (null when it was served).
/// </summary>
public sealed record Answered(int Server, int Origin, string RoomId, string Endpoint, AclDecision Acl, bool Resident, MatrixError? Refusal);

/// <summary>
/// I-33: one state resolution a server ran while taking events: how many distinct states it resolved, how many events
/// it was given, how many of those are the states' events and their auth chains (the most it needs), and a fingerprint
/// of the states (equal for the same states in any order) that tells a resolution run again from a new one.
/// </summary>
public sealed record ResolutionWork(int Server, string RoomId, int States, int Events, int Bound, ulong Inputs);

/// <summary>
/// A membership operation a user attempted, and how it ended: the named rule of the answer (a refusal's or the
/// success's), the server that answered, and whether an honest resident could be reached.
/// </summary>
public sealed record Attempt(int Server, string User, string RoomId, string Membership, int Resident, DanceRule Outcome, bool Succeeded, string Detail)
{
    /// <summary>
    /// Whether the user was entitled to the membership by what the answering resident held when it refused (null when
    /// that is not judged: the resident could not be reached, was not resident, or the membership is one the judgement
    /// leaves to the auth rules, such as a restricted join through an authoriser).
    /// </summary>
    public bool? Entitled { get; init; }
}

/// <summary>
/// What a Byzantine server did that its strategy adds to an honest server's behaviour, for the attack verdicts: the
/// server concerned on the other side (the invitee's, the joiner's, the inviter's), the event concerned, the state
/// keys a lying answer left out, and the rule of the honest server's refusal when it refused at once.
/// </summary>
public sealed record AttackMove(int Server, Adversary Strategy, int Victim, string RoomId, string EventId, ImmutableArray<string> Omitted, DanceRule? Refusal)
{
    /// <summary>For P: how the event evades the policy server.</summary>
    public Evasion? Evasion { get; init; }
}

/// <summary>
/// A make_* template a server signed for one of its users: the server, the resident that offered it, the user, the
/// room and membership the user asked for, and the event as signed.
/// </summary>
public sealed record Offer(int Server, int Resident, string User, string RoomId, string Membership, Pdu Signed);

/// <summary>Everything one step did, for the invariants and for the readable story of a counterexample.</summary>
public sealed class StepEffects
{
    private readonly List<Taken> _taken = [];
    private readonly List<Attempt> _attempts = [];
    private readonly List<Offer> _offers = [];
    private readonly List<string> _story = [];
    private readonly List<AttackMove> _moves = [];
    private readonly List<Answered> _answered = [];
    private readonly List<ResolutionWork> _resolutions = [];

    public IReadOnlyList<Taken> Taken => _taken;

    public IReadOnlyList<Attempt> Attempts => _attempts;

    /// <summary>The make_* templates servers signed in the step.</summary>
    public IReadOnlyList<Offer> Offers => _offers;

    /// <summary>The attack moves Byzantine servers made in the step.</summary>
    public IReadOnlyList<AttackMove> Moves => _moves;

    /// <summary>The make_*, send_* and invite requests servers answered in the step (I-32).</summary>
    public IReadOnlyList<Answered> Answers => _answered;

    /// <summary>The state resolutions servers ran in the step (I-33).</summary>
    public IReadOnlyList<ResolutionWork> Resolutions => _resolutions;

    /// <summary>What happened, in a person's words; empty when the step found nothing to do.</summary>
    public IReadOnlyList<string> Story => _story;

    public bool DidSomething => _story.Count > 0;

    internal void Add(Taken taken) => _taken.Add(taken);

    // The events honest servers took, which most invariants read: found once per step (again only if the step took
    // more); a step's effects belong to one world, so to one configuration.
    private List<Taken>? _honestTaken;
    private int _honestTakenSeen;

    /// <summary>
    /// The events of this step that the honest servers of <paramref name="config"/> newly hold, in the order taken: a span
    /// over a list never changed once made (a step that takes more makes a new one), so it stays valid.
    /// </summary>
    public ReadOnlySpan<Taken> HonestTaken(SimConfig config)
    {
        if (_honestTaken is null || _honestTakenSeen != _taken.Count)
        {
            _honestTaken = [];
            foreach (var taken in _taken)
            {
                if (!config.IsByzantine(taken.Server)) _honestTaken.Add(taken);
            }
            _honestTakenSeen = _taken.Count;
        }
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_honestTaken);
    }

    internal void Add(Attempt attempt) => _attempts.Add(attempt);

    internal void Add(Offer offer) => _offers.Add(offer);

    internal void Add(AttackMove move) => _moves.Add(move);

    internal void Add(Answered answered) => _answered.Add(answered);

    internal void Add(ResolutionWork work) => _resolutions.Add(work);

    internal void Tell(string line) => _story.Add(line);
}

/// <summary>A violated invariant: which, after which step, and why, with the servers and events concerned.</summary>
public sealed record Violation(string Invariant, int Step, string Why, ImmutableArray<string> Events)
{
    public override string ToString() => $"{Invariant} after step {Step}: {Why}";
}
