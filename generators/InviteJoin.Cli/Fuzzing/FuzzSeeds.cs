using System.Collections.Immutable;

namespace InviteJoin.Cli.Fuzzing;

/// <summary>
/// Well-formed requests of every data command, which the fuzzer mutates. They are small on purpose (a
/// mutation of a small request is fast to run and easy to read in a report) and cover the shapes that
/// differ between room versions: event IDs with a server (1–2), reference hashes (3+), rooms named
/// after their create event (12). Callers may add more (the published test cases, a corpus of their own).
/// </summary>
internal static class FuzzSeeds
{
    // The spec's signing seed (spec v1.19, appendices, "Cryptographic Test Vectors") and its public key.
    private const string Seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
    private const string PublicKey = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";

    private const string MinimalEvent =
        """{"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,"signatures":{},"hashes":{},"type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3,"unsigned":{"age_ts":1000000}}""";

    /// <summary>The built-in seeds, by command name.</summary>
    public static readonly ImmutableSortedDictionary<string, ImmutableArray<string>> All = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, ImmutableArray<string>>("canonical",
        [
            """{"auth":{"success":true,"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"medium":"email","address":"john.doe@example.org"}]}}}""",
            """{"a":"日本語","b":"\u0000\"\\","c":[1,-2,9007199254740991,1e10,-0,2.5,null,true,false],"\ud83d\ude00":{}}""",
            """[[],{},"",0]""",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("sign",
        [
            $$$"""{"object":{"one":1,"two":"Two"},"server_name":"domain","key_id":"ed25519:1","seed":"{{{Seed}}}"}""",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("verify",
        [
            "{\"object\":{\"signatures\":{\"domain\":{\"ed25519:1\":\"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ\"}}},\"server_name\":\"domain\",\"verify_keys\":{\"ed25519:1\":\"" + PublicKey + "\"}}",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("sign-event",
        [
            $$$"""{"room_version":"1","event":{{{MinimalEvent}}},"server_name":"domain","key_id":"ed25519:1","seed":"{{{Seed}}}"}""",
            $$$"""{"room_version":"11","event":{{{MinimalEvent}}},"server_name":"domain","key_id":"ed25519:1","seed":"{{{Seed}}}"}""",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("event-id",
        [
            """{"room_version":"12","event":{"type":"m.room.create","state_key":"","sender":"@a:domain","content":{"room_version":"12"},"depth":1,"origin_server_ts":1,"prev_events":[],"auth_events":[]}}""",
            """{"room_version":"4","event":{"type":"m.room.message","sender":"@a:domain","room_id":"!r:domain","content":{"body":"hi"},"depth":5,"origin_server_ts":1,"prev_events":["$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],"auth_events":[]}}""",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("redact",
        [
            $$$"""{"room_version":"1","event":{{{MinimalEvent}}}}""",
            """{"room_version":"11","event":{"type":"m.room.power_levels","state_key":"","content":{"users":{"@a:domain":100},"invite":50,"other":1},"sender":"@a:domain"}}""",
        ]),
        new KeyValuePair<string, ImmutableArray<string>>("auth", [Auth("10"), Auth("1"), Auth("12")]),
        new KeyValuePair<string, ImmutableArray<string>>("resolve", [Resolve("10"), Resolve("2"), Resolve("12")]),
    ]);

    // A public room of one creator, and Bob joining it.
    private static string Auth(string version)
    {
        var room = new Room(version);
        var join = room.Event("join_bob", "m.room.member", "@bob:domain", "@bob:domain", """{"membership":"join"}""", 4, ["join_rules"], ["create", "power", "join_rules"]);
        return $$$"""{"room_version":"{{{version}}}","event":{{{join}}},"auth_events":[{{{string.Join(",", room.Base())}}}],"rejected":[]}""";
    }

    // The same room forked: Bob joined on one side, the join rules became invite-only on the other.
    private static string Resolve(string version)
    {
        var room = new Room(version);
        var events = room.Base().ToList();
        events.Add(room.Event("join_bob", "m.room.member", "@bob:domain", "@bob:domain", """{"membership":"join"}""", 5, ["join_rules"], ["create", "power", "join_rules"]));
        events.Add(room.Event("invite_only", "m.room.join_rules", "", "@alice:domain", """{"join_rule":"invite"}""", 5, ["join_rules"], ["create", "power", "join_alice"]));
        var sets = $"[[{room.Ids("create", "join_alice", "power", "join_rules", "join_bob")}],[{room.Ids("create", "join_alice", "power", "invite_only")}]]";
        return $$$"""{"room_version":"{{{version}}}","state_sets":{{{sets}}},"events":[{{{string.Join(",", events)}}}],"rejected":[]}""";
    }

    /// <summary>Events of one room, named readably in the PDU format of its room version.</summary>
    private sealed class Room(string version)
    {
        private bool Pairs => version is "1" or "2";

        private bool V12 => version == "12";

        public string Id(string name) => Pairs ? "$" + name + ":domain" : "$" + name;

        public string Ids(params string[] names) => string.Join(",", names.Select(n => "\"" + Id(n) + "\""));

        public IEnumerable<string> Base() =>
        [
            Event("create", "m.room.create", "", "@alice:domain", V12 ? """{"room_version":"12"}""" : """{"creator":"@alice:domain"}""", 1, [], []),
            Event("join_alice", "m.room.member", "@alice:domain", "@alice:domain", """{"membership":"join"}""", 2, ["create"], ["create"]),
            Event("power", "m.room.power_levels", "", "@alice:domain", """{"users":{"@alice:domain":100},"users_default":0,"events_default":0,"state_default":50,"ban":50,"kick":50,"invite":0}""", 3, ["join_alice"], ["create", "join_alice"]),
            Event("join_rules", "m.room.join_rules", "", "@alice:domain", """{"join_rule":"public"}""", 4, ["power"], ["create", "join_alice", "power"]),
        ];

        public string Event(string name, string type, string stateKey, string sender, string content, int depth, string[] prev, string[] auth)
        {
            var room = V12 && type == "m.room.create" ? "" : $"\"room_id\":\"{(V12 ? "!create" : "!room:domain")}\",";
            var cited = V12 ? auth.Where(a => a != "create") : auth;
            return $$$"""{"event_id":"{{{Id(name)}}}",{{{room}}}"type":"{{{type}}}","state_key":"{{{stateKey}}}","sender":"{{{sender}}}","content":{{{content}}},"depth":{{{depth}}},"origin_server_ts":{{{depth}}},"prev_events":[{{{Refs(prev)}}}],"auth_events":[{{{Refs(cited)}}}]}""";
        }

        private string Refs(IEnumerable<string> names) => string.Join(",", names.Select(n => Pairs ? $"[\"{Id(n)}\",{{}}]" : $"\"{Id(n)}\""));
    }
}
