using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>interleaving</c> suite: multi-server scenarios in the scenario language (spec/scenarios.md) and what each
/// honest server holds after them — the hand-written scenarios (the attacks of spec/dance.md among them), each declaring
/// the final expectations its author wrote, and seeded scenarios of joins, messages, bans, partitions, losses and
/// deliveries in every room version, each ending once every message has arrived.
/// </summary>
public static class InterleavingVectors
{
    private const string Suite = "interleaving";

    /// <summary>The hand-written scenarios, as requests, with their final expectations declared.</summary>
    public static IEnumerable<VectorSource> HandWritten()
    {
        foreach (var (file, text) in EmbeddedData.Files("scenarios"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var (request, finals, comment) = Read(text);
            var flags = (name.Length > 2 && name[0] is 'a' or 't' or 'b' && char.IsDigit(name[1])) || name.StartsWith("p-", StringComparison.Ordinal) ? ImmutableArray.Create("attack") : ["liveness"];
            yield return new VectorSource(Suite, "scenarios", $"{Suite}/scenarios/{name}", ((JsonString)request["room_version"]!).Value, ["interleaving.scenario"], flags,
                comment, request, Final(finals), "hand-written: generators/InviteJoin.Generators.Tests/Scenarios/" + file, null);
        }
    }

    /// <summary><paramref name="perVersion"/> seeded scenarios in every room version (those whose steps cannot all be taken are passed over).</summary>
    public static IEnumerable<VectorSource> Generated(long seed, int perVersion)
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            var stream = 500 + int.Parse(version.Id, CultureInfo.InvariantCulture);
            var made = 0;
            for (var i = 0; made < perVersion && i < perVersion * 20; i++)
            {
                var choices = Choices.For(seed, stream, i, 64);
                var (servers, steps) = Steps(choices);
                var request = JsonValue.Object(
                    ("servers", JsonValue.Number(servers)),
                    ("room_version", JsonValue.String(version.Id)),
                    ("join_rule", JsonValue.String("public")),
                    ("steps", JsonValue.Array(steps.Select(s => (JsonValue)JsonValue.String(s)))));
                if (!Runs(request)) continue;
                made++;
                yield return new VectorSource(Suite, "generated", $"{Suite}/generated/v{version.Id}/{i}", version.Id, ["interleaving.scenario"], [],
                    $"{servers} servers, {steps.Length} steps", request, null, $"generated: scenario {i} of room version {version.Id} (stream {stream})", seed);
            }
        }
    }

    // Joins first (so there are members to act), then messages, topics, power changes, bans and kicks between
    // partitions, losses and deliveries, then quiescence.
    private static (int Servers, ImmutableArray<string> Steps) Steps(int[] choices)
    {
        var next = 0;
        int Choose(int n) => choices[next++ % choices.Length] % n;
        var servers = 2 + Choose(2);
        // The first user of each server, by local part: the creator on a.test, one joiner on each other server.
        var names = Enumerable.Range(0, servers).Select(s => Cast.User(s, 0)[1..Cast.User(s, 0).IndexOf(':', StringComparison.Ordinal)]).ToArray();
        var creator = names[0];
        var users = new List<string> { creator };
        var steps = ImmutableArray.CreateBuilder<string>();
        for (var s = 1; s < servers; s++)
        {
            steps.Add(names[s] + " joins via a.test");
            steps.Add("submit " + names[s]);
            users.Add(names[s]);
        }
        var count = 4 + Choose(10);
        var serverNames = new[] { "a.test", "b.test", "c.test" };
        for (var i = 0; i < count; i++)
        {
            var user = users[Choose(users.Count)];
            var other = users[Choose(users.Count)];
            var from = serverNames[Choose(servers)];
            var to = serverNames[Choose(servers)];
            var named = " as E" + (i + 1).ToString(CultureInfo.InvariantCulture);
            steps.Add(Choose(12) switch
            {
                0 or 1 or 2 => user + " says" + named,
                3 => user + " sets-topic" + named,
                4 when other != creator => creator + " bans " + other + named,
                5 when other != creator => creator + " kicks " + other + named,
                6 when other != creator => creator + " sets-power " + other + " 50" + named,
                7 when from != "a.test" => "split " + from,
                8 => "heal",
                9 when from != to => "drop " + from + " " + to,
                _ when from != to => "deliver " + from + " " + to,
                _ => user + " says" + named,
            });
        }
        steps.Add("settle");
        return (servers, steps.ToImmutable());
    }

    // True when every step of the request can be taken (the source never writes a case the reference would refuse).
    private static bool Runs(JsonObject request)
    {
        var text = "servers " + request["servers"] + "\nroom_version " + ((JsonString)request["room_version"]!).Value + "\njoin_rule public\n--\n"
            + string.Join("\n", ((JsonArray)request["steps"]!).Select(s => ((JsonString)s).Value)) + "\n";
        try
        {
            return ScenarioRunner.Run(ScenarioParser.Parse("generated", text), expectations: false).Passed;
        }
        catch (ScenarioException)
        {
            return false;
        }
    }

    // A scenario file as a request, its trailing expectations, and its opening comment.
    private static (JsonObject Request, ImmutableArray<string[]> Finals, string Comment) Read(string text)
    {
        var request = JsonObject.Empty;
        var steps = new List<string>();
        var expectations = new List<string[]>();
        var comment = new List<string>();
        var body = false;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0 && !body && steps.Count == 0 && request.Count == 0) comment.Add(raw[(hash + 1)..].Trim());
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            if (line == "--")
            {
                body = true;
                continue;
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!body)
            {
                request = words[0] switch
                {
                    "servers" => request.With("servers", JsonValue.Number(long.Parse(words[1], CultureInfo.InvariantCulture))),
                    "room_version" => request.With("room_version", JsonValue.String(words[1])),
                    "join_rule" => request.With("join_rule", JsonValue.String(words[1])),
                    "byzantine" => request.With("byzantine", (request["byzantine"] as JsonObject ?? JsonObject.Empty).With(words[1], JsonValue.String(words[2]))),
                    "strict_invites" => request.With("strict_invites", JsonValue.Bool(true)),
                    "signatures" => request.With("signatures", JsonValue.String(words[1])),
                    "policy_server" => request.With("policy_server", JsonValue.Bool(true)),
                    _ => throw new InvalidOperationException("unknown scenario header line " + line),
                };
                continue;
            }
            if (words[0] == "expect")
            {
                expectations.Add(words);
                continue;
            }
            steps.Add(line);
            expectations.Clear(); // only what is expected after the last step is about the final state
        }
        return (request.With("steps", JsonValue.Array(steps.Select(s => (JsonValue)JsonValue.String(s)))), [.. expectations], string.Join(" ", comment));
    }

    // The final expectations of a scenario checked against the answer: held statuses, memberships, the violation.
    private static Declared? Final(ImmutableArray<string[]> finals) =>
        finals.IsEmpty ? null : new Declared(string.Join("; ", finals.Select(f => string.Join(" ", f))), answer =>
        {
            foreach (var f in finals)
            {
                switch (f[1])
                {
                    case "violation":
                        if ((answer["violation"] as JsonString)?.Value != f[2]) return "expected violation " + f[2] + ", got " + (answer["violation"]?.ToString() ?? "none");
                        continue;
                    case "no":
                        if (answer["violation"] is not null) return "expected no violation, got " + answer["violation"];
                        continue;
                }
                var server = ((answer["servers"] as JsonObject)?[f[1]] as JsonObject) ?? JsonObject.Empty;
                switch (f[2])
                {
                    case "holds":
                        var status = ((server["events"] as JsonObject)?[f[3]] as JsonString)?.Value;
                        if (status != f[4]) return $"{f[1]} holds {f[3]} as {status ?? "(unnamed)"}, not {f[4]}";
                        break;
                    case "sees":
                        var user = FullUser(f[3]);
                        var membership = ((server["members"] as JsonObject)?[user] as JsonString)?.Value ?? "none";
                        if (membership != f[4]) return $"{f[1]} sees {user} as {membership}, not {f[4]}";
                        break;
                }
            }
            return null;
        });

    private static string FullUser(string name)
    {
        if (name.StartsWith('@')) return name;
        for (var s = 0; s < Cast.MaxServers; s++)
        {
            for (var u = 0; u < Cast.UsersPerServer; u++)
            {
                var user = Cast.User(s, u);
                if (user[1..user.IndexOf(':', StringComparison.Ordinal)] == name) return user;
            }
        }
        return name;
    }
}
