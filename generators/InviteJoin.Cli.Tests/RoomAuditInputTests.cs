using InviteJoin.Generators.Export;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using Xunit;
using static InviteJoin.Cli.Tests.RoomAuditKit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// audit-room reads every input shape it names — federation responses, arrays and JSON lines of PDUs, Synapse's
/// event_json rows, /state_ids, the current state — audits partial exports honestly, and answers bad input with
/// exit 2 and one line naming what and where.
/// </summary>
public sealed class RoomAuditInputTests
{
    [Fact]
    public void EveryFederationShape_GivesTheSameAuditAsJsonLines()
    {
        var history = History("11");
        var events = history.Events;
        var third = events.Length / 3;
        using var folder = new ExportFolder();
        JsonValue Pdus(int from, int to) => JsonValue.Array(events.Skip(from).Take(to - from).Select(e => (JsonValue)e));
        var files = new[]
        {
            // A JSON array, pretty-printed over many lines.
            folder.Write("array.json", "[\n" + string.Join(",\n", events.Take(third).Select(e => "  " + CanonicalJson.EncodeToString(e))) + "\n]\n"),
            // A transaction, on one line.
            folder.Write("transaction.json", JsonValue.Object(("origin", JsonValue.String("b.test")), ("origin_server_ts", JsonValue.Number(1)), ("pdus", Pdus(third, 2 * third)), ("edus", JsonArray.Empty))),
            // /backfill responses as JSON lines, with a blank line and CRLF endings.
            folder.Write("backfill.jsonl",
                CanonicalJson.EncodeToString(JsonValue.Object(("origin", JsonValue.String("c.test")), ("origin_server_ts", JsonValue.Number(2)), ("pdus", Pdus(2 * third, events.Length - 10)))) + "\r\n\r\n"
                + CanonicalJson.EncodeToString(JsonValue.Object(("origin", JsonValue.String("c.test")), ("origin_server_ts", JsonValue.Number(3)), ("pdus", Pdus(events.Length - 10, events.Length)))) + "\r\n"),
            // An /event_auth response of the last event: its auth chain, all repeats.
            folder.Write("event_auth.json", JsonValue.Object(("auth_chain", JsonValue.Array(history.Room.AuthChain([Parse(history, events[^1])]).Select(e => (JsonValue)e.Json))))),
        };
        var (run, report) = Audit(folder, [.. files, "--keys", folder.Write("keys.json", RoomExports.KeyResponses(history))]);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(Findings(report));
        Assert.Equal(events.Length, Count(report, "accepted"));
        var shapes = ((JsonArray)report["inputs"]!).Items.Cast<JsonObject>().Select(i => Text(i, "shape"));
        Assert.Equal(["array of PDUs", "transaction or /backfill response", "transaction or /backfill response", "/event_auth response"], shapes);
    }

    [Fact]
    public void SynapseRows_AuditAsTheirPdus_AndSynapsesOwnVerdictsAreCompared()
    {
        var export = RoomExports.WithAnomalies(History("10"));
        var history = History("10");
        var rejected = new HashSet<string>(StringComparer.Ordinal)
        {
            RoomAuditTests.Planted(export, PlantedAnomaly.FailsAuthEvents),
            RoomAuditTests.Planted(export, PlantedAnomaly.FailsStateBefore),
        };
        var rows = export.Events.Select(e => Row(history, e, rejected.Contains(Parse(history, e).EventId.Value) ? "auth_error" : null)).ToList();
        using var folder = new ExportFolder();
        var keys = folder.Write("keys.json", export.KeyResponses);

        // Synapse rejected exactly the two events the reference rejects: no disagreement, the planted anomalies found.
        var (_, agreeing) = Audit(folder, [folder.WriteLines("event_json.jsonl", rows), "--keys", keys]);
        Assert.Equal(RoomAuditTests.Expected(export).Where(e => !e.StartsWith("audit.claimed", StringComparison.Ordinal)), Describe(Findings(agreeing)));

        // One accepted event recorded as rejected, one row whose event_id column names another event.
        var message = export.Events.Select(e => Parse(history, e)).First(e => e.Type == "m.room.message" && !rejected.Contains(e.EventId.Value) && e.EventId.Value != RoomAuditTests.Planted(export, PlantedAnomaly.TamperedSignature));
        var misnamed = Parse(history, export.Events[5]);
        var altered = rows.Select(r => (JsonObject)r).Select(r =>
            Id(r) == message.EventId.Value ? r.With("rejection_reason", JsonValue.String("auth_error"))
            : Id(r) == misnamed.EventId.Value ? r.With("event_id", JsonValue.String("$not-its-id"))
            : r).ToList();
        var (_, report) = Audit(folder, [folder.WriteLines("event_json.jsonl", altered), "--keys", keys]);
        var extra = Describe(Findings(report)).Except(Describe(Findings(agreeing)));
        Assert.Equal(["audit.event_id_mismatch audit.event_id_mismatch " + misnamed.EventId.Value, "audit.status_differs audit.status_differs " + message.EventId.Value], extra);
    }

    [Fact]
    public void StateIds_AtAnEventAndAtTheCurrentState_AreComparedWithTheResolvedStates()
    {
        var history = History("12");
        var export = RoomExports.Clean(history);
        using var folder = new ExportFolder();
        var atId = EventId.Parse(export.StateAt, history.Version.Format.EventIds).Value;
        var before = history.Room.StateBefore(atId)!.Events.Values.Select(e => e.EventId.Value).ToList();
        var current = history.Room.State.Events.Values.Select(e => e.EventId.Value).ToList();
        JsonObject StateIds(IEnumerable<string> ids) => JsonValue.Object(("auth_chain_ids", JsonArray.Empty), ("pdu_ids", JsonValue.Array(ids.Select(id => (JsonValue)JsonValue.String(id)))));
        var events = folder.WriteLines("events.jsonl", export.Events);
        var keys = folder.Write("keys.json", export.KeyResponses);

        var (_, matching) = Audit(folder, [events, folder.Write("at.json", StateIds(before)), folder.Write("now.json", StateIds(current)), "--state-at", export.StateAt, "--state-at", "current", "--keys", keys]);
        Assert.Empty(Findings(matching));
        Assert.Equal(["matches", "matches"], ((JsonArray)matching["claimed_states"]!).Items.Cast<JsonObject>().Select(c => Text(c, "outcome")));

        // The current state claimed without its power levels: one difference, at the current state.
        var withoutLevels = current.Where(id => history.Room.Get(id)!.Type != EventTypes.PowerLevels);
        var (run, differing) = Audit(folder, [events, folder.Write("now.json", StateIds(withoutLevels)), "--state-at", "current", "--keys", keys]);
        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(Findings(differing));
        Assert.Equal("audit.claimed_state_differs", Text(finding, "kind"));
        Assert.Equal("the current state", Text(finding, "subject"));
        Assert.Contains("m.room.power_levels: claimed nothing", CanonicalJson.EncodeToString(finding["witness"]!), StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWithoutItsEarlyHistory_ChecksTheRestAgainstAuthEventsOnly_OrAgainstAStateGivenAtTheSeam()
    {
        var history = History("11", 240);
        var events = history.Events.Select(e => Parse(history, e)).ToList();
        var index = events.Select((e, i) => (e, i)).ToDictionary(x => x.e.EventId.Value, x => x.i, StringComparer.Ordinal);
        // The seam: the first event past the middle that every later event's history passes through.
        var seam = Enumerable.Range(events.Count / 2, events.Count / 2)
            .First(s => events.Skip(s + 1).All(e => e.PrevEvents.All(p => index[p.Value] >= s)));
        var after = history.Events.Skip(seam).ToList();
        var state = history.Room.StateBefore(events[seam].EventId)!.Events.Values.ToList();
        var stateResponse = JsonValue.Object(
            ("auth_chain", JsonValue.Array(history.Room.AuthChain(state).Select(e => (JsonValue)e.Json))),
            ("pdus", JsonValue.Array(state.Select(e => (JsonValue)e.Json))));
        using var folder = new ExportFolder();
        var keys = folder.Write("keys.json", RoomExports.KeyResponses(history));
        var tail = folder.WriteLines("tail.jsonl", after);

        // Without a state at the seam: the seam (followed by the rest) is a notice, and every event of the export is
        // checked against its auth events only.
        var auth = folder.Write("auth.json", JsonValue.Object(("auth_chain", stateResponse["auth_chain"]!)));
        var pdus = folder.Write("state-events.json", JsonValue.Array(state.Select(e => (JsonValue)e.Json)));
        var (run, report) = Audit(folder, [tail, auth, pdus, "--keys", keys]);
        Assert.Equal(0, run.ExitCode);
        // The notices name the events where the export's history starts: those it goes on from whose prev events it lacks.
        var exported = after.Concat(state.Select(e => e.Json)).Concat(history.Room.AuthChain(state).Select(e => e.Json)).Select(e => Parse(history, e)).ToList();
        var ids = exported.Select(e => e.EventId.Value).ToHashSet(StringComparer.Ordinal);
        var followed = exported.SelectMany(e => e.PrevEvents).Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var starts = exported.Where(e => followed.Contains(e.EventId.Value) && e.PrevEvents.Any(p => !ids.Contains(p.Value))).Select(e => "audit.history_missing " + e.EventId.Value).Distinct();
        Assert.Contains("audit.history_missing " + events[seam].EventId.Value, starts);
        Assert.Equal(starts.Order(StringComparer.Ordinal), Findings(report).Select(f => Text(f, "kind") + " " + Text(f, "subject")).Order(StringComparer.Ordinal));
        // The room's first events (in the auth chain, complete from the create event) have their history; the rest not.
        Assert.Equal(ids.Count, Count(report, "auth_events_only") + Count(report, "accepted"));
        Assert.True(Count(report, "auth_events_only") >= after.Count);
        Assert.Equal(0, Count(report, "rejected"));

        // With the /state response at the seam: it is taken as given, and everything after it is accepted.
        var (_, restored) = Audit(folder, [tail, folder.Write("state.json", stateResponse), "--state-at", events[seam].EventId.Value, "--keys", keys]);
        var expected = starts.Where(f => !f.EndsWith(events[seam].EventId.Value, StringComparison.Ordinal)).Append("audit.claimed_state_taken " + events[seam].EventId.Value);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Findings(restored).Select(f => Text(f, "kind") + " " + Text(f, "subject")).Order(StringComparer.Ordinal));
        Assert.True(Count(restored, "accepted") >= after.Count);
        Assert.Equal(0, Count(restored, "rejected"));
    }

    [Fact]
    public void MalformedEvents_OtherRooms_AndCycles_AreEachReportedAndTheRestAudited()
    {
        var history = History("1", 60);
        var format = history.Version.Format;
        var last = Parse(history, history.Events[^1]);
        var key = RoomHistory.SigningKey("a.test");
        JsonObject Message(string id, string room, string prev) => EventSigning.SignEvent(JsonValue.Object(
            ("event_id", JsonValue.String(id)), ("room_id", JsonValue.String(room)), ("type", JsonValue.String("m.room.message")),
            ("sender", JsonValue.String(RoomHistory.User("a.test", 0))), ("content", JsonValue.Object(("body", JsonValue.String("x")))),
            ("depth", JsonValue.Number(last.Depth + 1)), ("origin_server_ts", JsonValue.Number(last.OriginServerTs + 1)),
            ("prev_events", JsonValue.Array(new JsonValue[] { JsonValue.Array(JsonValue.String(prev), JsonValue.Object(("sha256", JsonValue.String("")))) })),
            ("auth_events", JsonArray.Empty)), format, "a.test", key);
        var room = history.Room.RoomId.Value;
        var extra = new[]
        {
            history.Events[^1].With("event_id", JsonValue.String("$nodepth:a.test")).Without("depth"),
            Message("$elsewhere:a.test", "!other:a.test", last.EventId.Value),
            Message("$cycle1:a.test", room, "$cycle2:a.test"),
            Message("$cycle2:a.test", room, "$cycle1:a.test"),
        };
        using var folder = new ExportFolder();
        var (run, report) = Audit(folder, [folder.WriteLines("events.jsonl", history.Events.Concat(extra)), "--keys", folder.Write("keys.json", RoomExports.KeyResponses(history))]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            ["audit.cycle audit.cycle $cycle1:a.test", "audit.cycle audit.cycle $cycle2:a.test", "audit.malformed pdu.missing_field $nodepth:a.test", "audit.other_room audit.other_room $elsewhere:a.test"],
            Describe(Findings(report)));
        Assert.Equal(history.Events.Length, Count(report, "accepted"));
    }

    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "missing-file", "audit_room.unreadable_input", "nope.jsonl" },
        { "broken-line", "audit_room.not_json", "broken.jsonl:3" },
        { "unknown-shape", "audit_room.unknown_shape", "colour" },
        { "not-an-object", "audit_room.unknown_shape", "numbers.json $[0]" },
        { "empty", "audit_room.empty_input", "empty.json" },
        { "no-create", "audit_room.no_create_event", "m.room.create" },
        { "state-without-state-at", "audit_room.state_at_mismatch", "state.json" },
        { "state-at-unknown", "audit_room.state_at_unknown", "$unknown" },
        { "room-version", "audit_room.unknown_room_version", "\"99\"" },
        { "keys-not-json", "audit_room.bad_keys", "keys.json" },
        { "keys-forged", "audit_room.bad_keys", "b.test" },
        { "html-unwritable", "audit_room.unwritable_output", "--html" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInput_Exit2_WithOneLineNamingWhatAndWhere_NeverATrace(string name, string code, string where)
    {
        var history = History("11");
        var export = RoomExports.Clean(history);
        using var folder = new ExportFolder();
        var events = folder.WriteLines("events.jsonl", export.Events);
        var state = folder.Write("state.json", export.StateResponse);
        var keys = folder.Write("keys.json", export.KeyResponses);
        string[] args = name switch
        {
            "missing-file" => [folder.PathOf("nope.jsonl")],
            "broken-line" => [folder.Write("broken.jsonl", CanonicalJson.EncodeToString(export.Events[0]) + "\n" + CanonicalJson.EncodeToString(export.Events[1]) + "\n{\"type\": \n")],
            "unknown-shape" => [folder.Write("shape.json", "{\"colour\": \"red\"}")],
            "not-an-object" => [folder.Write("numbers.json", "[1, 2]\n")],
            "empty" => [folder.Write("empty.json", "\n\n")],
            "no-create" => [folder.WriteLines("tail.jsonl", export.Events.Skip(1))],
            "state-without-state-at" => [events, state],
            "state-at-unknown" => [events, state, "--state-at", "$unknown"],
            "room-version" => [events, "--room-version", "99"],
            "keys-not-json" => [events, "--keys", folder.Write("keys.json", "{\"b.test\": ")],
            "keys-forged" => [events, "--keys", folder.Write("forged.json", Forged(export.KeyResponses))],
            "html-unwritable" => [events, "--keys", keys, "--html", Path.Combine(folder.Root, "no-such-folder", "report.html")],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var run = Cli.Run("", ["audit-room", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'), l => l.StartsWith("invitejoin audit-room:", StringComparison.Ordinal));
        Assert.EndsWith(line + "\n", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("invitejoin audit-room: " + code + ": ", line, StringComparison.Ordinal);
        Assert.Contains(where, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at InviteJoin", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("events.jsonl --no-such-option")]
    public void ACommandLineAuditRoomCannotRead_Exits2_Not1WhichMeansAnomalies(string args)
    {
        var run = Cli.Run("", ["audit-room", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("invitejoin audit-room: ", run.Stderr, StringComparison.Ordinal);
    }

    // b.test's key response with another server's key put in its place: not signed by the key it publishes.
    private static JsonArray Forged(JsonArray responses)
    {
        var a = (JsonObject)responses.Items.First(r => ((JsonString)((JsonObject)r)["server_name"]!).Value == "a.test");
        return JsonValue.Array(responses.Items.Select(r => ((JsonObject)r)["server_name"] is JsonString { Value: "b.test" }
            ? (JsonValue)((JsonObject)r).With("verify_keys", a["verify_keys"]!)
            : r));
    }

    // A row of Synapse's event_json table as the documented query writes it.
    private static JsonValue Row(RoomHistory history, JsonObject json, string? rejection)
    {
        var pdu = Parse(history, json);
        var metadata = JsonValue.Object(("stream_ordering", JsonValue.Number(pdu.Depth)));
        return JsonValue.Object(
            ("event_id", JsonValue.String(pdu.EventId.Value)),
            ("room_id", JsonValue.String(pdu.RoomId.Value)),
            ("internal_metadata", JsonValue.String(CanonicalJson.EncodeToString(metadata))),
            ("json", JsonValue.String(CanonicalJson.EncodeToString(json))),
            ("format_version", JsonValue.Number(3)),
            ("rejection_reason", rejection is null ? JsonValue.Null : JsonValue.String(rejection)));
    }

    private static string Id(JsonObject row) => ((JsonString)row["event_id"]!).Value;
}
