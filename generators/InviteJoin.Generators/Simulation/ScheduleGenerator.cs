using System.Collections.Immutable;
using CsCheck;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Simulation;

/// <summary>What schedules to generate: the federations, adversaries and faults a run explores.</summary>
public sealed record ExploreSpace
{
    /// <summary>The room versions to draw from (all twelve by default).</summary>
    public ImmutableArray<RoomVersion> Versions { get; init; } = RoomVersionRegistry.All;

    /// <summary>The fewest and most servers of a federation (2 to 7).</summary>
    public int MinServers { get; init; } = 2;

    public int MaxServers { get; init; } = 5;

    /// <summary>The most Byzantine servers (never the room's creator); 0 for honest federations only.</summary>
    public int MaxByzantine { get; init; } = 1;

    /// <summary>The strategies Byzantine servers draw from.</summary>
    public ImmutableArray<Adversary> Strategies { get; init; } = Adversaries.Default;

    /// <summary>
    /// The planted fault some honest servers run, or null. With a fault, only the room versions and initial join rules
    /// where it can show are drawn (<see cref="PlantedFault.ShowsIn"/>), and the space is fault-finding unless told
    /// otherwise (<see cref="FaultFinding"/>).
    /// </summary>
    public string? Fault
    {
        get => _fault;
        init
        {
            _fault = value;
            _faultFinding ??= value is not null;
        }
    }

    /// <summary>
    /// A space that leans towards what exercises faults in general, never towards one fault by name: a Byzantine server
    /// in every federation (when <see cref="MaxByzantine"/> allows one), the strategies that probe a receiving server's
    /// checks (failing events, resolution probes, malicious templates) each drawn as often as all the others together,
    /// twice as many Byzantine steps, users who change memberships and power more than they chat and who join a room
    /// when asked for what only a member can do (<see cref="SimConfig.EagerUsers"/>), and in half the federations every
    /// server's first user at power 100 (<see cref="SimConfig.SharedPower"/>). On by default exactly when a fault is given.
    /// </summary>
    public bool FaultFinding
    {
        get => _faultFinding ?? false;
        init => _faultFinding = value;
    }

    private readonly string? _fault;
    private readonly bool? _faultFinding;

    public bool StrictInvites { get; init; }

    /// <summary>Null to draw: mostly symbolic signatures, one run in <see cref="RealSignatureShare"/> real.</summary>
    public SignatureMode? Signatures { get; init; }

    /// <summary>One run in this many uses real signatures when <see cref="Signatures"/> is null.</summary>
    public int RealSignatureShare { get; init; } = 20;

    /// <summary>The behaviour profiles servers decide under, drawn for each server but the creator (which takes the first).</summary>
    public ImmutableArray<string> Profiles { get; init; } = ["spec"];

    /// <summary>The fewest and most steps of a schedule (before the network settles).</summary>
    public int MinSteps { get; init; } = 20;

    public int MaxSteps { get; init; } = 60;
}

/// <summary>
/// CsCheck generators of simulated runs: a federation (servers, Byzantine strategies, faulty servers, room version
/// and join rule) and a schedule of steps, each step four small numbers read against the world when it runs. Lower
/// numbers and fewer steps make simpler runs, which is the direction shrinking goes.
/// </summary>
public static class ScheduleGenerator
{
    // Deliveries and user actions dominate; losses, duplicates and partitions are rarer, as on a real network.
    private static readonly (StepKind Kind, int Weight)[] Weights =
    [
        (StepKind.Deliver, 36),
        (StepKind.UserAction, 30),
        (StepKind.Progress, 12),
        (StepKind.Drop, 3),
        (StepKind.Duplicate, 3),
        (StepKind.Partition, 4),
        (StepKind.Byzantine, 12),
    ];

    private static readonly ImmutableArray<Adversary> Probers = [Adversary.FailingEvents, Adversary.ResolutionProbes, Adversary.MaliciousTemplate];

    // With a fault, users act on their memberships and on the room's power more than they chat.
    private static readonly (UserActionKind Kind, int Weight)[] ActionWeights =
    [
        (UserActionKind.Message, 1),
        (UserActionKind.Topic, 2),
        (UserActionKind.Invite, 3),
        (UserActionKind.Join, 5),
        (UserActionKind.Leave, 2),
        (UserActionKind.Knock, 1),
        (UserActionKind.Kick, 1),
        (UserActionKind.Ban, 1),
        (UserActionKind.Unban, 1),
        (UserActionKind.PowerLevels, 2),
        (UserActionKind.JoinRules, 2),
        (UserActionKind.ServerAcl, 1),
    ];

    /// <summary>Schedules of <paramref name="space"/>.</summary>
    public static Gen<Schedule> Schedules(ExploreSpace space) =>
        Gen.Select(Configs(space), Steps(space), (config, steps) => new Schedule(config, steps));

    /// <summary>Federations of <paramref name="space"/>.</summary>
    public static Gen<SimConfig> Configs(ExploreSpace space)
    {
        var fault = Faults.Find(space.Fault);
        var versions = fault is null ? space.Versions : [.. space.Versions.Where(v => SimConfig.JoinRulesOf(v).Any(r => fault.ShowsIn(v, r)))];
        if (versions.IsEmpty) throw new ArgumentException($"the fault {space.Fault} shows in none of the room versions {string.Join(",", space.Versions.Select(v => v.Id))}", nameof(space));
        // With a fault, the strategies that send what no honest server would — probes of the receiving server's checks
        // (failing events, stale state, malicious templates) — are each drawn as often as all the others together.
        var probers = space.Strategies.Where(Probers.Contains).ToList();
        var drawn = !space.FaultFinding || probers.Count == 0 || probers.Count == space.Strategies.Length
            ? space.Strategies
            : [.. space.Strategies, .. probers.SelectMany(p => Enumerable.Repeat(p, space.Strategies.Length - probers.Count - 1))];
        // A fault that only a sender the default leaves out can show brings that sender in, drawn as often as all the others.
        ImmutableArray<Adversary> strategies = fault?.Strategy is { } needed && !drawn.Contains(needed) ? [.. drawn, .. Enumerable.Repeat(needed, drawn.Length)] : drawn;
        return Gen.Select(
            Gen.Int[space.MinServers, space.MaxServers],
            Gen.Int[0, versions.Length - 1],
            Gen.Int[0, 15],
            Gen.Int[0, 1 << 20].Array[3],
            Gen.Int[0, Math.Max(space.RealSignatureShare, 1) - 1],
            (servers, v, rule, picks, signatures) =>
            {
                var version = versions[v];
                var rules = SimConfig.JoinRulesOf(version);
                if (fault is not null && rules.Where(r => fault.ShowsIn(version, r)).ToImmutableArray() is { IsEmpty: false } shown) rules = shown;
                var byzantine = ImmutableSortedDictionary<int, Adversary>.Empty;
                var most = Math.Min(space.MaxByzantine, servers - 1);
                var count = most <= 0 ? 0 : !space.FaultFinding ? picks[0] % (most + 1) : 1 + picks[0] % most;
                for (var i = 0; i < count; i++)
                {
                    var server = servers - 1 - i;
                    byzantine = byzantine.Add(server, strategies[(picks[1] / (i + 1)) % strategies.Length]);
                }
                // A space that names policy-evasion gives the main room a policy server whenever a server plays it, and in half
                // the other federations (a bit of a number drawn anyway, so that the other draws stay as they were).
                var policyServer = space.Strategies.Contains(Adversary.PolicyEvasion)
                    && (byzantine.Values.Contains(Adversary.PolicyEvasion) || ((picks[1] >> 17) & 1) == 1);
                var faulty = ImmutableSortedSet<int>.Empty;
                if (space.Fault is not null)
                {
                    // At least one honest server besides the creator runs the fault; the creator runs the reference.
                    var candidates = Enumerable.Range(1, servers - 1).Where(s => !byzantine.ContainsKey(s)).ToList();
                    if (candidates.Count == 0) candidates = [0];
                    var mask = picks[2] % (1 << candidates.Count);
                    faulty = [.. candidates.Where((_, i) => (mask & (1 << i)) != 0)];
                    if (faulty.IsEmpty) faulty = [candidates[0]];
                }
                return new SimConfig
                {
                    Servers = servers,
                    Version = version,
                    JoinRule = rules[rule % rules.Length],
                    Byzantine = byzantine,
                    Fault = space.Fault,
                    Faulty = faulty,
                    StrictInvites = space.StrictInvites,
                    Signatures = space.Signatures ?? (signatures == 1 ? SignatureMode.Real : SignatureMode.Symbolic),
                    SharedPower = space.FaultFinding && ((picks[1] >> 16) & 1) == 1,
                    EagerUsers = space.FaultFinding,
                    PolicyServer = policyServer,

                    Profiles = space.Profiles.Length <= 1 && space.Profiles.FirstOrDefault() is null or "spec"
                        ? ImmutableSortedDictionary<int, string>.Empty
                        : Enumerable.Range(0, servers).ToImmutableSortedDictionary(
                            s => s,
                            s => s == 0 ? space.Profiles[0] : space.Profiles[((picks[2] >> 10) >> s) % space.Profiles.Length]),
                };
            });
    }

    private static readonly ImmutableArray<StepKind> StepKindValues = [.. Enum.GetValues<StepKind>()];
    private static readonly ImmutableArray<UserActionKind> UserActionKindValues = [.. Enum.GetValues<UserActionKind>()];

    /// <summary>Schedules' steps.</summary>
    public static Gen<ImmutableArray<StepChoice>> Steps(ExploreSpace space)
    {
        var weights = !space.FaultFinding ? Weights : [.. Weights.Select(w => w.Kind == StepKind.Byzantine ? (w.Kind, w.Weight * 2) : w)];
        var total = weights.Sum(w => w.Weight);
        var kinds = StepKindValues;
        var actions = UserActionKindValues;
        var actionTotal = ActionWeights.Sum(w => w.Weight);
        var step = Gen.Select(Gen.Int[0, total - 1], Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 4095], (k, a, b, c) =>
        {
            var kind = StepKind.Deliver;
            foreach (var (candidate, weight) in weights)
            {
                if (k < weight)
                {
                    kind = candidate;
                    break;
                }
                k -= weight;
            }
            if (kind == StepKind.UserAction && space.FaultFinding)
            {
                // The action's kind is c modulo the number of kinds, its target the quotient (SimServer.Act).
                var pick = c % actionTotal;
                var action = UserActionKind.Message;
                foreach (var (candidate, weight) in ActionWeights)
                {
                    if (pick < weight)
                    {
                        action = candidate;
                        break;
                    }
                    pick -= weight;
                }
                c = actions.IndexOf(action) + actions.Length * (c / actionTotal);
            }
            return new StepChoice(kinds.IndexOf(kind), a, b, c);
        });
        return step.Array[space.MinSteps, space.MaxSteps].Select(steps => steps.ToImmutableArray());
    }

    /// <summary>The schedule number <paramref name="index"/> of a run seeded with <paramref name="seed"/>: the same on every machine.</summary>
    public static Schedule Generate(ExploreSpace space, ulong seed, long index)
    {
        var pcg = new PCG((uint)(index & 0x7fff_ffff) * 2u + 1u, seed ^ ((ulong)index * 0x9E37_79B9_7F4A_7C15UL));
        return Generators.GetValue(space, s => Schedules(s)).Generate(pcg, null, out _);
    }

    // The generator of each space, made once: a run generates every schedule of its space from it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ExploreSpace, Gen<Schedule>> Generators = new();
}
