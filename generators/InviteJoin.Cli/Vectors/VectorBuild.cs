using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Catalogue;
using InviteJoin.Conformance.Vectors;
using InviteJoin.Generators.Vectors;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.StateRes;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Vectors;

/// <summary>How many cases the generated parts of the vectors hold, and the seed they come from.</summary>
internal sealed record VectorSettings
{
    public long Seed { get; init; } = 1;

    /// <summary>Probes tried per room version to reach every rule token of its range.</summary>
    public int ProbesPerVersion { get; init; } = 8000;

    /// <summary>Probes tried per pair of adjacent room versions for pairs whose verdict changes, and how many pairs are kept.</summary>
    public int BoundaryProbes { get; init; } = 600;

    public int PairsPerBoundary { get; init; } = 2;

    /// <summary>Forked rooms per room version in the state-resolution suite.</summary>
    public int RoomsPerVersion { get; init; } = 10;

    /// <summary>Seeded multi-server scenarios per room version in the interleaving suite.</summary>
    public int ScenariosPerVersion { get; init; } = 4;

    /// <summary>Only these suites (for quicker runs); empty for all.</summary>
    public ImmutableArray<string> Suites { get; init; } = [];
}

/// <summary>The generated vectors: the files to write, anything that stopped a case from being written, and rule pairs no probe reached.</summary>
internal sealed record BuiltVectors(ImmutableArray<WrittenFile> Files, ImmutableArray<string> Problems, ImmutableArray<RuleInVersion> Unreached, string SpecVersion);

/// <summary>
/// Makes the conformance vectors: each source case (<c>InviteJoin.Generators.Vectors</c>) is answered by the reference
/// as its own adapter answers (<see cref="ReferenceOracle"/>), checked against what its source declares, given the
/// flags its answer implies and, where the <c>synapse</c> profile answers otherwise, that answer and the switches
/// that make it. A case whose declaration the reference contradicts is a problem and nothing is written, so the
/// vectors never hold an answer the tests would reject. <see cref="Make"/> is the one step; the tests run it too.
/// </summary>
internal static class VectorBuild
{
    /// <summary>The generator's version: raised whenever a change alters the vectors' content.</summary>
    public const string GeneratorVersion = "1.0.0";

    public static string Generator => "invitejoin-vectors " + GeneratorVersion;

    private static readonly Lazy<Catalogues> Known = new(Catalogues.Load);

    /// <summary>The spec version the rule catalogue cites.</summary>
    public static string SpecVersion => Known.Value.SpecVersion;

    /// <summary>Every source case, suite by suite.</summary>
    public static IEnumerable<VectorSource> Sources(IVectorOracle oracle, VectorSettings settings, List<RuleInVersion> unreached)
    {
        bool Wanted(string suite) => settings.Suites.IsDefaultOrEmpty || settings.Suites.Contains(suite);
        if (Wanted("canonical_json")) foreach (var c in CanonicalJsonVectors.Cases()) yield return c;
        if (Wanted("signing")) foreach (var c in SigningVectors.Cases()) yield return c;
        if (Wanted("event_id")) foreach (var c in EventIdVectors.Cases()) yield return c;
        if (Wanted("redaction")) foreach (var c in RedactionVectors.Cases()) yield return c;
        if (Wanted("auth"))
        {
            var coverage = AuthVectors.Rules(oracle, Known.Value.RulePairs, settings.Seed, settings.ProbesPerVersion);
            unreached.AddRange(coverage.Unreached);
            foreach (var c in coverage.Cases) yield return c;
            foreach (var c in AuthVectors.Published()) yield return c;
            foreach (var c in AuthVectors.Boundaries(oracle, settings.Seed, settings.BoundaryProbes, settings.PairsPerBoundary)) yield return c;
            foreach (var c in AuthVectors.Divergences()) yield return c;
        }
        if (Wanted("receipt")) foreach (var c in ReceiptVectors.Cases()) yield return c;
        if (Wanted("handshake")) foreach (var c in HandshakeVectors.Cases()) yield return c;
        if (Wanted("state_res"))
        {
            foreach (var c in StateResVectors.Published()) yield return c;
            foreach (var c in StateResVectors.Rooms(settings.Seed, settings.RoomsPerVersion)) yield return c;
            foreach (var c in StateResVectors.Divergences()) yield return c;
        }
        if (Wanted("interleaving"))
        {
            foreach (var c in InterleavingVectors.HandWritten()) yield return c;
            foreach (var c in InterleavingVectors.Generated(settings.Seed, settings.ScenariosPerVersion)) yield return c;
        }
    }

    /// <summary>Builds every vector file.</summary>
    public static BuiltVectors Build(VectorSettings settings, IVectorOracle? oracle = null)
    {
        oracle ??= ReferenceOracle.Default;
        var unreached = new List<RuleInVersion>();
        var problems = ImmutableArray.CreateBuilder<string>();
        var files = new SortedDictionary<(string Suite, string Group), List<WrittenCase>>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in Sources(oracle, settings, unreached))
        {
            var (json, problem) = Make(source, oracle, settings.Seed);
            if (problem is not null)
            {
                problems.Add(source.Id + ": " + problem);
                continue;
            }
            if (!ids.Add(source.Id))
            {
                problems.Add(source.Id + ": the ID is used twice");
                continue;
            }
            var key = (source.Suite, source.Group);
            if (!files.TryGetValue(key, out var cases)) files[key] = cases = [];
            cases.Add(new WrittenCase(source.Id, source.RoomVersion, CanonicalJson.EncodeToString(json!)));
        }
        // A pair no probe reached may still be decided by a published or boundary case.
        var decided = files.Where(f => f.Key.Suite == "auth").SelectMany(f => f.Value)
            .Select(c => (StrictJsonReader.Parse(c.Json, JsonReadOptions.Lenient).Value as JsonObject)?["rules"] is JsonArray { Count: > 0 } r ? ((JsonString)r[0]).Value + "@" + c.RoomVersion : "")
            .ToHashSet(StringComparer.Ordinal);
        unreached.RemoveAll(p => decided.Contains(p.Token + "@" + p.RoomVersion));
        var written = files.Select(f => new WrittenFile(f.Key.Suite, f.Key.Group, Describe(f.Key.Suite, f.Key.Group), [.. f.Value])).ToImmutableArray();
        return new BuiltVectors(written, problems.ToImmutable(), [.. unreached], SpecVersion);
    }

    /// <summary>
    /// One vector from one source case: the reference's answer, checked against the source's declaration; the
    /// expected answer (outcome and reason keys only); derived rules and flags; the <c>synapse</c> profile's answer
    /// where it differs, in its outcome or only in its rule. Returns the case's JSON, or why it cannot be written.
    /// </summary>
    public static (JsonObject? Case, string? Problem) Make(VectorSource source, IVectorOracle oracle, long seed)
    {
        var suite = Suites.Find(source.Suite) ?? throw new InvalidOperationException("unknown suite " + source.Suite);
        var answer = oracle.Answer(source.Suite, source.Request, BehaviourProfile.Spec);
        if (answer["error"] is JsonObject error) return (null, "the reference refuses the request: " + error);
        if (source.Declared?.Check(answer) is { } contradiction) return (null, $"declared {source.Declared.Says}, but the reference answers {Shorten(answer)}: {contradiction}");
        var expected = Project(answer, suite);

        var rules = source.Rules.IsDefaultOrEmpty ? DerivedRules(source.Suite, answer) : source.Rules;
        if (rules.IsEmpty) return (null, "the case names no rule token");
        foreach (var rule in rules)
        {
            if (!Known.Value.IsToken(rule)) return (null, $"\"{rule}\" is no token of the catalogues, the reference's error families or spec/vectors/README.md's algorithm tokens");
        }
        var flags = new SortedSet<string>(source.Flags, StringComparer.Ordinal);
        foreach (var flag in DerivedFlags(source, expected)) flags.Add(flag);

        JsonObject? profiles = null;
        if (source.Suite is "auth" or "state_res")
        {
            var theirs = oracle.Answer(source.Suite, source.Request, BehaviourProfile.Synapse);
            if (theirs["error"] is null && Answered(theirs, suite) != Answered(answer, suite))
            {
                var switches = Responsible(source, oracle, suite, theirs);
                if (switches.IsEmpty) return (null, "the synapse profile answers otherwise, but no single switch explains it");
                profiles = JsonValue.Object(("synapse", JsonValue.Object(
                    ("expected", Project(theirs, suite)),
                    ("divergences", JsonValue.Array(switches.Select(s => (JsonValue)JsonValue.String(s)))))));
                flags.Add("divergence");
            }
        }
        if (source.Divergence is { } divergence
            && (profiles?["synapse"] is not JsonObject synapse || !((JsonArray)synapse["divergences"]!).Contains(JsonValue.String(divergence))))
        {
            return (null, $"the case was written to show {divergence}, but the synapse profile's answer does not differ by it");
        }
        foreach (var flag in flags)
        {
            if (Flags.Find(flag) is null) return (null, $"\"{flag}\" is not in the flag vocabulary");
        }

        var provenance = JsonValue.Object(("generator", JsonValue.String(Generator)), ("spec", JsonValue.String(SpecVersion)), ("source", JsonValue.String(source.Source)));
        if (source.Seed is { } caseSeed) provenance = provenance.With("seed", JsonValue.Number(caseSeed));
        var json = JsonValue.Object(
            ("id", JsonValue.String(source.Id)),
            ("rules", JsonValue.Array(rules.Select(r => (JsonValue)JsonValue.String(r)))),
            ("flags", JsonValue.Array(Flags.All.Where(f => flags.Contains(f.Name)).Select(f => (JsonValue)JsonValue.String(f.Name)))),
            ("request", source.Request),
            ("expected", expected),
            ("provenance", provenance));
        if (source.RoomVersion is { } version) json = json.With("room_version", JsonValue.String(version));
        if (source.Comment is { } comment) json = json.With("comment", JsonValue.String(comment));
        if (profiles is not null) json = json.With("profiles", profiles);
        return (json, null);
    }

    /// <summary>The keys of an answer a vector keeps: the suite's outcome keys, <c>exception</c>, and the reason keys.</summary>
    internal static JsonObject Project(JsonObject answer, Suite suite) =>
        answer.Where(key => suite.Compared.Contains(key) || key == "exception" || Suites.IsReason(key));

    // The answer as a vector keeps it (outcome and reasons), as text to compare.
    private static string Answered(JsonObject answer, Suite suite) => CanonicalJson.EncodeToString(Project(answer, suite));

    // The switches that make the synapse profile's answer: the one an exception names; else each switch that alone
    // gives that answer; else each switch without which the profile answers otherwise.
    private static ImmutableArray<string> Responsible(VectorSource source, IVectorOracle oracle, Suite suite, JsonObject theirs)
    {
        if (theirs["divergence"] is JsonString named) return [named.Value];
        var target = Answered(theirs, suite);
        var alone = BehaviourProfile.Synapse.Switches
            .Where(d => Answered(oracle.Answer(source.Suite, source.Request, BehaviourProfile.Only(d)), suite) == target)
            .Select(d => WireToken.Of(d)).ToImmutableArray();
        if (!alone.IsEmpty) return alone;
        return [.. BehaviourProfile.Synapse.Switches
            .Where(d => Answered(oracle.Answer(source.Suite, source.Request, BehaviourProfile.Synapse.Without(d)), suite) != target)
            .Select(d => WireToken.Of(d))];
    }

    private static ImmutableArray<string> DerivedRules(string suite, JsonObject answer) => suite switch
    {
        "canonical_json" => answer["rule"] is JsonString rule ? [rule.Value] : ["canonical_json.encode"],
        _ => answer["rule"] is JsonString decided ? [decided.Value] : [],
    };

    private static IEnumerable<string> DerivedFlags(VectorSource source, JsonObject expected)
    {
        switch (source.Suite)
        {
            case "auth":
                if (expected["allowed"] is JsonBool allowed) yield return allowed.Value ? "wrongful_rejection" : "auth_bypass";
                if (source.Request["rejected"] is JsonArray { Count: > 0 }) yield return "rejected_events";
                break;
            case "state_res":
            case "interleaving":
                yield return "state_divergence";
                if (source.Request["rejected"] is JsonArray { Count: > 0 }) yield return "rejected_events";
                break;
        }
    }

    private static string Describe(string suite, string group) => (suite, group) switch
    {
        (_, "spec") => "The Matrix specification's own examples (v1.19, appendices), with the answers it prints.",
        ("auth", "rules") => "Every rule token of spec/rules in every room version of its range, each reached by the first seeded probe it decides.",
        ("auth", "boundaries") => "Pairs of one request in adjacent room versions where the verdict changes at the second.",
        (_, "divergences") => "The smallest inputs on which the synapse behaviour profile answers otherwise (spec/divergences.md), with both answers.",
        ("state_res", "rooms") => "Seeded forked rooms of every room version, alternately with events rejected on receipt.",
        (_, var g) when g.StartsWith("published-", StringComparison.Ordinal) => "The published tests of " + g["published-".Length..] + ", re-encoded as data (their sources are in each case's provenance).",
        (_, var g) when (suite is "event_id" or "redaction") && g.StartsWith('v') => "Sample events of room version " + g[1..] + ", one of each type the redaction algorithm treats apart.",
        _ => "Cases written for InviteJoin's vectors, one edge each.",
    };

    private static string Shorten(JsonObject answer)
    {
        var text = CanonicalJson.EncodeToString(answer);
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    /// <summary>The token vocabularies a case's rules are checked against.</summary>
    private sealed record Catalogues(string SpecVersion, ImmutableArray<RuleInVersion> RulePairs, ImmutableSortedSet<string> Tokens)
    {
        /// <summary>Tokens of the suites without a catalogue: the algorithms they exercise (spec/vectors/README.md).</summary>
        public static readonly ImmutableArray<string> AlgorithmTokens =
        [
            "canonical_json.encode", "signing.sign", "signing.verify",
            "interleaving.scenario", "event_id.content_hash", "event_id.reference_hash", "event_id.server_scoped", "event_id.base64_hash", "event_id.url_safe_base64_hash", "room_id.create_event_hash",
            .. RedactionNames().Select(n => "redaction_algorithm." + n),
        ];

        public bool IsToken(string token) => Tokens.Contains(token);

        public static Catalogues Load()
        {
            var rules = Read("spec/rules/catalogue.json");
            var stateRes = Read("spec/state-res/catalogue.json");
            var pairs = rules.Decisions.SelectMany(t => t.Versions.Versions.Select(v => new RuleInVersion(t.Token, v.ToString(CultureInfo.InvariantCulture)))).ToImmutableArray();
            var tokens = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var t in rules.Tokens) tokens.Add(t.Token);
            foreach (var t in stateRes.Tokens) tokens.Add(t.Token);
            foreach (var t in AlgorithmTokens) tokens.Add(t);
            // The wire tokens of the reference's closed failure and verdict sets a case may name (json.*, crypto.*, pdu.*,
            // id.*, receipt.*, the dance rules), listed here rather than found by reflection so the tool stays trimmable.
            foreach (var token in WireTokens<JsonError>().Concat(WireTokens<CryptoError>()).Concat(WireTokens<EventError>()).Concat(WireTokens<IdentifierError>())
                .Concat(WireTokens<RoomVersionError>()).Concat(WireTokens<ReceiptStage>()).Concat(WireTokens<ReceiptVerdict>()).Concat(WireTokens<DanceRule>())
                .Concat(WireTokens<StateResError>()).Concat(WireTokens<Rule>()))
            {
                tokens.Add(token);
            }
            return new Catalogues(rules.SpecVersion, pairs, tokens.ToImmutable());
        }

        private static IEnumerable<string> WireTokens<T>() where T : struct, Enum => WireToken.All<T>().Select(t => t.Token);

        private static IEnumerable<string> RedactionNames() =>
            RoomVersionRegistry.All.Select(v => v.Format.Redaction.Name).Distinct(StringComparer.Ordinal);

        private static TokenCatalogue Read(string path)
        {
            using var stream = typeof(VectorBuild).Assembly.GetManifestResourceStream(path)
                ?? throw new InvalidOperationException(path + " is not compiled into the command line");
            using var reader = new StreamReader(stream);
            var (catalogue, error) = TokenCatalogue.Read(reader.ReadToEnd());
            return catalogue ?? throw new InvalidOperationException(path + ": " + error!.Message);
        }
    }
}
