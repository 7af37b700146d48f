using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using InviteJoin.Conformance.Html;
using InviteJoin.Diagrams.EventGraphs;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.RoomAudit;

/// <summary>
/// The forms an audit of a room is reported in: a <see cref="ReportDocument"/> for the HTML report (findings grouped
/// by token, each with its witness and a picture of the graph around its event), a JSON report listing every
/// finding, and a short text for the terminal.
/// </summary>
internal static class RoomAuditReport
{
    /// <summary>How many findings of one token the HTML report and the terminal show (the JSON report has them all).</summary>
    public const int ShownPerGroup = 25;

    private const int ShownOnTerminal = 5;

    /// <summary>The findings grouped by token: failures first, then by token.</summary>
    public static IEnumerable<IGrouping<string, RoomFinding>> Groups(RoomAuditResult result) =>
        result.Findings.GroupBy(f => f.Token, StringComparer.Ordinal)
            .OrderBy(g => g.Any(f => f.IsFailure) ? 0 : 1)
            .ThenBy(g => g.Key, StringComparer.Ordinal);

    // ---- HTML ----

    /// <summary>The report a person reads, with <paramref name="rerun"/> as the command that reproduces it.</summary>
    public static ReportDocument ToDocument(RoomAuditResult result, string rerun)
    {
        var groups = Groups(result).ToList();
        var shown = groups.SelectMany(g => g.Take(ShownPerGroup)).ToList();
        var followers = Followers(result, shown.Select(f => f.Focus).OfType<string>());
        var failures = result.Failures;
        var notices = result.Findings.Length - failures;
        return new ReportDocument
        {
            Title = "Audit of room " + result.RoomId,
            Subtitle = "invitejoin audit-room, room version " + result.Version.Id + ", profile " + result.Profile.Name + ", from " + string.Join(", ", result.Files.Select(f => Path.GetFileName(f.Path))),
            Verdict = failures == 0 ? ReportVerdict.Passed : ReportVerdict.Failed,
            VerdictText = Verdict(result, failures, notices),
            Summary = [.. Facts(result).Select(f => new ReportFact(f.Label, f.Value))],
            Groups = [.. groups.Select(g => new ReportFindingGroup
            {
                Token = g.Key,
                Title = Title(g.Key, g.First()),
                Severity = g.Any(f => f.IsFailure) ? ReportSeverity.Failure : ReportSeverity.Notice,
                Count = g.Count(),
                Findings = [.. g.Take(ShownPerGroup).Select(f => Finding(result, f, followers))],
            })],
            Notes = Notes(result),
            Rerun = rerun,
        };
    }

    private static ReportFinding Finding(RoomAuditResult result, RoomFinding finding, IReadOnlyDictionary<string, List<string>> followers)
    {
        ReportPicture? picture = null;
        string? details = null;
        if (finding.Focus is { } focus && result.Room.Get(focus) is { } pdu)
        {
            var graph = EventNeighbourhood.Around(result.Room, focus, id => followers.TryGetValue(id, out var list) ? list : []);
            picture = new ReportPicture(EventGraphDrawing.ToSvg(graph), "The events around " + focus + ": its history above it, its auth events (dashed), what follows it below.",
                EventGraphDrawing.ToMermaid(graph), EventGraphDrawing.ToDot(graph));
            details = Pretty(pdu.Json);
        }
        return new ReportFinding
        {
            Subject = finding.Subject,
            Headline = finding.Headline,
            Witness = [.. finding.Witness.Select(w => new ReportFact(w.Label, w.Value)).Append(new ReportFact("source", finding.Source))],
            Picture = picture,
            DetailsCaption = "Event JSON",
            Details = details,
        };
    }

    // The events that cite each focus event as a prev event, in order of depth then ID: one pass over the room.
    private static Dictionary<string, List<string>> Followers(RoomAuditResult result, IEnumerable<string> focus)
    {
        var wanted = focus.ToHashSet(StringComparer.Ordinal); // look-ups only
        var found = new Dictionary<string, List<(long Depth, string Id)>>(StringComparer.Ordinal); // look-ups only
        foreach (var pdu in result.Room.Events.Values)
        {
            foreach (var prev in pdu.PrevEvents)
            {
                if (!wanted.Contains(prev.Value)) continue;
                if (!found.TryGetValue(prev.Value, out var list)) found[prev.Value] = list = [];
                list.Add((pdu.Depth, pdu.EventId.Value));
            }
        }
        return found.ToDictionary(kv => kv.Key, kv => kv.Value.OrderBy(x => x.Depth).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList(), StringComparer.Ordinal);
    }

    // A rule's own sentence (each finding's headline says against what it was checked), else the kind's.
    private static string Title(string token, RoomFinding first) =>
        WireToken.TryParse<Rule>(token, out var rule) ? RuleText.SentenceOf(rule) : first.Kind.Sentence();

    private static string Verdict(RoomAuditResult result, int failures, int notices)
    {
        var events = Count(result.Accepted + result.SoftFailed + result.Rejected + result.AuthOnly + result.NotChecked);
        var kinds = result.Findings.Where(f => f.IsFailure).Select(f => f.Token).Distinct(StringComparer.Ordinal).Count();
        var noticeText = notices == 0 ? "" : $"; {Count(notices)} notice(s) say what could not be checked";
        return failures == 0
            ? $"No anomaly among {events} events of room {result.RoomId}{noticeText}."
            : $"{Count(failures)} anomal{(failures == 1 ? "y" : "ies")} of {kinds} kind(s) among {events} events of room {result.RoomId}{noticeText}.";
    }

    private static IEnumerable<(string Label, string Value)> Facts(RoomAuditResult result)
    {
        yield return ("room", result.RoomId);
        yield return ("room version", result.Version.Id);
        if (result.Profile.Name != BehaviourProfile.Spec.Name) yield return ("profile", result.Profile.Name + " (decisions as that implementation makes them; invitejoin profiles lists its switches)");
        foreach (var file in result.Files) yield return ("input", $"{Path.GetFileName(file.Path)}: {file.Shape} ({Count(file.Events)} events)");
        yield return ("events read", Count(result.EventsRead) + (result.Duplicates > 0 ? $" ({Count(result.Duplicates)} repeated)" : ""));
        yield return ("accepted", Count(result.Accepted));
        yield return ("soft failed", Count(result.SoftFailed) + " (valid, but not allowed by the room's state when the audit took them; not an anomaly)");
        yield return ("rejected", Count(result.Rejected));
        if (result.AuthOnly > 0) yield return ("checked against their auth events only", Count(result.AuthOnly) + " (their history is not in the export)");
        if (result.NotChecked > 0) yield return ("not checked", Count(result.NotChecked));
        var bad = result.Findings.Count(f => f.Kind == RoomFindingKind.BadSignature);
        yield return ("signatures", result.KeysGiven
            ? Count(result.SignaturesChecked) + " checked with the keys given" + (bad > 0 ? $" ({Count(bad)} did not verify)" : ", all verified")
                + (result.UncheckedSigners.IsEmpty ? "" : "; no keys for " + string.Join(", ", result.UncheckedSigners.Select(kv => $"{kv.Key} ({Count(kv.Value)} events)")))
            : "not checked: no keys were given (--keys)");
        foreach (var claim in result.Claims)
        {
            yield return ("claimed state", $"{claim.Source} at {claim.At}: {WireToken.Of(claim.Outcome)}"
                + (claim.Differences.IsEmpty ? "" : $" in {Count(claim.Differences.Length)} place{(claim.Differences.Length == 1 ? "" : "s")}"));
        }
        yield return ("current state", Count(result.Room.State.Events.Count) + " events, after " + Count(result.Room.ForwardExtremities.Length) + " forward extremities");
    }

    private static ImmutableArray<string> Notes(RoomAuditResult result)
    {
        var notes = new List<string>
        {
            "Events are taken into the reference's room model in an order where each follows the events it cites (by depth, then event ID); checks 4 and 5 on receipt (against the event's auth events and the state before it) do not depend on that order.",
            "A soft failure depends on the order a server received events in, which an export does not record, so soft-failed events are counted but not reported.",
        };
        if (!result.KeysGiven) notes.Add("No server keys were given, so no signature was checked: give /_matrix/key/v2/server responses (or a {server: {key_id: key}} map) with --keys.");
        return [.. notes];
    }

    // ---- JSON ----

    /// <summary>The JSON report: counts, claimed states, the current state and every finding.</summary>
    public static JsonObject ToJson(RoomAuditResult result)
    {
        var failures = result.Failures;
        return JsonValue.Object(
            ("room_id", JsonValue.String(result.RoomId)),
            ("room_version", JsonValue.String(result.Version.Id)),
            ("profile", JsonValue.String(result.Profile.Name)),
            ("verdict", JsonValue.String(failures == 0 ? "passed" : "failed")),
            ("failures", JsonValue.Number(failures)),
            ("notices", JsonValue.Number(result.Findings.Length - failures)),
            ("inputs", JsonValue.Array(result.Files.Select(f => (JsonValue)JsonValue.Object(
                ("file", JsonValue.String(Path.GetFileName(f.Path))), ("shape", JsonValue.String(f.Shape)), ("events", JsonValue.Number(f.Events)))))),
            ("counts", JsonValue.Object(
                ("read", JsonValue.Number(result.EventsRead)),
                ("repeated", JsonValue.Number(result.Duplicates)),
                ("accepted", JsonValue.Number(result.Accepted)),
                ("soft_failed", JsonValue.Number(result.SoftFailed)),
                ("rejected", JsonValue.Number(result.Rejected)),
                ("auth_events_only", JsonValue.Number(result.AuthOnly)),
                ("not_checked", JsonValue.Number(result.NotChecked)),
                ("signatures_verified", JsonValue.Number(result.SignaturesChecked)))),
            ("unchecked_signers", JsonValue.Object(result.UncheckedSigners.Select(kv => KeyValuePair.Create(kv.Key, (JsonValue)JsonValue.Number(kv.Value))))),
            ("claimed_states", JsonValue.Array(result.Claims.Select(c => (JsonValue)JsonValue.Object(
                ("source", JsonValue.String(c.Source)), ("at", JsonValue.String(c.At)), ("outcome", JsonValue.String(WireToken.Of(c.Outcome))),
                ("differences", JsonValue.Array(c.Differences.Select(d => (JsonValue)JsonValue.String(d)))))))),
            ("current_state", JsonValue.Array(result.Room.State.Events.Select(kv => (JsonValue)JsonValue.Object(
                ("type", JsonValue.String(kv.Key.Type)), ("state_key", JsonValue.String(kv.Key.Key)), ("event_id", JsonValue.String(kv.Value.EventId.Value)))))),
            ("findings", JsonValue.Array(result.Findings.Select(Json))));
    }

    private static JsonValue Json(RoomFinding finding)
    {
        var members = new List<KeyValuePair<string, JsonValue>>
        {
            KeyValuePair.Create("kind", (JsonValue)JsonValue.String(WireToken.Of(finding.Kind))),
            KeyValuePair.Create("token", (JsonValue)JsonValue.String(finding.Token)),
            KeyValuePair.Create("severity", (JsonValue)JsonValue.String(finding.IsFailure ? "failure" : "notice")),
            KeyValuePair.Create("subject", (JsonValue)JsonValue.String(finding.Subject)),
            KeyValuePair.Create("source", (JsonValue)JsonValue.String(finding.Source)),
            KeyValuePair.Create("headline", (JsonValue)JsonValue.String(finding.Headline)),
            KeyValuePair.Create("witness", (JsonValue)JsonValue.Array(finding.Witness.Select(w => (JsonValue)JsonValue.Array(JsonValue.String(w.Label), JsonValue.String(w.Value))))),
        };
        if (finding.Stage is { } stage) members.Add(KeyValuePair.Create("stage", (JsonValue)JsonValue.String(WireToken.Of(stage))));
        if (finding.Decision is { } decision) members.Add(KeyValuePair.Create("evidence", (JsonValue)JsonValue.Object(decision.Evidence.Select(kv => KeyValuePair.Create(kv.Key, (JsonValue)JsonValue.String(kv.Value))))));
        return JsonValue.Object(members);
    }

    // ---- terminal ----

    /// <summary>A short summary for the terminal: the counts, each group with its first findings, the verdict.</summary>
    public static string ToText(RoomAuditResult result)
    {
        var text = new StringBuilder();
        foreach (var (label, value) in Facts(result)) text.Append("  ").Append(label).Append(": ").Append(value).Append('\n');
        foreach (var group in Groups(result))
        {
            var failure = group.Any(f => f.IsFailure);
            text.Append('\n').Append(failure ? "FAILURE " : "notice  ").Append(group.Key).Append(" (").Append(Count(group.Count())).Append(")\n");
            foreach (var finding in group.Take(ShownOnTerminal)) text.Append("  ").Append(finding.Subject).Append("  ").Append(finding.Headline).Append("  [").Append(finding.Source).Append("]\n");
            if (group.Count() > ShownOnTerminal) text.Append("  … and ").Append(Count(group.Count() - ShownOnTerminal)).Append(" more\n");
        }
        var failures = result.Failures;
        text.Append('\n').Append(failures == 0 ? "PASSED: " : "FAILED: ").Append(Verdict(result, failures, result.Findings.Length - failures)).Append('\n');
        return text.ToString();
    }

    // ---- helpers ----

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>JSON indented for reading, members in their own order.</summary>
    internal static string Pretty(JsonValue value)
    {
        var text = new StringBuilder();
        Write(value, 0);
        return text.ToString();

        void Write(JsonValue v, int indent)
        {
            switch (v)
            {
                case JsonObject { Count: > 0 } obj:
                    text.Append("{\n");
                    for (var i = 0; i < obj.Count; i++)
                    {
                        text.Append(' ', indent + 2).Append(CanonicalJson.EncodeToString(JsonValue.String(obj[i].Key))).Append(": ");
                        Write(obj[i].Value, indent + 2);
                        text.Append(i + 1 < obj.Count ? ",\n" : "\n");
                    }
                    text.Append(' ', indent).Append('}');
                    break;
                case JsonArray { Count: > 0 } array when array.Items.Any(item => item is JsonObject or JsonArray):
                    text.Append("[\n");
                    for (var i = 0; i < array.Count; i++)
                    {
                        text.Append(' ', indent + 2);
                        Write(array[i], indent + 2);
                        text.Append(i + 1 < array.Count ? ",\n" : "\n");
                    }
                    text.Append(' ', indent).Append(']');
                    break;
                default:
                    text.Append(CanonicalJson.EncodeToString(v));
                    break;
            }
        }
    }
}
