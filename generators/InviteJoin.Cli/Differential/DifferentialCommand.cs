using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Differential;

/// <summary>
/// <c>invitejoin differential --adapter COMMAND [--profiles spec,synapse] [--seed N] [--probes N] [--rooms N]
/// [--published DIR] [--requests DIR] [--rules DIR] [--out DIR] [--expect PROFILE]</c>: sends generated and published
/// <c>auth</c> and <c>resolve</c> requests to another implementation through its adapter, answers each under
/// every profile named, and reports how often each profile agrees, with the first disagreements written as
/// replayable request files. Outcomes are compared, never texts: allowed or rejected, the kind of exception
/// raised, or the resolved state. A request the reference refuses as malformed is counted apart.
/// </summary>
internal static partial class DifferentialCommand
{
    private const int ShownDisagreements = 12;

    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var adapter = new Option<string>("--adapter") { Description = "The adapter's command line; the suite's name is appended (see spec/vectors/adapter-protocol.md).", Required = true, HelpName = "command" };
        var profiles = new Option<string>("--profiles") { Description = "The profiles to answer under, comma-separated (default: every profile).", HelpName = "names" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated cases (default 1).", DefaultValueFactory = _ => 1 };
        var probes = new Option<int>("--probes") { Description = "Generated authorisation probes per room version (default 300).", DefaultValueFactory = _ => 300 };
        var rooms = new Option<int>("--rooms") { Description = "Generated forked rooms per room version (default 40).", DefaultValueFactory = _ => 40 };
        var published = new Option<string>("--published") { Description = "A folder with auth/ and stateres/ case files to send as well.", HelpName = "dir" };
        var requests = new Option<string>("--requests") { Description = "A folder of request files (auth, or resolve when they have state_sets) to send as well.", HelpName = "dir" };
        var rules = new Option<string>("--rules") { Description = "The rule catalogue (spec/rules) to report the probes' coverage against.", HelpName = "dir" };
        var output = new Option<string>("--out") { Description = "Write each disagreeing request here as <suite>-<case>.json.", HelpName = "dir" };
        var expect = new Option<string>("--expect") { Description = "Exit 1 unless this profile agrees on every well-formed case.", HelpName = "profile" };
        var command = new Command("differential", "Compare another implementation's auth and resolve answers, through its adapter, with the reference's under each profile.")
        {
            adapter, profiles, seed, probes, rooms, published, requests, rules, output, expect,
        };
        command.SetAction(parse =>
        {
            var names = (parse.GetValue(profiles) ?? string.Join(",", BehaviourProfiles.All.Select(p => p.Name))).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var chosen = new List<BehaviourProfile>();
            foreach (var name in names)
            {
                var profile = BehaviourProfiles.Lookup(name, "--profiles");
                if (!profile.IsOk)
                {
                    stderr.WriteLine("invitejoin differential: " + profile.Failure!.Message);
                    return ExitCodes.Usage;
                }
                chosen.Add(profile.Value);
            }
            var run = new Run(parse.GetValue(adapter)!, chosen, parse.GetValue(output), stdout, stderr);
            var cases = new List<DifferentialCase>();
            cases.AddRange(DifferentialCases.Probes(parse.GetValue(seed), parse.GetValue(probes)));
            cases.AddRange(DifferentialCases.Rooms(parse.GetValue(seed), parse.GetValue(rooms)));
            if (parse.GetValue(published) is { } folder) cases.AddRange(DifferentialCases.Published(folder));
            if (parse.GetValue(requests) is { } files) cases.AddRange(DifferentialCases.Requests(files));
            var status = run.Execute(cases, parse.GetValue(rules));
            if (status != ExitCodes.Ok) return status;
            if (parse.GetValue(expect) is { } expected && run.Disagreements(expected) > 0) return 1;
            return ExitCodes.Ok;
        });
        return command;
    }

    [GeneratedRegex(@"^\s*\|\s*`(?<token>[^`\s|]+)`\s*\|\s*(?:allow|reject)\s*\|\s*(?<first>\d+)(?:–(?<last>\d+))?\s*\|")]
    private static partial Regex TokenRow();

    private sealed class Run(string adapter, List<BehaviourProfile> profiles, string? output, TextWriter stdout, TextWriter stderr)
    {
        // (suite, source, profile) → counts; (suite, source) → cases, well-formed; profile → disagreements.
        private readonly SortedDictionary<string, int[]> _counts = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _disagreements = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _covered = new(StringComparer.Ordinal);
        private int _withRejected;
        private int _rejectedInStateSets;
        private readonly SortedDictionary<string, List<string>> _shown = new(StringComparer.Ordinal);

        public int Disagreements(string profile) => _disagreements.GetValueOrDefault(profile);

        public int Execute(List<DifferentialCase> cases, string? rules)
        {
            foreach (var suite in new[] { "auth", "resolve" })
            {
                var mine = cases.Where(c => c.Suite == suite).ToList();
                if (mine.Count == 0) continue;
                using var process = new AdapterProcess(adapter, suite, TimeSpan.FromSeconds(120));
                if (process.Start() is { } problem)
                {
                    stderr.WriteLine("invitejoin differential: " + problem);
                    return ExitCodes.Usage;
                }
                if (suite == "auth") stdout.WriteLine("adapter: " + CanonicalJson.EncodeToString(process.Handshake!));
                var reference = DataCommands.All.First(c => c.Name == suite);
                foreach (var c in mine) Compare(c, process, reference);
                if (process.Restarts > 0) stdout.WriteLine($"  ({suite}: the adapter was started again {process.Restarts} times)");
            }
            Report(rules);
            return ExitCodes.Ok;
        }

        private void Compare(DifferentialCase c, AdapterProcess process, DataCommand reference)
        {
            var text = CanonicalJson.EncodeToString(c.Request);
            var answers = profiles.Select(p => reference.ForProfile(p)!.Answer(c.Request)).ToList();
            var row = Row(c.Suite + " " + c.Source);
            row[0]++;
            if (!answers[0].IsOk) return; // not a well-formed request for the reference: counted apart
            row[1]++;
            if (c.Suite == "auth" && profiles[0] == BehaviourProfile.Spec && answers[0].Value is JsonObject first && first["rule"] is JsonString rule)
            {
                _covered.Add(rule.Value + "@" + ((JsonString)c.Request["room_version"]!).Value);
            }
            if (c.Suite == "resolve" && c.Request["rejected"] is JsonArray { Count: > 0 } rejected)
            {
                _withRejected++;
                var ids = rejected.OfType<JsonString>().Select(r => r.Value).ToHashSet(StringComparer.Ordinal);
                if (c.Request["state_sets"] is JsonArray sets && sets.OfType<JsonArray>().Any(set => set.OfType<JsonString>().Any(id => ids.Contains(id.Value))))
                {
                    _rejectedInStateSets++;
                }
            }
            var theirs = Outcome(process.Ask(text));
            for (var i = 0; i < profiles.Count; i++)
            {
                var ours = answers[i].IsOk ? Outcome(answers[i].Value) : "error:" + answers[i].Failure!.Token;
                if (ours == theirs)
                {
                    row[2 + i]++;
                    continue;
                }
                _disagreements[profiles[i].Name] = _disagreements.GetValueOrDefault(profiles[i].Name) + 1;
                if (!_shown.TryGetValue(profiles[i].Name, out var shown)) _shown[profiles[i].Name] = shown = [];
                if (shown.Count < ShownDisagreements) shown.Add($"  {c.Suite} {c.Id}: reference {Short(ours)}, adapter {Short(theirs)}");
                if (output is not null) Write(c, profiles[i].Name, text);
            }
        }

        private int[] Row(string key)
        {
            if (!_counts.TryGetValue(key, out var row)) _counts[key] = row = new int[2 + profiles.Count];
            return row;
        }

        private void Write(DifferentialCase c, string profile, string text)
        {
            var folder = Path.Combine(output!, profile);
            Directory.CreateDirectory(folder);
            var name = c.Suite + "-" + Regex.Replace(c.Id, "[^A-Za-z0-9._-]", "_") + ".json";
            File.WriteAllText(Path.Combine(folder, name), text + "\n", new UTF8Encoding(false));
        }

        private void Report(string? rules)
        {
            var header = new StringBuilder("  suite    source       cases  well-formed");
            foreach (var p in profiles) header.Append("  agree(").Append(p.Name).Append(')');
            stdout.WriteLine(header.ToString());
            foreach (var (key, row) in _counts)
            {
                var line = new StringBuilder("  ").Append(key.PadRight(21)).Append(Number(row[0]).PadLeft(7)).Append(Number(row[1]).PadLeft(13));
                for (var i = 0; i < profiles.Count; i++) line.Append(Number(row[2 + i]).PadLeft(10 + profiles[i].Name.Length));
                stdout.WriteLine(line.ToString());
            }
            stdout.WriteLine($"resolve cases with events rejected on receipt: {Number(_withRejected)}, of which with one in a state set: {Number(_rejectedInStateSets)}");
            foreach (var p in profiles)
            {
                stdout.WriteLine($"disagreements under {p.Name}: {Number(Disagreements(p.Name))}");
                foreach (var shown in _shown.GetValueOrDefault(p.Name) ?? []) stdout.WriteLine(shown);
            }
            if (rules is not null) Coverage(rules);
            stdout.Flush();
        }

        // Which (rule token, room version) pairs of the catalogue the spec profile's answers decided with.
        private void Coverage(string rules)
        {
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.Exists(rules) ? Directory.GetFiles(rules, "*.md").Order(StringComparer.Ordinal).ToArray() : [])
            {
                foreach (var line in File.ReadLines(file))
                {
                    var match = TokenRow().Match(line);
                    if (!match.Success) continue;
                    var first = int.Parse(match.Groups["first"].Value, CultureInfo.InvariantCulture);
                    var last = match.Groups["last"].Success ? int.Parse(match.Groups["last"].Value, CultureInfo.InvariantCulture) : first;
                    for (var v = first; v <= last; v++) expected.Add(match.Groups["token"].Value + "@" + v.ToString(CultureInfo.InvariantCulture));
                }
            }
            var missing = expected.Where(pair => !_covered.Contains(pair)).ToList();
            stdout.WriteLine($"rule coverage of the auth cases: {Number(expected.Count - missing.Count)} of {Number(expected.Count)} (token, room version) pairs of {rules}");
            if (missing.Count > 0) stdout.WriteLine("  not reached: " + string.Join(", ", missing));
        }

        private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static string Short(string outcome) => outcome.Length > 160 ? outcome[..160] + "…" : outcome;
    }

    /// <summary>
    /// An answer as the comparison sees it: <c>allow</c> or <c>reject</c>, <c>raise:KIND</c>, <c>state:JSON</c>,
    /// or <c>error:CODE</c>. Rule tokens, reasons and messages are not compared.
    /// </summary>
    internal static string Outcome(JsonValue answer)
    {
        if (answer is not JsonObject o) return "error:not_an_object";
        if (o["exception"] is JsonString kind) return "raise:" + kind.Value;
        if (o["allowed"] is JsonBool allowed) return allowed.Value ? "allow" : "reject";
        if (o["state"] is JsonArray state) return "state:" + CanonicalJson.EncodeToString(state);
        if (o["error"] is JsonObject error) return "error:" + ((error["code"] as JsonString)?.Value ?? "?");
        return "error:unknown_answer";
    }
}
