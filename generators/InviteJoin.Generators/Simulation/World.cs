using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>The kinds of step a schedule is made of; a step's <see cref="StepChoice.Kind"/> picks one.</summary>
public enum StepKind
{
    /// <summary>A message in flight reaches its destination.</summary>
    Deliver,

    /// <summary>A user of an honest server does something.</summary>
    UserAction,

    /// <summary>A handshake waiting between its two requests takes its second (send_join after make_join, …).</summary>
    Progress,

    /// <summary>A message in flight is lost.</summary>
    Drop,

    /// <summary>A message in flight is sent twice.</summary>
    Duplicate,

    /// <summary>The network splits into two groups, or heals.</summary>
    Partition,

    /// <summary>A Byzantine server does what its strategy says.</summary>
    Byzantine,
}

/// <summary>One PDU on its way from one server to another (a transaction of one event).</summary>
public sealed record Envelope(int Id, int From, int To, JsonObject Pdu, string Summary);

/// <summary>A handshake between its first request (make_*) and its second (send_*).</summary>
public sealed record PendingHandshake(int Id, int Server, string User, string RoomId, string Membership, int Resident, Pdu Signed, bool OmitMembers = false);

/// <summary>A server holding a room's partial state (a join with members omitted), to be completed from the servers in the room.</summary>
public sealed record PendingResync(int Server, string RoomId, int Attempts);

/// <summary>An invite a server countersigned for one of its users, which the user may accept or reject.</summary>
public sealed record ReceivedInvite(string User, string RoomId, int Inviter, JsonObject Event);

/// <summary>
/// A simulated federation: servers running the reference (or a planted fault, or a Byzantine strategy), a
/// single-threaded network in virtual time whose every delivery a schedule chooses, and the log of what each step
/// did. Deterministic: the same schedule gives the same world, on any machine.
/// </summary>
public sealed partial class World
{
    /// <summary>How many missing events a server fetches at once (<c>get_missing_events</c>' default limit is 10).</summary>
    public const int MissingEventsLimit = 10;

    private readonly List<SimServer> _servers = [];
    private readonly List<Envelope> _inFlight = [];
    private readonly List<PendingHandshake> _pending = [];
    private readonly List<PendingResync> _resyncs = [];
    private readonly int[] _group;
    private readonly Dictionary<(int Server, string EventId), EventStatus> _statuses = []; // look-ups only
    private int _nextEnvelope;
    private int _nextHandshake;

    public World(SimConfig config)
    {
        Config = config;
        Keys = Cast.KeyRing(config.Servers, config.Signatures);
        for (var i = 0; i < config.Servers; i++) _servers.Add(new SimServer(this, i));
        _group = new int[config.Servers];
        Clock = 1_700_000_000_000;
        Setup();
    }

    public SimConfig Config { get; }

    /// <summary>Every server's verification key (a key notary every server trusts).</summary>
    public KeyRing Keys { get; }

    /// <summary>Virtual time in milliseconds; every step advances it.</summary>
    public long Clock { get; private set; }

    /// <summary>How many steps have run.</summary>
    public int StepCount { get; private set; }

    public IReadOnlyList<SimServer> Servers => _servers;

    public IReadOnlyList<Envelope> InFlight => _inFlight;

    public IReadOnlyList<PendingHandshake> Pending => _pending;

    /// <summary>The rooms of the run: the main room, then (in versions with restricted joins) the lobby its join rule names.</summary>
    public ImmutableArray<string> Rooms { get; private set; } = [];

    /// <summary>The main room's ID.</summary>
    public string MainRoom => Rooms[0];

    /// <summary>The room version of every room of the run.</summary>
    public RoomVersion Version => Config.Version;

    /// <summary>The room's create event as its creator made it.</summary>
    public ImmutableSortedDictionary<string, Pdu> Creates { get; private set; } = ImmutableSortedDictionary.Create<string, Pdu>(StringComparer.Ordinal);

    /// <summary>The events the rooms were created with, before the first step.</summary>
    public ImmutableArray<string> SetupEvents { get; private set; } = [];

    /// <summary>The events some server holds that the schedule's steps made (the rooms' creation aside).</summary>
    public int EventsMade() =>
        _servers.SelectMany(s => Rooms.Select(r => s.Room(r)?.Held.Keys ?? Enumerable.Empty<string>()).SelectMany(k => k))
            .Distinct(StringComparer.Ordinal).Count(id => SetupEvents.BinarySearch(id, StringComparer.Ordinal) < 0);

    /// <summary>True when no message is in flight and no handshake waits: what is known has spread as far as it will.</summary>
    public bool Quiescent => _inFlight.Count == 0 && _pending.Count == 0 && _resyncs.Count == 0;

    /// <summary>The partial states waiting to be completed.</summary>
    public IReadOnlyList<PendingResync> Resyncs => _resyncs;

    /// <summary>How many times a server asks for the full state of a partial room before it gives up (every server it may ask, a few times).</summary>
    public const int ResyncAttempts = 8;

    /// <summary>True when the network is whole.</summary>
    public bool Healed => _group.All(g => g == 0);

    /// <summary>True when servers <paramref name="a"/> and <paramref name="b"/> can reach each other.</summary>
    public bool Reachable(int a, int b) => _group[a] == _group[b];

    // Read once: Enum.GetValues copies the values on every call.
    private static readonly StepKind[] StepKinds = Enum.GetValues<StepKind>();

    /// <summary>Runs one step and tells what it did.</summary>
    public StepEffects Apply(StepChoice choice)
    {
        StepCount++;
        Clock += 1000;
        var effects = Measure(new StepEffects());
        _running = choice;
        _parts = 0;
        var before = Clock;
        var kind = StepKinds[Math.Abs(choice.Kind) % StepKinds.Length];
        // A step left out whole does nothing, but its time passes as when it ran: its A is the milliseconds its work took.
        if (choice.IsPass) Clock += Math.Max(choice.A, 0);
        else Guarded(effects, () => Run(kind, choice, effects));
        _partsByStep.Add(_parts);
        _ticksByStep.Add(Clock - before);
        _running = default;
        _parts = 0;
        return effects;
    }

    // The step Apply runs, how many of its parts (TakePart) it has come to, and what each step Apply ran took.
    private StepChoice _running;
    private int _parts;
    private readonly List<int> _partsByStep = [];
    private readonly List<long> _ticksByStep = [];

    /// <summary>
    /// The milliseconds the work of step <paramref name="step"/> (of those Apply ran, from 0) took: every event made
    /// and every request signed advances the clock by one. 0 for a step not run.
    /// </summary>
    public int TicksOf(int step) => step >= 0 && step < _ticksByStep.Count ? (int)Math.Min(_ticksByStep[step], int.MaxValue) : 0;

    /// <summary>
    /// Counts one part of the running step (a branch event of a fork, say) and says whether to make it: false when
    /// shrinking left the part out (<see cref="StepChoice.Omit"/>). A step that makes several events asks once per event,
    /// in an order that does not depend on what was left out, and draws its choices the same way either way.
    /// </summary>
    internal bool TakePart() => !_running.Omits(_parts++);

    /// <summary>How many parts step <paramref name="step"/> (of those Apply ran, from 0) asked <see cref="TakePart"/> about; 0 for a step not run.</summary>
    public int PartsOf(int step) => step >= 0 && step < _partsByStep.Count ? _partsByStep[step] : 0;

    // Runs a step's work. A profile that models an implementation's exceptions (spec/divergences.md) may make a server
    // raise: like that implementation, it gives up on what it was doing, and the step ends there. Under the spec
    // everywhere, an exception is a bug and is not caught.
    private void Guarded(StepEffects effects, Action work)
    {
        try
        {
            work();
        }
        catch (InvalidOperationException e) when (Config.Profiles.Values.Any(p => p != "spec"))
        {
            effects.Tell("a server deciding as another implementation raises and gives up: " + e.Message);
        }
    }

    private void Run(StepKind kind, StepChoice choice, StepEffects effects)
    {
        switch (kind)
        {
            case StepKind.Deliver: Deliver(choice.A, effects); break;
            case StepKind.UserAction: UserAction(choice.A, choice.B, choice.C, effects); break;
            case StepKind.Progress: Progress(choice.A, effects); break;
            case StepKind.Drop: Drop(choice.A, effects); break;
            case StepKind.Duplicate: Duplicate(choice.A, effects); break;
            case StepKind.Partition: Partition(choice.A, effects); break;
            case StepKind.Byzantine: ByzantineAction(choice.A, choice.B, choice.C, effects); break;
            default: throw new System.Diagnostics.UnreachableException();
        }
    }

    /// <summary>
    /// Brings the federation to quiescence: the network heals, every waiting handshake takes its second request and
    /// every message is delivered, oldest first, until nothing is left (at most <paramref name="limit"/> steps).
    /// </summary>
    public IEnumerable<StepEffects> Quiesce(int limit = 10_000)
    {
        if (!Healed)
        {
            Array.Fill(_group, 0);
            var healed = new StepEffects();
            healed.Tell("the network heals");
            yield return healed;
        }
        for (var i = 0; i < limit && !Quiescent; i++)
        {
            StepCount++;
            Clock += 1000;
            var effects = Measure(new StepEffects());
            if (_resyncs.Count > 0 && _pending.Count == 0 && _inFlight.Count == 0)
            {
                var resync = _resyncs[0];
                _resyncs.RemoveAt(0);
                Guarded(effects, () => Resync(resync, effects));
            }
            else if (_pending.Count > 0)
            {
                var handshake = _pending[0];
                _pending.RemoveAt(0);
                Guarded(effects, () => _servers[handshake.Server].Submit(handshake, effects));
            }
            else
            {
                Guarded(effects, () => DeliverAt(0, effects));
            }
            yield return effects;
        }
    }

    /// <summary>Delivers every message in flight, oldest first, until none is left or none can arrive (a partition); at most <paramref name="limit"/> deliveries.</summary>
    public IEnumerable<StepEffects> Settle(int limit = 10_000)
    {
        for (var i = 0; i < limit; i++)
        {
            var index = _inFlight.FindIndex(e => Reachable(e.From, e.To));
            if (index < 0) yield break;
            StepCount++;
            Clock += 1000;
            var effects = Measure(new StepEffects());
            DeliverAt(index, effects);
            yield return effects;
        }
    }

    internal SimServer Server(int index) => _servers[index];

    // ---- named steps, for scenarios written by hand ----

    /// <summary>User <paramref name="user"/> does <paramref name="action"/> in room <paramref name="roomId"/> (a step).</summary>
    public StepEffects Perform(string user, string roomId, UserAction action)
    {
        var effects = Begin();
        _servers[ServerOfUser(user)].Perform(user, roomId, action, effects);
        return effects;
    }

    /// <summary>The oldest message in flight from <paramref name="from"/> to <paramref name="to"/> arrives (a step); nothing when there is none or they cannot reach each other.</summary>
    public StepEffects DeliverFrom(int from, int to)
    {
        var effects = Begin();
        var index = _inFlight.FindIndex(e => e.From == from && e.To == to);
        if (index >= 0 && Reachable(from, to)) DeliverAt(index, effects);
        return effects;
    }

    /// <summary>The oldest message in flight from <paramref name="from"/> to <paramref name="to"/> is lost (a step).</summary>
    public StepEffects DropFrom(int from, int to)
    {
        var effects = Begin();
        var index = _inFlight.FindIndex(e => e.From == from && e.To == to);
        if (index >= 0) Drop(index, effects);
        return effects;
    }

    /// <summary>The network splits: <paramref name="apart"/> on one side, the rest on the other (a step).</summary>
    public StepEffects Split(IEnumerable<int> apart)
    {
        var mask = 0;
        foreach (var server in apart) mask |= server == 0 ? 0 : 1 << (server - 1);
        var effects = Begin();
        if (mask != 0) Partition(mask, effects);
        return effects;
    }

    /// <summary>The network heals (a step).</summary>
    public StepEffects Heal()
    {
        var effects = Begin();
        Partition(0, effects);
        return effects;
    }

    /// <summary>The handshake <paramref name="user"/> started takes its second request (a step); nothing when none waits.</summary>
    public StepEffects Submit(string user)
    {
        var effects = Begin();
        var index = _pending.FindIndex(h => h.User == user);
        if (index >= 0) Progress(index, effects);
        return effects;
    }

    /// <summary>Byzantine server <paramref name="server"/> takes a turn of its strategy with the numbers <paramref name="b"/> and <paramref name="c"/> (a step).</summary>
    public StepEffects Misbehave(int server, int b, int c)
    {
        var effects = Begin();
        if (Config.IsByzantine(server)) _servers[server].Misbehave(b, c, effects);
        return effects;
    }

    private StepEffects Begin()
    {
        StepCount++;
        Clock += 1000;
        return Measure(new StepEffects());
    }

    // ---- the work a step does (I-33) ----

    /// <summary>The step whose state resolutions are being recorded; null between steps, while the invariants run.</summary>
    internal StepEffects? Measuring { get; private set; }

    private StepEffects Measure(StepEffects effects) => Measuring = effects;

    /// <summary>Ends the recording of the current step's work: what runs next (the invariants' own resolutions) is not the step's.</summary>
    public void EndStep() => Measuring = null;

    // Checks 1–3 on receipt of each event, by the very JSON object servers pass around: every server of a run trusts
    // the same keys, so one verification serves every server the event reaches.
    private readonly Dictionary<JsonObject, (InboundPdu? Accepted, InboundRejection? Dropped)> _verified = new(ReferenceEqualityComparer.Instance); // look-ups only

    /// <summary>Checks 1–3 on receipt of <paramref name="json"/> (format, signatures, hashes), once per event per run.</summary>
    public (InboundPdu? Accepted, InboundRejection? Dropped) Verify(JsonObject json, EventFormat format) =>
        Verified(json, format, static (json, format, keys) => PduVerification.Check(json, format, keys));

    // The answer of checks 1–3 for the very object json, made by check (from what and the run's keys) the first time it is
    // asked for; the check is a static function, so a look-up that finds the answer allocates nothing.
    private (InboundPdu? Accepted, InboundRejection? Dropped) Verified<T>(JsonObject json, T what, Func<JsonObject, T, KeyRing, (InboundPdu?, InboundRejection?)> check)
    {
        lock (_verified)
        {
            if (!_verified.TryGetValue(json, out var result)) _verified[json] = result = check(json, what, Keys);
            return result;
        }
    }

    // Signature checks the invariants ask for, by event (the very JSON object, which servers share) and signer: an
    // event is checked once however many servers hold it.
    private readonly Dictionary<JsonObject, Dictionary<string, bool>> _signatures = new(ReferenceEqualityComparer.Instance); // look-ups only

    /// <summary>True when <paramref name="pdu"/> carries a valid signature of <paramref name="server"/> with the run's keys.</summary>
    public bool SignedBy(Pdu pdu, string server)
    {
        // The checks on receipt of this very object verify its required signers with the same keys: a pure function of
        // the object and the keys, made once per event for every server it reaches (its creator takes it unchecked, and
        // the servers it is sent to then find the answer made), so their answer is this one.
        if (VerifiedOnReceipt(pdu) is { ReplacedByRedaction: false } verified && verified.VerifiedServers.Contains(server)) return true;
        lock (_signatures)
        {
            if (!_signatures.TryGetValue(pdu.Json, out var bySigner)) _signatures[pdu.Json] = bySigner = new(StringComparer.Ordinal);
            if (!bySigner.TryGetValue(server, out var signed)) bySigner[server] = signed = Reference.Auth.AuthContext.VerifiesWith(Keys)(pdu, server);
            return signed;
        }
    }

    private InboundPdu? VerifiedOnReceipt(Pdu pdu) => Verify(pdu).Accepted;

    /// <summary>
    /// As <see cref="Verify(JsonObject, EventFormat)"/> for an event a server holds: the same answer, made once per event per
    /// run. An event checked first here is most often one its server has just built and read as its receivers do, which the
    /// checks need not read again (<see cref="PduVerification.Check(Pdu, KeyRing)"/>).
    /// </summary>
    public (InboundPdu? Accepted, InboundRejection? Dropped) Verify(Pdu pdu) => Verified(pdu.Json, pdu, static (_, pdu, keys) => PduVerification.Check(pdu, keys));

    // The content-hash check of I-23, by event (the very JSON object): an event is checked once however many servers hold it.
    private readonly Dictionary<JsonObject, bool> _contentHashes = new(ReferenceEqualityComparer.Instance); // look-ups only

    /// <summary>True when <paramref name="pdu"/>'s content hash holds (or it is redacted), checked once per event.</summary>
    public bool ContentHashHolds(Pdu pdu)
    {
        if (VerifiedOnReceipt(pdu) is { ReplacedByRedaction: false }) return true; // its hash matches: the checks on receipt say so
        lock (_contentHashes)
        {
            if (!_contentHashes.TryGetValue(pdu.Json, out var holds)) _contentHashes[pdu.Json] = holds = HashesAndSignaturesHold.ContentHashHolds(pdu);
            return holds;
        }
    }

    /// <summary>True when <paramref name="pdu"/> carries a valid <c>ed25519:policy_server</c> signature of <paramref name="via"/> by <paramref name="key"/> (I-34), checked once per event and key.</summary>
    public bool SignedByPolicyKey(Pdu pdu, string via, string key)
    {
        lock (_signatures)
        {
            if (!_signatures.TryGetValue(pdu.Json, out var bySigner)) _signatures[pdu.Json] = bySigner = new(StringComparer.Ordinal);
            var signer = "policy " + via + " " + key;
            if (!bySigner.TryGetValue(signer, out var signed)) bySigner[signer] = signed = PolicySignaturesHonoured.Verify(pdu, via, key);
            return signed;
        }
    }

    /// <summary>The status server <paramref name="server"/> held <paramref name="eventId"/> in before the step being checked, or null.</summary>
    public EventStatus? PreviousStatus(int server, EventId eventId) =>
        _statuses.TryGetValue((server, eventId.Value), out var status) ? status : null;

    /// <summary>Records what <paramref name="effects"/> did, once the invariants have been checked against the state before it.</summary>
    public void Remember(StepEffects effects)
    {
        for (var i = 0; i < effects.Taken.Count; i++)
        {
            var taken = effects.Taken[i];
            _statuses[(taken.Server, taken.Held.EventId.Value)] = taken.Held.Status;
        }
    }

    internal long Tick() => Clock += 1;

    private static int Pick(int choice, int count) => count == 0 ? -1 : (int)((uint)choice % (uint)count);

    // The rooms as they stand after creation depend only on the version, the join rule, the signing keys and who starts
    // with power (with shared power, how many servers), and are immutable values: they are made once per such key and
    // shared by every world that starts the same way — without any resolver a faulty creator gave them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Version, string JoinRule, SignatureMode Mode, int SharedPower, bool PolicyServer), Start> Starts = new(); // look-ups only

    private sealed record Start(ResidentServer Creator, ImmutableArray<string> Rooms, long Clock)
    {
        // The rooms' create events and the events they were created with, read from the start once for every world made from it.
        public ImmutableSortedDictionary<string, Pdu> Creates { get; } =
            Rooms.ToImmutableSortedDictionary(id => id, id => Creator.Room(id)!.Create!, StringComparer.Ordinal);

        public ImmutableArray<string> SetupEvents { get; } = [.. Rooms.SelectMany(id => Creator.Room(id)!.Held.Keys).Order(StringComparer.Ordinal)];
    }

    // The main room (and a public lobby for restricted join rules) as a's first user makes them: create, join,
    // power levels, join rules, and with a policy server the m.room.policy naming a's. Every server learns nothing until it joins.
    private void Setup()
    {
        var start = Starts.GetOrAdd((Version.Id, Config.JoinRule, Config.Signatures, Config.SharedPower ? Config.Servers : 0, Config.PolicyServer), _ =>
        {
            MakeRooms();
            var creator = _servers[0].Resident;
            foreach (var room in creator.Rooms.Values) creator = creator.With(room.WithResolver(null));
            return new Start(creator, Rooms, Clock);
        });
        // The keys the creator knows are this federation's, whichever federation made the shared start.
        _servers[0].Hold(start.Creator with { Keys = Keys });
        Rooms = start.Rooms;
        Clock = start.Clock;
        Creates = start.Creates;
        SetupEvents = start.SetupEvents;
        _inFlight.Clear();
    }

    private void MakeRooms()
    {
        var creator = _servers[0];
        var rooms = ImmutableArray.CreateBuilder<string>();
        string? lobby = null;
        if (Version.RestrictedJoins)
        {
            lobby = creator.CreateRoom("lobby", JoinRuleValues.Public, []);
        }
        var allow = Config.JoinRule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted && lobby is not null ? new[] { lobby } : [];
        rooms.Add(creator.CreateRoom("main", Config.JoinRule, allow));
        if (Config.PolicyServer) creator.NamePolicyServer(rooms[0]);
        if (lobby is not null) rooms.Add(lobby);
        Rooms = rooms.ToImmutable();
    }

    // ---- the network ----

    internal void Send(int from, int to, Pdu pdu)
    {
        if (from == to) return;
        _inFlight.Add(new Envelope(_nextEnvelope++, from, to, pdu.Json, Describe(pdu)));
    }

    internal void Send(int from, int to, JsonObject json, string summary)
    {
        if (from == to) return;
        _inFlight.Add(new Envelope(_nextEnvelope++, from, to, json, summary));
    }

    /// <summary>Sends <paramref name="pdu"/> from <paramref name="from"/> to every other server in the room before or after it, and to the server of a membership event's target.</summary>
    internal void Broadcast(int from, Room room, Pdu pdu)
    {
        var servers = new SortedSet<int>();
        void AddServersOf(Reference.Auth.AuthState? state)
        {
            if (state is null) return;
            foreach (var e in state.Events.Values)
            {
                if (e.Type == EventTypes.Member && e.Membership == MembershipValues.Join && e.StateKey is { } user && ServerOfUser(user) is var s && s >= 0) servers.Add(s);
            }
        }
        var held = room.Find(pdu.EventId);
        AddServersOf(held?.StateBefore);
        AddServersOf(held?.StateAfter);
        AddServersOf(room.State);
        if (pdu.Type == EventTypes.Member && pdu.StateKey is { } target && ServerOfUser(target) is var t && t >= 0) servers.Add(t);
        // A membership event a resident takes on another server's behalf (send_join, send_leave, send_knock) goes to
        // everyone but that server, which made it.
        servers.Remove(ServerOfUser(pdu.Sender.Value));
        foreach (var to in servers) Send(from, to, pdu);
    }

    internal static int ServerOfUser(string userId)
    {
        var colon = userId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? -1 : Cast.ServerIndex(userId[(colon + 1)..]);
    }

    private void Deliver(int choice, StepEffects effects)
    {
        var index = Pick(choice, _inFlight.Count);
        if (index < 0) return;
        if (!Reachable(_inFlight[index].From, _inFlight[index].To))
        {
            // Held back by the partition; a later step may deliver it once the network heals.
            return;
        }
        DeliverAt(index, effects);
    }

    private void DeliverAt(int index, StepEffects effects)
    {
        var envelope = _inFlight[index];
        _inFlight.RemoveAt(index);
        effects.Tell($"{Cast.Server(envelope.From)} → {Cast.Server(envelope.To)}: {envelope.Summary}");
        _servers[envelope.To].ReceiveTransaction(envelope.Pdu, envelope.From, effects);
    }

    private void Drop(int choice, StepEffects effects)
    {
        var index = Pick(choice, _inFlight.Count);
        if (index < 0) return;
        var envelope = _inFlight[index];
        _inFlight.RemoveAt(index);
        effects.Tell($"lost: {Cast.Server(envelope.From)} → {Cast.Server(envelope.To)}: {envelope.Summary}");
    }

    private void Duplicate(int choice, StepEffects effects)
    {
        var index = Pick(choice, _inFlight.Count);
        if (index < 0) return;
        var envelope = _inFlight[index];
        _inFlight.Add(envelope with { Id = _nextEnvelope++ });
        effects.Tell($"sent twice: {Cast.Server(envelope.From)} → {Cast.Server(envelope.To)}: {envelope.Summary}");
    }

    // A choice whose bits (one per server but the first) say which servers go to the second group; a choice
    // that moves nobody heals the network.
    private void Partition(int choice, StepEffects effects)
    {
        var mask = (uint)choice % (1u << (Config.Servers - 1));
        if (mask == 0)
        {
            if (Healed) return;
            Array.Fill(_group, 0);
            effects.Tell("the network heals");
            return;
        }
        for (var i = 0; i < Config.Servers; i++) _group[i] = i > 0 && (mask & (1u << (i - 1))) != 0 ? 1 : 0;
        var apart = Enumerable.Range(0, Config.Servers).Where(i => _group[i] == 1).Select(Cast.Server);
        effects.Tell("the network splits: " + string.Join(", ", apart) + " apart from the rest");
    }

    // ---- handshakes waiting between their two requests ----

    internal void Wait(PendingHandshake handshake) => _pending.Add(handshake with { Id = _nextHandshake++ });

    internal void WaitForResync(int server, string roomId) => _resyncs.Add(new PendingResync(server, roomId, 0));

    // One attempt at completing a partial state; one that fails waits again, until the attempts run out.
    private void Resync(PendingResync resync, StepEffects effects)
    {
        if (!_servers[resync.Server].Resync(resync.RoomId, resync.Attempts, effects) && resync.Attempts + 1 < ResyncAttempts)
        {
            _resyncs.Add(resync with { Attempts = resync.Attempts + 1 });
        }
    }

    /// <summary>The handshakes <paramref name="server"/> waits on take their second request at once (a prober does not wait to be in the room).</summary>
    internal void Hasten(int server, StepEffects effects)
    {
        foreach (var handshake in _pending.Where(h => h.Server == server).ToList())
        {
            _pending.Remove(handshake);
            _servers[server].Submit(handshake, effects);
        }
    }

    private void Progress(int choice, StepEffects effects)
    {
        // The handshakes waiting for their second request, then the partial states waiting for their resync.
        var index = Pick(choice, _pending.Count + _resyncs.Count);
        if (index < 0) return;
        if (index >= _pending.Count)
        {
            var resync = _resyncs[index - _pending.Count];
            _resyncs.RemoveAt(index - _pending.Count);
            Resync(resync, effects);
            return;
        }
        var handshake = _pending[index];
        _pending.RemoveAt(index);
        _servers[handshake.Server].Submit(handshake, effects);
    }

    // ---- users ----

    private void UserAction(int a, int b, int c, StepEffects effects)
    {
        var honest = Enumerable.Range(0, Config.Servers).Where(i => !Config.IsByzantine(i)).ToList();
        var server = honest[Pick(a, honest.Count)];
        var user = Cast.User(server, Pick(b, Cast.UsersPerServer));
        var room = Rooms[Pick(b / Cast.UsersPerServer, Rooms.Length)];
        _servers[server].Act(user, room, c, effects);
    }

    private void ByzantineAction(int a, int b, int c, StepEffects effects)
    {
        var byzantine = Config.Byzantine.Keys.ToList();
        if (byzantine.Count == 0) return;
        var server = byzantine[Pick(a, byzantine.Count)];
        _servers[server].Misbehave(b, c, effects);
    }

    /// <summary>
    /// Everything the servers decided, as text: per server and room, each held event with its status, the forward
    /// extremities and the current state. Two runs of one schedule that decide alike have equal verdicts.
    /// </summary>
    public string Verdicts()
    {
        var text = new System.Text.StringBuilder();
        foreach (var server in _servers)
        {
            foreach (var roomId in Rooms)
            {
                if (server.Room(roomId) is not { } room) continue;
                text.Append(server.Name).Append(' ').Append(roomId).Append('\n');
                foreach (var (id, held) in room.Held) text.Append("  ").Append(id).Append(' ').Append(Reference.Errors.WireToken.Of(held.Status)).Append('\n');
                text.Append("  extremities ").AppendJoin(',', room.ForwardExtremities.Select(e => e.Value)).Append('\n');
                foreach (var (key, pdu) in room.State.Events) text.Append("  state ").Append(key.ToString()).Append(' ').Append(pdu.EventId.Value).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Whether <paramref name="user"/> is entitled to <paramref name="membership"/> by what server
    /// <paramref name="resident"/> holds: its current state and, for a signed event, the state before that event too
    /// (a template built on an older state may be refused for what the older state said). Judged from the spec's
    /// meaning for joins (public, or invited), leaves (joined, invited or knocking) and knocks (a knock join rule, not
    /// joined, banned or invited); null when not judged: the resident is Byzantine, unreachable, not resident or holds only
    /// a partial state, or the membership is another.
    /// </summary>
    public bool? EntitledAt(int resident, string user, string roomId, string membership, Pdu? signed = null)
    {
        var server = _servers[resident];
        if (server.IsByzantine || !Reachable(ServerOfUser(user), resident) || !server.IsResidentIn(roomId)) return null;
        var room = server.Room(roomId)!;
        // A server holding only a partial state does not act as a resident until it has resynced (MSC3706), so its
        // refusal says nothing about the user's entitlement.
        if (room.IsPartialState) return null;
        // The room's server ACL in the current state shuts a denied server out of every handshake (client-server API
        // "Server Access Control Lists (ACLs) for rooms"): its users are entitled to nothing through this resident.
        if (!ServerAcl.Evaluate(room.State, user[(user.IndexOf(':', StringComparison.Ordinal) + 1)..]).Allowed) return false;
        // In a room that uses a policy server, the resident takes in no event the policy server did not sign: when it cannot
        // reach it, the refusal says nothing about the user's entitlement (spec v1.18+, "Validating Policy Server signatures").
        if (Config.PolicyServer && Reference.Auth.PolicyServer.InUse(room.State) is { } policy && !Reachable(resident, Cast.ServerIndex(policy.Via))) return null;
        var states = new List<Reference.Auth.AuthState> { room.State };
        if (signed is not null)
        {
            if (room.StateAt(signed.PrevEvents) is not { } before) return null;
            states.Add(before);
        }
        bool? Judge(Reference.Auth.AuthState state)
        {
            var current = state.MembershipOf(user);
            var rule = Invariants.JoinRuleOf(state);
            return membership switch
            {
                MembershipValues.Join => current == MembershipValues.Ban ? false
                    : current == MembershipValues.Join || rule == JoinRuleValues.Public ? true
                    : current == MembershipValues.Invite ? rule is JoinRuleValues.Invite or JoinRuleValues.Knock or JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted
                    : rule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted ? null : false,
                MembershipValues.Leave => current is MembershipValues.Join or MembershipValues.Invite or MembershipValues.Knock,
                MembershipValues.Knock => Version.Knocking && rule is JoinRuleValues.Knock or JoinRuleValues.KnockRestricted
                    && current is not (MembershipValues.Join or MembershipValues.Ban or MembershipValues.Invite),
                _ => null,
            };
        }
        var verdicts = states.Select(Judge).ToList();
        return verdicts.Any(v => v is null) ? null : verdicts.All(v => v == true);
    }

    /// <summary>A short description of an event for stories and pictures.</summary>
    public static string Describe(Pdu pdu)
    {
        var what = pdu.Type switch
        {
            EventTypes.Member => $"{pdu.Sender.Localpart()}'s {pdu.Membership ?? "?"}" + (pdu.StateKey == pdu.Sender.Value ? "" : " of " + Short(pdu.StateKey ?? "")),
            EventTypes.PowerLevels => $"{pdu.Sender.Localpart()}'s power levels",
            EventTypes.JoinRules => $"{pdu.Sender.Localpart()}'s join rule {(pdu.Content["join_rule"] as JsonString)?.Value}",
            EventTypes.Create => $"{pdu.Sender.Localpart()}'s create",
            EventTypes.Topic => $"{pdu.Sender.Localpart()}'s topic",
            EventTypes.ServerAcl => $"{pdu.Sender.Localpart()}'s server ACL",
            EventTypes.Message => $"{pdu.Sender.Localpart()}'s message",
            _ => $"{pdu.Sender.Localpart()}'s {pdu.Type}",
        };
        return what + " " + ShortId(pdu.EventId.Value);
    }

    /// <summary>An event ID shortened for people: its first characters.</summary>
    public static string ShortId(string eventId) => eventId.Length <= 7 ? eventId : eventId[..7];

    private static string Short(string userId) => userId.StartsWith('@') && userId.Contains(':', StringComparison.Ordinal) ? userId[1..userId.IndexOf(':', StringComparison.Ordinal)] : userId;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"World({Config.Servers} servers, step {StepCount}, {_inFlight.Count} in flight)");
}

/// <summary>Small helpers on user IDs for stories.</summary>
internal static class UserIdText
{
    public static string Localpart(this UserId user)
    {
        var value = user.Value;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 1 ? value : value[1..colon];
    }
}
