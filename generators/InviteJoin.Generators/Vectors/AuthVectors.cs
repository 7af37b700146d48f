using System.Collections.Immutable;
using System.Globalization;
using InviteJoin.Generators.Auth;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>A rule token in a room version of its range, as the rule catalogue lists them.</summary>
public sealed record RuleInVersion(string Token, string RoomVersion);

/// <summary>The <c>auth</c> cases that cover the catalogue's rules, and the pairs no probe reached.</summary>
public sealed record RuleCoverage(ImmutableArray<VectorSource> Cases, ImmutableArray<RuleInVersion> Unreached);

/// <summary>
/// The <c>auth</c> suite (the room versions' "Authorization rules"; check 4 on receipt of a PDU): every rule token in
/// every room version of its range, reached by seeded probes; the published cases of Synapse, gomatrixserverlib and
/// ruma with their authors' verdicts; pairs of one request in adjacent room versions where the verdict changes; and
/// the smallest inputs on which the <c>synapse</c> profile answers otherwise.
/// </summary>
public static class AuthVectors
{
    private const string Suite = "auth";

    /// <summary>
    /// For each (token, room version) pair of <paramref name="wanted"/>, the first probe of that room version (by index,
    /// from <paramref name="seed"/>) whose answer is decided by that token; at most <paramref name="probesPerVersion"/>
    /// probes per version are tried.
    /// </summary>
    public static RuleCoverage Rules(IVectorOracle oracle, IReadOnlyList<RuleInVersion> wanted, long seed, int probesPerVersion)
    {
        var cases = ImmutableArray.CreateBuilder<VectorSource>();
        var unreached = ImmutableArray.CreateBuilder<RuleInVersion>();
        foreach (var version in RoomVersionRegistry.All)
        {
            var open = new SortedSet<string>(wanted.Where(w => w.RoomVersion == version.Id).Select(w => w.Token), StringComparer.Ordinal);
            var stream = int.Parse(version.Id, CultureInfo.InvariantCulture);
            for (var i = 0; i < probesPerVersion && open.Count > 0; i++)
            {
                var probe = AuthProbeGenerator.Build(version, Choices.For(seed, stream, i, 64));
                var request = probe.ToRequest();
                if (oracle.Answer(Suite, request, BehaviourProfile.Spec)["rule"] is not JsonString { Value: var rule } || !open.Remove(rule)) continue;
                cases.Add(new VectorSource(Suite, "rules", $"{Suite}/rules/{rule}/v{version.Id}", version.Id, [rule], [],
                    $"a {probe.Kind} event decided by {rule}", request, null,
                    $"generated: auth probe {i} of room version {version.Id} (stream {stream})", seed));
            }
            foreach (var token in open) unreached.Add(new RuleInVersion(token, version.Id));
        }
        return new RuleCoverage(cases.ToImmutable(), unreached.ToImmutable());
    }

    /// <summary>
    /// Pairs of cases, one request in room versions N and N+1, where the verdict changes at N+1: up to
    /// <paramref name="perBoundary"/> per pair of adjacent versions, from the first <paramref name="probes"/> probes of N.
    /// </summary>
    public static IEnumerable<VectorSource> Boundaries(IVectorOracle oracle, long seed, int probes, int perBoundary)
    {
        var versions = RoomVersionRegistry.All;
        for (var v = 0; v + 1 < versions.Length; v++)
        {
            var (lower, upper) = (versions[v], versions[v + 1]);
            var found = 0;
            for (var i = 0; i < probes && found < perBoundary; i++)
            {
                var stream = 100 + int.Parse(lower.Id, CultureInfo.InvariantCulture);
                var request = AuthProbeGenerator.Build(lower, Choices.For(seed, stream, i, 64)).ToRequest();
                var lifted = request.With("room_version", JsonValue.String(upper.Id));
                var a = oracle.Answer(Suite, request, BehaviourProfile.Spec);
                var b = oracle.Answer(Suite, lifted, BehaviourProfile.Spec);
                if (a["allowed"] is not JsonBool x || b["allowed"] is not JsonBool y || x.Value == y.Value) continue;
                found++;
                var name = $"{Suite}/boundary/v{lower.Id}-v{upper.Id}/{i}";
                var comment = $"the same request is {(x.Value ? "allowed" : "rejected")} in room version {lower.Id} and {(y.Value ? "allowed" : "rejected")} in {upper.Id}";
                var source = $"generated: auth probe {i} of room version {lower.Id} (stream {stream}), also asked in room version {upper.Id}";
                yield return new VectorSource(Suite, "boundaries", name + "/v" + lower.Id, lower.Id, [], ["version_boundary"], comment, request, null, source, seed);
                yield return new VectorSource(Suite, "boundaries", name + "/v" + upper.Id, upper.Id, [], ["version_boundary"], comment, lifted, null, source, seed);
            }
        }
    }

    /// <summary>The published cases, each with its source's verdict and rule.</summary>
    public static IEnumerable<VectorSource> Published()
    {
        foreach (var (file, json) in EmbeddedData.Json("published/auth"))
        {
            var origin = json["source"] as JsonObject;
            var repository = (origin?["repository"] as JsonString)?.Value ?? Path.GetFileNameWithoutExtension(file);
            var path = (origin?["path"] as JsonString)?.Value ?? "";
            var commit = (origin?["commit"] as JsonString)?.Value ?? "";
            var group = "published-" + Path.GetFileNameWithoutExtension(file);
            foreach (var c in (json["cases"] as JsonArray ?? JsonArray.Empty).OfType<JsonObject>())
            {
                var expected = (JsonObject)c["expected"]!;
                // A case whose event is not a valid PDU of its room version is dropped before the rules run: no auth verdict.
                if (expected["malformed"] is JsonBool { Value: true }) continue;
                var @event = WithSenderSignature((JsonObject)c["event"]!);
                // The verdict assumes the authorising server signed; the auth suite presumes signatures verified on receipt.
                if (c["needs_signature"] is JsonBool { Value: true } && (@event["content"] as JsonObject)?["join_authorised_via_users_server"] is JsonString authoriser)
                {
                    @event = WithSignatureOf(@event, authoriser.Value);
                }
                var request = JsonValue.Object(
                    ("room_version", c["room_version"]!),
                    ("event", @event),
                    ("auth_events", JsonValue.Array(((JsonArray)c["auth_events"]!).OfType<JsonObject>().Select(e => (JsonValue)WithSenderSignature(e)))));
                if (c["rejected"] is JsonArray { Count: > 0 } rejected) request = request.With("rejected", rejected);
                var id = ((JsonString)c["id"]!).Value;
                var allowed = ((JsonBool)expected["allowed"]!).Value;
                var test = (c["test"] as JsonString)?.Value ?? "";
                yield return new VectorSource(Suite, group, Suite + "/published/" + id, ((JsonString)c["room_version"]!).Value, [], ["published"],
                    (c["description"] as JsonString)?.Value, request,
                    expected["rule"] is JsonString rule ? Declared.Auth(allowed, rule.Value) : Declared.Key("allowed", JsonValue.Bool(allowed)),
                    $"published: {repository} {path} {test} (commit {commit})", null);
            }
        }
    }

    /// <summary>The smallest inputs of the behaviour profiles' divergences that are <c>auth</c> requests.</summary>
    public static IEnumerable<VectorSource> Divergences() => DivergenceExamples(Suite, isResolve: false);

    internal static IEnumerable<VectorSource> DivergenceExamples(string suite, bool isResolve)
    {
        foreach (var (file, json) in EmbeddedData.Json("divergences"))
        {
            if (json.ContainsKey("state_sets") != isResolve) continue;
            var name = Path.GetFileNameWithoutExtension(file);
            var request = json.Without("profile");
            yield return new VectorSource(suite, "divergences", suite + "/divergences/" + name, ((JsonString)json["room_version"]!).Value, [], [],
                "the smallest input on which the synapse profile answers otherwise (spec/divergences.md, synapse." + name + ")", request, null,
                "hand-written: spec/examples/divergences/" + file, null) { Divergence = "synapse." + name };
        }
    }

    /// <summary>
    /// <paramref name="e"/> with a placeholder <c>signatures</c> entry for the sender's server and, in room versions 1–2,
    /// the event-ID server: the auth suite presumes the checks on receipt verified them, and published cases carry none.
    /// </summary>
    public static JsonObject WithSenderSignature(JsonObject e)
    {
        foreach (var id in new[] { e["sender"], e["event_id"] })
        {
            if (id is JsonString { Value: var text }) e = WithSignatureOf(e, text);
        }
        return e.With("signatures", e["signatures"] as JsonObject ?? JsonObject.Empty);
    }

    // A placeholder signature entry for the server of a user or event ID (ID@server or $id:server), unless it has one.
    private static JsonObject WithSignatureOf(JsonObject e, string id)
    {
        var signatures = e["signatures"] as JsonObject ?? JsonObject.Empty;
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return e;
        var server = id[(colon + 1)..];
        return signatures.ContainsKey(server) ? e : e.With("signatures", signatures.With(server, JsonValue.Object(("ed25519:1", JsonValue.String("sig")))));
    }
}
