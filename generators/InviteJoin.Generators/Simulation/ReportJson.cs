using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// The exploration report as JSON (format <c>invitejoin.explore/2</c>: version 1 and the attack verdicts), and back: what a shard writes and
/// <c>explore --merge</c> reads. Written with every key in canonical order, so equal reports are equal bytes.
/// </summary>
public static class ReportJson
{
    public const string Format = "invitejoin.explore/2";

    public static JsonObject ToJson(ExploreReport report) => JsonValue.Object(
        ("format", JsonValue.String(Format)),
        ("run", Run(report.Run)),
        ("schedules_run", JsonValue.Number(report.SchedulesRun)),
        ("steps_run", JsonValue.Number(report.StepsRun)),
        ("real_signature_schedules", JsonValue.Number(report.RealSignatureSchedules)),
        ("next_schedule", JsonValue.Number(report.NextSchedule)),
        ("invariants", JsonValue.Array(report.Invariants.Select(t => (JsonValue)JsonValue.Object(
            ("id", JsonValue.String(t.Id)),
            ("name", JsonValue.String(t.Name)),
            ("schedules", JsonValue.Number(t.Schedules)),
            ("steps", JsonValue.Number(t.Steps)),
            ("violations", JsonValue.Number(t.Violations)))))),
        ("violations", JsonValue.Array(report.Violations.Select(v => (JsonValue)JsonValue.Object(
            ("invariant", JsonValue.String(v.Invariant)),
            ("count", JsonValue.Number(v.Count)),
            ("first_schedule", JsonValue.Number(v.FirstSchedule)),
            ("original_steps", JsonValue.Number(v.OriginalSteps)),
            ("counterexample", Counterexample(v.Counterexample)))))),
        ("attacks", JsonValue.Array(report.Attacks.Select(a => (JsonValue)JsonValue.Object(
            ("attack", JsonValue.String(a.Attack)),
            ("strategy", JsonValue.String(Adversaries.Name(a.Strategy))),
            ("schedules", JsonValue.Number(a.Schedules)),
            ("prevented", Case(a.Prevented)),
            ("detected_and_healed", Case(a.Healed)),
            ("left_open", Case(a.Open)),
            ("verdict", JsonValue.String(AttackVerdicts.Token(a.Verdict))))))));

    private static JsonObject Case(AttackCase c) => c.Count == 0
        ? JsonValue.Object(("count", JsonValue.Number(0)))
        : JsonValue.Object(("count", JsonValue.Number(c.Count)), ("first_schedule", JsonValue.Number(c.FirstSchedule)), ("why", JsonValue.String(c.Why)));

    private static AttackCase ReadCase(JsonValue? value, string path)
    {
        var o = Obj(value, path);
        var count = Num(o, "count", path);
        if (count < 0) throw new FormatException(path + ".count: negative");
        return count == 0 ? AttackCase.None : new AttackCase(count, Num(o, "first_schedule", path), Str(o, "why", path));
    }

    private static AttackTally ReadAttack(JsonValue value, string path)
    {
        var o = Obj(value, path);
        var tally = new AttackTally(Strategy(o["strategy"] ?? JsonValue.Null, path + ".strategy"), Num(o, "schedules", path),
            ReadCase(o["prevented"], path + ".prevented"), ReadCase(o["detected_and_healed"], path + ".detected_and_healed"), ReadCase(o["left_open"], path + ".left_open"));
        if (Str(o, "attack", path) != tally.Attack) throw new FormatException(path + ".attack: not the attack its strategy plays");
        if (Str(o, "verdict", path) != AttackVerdicts.Token(tally.Verdict)) throw new FormatException(path + ".verdict: not the verdict its counts give");
        return tally;
    }

    /// <summary>Reads a report back; a failure names what is wrong and where.</summary>
    public static ExploreReport FromJson(JsonValue json)
    {
        var o = Obj(json, "$");
        if (Str(o, "format", "$") != Format) throw new FormatException($"$.format: not an {Format} report");
        var run = ReadRun(Obj(o["run"], "$.run"));
        return new ExploreReport
        {
            Run = run,
            SchedulesRun = Num(o, "schedules_run", "$"),
            StepsRun = Num(o, "steps_run", "$"),
            RealSignatureSchedules = Num(o, "real_signature_schedules", "$"),
            NextSchedule = Num(o, "next_schedule", "$"),
            Invariants = [.. Arr(o["invariants"], "$.invariants").Select((t, i) =>
            {
                var path = $"$.invariants[{i}]";
                var e = Obj(t, path);
                return new InvariantTally(Str(e, "id", path), Str(e, "name", path), Num(e, "schedules", path), Num(e, "steps", path), Num(e, "violations", path));
            })],
            Violations = [.. Arr(o["violations"], "$.violations").Select((v, i) =>
            {
                var path = $"$.violations[{i}]";
                var e = Obj(v, path);
                return new ViolationGroup(Str(e, "invariant", path), Num(e, "count", path), Num(e, "first_schedule", path),
                    ReadCounterexample(Obj(e["counterexample"], path + ".counterexample"), path + ".counterexample"), (int)Num(e, "original_steps", path));
            })],
            Attacks = [.. Arr(o["attacks"], "$.attacks").Select((a, i) => ReadAttack(a, $"$.attacks[{i}]"))],
        };
    }

    /// <summary>The run as the report writes it: its seed, budget, shard and space.</summary>
    public static JsonObject RunJson(ExploreRun run) => Run(run);

    private static JsonObject Run(ExploreRun run) => JsonValue.Object(
        ("seed", JsonValue.String(run.Seed.ToString(CultureInfo.InvariantCulture))),
        ("schedules", run.Schedules is { } n ? JsonValue.Number(n) : JsonValue.Null),
        ("shard", JsonValue.Object(("index", JsonValue.Number(run.ShardIndex)), ("count", JsonValue.Number(run.ShardCount)))),
        ("shrink_runs", JsonValue.Number(run.ShrinkRuns)),
        ("space", Space(run.Space)));

    private static JsonObject Space(ExploreSpace space) => JsonValue.Object(
        ("room_versions", JsonValue.Array(space.Versions.Select(v => (JsonValue)JsonValue.String(v.Id)))),
        ("min_servers", JsonValue.Number(space.MinServers)),
        ("max_servers", JsonValue.Number(space.MaxServers)),
        ("max_byzantine", JsonValue.Number(space.MaxByzantine)),
        ("strategies", JsonValue.Array(space.Strategies.Select(s => (JsonValue)JsonValue.String(Adversaries.Name(s))))),
        ("fault", space.Fault is null ? JsonValue.Null : JsonValue.String(space.Fault)),
        ("strict_invites", JsonValue.Bool(space.StrictInvites)),
        ("fault_finding", JsonValue.Bool(space.FaultFinding)),
        ("signatures", space.Signatures is { } mode ? JsonValue.String(SignatureModes.Name(mode)) : JsonValue.Null),
        ("real_signature_share", JsonValue.Number(space.RealSignatureShare)),
        ("profiles", JsonValue.Array(space.Profiles.Select(p => (JsonValue)JsonValue.String(p)))),
        ("min_steps", JsonValue.Number(space.MinSteps)),
        ("max_steps", JsonValue.Number(space.MaxSteps)));

    private static JsonObject Counterexample(Counterexample c) => JsonValue.Object(
        ("config", Config(c.Schedule.Config)),
        ("steps", JsonValue.Array(c.Schedule.Steps.Select(s => (JsonValue)JsonValue.String(s.ToString())))),
        ("story", JsonValue.Array(c.Story.Select(line => (JsonValue)JsonValue.String(line)))),
        ("events", JsonValue.Number(c.Events)),
        ("violation", JsonValue.Object(("invariant", JsonValue.String(c.Violation.Invariant)), ("step", JsonValue.Number(c.Violation.Step)), ("why", JsonValue.String(c.Violation.Why)))));

    private static JsonObject Config(SimConfig config) => JsonValue.Object(
        ("servers", JsonValue.Number(config.Servers)),
        ("room_version", JsonValue.String(config.Version.Id)),
        ("join_rule", JsonValue.String(config.JoinRule)),
        ("byzantine", JsonValue.Object([.. config.Byzantine.Select(kv => (Cast.Server(kv.Key), (JsonValue)JsonValue.String(Adversaries.Name(kv.Value))))])),
        ("fault", config.Fault is null ? JsonValue.Null : JsonValue.String(config.Fault)),
        ("faulty", JsonValue.Array(config.Faulty.Select(s => (JsonValue)JsonValue.String(Cast.Server(s))))),
        ("strict_invites", JsonValue.Bool(config.StrictInvites)),
        ("signatures", JsonValue.String(SignatureModes.Name(config.Signatures))),
        ("shared_power", JsonValue.Bool(config.SharedPower)),
        ("eager_users", JsonValue.Bool(config.EagerUsers)),
        ("policy_server", JsonValue.Bool(config.PolicyServer)),
        ("profiles", JsonValue.Object([.. config.Profiles.Select(kv => (Cast.Server(kv.Key), (JsonValue)JsonValue.String(kv.Value)))])));

    private static ExploreRun ReadRun(JsonObject o)
    {
        const string path = "$.run";
        var seedText = Str(o, "seed", path);
        if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) throw new FormatException(path + ".seed: not a seed");
        var shard = Obj(o["shard"], path + ".shard");
        var space = Obj(o["space"], path + ".space");
        const string sp = path + ".space";
        return new ExploreRun
        {
            Seed = seed,
            Schedules = o["schedules"] is JsonNull or null ? null : Num(o, "schedules", path),
            ShardIndex = (int)Num(shard, "index", path + ".shard"),
            ShardCount = (int)Num(shard, "count", path + ".shard"),
            ShrinkRuns = (int)Num(o, "shrink_runs", path),
            Space = new ExploreSpace
            {
                Versions = [.. Arr(space["room_versions"], sp + ".room_versions").Select((v, i) => Version(v, $"{sp}.room_versions[{i}]"))],
                MinServers = (int)Num(space, "min_servers", sp),
                MaxServers = (int)Num(space, "max_servers", sp),
                MaxByzantine = (int)Num(space, "max_byzantine", sp),
                Strategies = [.. Arr(space["strategies"], sp + ".strategies").Select((v, i) => Strategy(v, $"{sp}.strategies[{i}]"))],
                Fault = space["fault"] is JsonString fault ? fault.Value : null,
                FaultFinding = space["fault_finding"] is JsonBool { Value: true },
                StrictInvites = space["strict_invites"] is JsonBool { Value: true },
                Signatures = space["signatures"] is JsonString mode ? (mode.Value == "real" ? SignatureMode.Real : SignatureMode.Symbolic) : null,
                RealSignatureShare = (int)Num(space, "real_signature_share", sp),
                Profiles = [.. Arr(space["profiles"], sp + ".profiles").Select((p, i) => p is JsonString s ? s.Value : throw new FormatException($"{sp}.profiles[{i}]: not a profile name"))],
                MinSteps = (int)Num(space, "min_steps", sp),
                MaxSteps = (int)Num(space, "max_steps", sp),
            },
        };
    }

    private static Counterexample ReadCounterexample(JsonObject o, string path)
    {
        var config = Obj(o["config"], path + ".config");
        var cp = path + ".config";
        var simConfig = new SimConfig
        {
            Servers = (int)Num(config, "servers", cp),
            Version = Version(config["room_version"], cp + ".room_version"),
            JoinRule = Str(config, "join_rule", cp),
            Byzantine = Obj(config["byzantine"], cp + ".byzantine").ToImmutableSortedDictionary(kv => ServerIndex(kv.Key, cp + ".byzantine"), kv => Strategy(kv.Value, cp + ".byzantine." + kv.Key)),
            Fault = config["fault"] is JsonString fault ? fault.Value : null,
            Faulty = [.. Arr(config["faulty"], cp + ".faulty").Select((s, i) => ServerIndex(s is JsonString t ? t.Value : "", $"{cp}.faulty[{i}]"))],
            StrictInvites = config["strict_invites"] is JsonBool { Value: true },
            Signatures = Str(config, "signatures", cp) == "real" ? SignatureMode.Real : SignatureMode.Symbolic,
            SharedPower = config["shared_power"] is JsonBool { Value: true },
            EagerUsers = config["eager_users"] is JsonBool { Value: true },
            PolicyServer = config["policy_server"] is JsonBool { Value: true },
            Profiles = Obj(config["profiles"], cp + ".profiles").ToImmutableSortedDictionary(kv => ServerIndex(kv.Key, cp + ".profiles"), kv => kv.Value is JsonString s ? s.Value : throw new FormatException($"{cp}.profiles.{kv.Key}: not a profile name")),
        };
        var steps = Arr(o["steps"], path + ".steps").Select((s, i) => Step(s, $"{path}.steps[{i}]")).ToImmutableArray();
        var violation = Obj(o["violation"], path + ".violation");
        return new Counterexample(new Schedule(simConfig, steps),
            new Violation(Str(violation, "invariant", path + ".violation"), (int)Num(violation, "step", path + ".violation"), Str(violation, "why", path + ".violation"), []),
            [.. Arr(o["story"], path + ".story").Select((s, i) => s is JsonString t ? t.Value : throw new FormatException($"{path}.story[{i}]: not a string"))],
            (int)Num(o, "events", path));
    }

    private static StepChoice Step(JsonValue value, string path)
    {
        var parts = value is JsonString s ? s.Value.Split('.') : [];
        if (parts.Length is not (4 or 5) || !parts.All(p => int.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException(path + ": not a step (kind.a.b.c, or kind.a.b.c.omit)");
        }
        var n = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new StepChoice(n[0], n[1], n[2], n[3], n.Length == 5 ? n[4] : 0);
    }

    private static int ServerIndex(string name, string path) => Cast.ServerIndex(name) is var i and >= 0 ? i : throw new FormatException(path + ": not a server of the simulation");

    private static Adversary Strategy(JsonValue value, string path) =>
        value is JsonString s && Adversaries.Parse(s.Value) is { } strategy ? strategy : throw new FormatException(path + ": not a strategy");

    private static RoomVersion Version(JsonValue? value, string path) =>
        value is JsonString s && RoomVersionRegistry.Lookup(s.Value) is { IsOk: true } v ? v.Value : throw new FormatException(path + ": not a room version");

    private static JsonObject Obj(JsonValue? value, string path) => value as JsonObject ?? throw new FormatException(path + ": not an object");

    private static JsonArray Arr(JsonValue? value, string path) => value as JsonArray ?? throw new FormatException(path + ": not an array");

    private static string Str(JsonObject o, string key, string path) => o[key] is JsonString s ? s.Value : throw new FormatException($"{path}.{key}: not a string");

    private static long Num(JsonObject o, string key, string path) =>
        o[key] is JsonNumber n && n.TryGetInt64(out var value) ? value : throw new FormatException($"{path}.{key}: not an integer");
}
