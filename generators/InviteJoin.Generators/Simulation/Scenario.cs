using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// A scenario written by hand, in the manner of etcd raft's interaction scripts: which server does what, which
/// message reaches which server when, and what each server then holds. One line a step or an expectation; the driver
/// (<see cref="ScenarioRunner"/>) runs it on a simulated federation with every invariant checked after every step.
/// The language is in spec/scenarios.md.
/// </summary>
public sealed record Scenario(string Name, SimConfig Config, ImmutableArray<ScenarioLine> Lines);

/// <summary>One line of a scenario: its text, its number in the file, and its words.</summary>
public sealed record ScenarioLine(int Number, string Text, ImmutableArray<string> Words);

/// <summary>A scenario that is not well written: the line and what is wrong with it.</summary>
public sealed class ScenarioException(string name, int line, string message) : Exception($"{name}:{line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>Reads scenarios: a header of <c>key value</c> lines, a line <c>--</c>, then the steps.</summary>
public static class ScenarioParser
{
    public static Scenario Parse(string name, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var servers = 0;
        RoomVersion? version = null;
        var joinRule = JoinRuleValues.Public;
        var byzantine = ImmutableSortedDictionary<int, Adversary>.Empty;
        var strict = false;
        var signatures = SignatureMode.Symbolic;
        var policyServer = false;
        var body = ImmutableArray.CreateBuilder<ScenarioLine>();
        var inBody = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var content = lines[i];
            var hash = content.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) content = content[..hash];
            content = content.Trim();
            if (content.Length == 0) continue;
            if (content == "--")
            {
                inBody = true;
                continue;
            }
            var words = content.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToImmutableArray();
            if (inBody)
            {
                body.Add(new ScenarioLine(number, content, words));
                continue;
            }
            switch (words[0])
            {
                case "servers":
                    if (words.Length != 2 || !int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out servers) || servers is < 2 or > Cast.MaxServers)
                    {
                        throw new ScenarioException(name, number, $"servers takes a number from 2 to {Cast.MaxServers}");
                    }
                    break;
                case "room_version":
                    if (words.Length != 2 || RoomVersionRegistry.Lookup(words[1]) is not { IsOk: true } found) throw new ScenarioException(name, number, "room_version takes a room version, 1 to 12");
                    version = found.Value;
                    break;
                case "join_rule":
                    if (words.Length != 2) throw new ScenarioException(name, number, "join_rule takes one join rule");
                    joinRule = words[1];
                    break;
                case "byzantine":
                    if (words.Length != 3 || Cast.ServerIndex(words[1]) is not (>= 1 and var index) || Adversaries.Parse(words[2]) is not { } strategy)
                    {
                        throw new ScenarioException(name, number, "byzantine takes a server other than a.test and a strategy");
                    }
                    byzantine = byzantine.SetItem(index, strategy);
                    break;
                case "strict_invites":
                    strict = true;
                    break;
                case "signatures":
                    signatures = words.Length == 2 && words[1] == "real" ? SignatureMode.Real : SignatureMode.Symbolic;
                    break;
                case "policy_server":
                    policyServer = true;
                    break;
                default:
                    throw new ScenarioException(name, number, $"unknown header line \"{words[0]}\" (servers, room_version, join_rule, byzantine, strict_invites, signatures, policy_server, then --)");
            }
        }
        if (servers == 0 || version is null) throw new ScenarioException(name, 1, "the header needs servers and room_version");
        if (!SimConfig.JoinRulesOf(version).Contains(joinRule)) throw new ScenarioException(name, 1, $"room version {version.Id} has no join rule {joinRule}");
        if (byzantine.Keys.Any(s => s >= servers)) throw new ScenarioException(name, 1, "a Byzantine server is not one of the servers");
        var config = new SimConfig { Servers = servers, Version = version, JoinRule = joinRule, Byzantine = byzantine, StrictInvites = strict, Signatures = signatures, PolicyServer = policyServer };
        return new Scenario(name, config, body.ToImmutable());
    }
}

/// <summary>What running a scenario did: every line's story, and the first violation or failed expectation.</summary>
public sealed record ScenarioResult(Scenario Scenario, ImmutableArray<string> Transcript, string? Failure, World World)
{
    public bool Passed => Failure is null;

    /// <summary>The events the steps named (<c>as NAME</c>), by name.</summary>
    public ImmutableSortedDictionary<string, EventId> Named { get; init; } = ImmutableSortedDictionary.Create<string, EventId>(StringComparer.Ordinal);

    /// <summary>The first invariant violation, if any.</summary>
    public string? Violation { get; init; }
}

/// <summary>
/// The one driver of hand-written scenarios. Steps: <c>USER VERB …</c> (says, sets-topic, invites USER, joins
/// [via SERVER], knocks [via SERVER], leaves [via SERVER], kicks/bans/unbans USER, sets-power USER LEVEL,
/// sets-join-rule RULE, denies SERVER; <c>as NAME</c> names the event the step makes), <c>deliver FROM TO</c>,
/// <c>drop FROM TO</c>, <c>split SERVER…</c>, <c>heal</c>, <c>submit USER</c> (the second request of USER's
/// handshake), <c>misbehave SERVER B C</c>, <c>settle</c> (quiescence). Expectations: <c>expect SERVER holds NAME
/// STATUS</c>, <c>expect SERVER sees USER MEMBERSHIP</c>, <c>expect outcome TOKEN</c> (of the last step),
/// <c>expect violation ID</c>, <c>expect no violation</c>.
/// </summary>
public static class ScenarioRunner
{
    public static ScenarioResult Run(Scenario scenario) => Run(scenario, expectations: true);

    /// <summary>
    /// Runs <paramref name="scenario"/>; without <paramref name="expectations"/> its expectation lines are skipped and a
    /// violation does not stop the run, so the world after the last step is what the steps alone make (the
    /// <c>interleaving</c> vectors).
    /// </summary>
    public static ScenarioResult Run(Scenario scenario, bool expectations)
    {
        var world = new World(scenario.Config);
        var checker = new Checker(world);
        var transcript = ImmutableArray.CreateBuilder<string>();
        var named = new Dictionary<string, EventId>(StringComparer.Ordinal); // look-ups only
        StepEffects? last = null;
        var room = world.MainRoom;

        string? Fail(ScenarioLine line, string why) => $"{scenario.Name}:{line.Number}: {line.Text}: {why}";

        foreach (var line in scenario.Lines)
        {
            var w = line.Words;
            transcript.Add("> " + line.Text);
            if (w[0] == "expect")
            {
                if (!expectations) continue;
                if (Expect(world, checker, w, named, last, room) is { } failed) return new ScenarioResult(scenario, transcript.ToImmutable(), Fail(line, failed), world);
                continue;
            }
            StepEffects effects;
            try
            {
                effects = Step(world, checker, w, scenario, line);
            }
            catch (ScenarioException e)
            {
                return new ScenarioResult(scenario, transcript.ToImmutable(), e.Message, world);
            }
            foreach (var told in effects.Story) transcript.Add("  " + told);
            if (Name(w) is { } name && effects.Taken.LastOrDefault(t => t.Arrival == Arrival.Local) is { } made) named[name] = made.Held.EventId;
            else if (Name(w) is { } moveName && effects.Moves.LastOrDefault() is { } move) named[moveName] = EventId.Parse(move.EventId, EventIdFormat.TestName).Value;
            else if (Name(w) is { } pendingName && world.Pending.LastOrDefault() is { } pending) named[pendingName] = pending.Signed.EventId;
            if (checker.Violation is { } violation && expectations && !scenario.Lines.Any(l => l.Words.Length >= 3 && l.Words[0] == "expect" && l.Words[1] == "violation"))
            {
                return new ScenarioResult(scenario, transcript.ToImmutable(), Fail(line, "unexpected violation: " + violation), world);
            }
            last = effects;
        }
        return new ScenarioResult(scenario, transcript.ToImmutable(), null, world)
        {
            Named = named.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Violation = checker.Violation?.Invariant,
        };
    }

    private static string? Name(ImmutableArray<string> words)
    {
        var at = words.IndexOf("as");
        return at >= 0 && at + 1 < words.Length ? words[at + 1] : null;
    }

    private static StepEffects Step(World world, Checker checker, ImmutableArray<string> w, Scenario scenario, ScenarioLine line)
    {
        int Server(int at) => at < w.Length && Cast.ServerIndex(w[at]) is >= 0 and var s && s < world.Config.Servers
            ? s
            : throw new ScenarioException(scenario.Name, line.Number, $"\"{(at < w.Length ? w[at] : "")}\" is not a server of the scenario");
        StepEffects Checked(StepEffects effects)
        {
            checker.After(effects, world.StepCount);
            return effects;
        }
        switch (w[0])
        {
            case "deliver": return Checked(world.DeliverFrom(Server(1), Server(2)));
            case "drop": return Checked(world.DropFrom(Server(1), Server(2)));
            case "split": return Checked(world.Split(w.Skip(1).Select((_, i) => Server(i + 1))));
            case "heal": return Checked(world.Heal());
            case "submit": return Checked(world.Submit(User(world, w, 1, scenario, line)));
            case "misbehave":
                return Checked(world.Misbehave(Server(1), Number(w, 2, scenario, line), Number(w, 3, scenario, line)));
            case "settle":
                checker.Quiesce();
                var settled = new StepEffects();
                settled.Tell("every message arrives");
                return settled;
            default:
                var user = User(world, w, 0, scenario, line);
                return Checked(world.Perform(user, world.MainRoom, Action(world, w, scenario, line)));
        }
    }

    private static UserAction Action(World world, ImmutableArray<string> w, Scenario scenario, ScenarioLine line)
    {
        int? Via() => w.IndexOf("via") is var at and >= 0 && at + 1 < w.Length && Cast.ServerIndex(w[at + 1]) is >= 0 and var s ? s : null;
        if (w.Length < 2) throw new ScenarioException(scenario.Name, line.Number, "a step names a user and what the user does");
        return w[1] switch
        {
            "says" => new UserAction(UserActionKind.Message),
            "sets-topic" => new UserAction(UserActionKind.Topic),
            "invites" => new UserAction(UserActionKind.Invite, Target: User(world, w, 2, scenario, line)),
            "joins" => new UserAction(UserActionKind.Join, Via: Via()),
            "knocks" => new UserAction(UserActionKind.Knock, Via: Via()),
            "leaves" => new UserAction(UserActionKind.Leave, Via: Via()),
            "kicks" => new UserAction(UserActionKind.Kick, Target: User(world, w, 2, scenario, line)),
            "bans" => new UserAction(UserActionKind.Ban, Target: User(world, w, 2, scenario, line)),
            "unbans" => new UserAction(UserActionKind.Unban, Target: User(world, w, 2, scenario, line)),
            "sets-power" => new UserAction(UserActionKind.PowerLevels, Target: User(world, w, 2, scenario, line), Level: Number(w, 3, scenario, line)),
            "sets-join-rule" => new UserAction(UserActionKind.JoinRules, JoinRule: w.Length > 2 ? w[2] : throw new ScenarioException(scenario.Name, line.Number, "sets-join-rule takes a rule")),
            "denies" => new UserAction(UserActionKind.ServerAcl, Server: w.Length > 2 && Cast.ServerIndex(w[2]) is >= 0 and var s ? s : throw new ScenarioException(scenario.Name, line.Number, "denies takes a server")),
            _ => throw new ScenarioException(scenario.Name, line.Number, $"unknown verb \"{w[1]}\""),
        };
    }

    // A user named by the local part (alice) or in full (@alice:a.test).
    private static string User(World world, ImmutableArray<string> w, int at, Scenario scenario, ScenarioLine line)
    {
        if (at < w.Length)
        {
            for (var s = 0; s < world.Config.Servers; s++)
            {
                for (var u = 0; u < Cast.UsersPerServer; u++)
                {
                    var user = Cast.User(s, u);
                    if (user == w[at] || user[1..user.IndexOf(':', StringComparison.Ordinal)] == w[at]) return user;
                }
            }
        }
        throw new ScenarioException(scenario.Name, line.Number, $"\"{(at < w.Length ? w[at] : "")}\" is not a user of the scenario's servers");
    }

    private static int Number(ImmutableArray<string> w, int at, Scenario scenario, ScenarioLine line) =>
        at < w.Length && int.TryParse(w[at], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ScenarioException(scenario.Name, line.Number, $"\"{(at < w.Length ? w[at] : "")}\" is not a number");

    private static string? Expect(World world, Checker checker, ImmutableArray<string> w, Dictionary<string, EventId> named, StepEffects? last, string room)
    {
        switch (w.Length >= 2 ? w[1] : "")
        {
            case "violation":
                return checker.Violation?.Invariant == (w.Length > 2 ? w[2] : "") ? null : "expected a violation of " + (w.Length > 2 ? w[2] : "?") + ", got " + (checker.Violation?.ToString() ?? "none");
            case "no" when w.Length == 3 && w[2] == "violation":
                return checker.Violation is null ? null : "expected no violation, got " + checker.Violation;
            case "outcome":
                var token = w.Length > 2 ? w[2] : "";
                return last is not null && (last.Attempts.Any(a => a.Outcome.Token() == token) || last.Story.Any(s => s.Contains(token, StringComparison.Ordinal)))
                    ? null
                    : $"the last step did not end in {token}: {string.Join(" / ", last?.Story ?? [])}";
        }
        if (w.Length < 5 || Cast.ServerIndex(w[1]) is not (>= 0 and var server) || server >= world.Config.Servers) return "expect takes a server, then holds, sees or current";
        var held = world.Servers[server].Room(room);
        switch (w[2])
        {
            case "holds":
                if (!named.TryGetValue(w[3], out var id)) return $"no step made an event named {w[3]}";
                var status = held?.StatusOf(id);
                var expected = w[4] == "nothing" ? null : w[4];
                var actual = status is { } s ? Reference.Errors.WireToken.Of(s) : null;
                return actual == expected ? null : $"{w[1]} holds {w[3]} as {actual ?? "nothing"}, not {w[4]}";
            case "sees":
                var user = w[3].StartsWith('@') ? w[3] : world.Servers.SelectMany(x => x.Users).FirstOrDefault(u => u[1..u.IndexOf(':', StringComparison.Ordinal)] == w[3]) ?? w[3];
                var membership = held?.MembershipOf(user) ?? "none";
                return membership == w[4] ? null : $"{w[1]} sees {w[3]} as {membership}, not {w[4]}";
            case "current":
                if (!named.TryGetValue(w[3], out var stateId)) return $"no step made an event named {w[3]}";
                var inState = held is not null && held.State.Events.Values.Any(e => e.EventId.Equals(stateId));
                return inState == (w[4] == "yes") ? null : $"{w[3]} is {(inState ? "" : "not ")}in {w[1]}'s current state";
            default:
                return $"unknown expectation \"{w[2]}\"";
        }
    }
}
