using System.Text;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// <c>resolve</c>: state resolution over state sets given as event-ID lists (spec v1.19, server-server API
/// "Room State Resolution", with the algorithm each room version names), the request and answer shapes of
/// the command-line contract, every kind of input the algorithm cannot run on, and every published
/// resolve scenario of the kit's test data.
/// </summary>
public sealed class ResolveCommandTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static readonly Room V10 = new("10");

    /// <summary>
    /// Events written as request text (so a test can edit the text a caller sends), named readably as the kit's
    /// <c>EventWriter</c> names them in the PDU format of one room version: <c>$name:example.org</c> in room
    /// versions 1–2 (whose event IDs must name a server), <c>$name</c> elsewhere. In room version 12 the
    /// room is named after the create event and no event cites the create event (it is implied).
    /// </summary>
    private sealed class Room(string version)
    {
        public string Version => version;

        private bool Pairs => version is "1" or "2";

        private bool V12 => version == "12";

        public string Id(string name) => Pairs ? "$" + name + ":example.org" : "$" + name;

        public string Event(string name, string type, string? stateKey, string sender, string content, int ts, string[] prev, string[] auth, string? roomId = null)
        {
            var room = V12 && type == "m.room.create" ? "" : $"\"room_id\": \"{roomId ?? (V12 ? "!create" : "!room:example.org")}\", ";
            var key = stateKey is null ? "" : $"\"state_key\": \"{stateKey}\", ";
            var cited = V12 ? auth.Where(a => a != "create") : auth;
            return $$"""{"event_id": "{{Id(name)}}", {{room}}"type": "{{type}}", {{key}}"sender": "{{sender}}", "content": {{content}}, "depth": {{ts}}, "origin_server_ts": {{ts}}, "prev_events": [{{Refs(prev)}}], "auth_events": [{{Refs(cited)}}]}""";
        }

        // Room versions 1–2 cite events as [event_id, {hashes}] pairs; test inputs leave the hashes empty.
        private string Refs(IEnumerable<string> names) =>
            string.Join(", ", names.Select(n => Pairs ? $"[\"{Id(n)}\", {{}}]" : $"\"{Id(n)}\""));

        /// <summary>A state set (or any list of events) as a JSON array of their IDs.</summary>
        public string Set(params string[] names) => "[" + string.Join(", ", names.Select(n => "\"" + Id(n) + "\"")) + "]";

        public string Request(IEnumerable<string> stateSets, IEnumerable<string> events, string extra = "") =>
            $$"""{"room_version": "{{version}}", "state_sets": [{{string.Join(", ", stateSets)}}], "events": [{{string.Join(", ", events)}}]{{extra}}}""";

        /// <summary>
        /// Alice created a public room, made Bob a moderator (level 50), and Bob and Charlie joined. Then the room
        /// forked: Bob banned Charlie while Alice, concurrently, took Bob's level away.
        /// </summary>
        public string[] Fork() =>
        [
            Event("create", "m.room.create", "", Alice, V12 ? """{"room_version": "12"}""" : $$"""{"creator": "{{Alice}}", "room_version": "{{version}}"}""", 1, [], []),
            Event("alice", "m.room.member", Alice, Alice, """{"membership": "join"}""", 2, ["create"], ["create"]),
            Event("power", "m.room.power_levels", "", Alice, PowerLevels(bobModerator: true), 3, ["alice"], ["create", "alice"]),
            Event("join_rules", "m.room.join_rules", "", Alice, """{"join_rule": "public"}""", 4, ["power"], ["create", "power", "alice"]),
            Event("bob", "m.room.member", Bob, Bob, """{"membership": "join"}""", 5, ["join_rules"], ["create", "power", "join_rules"]),
            Event("charlie", "m.room.member", Charlie, Charlie, """{"membership": "join"}""", 6, ["bob"], ["create", "power", "join_rules"]),
            // The ban is sent first, so timestamps alone would replay it before the demotion.
            Event("ban", "m.room.member", Charlie, Bob, """{"membership": "ban"}""", 7, ["charlie"], ["create", "power", "bob", "charlie"]),
            Event("demote", "m.room.power_levels", "", Alice, PowerLevels(bobModerator: false), 8, ["charlie"], ["create", "power", "alice"]),
        ];

        /// <summary>The two sides of the fork: Bob's ban, and Alice's demotion of Bob with Charlie still joined.</summary>
        public string[] ForkStateSets() =>
        [
            Set("create", "alice", "power", "join_rules", "bob", "ban"),
            Set("create", "alice", "demote", "join_rules", "bob", "charlie"),
        ];

        /// <summary>The resolved fork: the demotion is replayed first (Alice outranks Bob), so the ban fails and Charlie stays.</summary>
        public string ForkAnswer(string powerLevels = "demote", string charlie = "charlie") => $$"""
            {"state": [
              {"type": "m.room.create", "state_key": "", "event_id": "{{Id("create")}}"},
              {"type": "m.room.join_rules", "state_key": "", "event_id": "{{Id("join_rules")}}"},
              {"type": "m.room.member", "state_key": "{{Alice}}", "event_id": "{{Id("alice")}}"},
              {"type": "m.room.member", "state_key": "{{Bob}}", "event_id": "{{Id("bob")}}"},
              {"type": "m.room.member", "state_key": "{{Charlie}}", "event_id": "{{Id(charlie)}}"},
              {"type": "m.room.power_levels", "state_key": "", "event_id": "{{Id(powerLevels)}}"}
            ]}
            """;

        // Room version 12 gives the creator unlimited power and forbids listing her in "users".
        private string PowerLevels(bool bobModerator)
        {
            var users = new List<string>();
            if (!V12) users.Add($"\"{Alice}\": 100");
            if (bobModerator) users.Add($"\"{Bob}\": 50");
            return "{\"users\": {" + string.Join(", ", users) + "}}";
        }
    }

    [Theory]
    [InlineData("2")]
    [InlineData("10")]
    [InlineData("12")]
    public void ForkOfBanAndDemotion_DemotionReplayedFirstSoTheBanFails(string version)
    {
        var room = new Room(version);

        var run = Cli.Run(room.Request(room.ForkStateSets(), room.Fork()), "resolve");

        Cli.AssertAnswers(run, room.ForkAnswer());
    }

    [Fact]
    public void ForkWithoutTheDemotion_TheBanWins()
    {
        // The control for the test above: uncontested, Bob's ban is allowed and enters the state.
        var sets = new[] { V10.Set("create", "alice", "power", "join_rules", "bob", "ban"), V10.Set("create", "alice", "power", "join_rules", "bob", "charlie") };

        var run = Cli.Run(V10.Request(sets, V10.Fork()), "resolve");

        Cli.AssertAnswers(run, V10.ForkAnswer(powerLevels: "power", charlie: "ban"));
    }

    [Fact]
    public void InputInAnotherOrder_SameAnswerByteForByte()
    {
        var reversedSets = new[]
        {
            V10.Set("charlie", "bob", "join_rules", "demote", "alice", "create"),
            V10.Set("ban", "bob", "join_rules", "power", "alice", "create"),
        };

        var given = Cli.Run(V10.Request(V10.ForkStateSets(), V10.Fork()), "resolve");
        var reversed = Cli.Run(V10.Request(reversedSets, Enumerable.Reverse(V10.Fork())), "resolve");

        Assert.Equal(0, reversed.ExitCode);
        Assert.Equal(given.Stdout, reversed.Stdout);
    }

    [Fact]
    public void Answer_SortedByTypeThenStateKeyInCodePointOrder()
    {
        // U+1F600 is a surrogate pair in UTF-16, which sorts it before U+FFFD by code unit; by code point it is after.
        string Custom(string name, string type, string stateKey, int ts) =>
            V10.Event(name, type, stateKey, Alice, """{"x": 1}""", ts, ["power"], ["create", "power", "alice"]);
        var events = new[]
        {
            Custom("b", "org.example.b", "", 10),
            Custom("emoji", "org.example.a", "\\ud83d\\ude00", 11),
            Custom("replacement", "org.example.a", "\\ufffd", 12),
            Custom("lower", "org.example.a", "a", 13),
            Custom("upper", "org.example.a", "B", 14),
            Custom("capital", "M.upper", "", 15),
        }.Concat(V10.Fork().Take(3)).ToArray();
        var set = V10.Set("b", "emoji", "power", "replacement", "alice", "lower", "create", "upper", "capital");

        var run = Cli.Run(V10.Request([set], events), "resolve");

        Assert.Equal(0, run.ExitCode);
        var state = (JsonArray)((JsonObject)run.Answer)["state"]!;
        Assert.Equal(
            new[]
            {
                ("M.upper", ""), ("m.room.create", ""), ("m.room.member", Alice), ("m.room.power_levels", ""),
                ("org.example.a", "B"), ("org.example.a", "a"), ("org.example.a", "\uFFFD"), ("org.example.a", "\U0001F600"),
                ("org.example.b", ""),
            },
            state.Select(entry => (Text(entry, "type"), Text(entry, "state_key"))));
        Assert.All(state, entry => Assert.Equal(new[] { "event_id", "state_key", "type" }, ((JsonObject)entry).Keys));
    }

    [Fact]
    public void NoStateSets_EmptyState()
    {
        var run = Cli.Run(V10.Request([], V10.Fork()), "resolve");

        Cli.AssertAnswers(run, """{"state": []}""");
    }

    // Charlie (level 0) bans Bob: the event fails the rules against its own auth events.
    private static readonly string CharlieBansBob =
        V10.Event("kick", "m.room.member", Bob, Charlie, """{"membership": "ban"}""", 9, ["charlie"], ["create", "power", "bob", "charlie"]);

    private static readonly string[] WithKick = [.. V10.Fork(), CharlieBansBob];

    private static readonly string[] KickStateSets = [V10.Set("create", "alice", "power", "join_rules", "kick"), V10.Set("create", "alice", "power", "join_rules", "bob")];

    [Fact]
    public void EventNotListedAsRejected_ReplayedAndFailsTheIterativeAuthChecks()
    {
        var run = Cli.Run(V10.Request(KickStateSets, WithKick), "resolve");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{{\"event_id\":\"$bob\",\"state_key\":\"{Bob}\",\"type\":\"m.room.member\"}}", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EventListedAsRejectedAgainstItsOwnAuthEvents_WithStrictInput_IsRefused()
    {
        var run = Cli.Run(V10.Request(KickStateSets, WithKick, """, "rejected": ["$kick"]"""), "resolve", "--strict-input");

        AssertError(run, "stateres.rejected_in_state", "$.state_sets[0][4]");
    }

    [Fact]
    public void EventListedAsRejectedAgainstItsOwnAuthEvents_ReadsAsAbsentFromItsStateSet()
    {
        var holding = Cli.Run(V10.Request(KickStateSets, WithKick, """, "rejected": ["$kick"]"""), "resolve");
        var without = Cli.Run(V10.Request([V10.Set("create", "alice", "power", "join_rules"), KickStateSets[1]], WithKick, """, "rejected": ["$kick"]"""), "resolve");

        Assert.Equal(0, holding.ExitCode);
        Assert.Equal(without.Stdout, holding.Stdout);
        Assert.DoesNotContain("$kick", holding.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectedEventOutsideTheStateSets_Resolves()
    {
        var run = Cli.Run(V10.Request(V10.ForkStateSets(), WithKick, """, "rejected": ["$kick"]"""), "resolve");

        Cli.AssertAnswers(run, V10.ForkAnswer());
    }

    /// <summary>Malformed requests: stdin, expected code, expected path at the start of the message.</summary>
    public static TheoryData<string, string, string> MalformedCases()
    {
        var fork = V10.Fork();
        var sets = V10.ForkStateSets();
        string Request(string[]? events = null, string[]? stateSets = null, string extra = "") => V10.Request(stateSets ?? sets, events ?? fork, extra);
        string[] Replace(int index, string @event) => [.. fork[..index], @event, .. fork[(index + 1)..]];
        var hello = V10.Event("hello", "m.room.message", null, Alice, """{"body": "hi"}""", 9, ["charlie"], ["create", "power", "alice"]);
        var v12 = new Room("12");
        var v2 = new Room("2");
        return new()
        {
            // The request's shape.
            { """{"room_version": "10", "events": []}""", "request.missing_field", "$.state_sets" },
            { """{"room_version": "10", "state_sets": []}""", "request.missing_field", "$.events" },
            { """{"state_sets": [], "events": []}""", "request.missing_field", "$.room_version" },
            { """{"room_version": "13", "state_sets": [], "events": []}""", "room_version.unknown", "$.room_version" },
            { """{"room_version": "10", "state_sets": {}, "events": []}""", "request.wrong_type", "$.state_sets" },
            { """{"room_version": "10", "state_sets": [[], "$bob"], "events": []}""", "request.wrong_type", "$.state_sets[1]" },
            { """{"room_version": "10", "state_sets": [["$bob", "$alice", 7]], "events": []}""", "request.wrong_type", "$.state_sets[0][2]" },
            { """{"room_version": "10", "state_sets": [["create"]], "events": []}""", "id.wrong_sigil", "$.state_sets[0][0]" },
            { """{"room_version": "10", "state_sets": [], "events": {}}""", "request.wrong_type", "$.events" },
            { """{"room_version": "10", "state_sets": [], "events": ["$bob"]}""", "request.wrong_type", "$.events[0]" },
            { """{"room_version": "10", "state_sets": [], "events": [], "rejected": "$bob"}""", "request.wrong_type", "$.rejected" },
            { """{"room_version": "10", "state_sets": [], "events": [], "rejected": ["$bob", null]}""", "request.wrong_type", "$.rejected[1]" },
            { """{"room_version": "10", "state_sets": [], "events": [], "rejected": [""]}""", "id.empty", "$.rejected[0]" },
            { """{"room_version": "10", "state_sets": [], "events": [], "rejectd": []}""", "request.unknown_field", "$.rejectd" },
            // Malformed PDUs, reported after the shape: a bad state set wins over a bad event.
            { Request(Replace(4, fork[4].Replace($"\"sender\": \"{Bob}\"", "\"sender\": \"bob\"", StringComparison.Ordinal))), "pdu.bad_identifier", "$.events[4].sender" },
            { Request(Replace(1, fork[1].Replace("\"depth\": 2", "\"depth\": 2.5", StringComparison.Ordinal))), "pdu.not_canonical_json", "$.events[1].depth" },
            { Request(Replace(1, "[]")), "request.wrong_type", "$.events[1]" },
            { Request(Replace(1, "[]"), [V10.Set("create"), "[5]"]), "request.wrong_type", "$.state_sets[1][0]" },
            // Events the algorithm cannot run on.
            { Request([.. fork[..5], .. fork[6..]]), "stateres.missing_event", "$.events[5]" },
            { Request(Replace(7, fork[7].Replace("!room:example.org", "!elsewhere:example.org", StringComparison.Ordinal))), "stateres.other_room", "$.events[7]" },
            { Request([.. fork, fork[4]]), "stateres.duplicate_event", "$.events[8]" },
            { Request([.. fork,
                V10.Event("m1", "m.room.message", null, Alice, "{}", 9, ["m2"], ["create", "power", "alice"]),
                V10.Event("m2", "m.room.message", null, Alice, "{}", 10, ["m1"], ["create", "power", "alice"])]), "stateres.cycle", "$.events[8]" },
            { v12.Request(v12.ForkStateSets(), v12.Fork()[1..]), "stateres.missing_event", "$.events[0]" },
            // State sets and rejected lists that name what the events do not hold.
            { Request(stateSets: [sets[0], V10.Set("create", "alice", "demote", "join_rules", "bob", "nobody")]), "stateres.unknown_state_event", "$.state_sets[1][5]" },
            { v2.Request([v2.ForkStateSets()[0], "[\"$create\"]"], v2.Fork()), "stateres.unknown_state_event", "$.state_sets[1][0]" },
            { Request([.. fork, hello], [V10.Set("create", "hello")]), "stateres.not_state_event", "$.state_sets[0][1]" },
            { Request(stateSets: [V10.Set("create", "power", "alice", "demote")]), "stateres.duplicate_state_key", "$.state_sets[0][3]" },
            { Request(extra: """, "rejected": ["$ban", "$nobody"]"""), "stateres.unknown_rejected_event", "$.rejected[1]" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void MalformedRequest_Exit2WithTokenAndPath(string stdin, string expectedCode, string expectedPath)
    {
        AssertError(Cli.Run(stdin, "resolve"), expectedCode, expectedPath);
    }

    [Fact]
    public void JsonLines_EachRequestAnsweredInOrder_BadLineCostsOnlyItself()
    {
        var v2 = new Room("2");
        var v12 = new Room("12");
        var cycle = V10.Request([], [V10.Event("m1", "m.room.message", null, Alice, "{}", 1, ["m1"], [])]);
        var input = string.Join('\n',
            V10.Request(V10.ForkStateSets(), V10.Fork()),
            cycle,
            "",
            v12.Request(v12.ForkStateSets(), v12.Fork()),
            v2.Request(v2.ForkStateSets(), v2.Fork())) + "\n";

        var run = Cli.Run(input, "resolve", "--jsonl");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(4, run.Lines.Count);
        Assert.Equal(Cli.Canonical(V10.ForkAnswer()), run.Lines[0]);
        Assert.StartsWith("{\"error\":{\"code\":\"stateres.cycle\",\"message\":\"line 2, $.events[0]: ", run.Lines[1], StringComparison.Ordinal);
        Assert.Equal(Cli.Canonical(v12.ForkAnswer()), run.Lines[2]);
        Assert.Equal(Cli.Canonical(v2.ForkAnswer()), run.Lines[3]);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Example_BanVsPowerLevels_AnswersAsDocumented()
    {
        var request = File.ReadAllText(Path.Combine(Repository.Root, "spec", "examples", "resolve-ban-vs-power-levels.json"));

        Cli.AssertAnswers(Cli.Run(request, "resolve"), V10.ForkAnswer());
    }

    /// <summary>
    /// Every resolve scenario of the kit's TestData/stateres (Synapse's, gomatrixserverlib's and ruma's
    /// published tests and MSC4297's problems, as data), run through the command line in one <c>--jsonl</c>
    /// batch. With <c>complete</c> the answer must be exactly the expected state, in order; otherwise every
    /// expected entry must be in the answer. Every answer must be sorted.
    /// </summary>
    [Fact]
    public void EveryPublishedResolveScenario_AnswersItsExpectedState()
    {
        var scenarios = PublishedData.Scenarios.Values.Where(s => s.ResolveRequest is not null).ToList();
        Assert.True(scenarios.Count >= 26, $"only {scenarios.Count} resolve scenarios were found");
        var stdin = new StringBuilder();
        foreach (var s in scenarios) stdin.Append(s.ResolveRequest).Append('\n');

        var run = Cli.Run(stdin.ToString(), "resolve", "--jsonl");

        Assert.Equal("", run.Stderr);
        Assert.Equal(scenarios.Count, run.Lines.Count);
        var failures = new List<string>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            if (Mismatch(scenarios[i], run.Lines[i]) is { } problem) failures.Add(scenarios[i].Id + ": " + problem + " — " + run.Lines[i]);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, run.ExitCode);
    }

    private static string? Mismatch(PublishedScenario expected, string line)
    {
        var answer = (JsonObject)StrictJsonReader.Parse(line, JsonReadOptions.Lenient).Value;
        if (answer.Count != 1 || answer["state"] is not JsonArray state) return "expected exactly {\"state\": [...]}";
        var keys = state.Select(entry => (Text(entry, "type"), Text(entry, "state_key"))).ToList();
        for (var i = 1; i < keys.Count; i++)
        {
            var byType = CodePointOrder.Instance.Compare(keys[i - 1].Item1, keys[i].Item1);
            if (byType > 0 || (byType == 0 && CodePointOrder.Instance.Compare(keys[i - 1].Item2, keys[i].Item2) >= 0)) return "the state is not sorted by type, then state key";
        }
        return expected.ExpectedResolved!.Mismatch(state.Select(entry => new StateEntry(Text(entry, "type"), Text(entry, "state_key"), Text(entry, "event_id"))).ToList());
    }

    private static void AssertError(CliRun run, string expectedCode, string expectedPath)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}");
        Assert.Equal(expectedCode, run.ErrorCode);
        var message = ((JsonString)((JsonObject)((JsonObject)run.Answer)["error"]!)["message"]!).Value;
        Assert.StartsWith(expectedPath + ": ", message, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    private static string Text(JsonValue entry, string key) => ((JsonString)((JsonObject)entry)[key]!).Value;
}
