using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>What an audit of a room is asked to do besides reading its files.</summary>
internal sealed record RoomAuditOptions
{
    /// <summary>The room version, when the export's create event is not to be trusted to say it.</summary>
    public string? RoomVersion { get; init; }

    /// <summary>The room to audit, when the export holds create events of several.</summary>
    public string? RoomId { get; init; }

    /// <summary>Where each claimed state (in input order) stands: an event ID (the state before it) or <c>current</c>.</summary>
    public ImmutableArray<string> StateAt { get; init; } = [];

    /// <summary>The servers' verification keys; servers without keys are trusted unchecked.</summary>
    public KeyRing Keys { get; init; } = KeyRing.Empty;

    /// <summary>The behaviour profile the room model decides as: the spec, or a named implementation's divergences.</summary>
    public BehaviourProfile Profile { get; init; } = BehaviourProfile.Spec;
}

/// <summary>The phases of an audit, for a progress display.</summary>
internal enum RoomAuditPhase
{
    Reading,
    Checking,
    Replaying,
}

/// <summary>
/// Audits a room's exported events with the reference's room model: checks 1–3 on every event (format, signatures
/// where keys are given, content hash), then every event taken into one <see cref="Room"/> in an order where each
/// follows what it cites (by depth, then event ID), so the room runs checks 4 and 5 — against the event's own auth
/// events and against the state before it, resolved from its prev events — exactly as a receiving server does.
/// An event whose history is not in the export is held as an outlier after its auth events are checked (or taken
/// with a claimed state at it); each claimed state is compared with the state the room resolved. The result lists
/// every finding, per event, with its rule token.
/// </summary>
internal sealed class RoomAuditor
{
    private readonly RoomAuditOptions _options;
    private readonly Action<RoomAuditPhase, long, long>? _progress;
    private readonly List<RoomFinding> _findings = [];
    private readonly SortedDictionary<string, int> _unchecked = new(StringComparer.Ordinal);
    private readonly List<ClaimComparison> _claims = [];
    private readonly Dictionary<int, string> _idOfInput = []; // look-ups only: every readable input event's ID, repeats included
    private RoomVersion _version = RoomVersion.V1;
    private Room _room = null!;
    private int _accepted;
    private int _softFailed;
    private int _rejected;
    private int _authOnly;
    private int _notChecked;
    private int _duplicates;
    private int _signaturesChecked;

    private RoomAuditor(RoomAuditOptions options, Action<RoomAuditPhase, long, long>? progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>One exported event after checks 1–3: where it came from, the event as checks 4–6 take it, what Synapse said of it.</summary>
    private sealed record Candidate(string Source, InboundPdu Inbound, SynapseRecord? Synapse)
    {
        public Pdu Pdu => Inbound.Pdu;

        public string Id => Inbound.Pdu.EventId.Value;
    }

    /// <summary>Audits the export in <paramref name="paths"/>.</summary>
    public static RoomAuditResult Audit(IReadOnlyList<string> paths, RoomAuditOptions options, Action<RoomAuditPhase, long, long>? progress = null)
    {
        var total = ExportReader.TotalBytes(paths);
        var input = ExportReader.Read(paths, read => progress?.Invoke(RoomAuditPhase.Reading, read, total));
        return new RoomAuditor(options, progress).Run(input);
    }

    private RoomAuditResult Run(ExportReader input)
    {
        var (create, roomId) = ChooseRoom(input.Events);
        var candidates = Check(input.Events, roomId);
        // The copy of the create event kept (a later copy replaces a redacted one).
        create = candidates.First(kv => kv.Value.Id == _idOfInput[create]).Key;
        var claims = Claims(input.States, input.Events, candidates);
        var eventsRead = input.Events.Count;
        input.Release();
        var order = Order(candidates, create, claims);
        Replay(candidates, order, create, claims);
        CompareCurrent(claims);
        CompareWithSynapse(candidates);
        return new RoomAuditResult
        {
            RoomId = roomId,
            Version = _version,
            Profile = _options.Profile,
            Files = [.. input.Files],
            EventsRead = eventsRead,
            Duplicates = _duplicates,
            Accepted = _accepted,
            SoftFailed = _softFailed,
            Rejected = _rejected,
            AuthOnly = _authOnly,
            NotChecked = _notChecked,
            KeysGiven = !_options.Keys.Servers.IsEmpty,
            SignaturesChecked = _signaturesChecked,
            UncheckedSigners = _unchecked.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Findings = [.. _findings],
            Claims = [.. _claims],
            Room = _room,
        };
    }

    // ---- the room and its version ----

    private (int Create, string RoomId) ChooseRoom(IReadOnlyList<ExportEvent> events)
    {
        var creates = new List<(int Index, string RoomId, RoomVersion Version)>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Json is not { } json || json["type"] is not JsonString { Value: EventTypes.Create } || json["state_key"] is not JsonString { Value: "" }) continue;
            var versionId = _options.RoomVersion ?? ((json["content"] as JsonObject)?["room_version"] is JsonString v ? v.Value : "1");
            var version = RoomVersionRegistry.Lookup(versionId);
            if (!version.IsOk)
            {
                var from = _options.RoomVersion is null ? $"the create event at {events[i].Source} names" : "--room-version names";
                throw new ExportInputException("audit_room.unknown_room_version", $"{from} room version \"{versionId}\", which the reference does not know (it knows 1–12)");
            }
            var check = InboundChecks.Check(Strip(json, version.Value), version.Value, KeyRing.Empty);
            if (check.Inbound is { } inbound) creates.Add((i, inbound.Pdu.RoomId.Value, version.Value));
        }
        var rooms = creates.Select(c => c.RoomId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (_options.RoomId is { } wanted)
        {
            creates = [.. creates.Where(c => c.RoomId == wanted)];
            if (creates.Count == 0)
            {
                throw new ExportInputException("audit_room.no_create_event", $"--room-id {wanted}: the export holds no readable m.room.create event of that room" + (rooms.Count > 0 ? " (it has " + string.Join(", ", rooms) + ")" : ""));
            }
        }
        else if (rooms.Count > 1)
        {
            throw new ExportInputException("audit_room.several_rooms", "the export holds create events of several rooms (" + string.Join(", ", rooms) + "); choose one with --room-id");
        }
        if (creates.Count == 0)
        {
            throw new ExportInputException("audit_room.no_create_event",
                "the export holds no readable m.room.create event, so neither the room version nor the room's creator can be known; add it (every /event_auth and /state response includes it)");
        }
        _version = creates[0].Version;
        return (creates[0].Index, creates[0].RoomId);
    }

    // A tool may add the event ID to a room version 3+ event, where it is not part of the event (its ID is its hash).
    private static JsonObject Strip(JsonObject json, RoomVersion version) =>
        !version.Format.EventIdInPdu && json.ContainsKey("event_id") ? json.Without("event_id") : json;

    // ---- checks 1–3 ----

    private Dictionary<int, Candidate> Check(IReadOnlyList<ExportEvent> events, string roomId)
    {
        // Checks 1–3 are independent per event and pure: run them on every core, a chunk at a time, then take the
        // results in input order, so the findings are the same however many cores ran them.
        var checks = new InboundCheck?[events.Count];
        const int Chunk = 4096;
        for (var start = 0; start < events.Count; start += Chunk)
        {
            _progress?.Invoke(RoomAuditPhase.Checking, start, events.Count);
            var end = Math.Min(events.Count, start + Chunk);
            Parallel.For(start, end, i =>
            {
                if (events[i].Json is { } json) checks[i] = InboundChecks.Check(Strip(json, _version), _version, _options.Keys);
            });
        }
        _progress?.Invoke(RoomAuditPhase.Checking, events.Count, events.Count);

        var candidates = new Dictionary<int, Candidate>(); // look-ups by input index only
        var byId = new Dictionary<string, int>(StringComparer.Ordinal); // look-ups only
        for (var i = 0; i < events.Count; i++)
        {
            var exported = events[i];
            if (exported.Json is not { } json)
            {
                Add(RoomFindingKind.Malformed, exported.Unreadable!.Token, exported.ClaimedEventId ?? "(unnamed event)", exported.Source,
                    "its text is not JSON: " + exported.Unreadable.Message, [("failure", exported.Unreadable.ToString())]);
                continue;
            }
            var claimedId = exported.ClaimedEventId ?? (!_version.Format.EventIdInPdu && json["event_id"] is JsonString named ? named.Value : null);
            var check = checks[i]!;
            checks[i] = null;
            if (check.Inbound is not { } inbound)
            {
                Add(RoomFindingKind.Malformed, check.Malformed!.Token, claimedId ?? ReadableId(json), exported.Source,
                    "not a PDU of room version " + _version.Id + ": " + check.Malformed.Message, [("failure", check.Malformed.ToString())]);
                continue;
            }
            var id = inbound.Pdu.EventId.Value;
            _idOfInput[i] = id;
            if (claimedId is not null && claimedId != id)
            {
                Add(RoomFindingKind.EventIdMismatch, RoomFindingKind.EventIdMismatch, id, exported.Source, $"the export names it {claimedId}, but its ID is {id}",
                    [("named", claimedId), ("computed", id)]);
            }
            if (inbound.Pdu.RoomId.Value != roomId)
            {
                Add(RoomFindingKind.OtherRoom, RoomFindingKind.OtherRoom, id, exported.Source, "an event of room " + inbound.Pdu.RoomId.Value, [("room", inbound.Pdu.RoomId.Value)]);
                continue;
            }
            if (byId.TryGetValue(id, out var first))
            {
                // The same event twice (a /state response and the history both hold it): keep a copy that was not redacted.
                _duplicates++;
                if (!candidates[first].Inbound.ReplacedByRedaction || check.Redacted) continue;
                candidates.Remove(first);
            }
            byId[id] = i;
            foreach (var (server, failure) in check.BadSignatures)
            {
                Add(RoomFindingKind.BadSignature, failure.Token, id, exported.Source, $"the signature of {server} does not verify: {failure.Message}",
                    [("server", server), ("failure", failure.ToString())], focus: id);
            }
            if (check.UnreadableHash is { } hash)
            {
                Add(RoomFindingKind.UnreadableHash, hash.Token, id, exported.Source, "its content hash cannot be read: " + hash.Message, [("failure", hash.ToString())], focus: id);
            }
            else if (check.Redacted)
            {
                Add(RoomFindingKind.ContentHashMismatch, RoomFindingKind.ContentHashMismatch, id, exported.Source, "its content hash does not match its content; judged as its redaction", []);
            }
            foreach (var server in check.Unchecked) _unchecked[server] = _unchecked.GetValueOrDefault(server) + 1;
            _signaturesChecked += inbound.VerifiedServers.Length - check.Unchecked.Length;
            candidates[i] = new Candidate(exported.Source, inbound, exported.Synapse);
        }
        return candidates;
    }

    private static string ReadableId(JsonObject json) => json["event_id"] is JsonString s ? s.Value : "(unnamed event)";

    // ---- claimed states ----

    /// <summary>A claimed state: where it came from, where it stands, and its events' IDs (an ID may name an event the export does not hold).</summary>
    private sealed record Claim(string Source, string At, ImmutableArray<string> EventIds);

    private List<Claim> Claims(IReadOnlyList<ClaimedStateInput> states, IReadOnlyList<ExportEvent> events, Dictionary<int, Candidate> candidates)
    {
        if (states.Count != _options.StateAt.Length)
        {
            var sources = states.Count == 0 ? "none" : string.Join("; ", states.Select(s => s.Source));
            throw new ExportInputException("audit_room.state_at_mismatch",
                $"the export has {states.Count} claimed state(s) (/state or /state_ids responses: {sources}) and --state-at was given {_options.StateAt.Length} time(s): give one --state-at (an event ID, or current) per claimed state, in the order of the files");
        }
        var claims = new List<Claim>();
        var ids = candidates.Values.Select(c => c.Id).ToHashSet(StringComparer.Ordinal); // look-ups only
        for (var i = 0; i < states.Count; i++)
        {
            var at = _options.StateAt[i];
            if (at != "current" && !ids.Contains(at))
            {
                throw new ExportInputException("audit_room.state_at_unknown", $"--state-at {at} (for the claimed state in {states[i].Source}): the export holds no event {at} of this room");
            }
            var eventIds = states[i].EventIndices
                .Select(index => _idOfInput.TryGetValue(index, out var id) ? id : events[index].ClaimedEventId ?? "(an unreadable event at " + events[index].Source + ")")
                .Concat(states[i].EventIds)
                .ToImmutableArray();
            claims.Add(new Claim(states[i].Source, at, eventIds));
        }
        return claims;
    }

    // ---- order ----

    // Every event after the events it cites (prev events, auth events, and the claimed state at it), by depth and
    // then event ID where the graph leaves a choice; the create event first. Events left over cite each other in a cycle.
    private List<int> Order(Dictionary<int, Candidate> candidates, int create, List<Claim> claims)
    {
        var index = candidates.ToDictionary(kv => kv.Value.Id, kv => kv.Key, StringComparer.Ordinal); // look-ups only
        var claimedAt = claims.Where(c => c.At != "current").GroupBy(c => c.At, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.EventIds).ToList(), StringComparer.Ordinal); // look-ups only
        var waiting = new Dictionary<int, int>(); // look-ups only
        var dependents = new Dictionary<int, List<int>>(); // look-ups only
        foreach (var key in candidates.Keys.Order())
        {
            var candidate = candidates[key];
            var cited = candidate.Pdu.PrevEvents.Concat(candidate.Pdu.AuthEventsWithImpliedCreate).Select(e => e.Value);
            if (claimedAt.TryGetValue(candidate.Id, out var state)) cited = cited.Concat(state);
            var count = 0;
            foreach (var id in cited.Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(id, out var on) || on == key) continue;
                if (!dependents.TryGetValue(on, out var list)) dependents[on] = list = [];
                list.Add(key);
                count++;
            }
            waiting[key] = count;
        }
        var ready = new PriorityQueue<int, (long, string)>(Comparer<(long Depth, string Id)>.Create((a, b) =>
        {
            var byDepth = a.Depth.CompareTo(b.Depth);
            return byDepth != 0 ? byDepth : string.CompareOrdinal(a.Id, b.Id);
        }));
        foreach (var key in candidates.Keys.Order())
        {
            if (waiting[key] == 0 || key == create) ready.Enqueue(key, (key == create ? long.MinValue : candidates[key].Pdu.Depth, candidates[key].Id));
        }
        var order = new List<int>(candidates.Count);
        var done = new HashSet<int>(); // look-ups only
        while (ready.TryDequeue(out var key, out _))
        {
            if (!done.Add(key)) continue;
            order.Add(key);
            if (!dependents.TryGetValue(key, out var list)) continue;
            foreach (var next in list)
            {
                if (--waiting[next] == 0 && !done.Contains(next)) ready.Enqueue(next, (candidates[next].Pdu.Depth, candidates[next].Id));
            }
        }
        foreach (var key in candidates.Keys.Where(k => !done.Contains(k)).Order())
        {
            var c = candidates[key];
            var stuck = c.Pdu.PrevEvents.Concat(c.Pdu.AuthEventsWithImpliedCreate).Select(e => e.Value)
                .Where(id => index.TryGetValue(id, out var on) && !done.Contains(on)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            _notChecked++;
            Add(RoomFindingKind.Cycle, RoomFindingKind.Cycle, c.Id, c.Source, "it cites events that, directly or through others, cite it back",
                [("waits for", string.Join(", ", stuck))]);
        }
        return order;
    }

    // ---- checks 4–6, in the room ----

    private void Replay(Dictionary<int, Candidate> candidates, List<int> order, int create, List<Claim> claims)
    {
        // The events some exported event follows: a missing history matters (and is reported) where the export goes on from it.
        var followed = candidates.Values.SelectMany(c => c.Pdu.PrevEvents).Select(e => e.Value).ToHashSet(StringComparer.Ordinal); // look-ups only
        var claimsAt = claims.Where(c => c.At != "current").GroupBy(c => c.At, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal); // look-ups only
        for (var n = 0; n < order.Count; n++)
        {
            if (n % 500 == 0) _progress?.Invoke(RoomAuditPhase.Replaying, n, order.Count);
            var candidate = candidates[order[n]];
            if (order[n] == create)
            {
                Start(candidate);
                continue;
            }
            if (!candidate.Pdu.RoomId.Equals(_room.RoomId)) continue;
            claimsAt.TryGetValue(candidate.Id, out var claimed);
            var receipt = _room.Receive(candidate.Inbound, _options.Keys);
            switch (receipt.Kind)
            {
                case RoomReceiptKind.Taken:
                    Taken(candidate, receipt);
                    foreach (var claim in claimed ?? []) Compare(claim, _room.StateBefore(candidate.Pdu.EventId)!, candidate);
                    break;
                case RoomReceiptKind.AlreadyHeld:
                    _duplicates++;
                    break;
                case RoomReceiptKind.MissingEvents:
                {
                    var auth = candidate.Pdu.AuthEventsWithImpliedCreate.Select(e => e.Value).ToHashSet(StringComparer.Ordinal); // look-ups only
                    var missingAuth = receipt.Missing.Where(auth.Contains).ToList();
                    if (missingAuth.Count > 0)
                    {
                        _notChecked++;
                        Add(RoomFindingKind.AuthEventsMissing, RoomFindingKind.AuthEventsMissing, candidate.Id, candidate.Source,
                            "it cites auth events the export does not hold: " + string.Join(", ", missingAuth), [("missing auth events", string.Join(", ", missingAuth))]);
                        break;
                    }
                    if (claimed is { Count: > 0 }) TakeWithClaim(candidate, claimed);
                    else
                    {
                        if (followed.Contains(candidate.Id)) Add(RoomFindingKind.HistoryMissing, RoomFindingKind.HistoryMissing, candidate.Id, candidate.Source,
                            "its prev events are not in the export: " + string.Join(", ", receipt.Missing), [("missing prev events", string.Join(", ", receipt.Missing))], focus: candidate.Id);
                        Outlier(candidate);
                    }
                    break;
                }
                case RoomReceiptKind.StateUnknown:
                    if (claimed is { Count: > 0 }) TakeWithClaim(candidate, claimed);
                    else Outlier(candidate);
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException();
            }
        }
        _progress?.Invoke(RoomAuditPhase.Replaying, order.Count, order.Count);
    }

    // The create event starts the room; it is still judged by the create rules against its (empty) auth events.
    private void Start(Candidate create)
    {
        _room = Room.Start(_version, create.Pdu).WithProfile(_options.Profile);
        var outcome = ReceiptCheck.Check(create.Inbound, _version, _options.Keys, new ReceiptContext { StateBefore = AuthState.Empty, CurrentState = AuthState.Empty, Profile = _options.Profile });
        if (outcome.Verdict == ReceiptVerdict.Rejected && outcome.Stage == ReceiptStage.AuthEvents)
        {
            _rejected++;
            Rejection(create, outcome);
        }
        else
        {
            _accepted++;
        }
    }

    private void Taken(Candidate candidate, RoomReceipt receipt)
    {
        _room = receipt.Room;
        var outcome = receipt.Outcome!;
        switch (outcome.Verdict)
        {
            case ReceiptVerdict.Accepted: _accepted++; break;
            case ReceiptVerdict.SoftFailed: _softFailed++; break;
            case ReceiptVerdict.Rejected:
                _rejected++;
                Rejection(candidate, outcome);
                break;
            case ReceiptVerdict.Dropped:
            default:
                throw new System.Diagnostics.UnreachableException("the room took an event it dropped: " + outcome);
        }
    }

    // An event whose history is not in the export: checked against its own auth events only, and held as an outlier
    // (rejected when those fail), as a server holds an event it fetched for an auth chain.
    private void Outlier(Candidate candidate)
    {
        var outcome = ReceiptCheck.Check(candidate.Inbound, _version, _options.Keys, new ReceiptContext
        {
            AuthEvents = _room.Events,
            Rejected = _room.Rejected,
            StateBefore = AuthState.Empty,
            CurrentState = AuthState.Empty,
            Profile = _options.Profile,
        });
        var rejected = outcome.Verdict == ReceiptVerdict.Rejected && outcome.Stage == ReceiptStage.AuthEvents;
        _room = _room.WithOutlier(candidate.Pdu, rejected, rejected ? outcome.Decision : null);
        if (rejected)
        {
            _rejected++;
            Rejection(candidate, outcome);
        }
        else
        {
            _authOnly++;
        }
    }

    // An event whose history is not in the export, with a claimed state at it: taken with that state as the state
    // before it, as a joining server takes its join with the state the resident vouched for.
    private void TakeWithClaim(Candidate candidate, List<Claim> claims)
    {
        var claim = claims[0];
        var held = claim.EventIds.Select(id => _room.Get(id)).OfType<Pdu>().ToList();
        var missing = claim.EventIds.Where(id => _room.Get(id) is null).ToList();
        if (missing.Count > 0)
        {
            Add(RoomFindingKind.ClaimedStateIncomplete, RoomFindingKind.ClaimedStateIncomplete, candidate.Id, claim.Source,
                $"the claimed state at it names {missing.Count} event(s) the export does not hold, so it could not be used", [("not in the export", string.Join(", ", missing.Take(20)))]);
            _claims.Add(new ClaimComparison(claim.Source, claim.At, ClaimOutcome.Incomplete, []));
            Outlier(candidate);
            return;
        }
        var receipt = _room.ReceiveWithState(candidate.Inbound, _options.Keys, AuthState.FromEvents(held));
        if (receipt.Kind != RoomReceiptKind.Taken)
        {
            Outlier(candidate);
            return;
        }
        Taken(candidate, receipt);
        Add(RoomFindingKind.ClaimedStateTaken, RoomFindingKind.ClaimedStateTaken, candidate.Id, claim.Source,
            $"its history is not in the export; the claimed state ({held.Count} events) was taken as the state before it", [("claimed in", claim.Source)]);
        _claims.Add(new ClaimComparison(claim.Source, claim.At, ClaimOutcome.Taken, []));
    }

    private void Rejection(Candidate candidate, ReceiptOutcome outcome)
    {
        var decision = outcome.Decision!;
        var kind = outcome.Stage == ReceiptStage.AuthEvents ? RoomFindingKind.RejectedAgainstAuthEvents : RoomFindingKind.RejectedAgainstStateBefore;
        var pdu = candidate.Pdu;
        var witness = new List<(string, string)>
        {
            ("stage", outcome.Stage == ReceiptStage.AuthEvents ? "4. against its own auth events" : "5. against the state before it"),
            ("rule", decision.Token + ": " + decision.Reason),
            ("event", Describe(pdu)),
        };
        foreach (var (key, value) in decision.Evidence) witness.Add((key.Replace('_', ' '), value));
        witness.Add(("auth events", string.Join("; ", pdu.AuthEventsWithImpliedCreate.Select(id => DescribeCited(id.Value)))));
        if (kind == RoomFindingKind.RejectedAgainstStateBefore && _room.StateBefore(pdu.EventId) is { } before)
        {
            witness.Add(("prev events", string.Join("; ", pdu.PrevEvents.Select(id => DescribeCited(id.Value)))));
            witness.Add(("sender in the state before", (before.MembershipOf(pdu.Sender.Value) ?? "no membership") + Via(before.Member(pdu.Sender.Value))));
            if (pdu.Type == EventTypes.Member && pdu.StateKey is { } target && target != pdu.Sender.Value)
            {
                witness.Add(("target in the state before", (before.MembershipOf(target) ?? "no membership") + Via(before.Member(target))));
            }
        }
        if (candidate.Inbound.ReplacedByRedaction) witness.Add(("note", "judged as its redaction (the content hash did not match)"));
        var headline = (kind == RoomFindingKind.RejectedAgainstAuthEvents ? "rejected against its auth events: " : "rejected against the state before it: ") + decision.Reason;
        _findings.Add(new RoomFinding
        {
            Kind = kind,
            Token = decision.Token,
            Subject = candidate.Id,
            Source = candidate.Source,
            Headline = headline,
            Witness = [.. witness],
            Stage = outcome.Stage,
            Decision = decision,
            Focus = candidate.Id,
        });
    }

    private static string Via(Pdu? member) => member is null ? "" : " (" + member.EventId.Value + ")";

    private string DescribeCited(string id)
    {
        if (_room.Get(id) is not { } pdu) return id + " (not in the export)";
        var status = _room.StatusOf(pdu.EventId) is { } s ? WireToken.Of(s) : "not held";
        return Describe(pdu) + ", " + status;
    }

    /// <summary>An event in a few words: its ID, type, state key and membership, sender.</summary>
    internal static string Describe(Pdu pdu)
    {
        var what = pdu.Type + (pdu.StateKey is { Length: > 0 } key ? " " + key : "") + (pdu.Membership is { } m && pdu.Type == EventTypes.Member ? " (" + m + ")" : "");
        return pdu.EventId.Value + " " + what + " by " + pdu.Sender.Value;
    }

    // ---- claimed states compared ----

    private void Compare(Claim claim, AuthState resolved, Candidate? at)
    {
        var differences = new List<string>();
        var claimed = new SortedDictionary<StateKey, string>();
        var missing = new List<string>();
        foreach (var id in claim.EventIds)
        {
            if (_room.Get(id) is not { } pdu)
            {
                missing.Add(id);
                continue;
            }
            if (pdu.StateKey is not { } stateKey)
            {
                differences.Add($"{id} is not a state event ({pdu.Type})");
                continue;
            }
            var key = new StateKey(pdu.Type, stateKey);
            if (claimed.TryGetValue(key, out var other)) differences.Add($"{Key(key)}: two events claimed, {other} and {id}");
            else claimed[key] = id;
        }
        foreach (var key in claimed.Keys.Union(resolved.Events.Keys).Order())
        {
            var claimedId = claimed.GetValueOrDefault(key);
            var resolvedId = resolved.Get(key)?.EventId.Value;
            if (claimedId == resolvedId) continue;
            differences.Add($"{Key(key)}: claimed {Name(claimedId)}, resolved {Name(resolvedId)}");
        }
        foreach (var id in missing) differences.Add($"{id} is claimed but not in the export");
        var subject = at?.Id ?? "the current state";
        if (differences.Count == 0)
        {
            _claims.Add(new ClaimComparison(claim.Source, claim.At, ClaimOutcome.Matches, []));
            return;
        }
        _claims.Add(new ClaimComparison(claim.Source, claim.At, ClaimOutcome.Differs, [.. differences]));
        var witness = new List<(string, string)>
        {
            ("claimed in", claim.Source),
            ("state", at is null ? "the current state (after the export's forward extremities)" : "before " + at.Id),
            ("claimed", claimed.Count.ToString(CultureInfo.InvariantCulture) + " events"),
            ("resolved", resolved.Events.Count.ToString(CultureInfo.InvariantCulture) + " events"),
        };
        witness.AddRange(differences.Take(30).Select(d => ("differs", d)));
        if (differences.Count > 30) witness.Add(("and", (differences.Count - 30).ToString(CultureInfo.InvariantCulture) + " more differences"));
        Add(RoomFindingKind.ClaimedStateDiffers, RoomFindingKind.ClaimedStateDiffers, subject, claim.Source,
            $"the claimed state differs from the resolved state in {differences.Count} place{(differences.Count == 1 ? "" : "s")}", [.. witness], focus: at?.Id);
    }

    private string Name(string? id) => id is null ? "nothing" : _room.Get(id) is { } pdu ? Describe(pdu) : id;

    private static string Key(StateKey key) => key.Type + (key.Key.Length > 0 ? " " + key.Key : "");

    private void CompareCurrent(List<Claim> claims)
    {
        foreach (var claim in claims.Where(c => c.At == "current")) Compare(claim, _room.State, null);
    }

    // ---- Synapse's own verdicts ----

    private void CompareWithSynapse(Dictionary<int, Candidate> candidates)
    {
        foreach (var key in candidates.Keys.Order())
        {
            var candidate = candidates[key];
            if (candidate.Synapse is not { } synapse || _room.Find(candidate.Pdu.EventId) is not { } held) continue;
            var ours = held.Status == EventStatus.Rejected;
            var theirs = synapse.RejectionReason is not null;
            if (ours == theirs) continue;
            var headline = theirs
                ? $"Synapse rejected it ({synapse.RejectionReason}); the reference holds it as {WireToken.Of(held.Status)}"
                : $"the reference rejects it ({(held.Rule is { } rule ? WireToken.Of(rule) : "?")}); Synapse did not";
            Add(RoomFindingKind.StatusDiffers, RoomFindingKind.StatusDiffers, candidate.Id, candidate.Source, headline,
                [("Synapse", theirs ? "rejected: " + synapse.RejectionReason : "not rejected" + (synapse.SoftFailed ? " (soft failed)" : "") + (synapse.Outlier ? " (outlier)" : "")),
                 ("reference", WireToken.Of(held.Status) + (held.Rule is { } r ? " by " + WireToken.Of(r) : ""))], focus: candidate.Id);
        }
    }

    // ---- findings ----

    private void Add(RoomFindingKind kind, RoomFindingKind token, string subject, string source, string headline, IEnumerable<(string, string)> witness, string? focus = null) =>
        Add(kind, WireToken.Of(token), subject, source, headline, witness, focus);

    private void Add(RoomFindingKind kind, string token, string subject, string source, string headline, IEnumerable<(string, string)> witness, string? focus = null)
    {
        _findings.Add(new RoomFinding { Kind = kind, Token = token, Subject = subject, Source = source, Headline = headline, Witness = [.. witness], Focus = focus });
    }
}

/// <summary>What became of a claimed state.</summary>
internal enum ClaimOutcome
{
    /// <summary>It is the state the audit resolved.</summary>
    [WireToken("matches")] Matches,

    /// <summary>It differs from the state the audit resolved.</summary>
    [WireToken("differs")] Differs,

    /// <summary>Its event's history was not in the export, so it was taken as given.</summary>
    [WireToken("taken")] Taken,

    /// <summary>It names events the export does not hold.</summary>
    [WireToken("incomplete")] Incomplete,
}

/// <summary>One claimed state and what the audit made of it.</summary>
internal sealed record ClaimComparison(string Source, string At, ClaimOutcome Outcome, ImmutableArray<string> Differences);

/// <summary>Everything an audit of a room found, and the room as the audit holds it (for pictures).</summary>
internal sealed record RoomAuditResult
{
    public required string RoomId { get; init; }

    public required RoomVersion Version { get; init; }

    /// <summary>The behaviour profile the room model decided as.</summary>
    public required BehaviourProfile Profile { get; init; }

    public required ImmutableArray<ExportFile> Files { get; init; }

    /// <summary>Events read from the inputs, duplicates and unreadable ones included.</summary>
    public required int EventsRead { get; init; }

    public required int Duplicates { get; init; }

    public required int Accepted { get; init; }

    public required int SoftFailed { get; init; }

    public required int Rejected { get; init; }

    /// <summary>Events checked against their auth events only (their history is not in the export).</summary>
    public required int AuthOnly { get; init; }

    /// <summary>Events that could not be checked at all (missing auth events, cycles).</summary>
    public required int NotChecked { get; init; }

    public required bool KeysGiven { get; init; }

    /// <summary>Signatures verified with the keys given.</summary>
    public required int SignaturesChecked { get; init; }

    /// <summary>Servers whose signatures were needed but whose keys were not given, with how many events each.</summary>
    public required ImmutableSortedDictionary<string, int> UncheckedSigners { get; init; }

    public required ImmutableArray<RoomFinding> Findings { get; init; }

    public required ImmutableArray<ClaimComparison> Claims { get; init; }

    public required Room Room { get; init; }

    public int Failures => Findings.Count(f => f.IsFailure);
}
