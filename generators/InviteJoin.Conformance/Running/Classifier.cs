using System.Collections.Immutable;
using System.Text.Json;
using InviteJoin.Conformance.Adapters;
using InviteJoin.Conformance.Json;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Running;

/// <summary>
/// Decides the class of one case from the adapter's reply (spec/vectors/README.md, "Classes"): the outcome keys
/// of the expected answer must match; reason keys (<c>rule</c>, <c>stage</c>) must match when the adapter gives
/// them; an outcome that matches a behaviour profile's answer is a known divergence naming its switches; a
/// failure the expectations file lists is known too.
/// </summary>
public static class Classifier
{
    /// <summary>The class of <paramref name="vector"/> given <paramref name="reply"/>.</summary>
    public static CaseResult Classify(VectorCase vector, AdapterReply reply, Expectations expectations)
    {
        var result = Raw(vector, reply);
        if (!CaseClasses.IsUnexplained(result.Class)) return result;
        if (expectations.For(vector.Id) is { } known)
        {
            return result with { Class = CaseClass.KnownDivergence, Detail = "known failure: " + known.Reason + " (was: " + result.Detail + ")", Explained = [known.Cases] };
        }
        return result;
    }

    private static CaseResult Raw(VectorCase vector, AdapterReply reply)
    {
        if (reply.Kind != ReplyKind.Answer || reply.Answer is not { } answer)
        {
            return new CaseResult(vector, CaseClass.Unknown, reply.Detail, reply.Line, []);
        }
        var actual = CanonicalText.Of(answer);
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return new CaseResult(vector, CaseClass.Unknown, "the answer is not a JSON object", actual, []);
        }
        if (answer.TryGetProperty("unsupported", out var unsupported))
        {
            return new CaseResult(vector, CaseClass.NotApplicable, "the adapter does not support this request: " + Text(unsupported), actual, []);
        }
        if (answer.TryGetProperty("error", out var error))
        {
            var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? Text(c) : Text(error);
            return new CaseResult(vector, CaseClass.Unknown, "the adapter could not read the request: " + code, actual, []);
        }
        var suite = Suites.Find(vector.Suite)!;
        if (!suite.Compared.Any(k => answer.TryGetProperty(k, out _)) && !answer.TryGetProperty("exception", out _))
        {
            return new CaseResult(vector, CaseClass.Unknown, "the answer has none of the keys the suite compares (" + string.Join(", ", suite.Compared) + ")", actual, []);
        }
        if (OutcomeMatches(vector.Expected, answer))
        {
            if (ReasonDiffers(vector.Expected, answer) is { } reason)
            {
                // The same outcome for the reason a profile gives is that profile's known divergence.
                foreach (var profile in vector.Profiles)
                {
                    if (OutcomeMatches(profile.Expected, answer) && ReasonDiffers(profile.Expected, answer) is null)
                    {
                        return Known(vector, profile, actual);
                    }
                }
                return new CaseResult(vector, CaseClass.OtherReason, reason, actual, []);
            }
            return new CaseResult(vector, CaseClass.Pass, "", actual, []);
        }
        foreach (var profile in vector.Profiles)
        {
            if (OutcomeMatches(profile.Expected, answer)) return Known(vector, profile, actual);
        }
        return new CaseResult(vector, CaseClass.Fail, Difference(vector.Expected, answer, suite), actual, []);
    }

    private static CaseResult Known(VectorCase vector, ProfileAnswer profile, string actual) =>
        new(vector, CaseClass.KnownDivergence, "known divergence: " + string.Join(", ", profile.Divergences) + " (the " + profile.Profile + " profile's answer)", actual, profile.Divergences);

    /// <summary>True when every outcome key of <paramref name="expected"/> is in <paramref name="answer"/> with the same value.</summary>
    public static bool OutcomeMatches(JsonElement expected, JsonElement answer)
    {
        foreach (var member in expected.EnumerateObject())
        {
            if (Suites.IsReason(member.Name)) continue;
            if (!answer.TryGetProperty(member.Name, out var given) || !CanonicalText.Same(member.Value, given)) return false;
        }
        // An answer that raised where the spec decides (or decided where a profile raises) differs even if the keys above agree.
        return expected.TryGetProperty("exception", out _) || !answer.TryGetProperty("exception", out _);
    }

    private static string? ReasonDiffers(JsonElement expected, JsonElement answer)
    {
        foreach (var key in Suites.ReasonKeys)
        {
            if (expected.TryGetProperty(key, out var want) && answer.TryGetProperty(key, out var got) && !CanonicalText.Same(want, got))
            {
                return $"the same outcome, but {key} {CanonicalText.Of(got)} where the spec's is {CanonicalText.Of(want)}";
            }
        }
        return null;
    }

    // The outcome keys of an answer, as canonical JSON: those of the expected answer, and those of the suite the answer has.
    private static string Outcome(JsonElement answer, JsonElement expected, Suite suite)
    {
        var keys = expected.EnumerateObject().Select(m => m.Name).Where(k => !Suites.IsReason(k)).ToList();
        foreach (var key in suite.Compared.Append("exception"))
        {
            if (answer.TryGetProperty(key, out _) && !keys.Contains(key)) keys.Add(key);
        }
        var parts = new List<string>();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            parts.Add(CanonicalText.String(key) + ":" + (answer.TryGetProperty(key, out var value) ? Clip(CanonicalText.Of(value)) : "(absent)"));
        }
        return "{" + string.Join(",", parts) + "}";
    }

    // Where the outcome differs: the first differing place of a structured value, or both outcomes side by side.
    private static string Difference(JsonElement expected, JsonElement answer, Suite suite)
    {
        foreach (var member in expected.EnumerateObject().Where(m => !Suites.IsReason(m.Name)))
        {
            if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                && answer.TryGetProperty(member.Name, out var given) && given.ValueKind == member.Value.ValueKind
                && FirstDifference(member.Value, given, member.Name) is { } place)
            {
                return place;
            }
        }
        return "expected " + Outcome(expected, expected, suite) + ", got " + Outcome(answer, expected, suite);
    }

    /// <summary>The first place where <paramref name="want"/> and <paramref name="got"/> differ, as "path: expected X, got Y"; null when equal.</summary>
    public static string? FirstDifference(JsonElement want, JsonElement got, string path)
    {
        if (want.ValueKind == JsonValueKind.Object && got.ValueKind == JsonValueKind.Object)
        {
            var keys = want.EnumerateObject().Select(m => m.Name)
                .Union(got.EnumerateObject().Select(m => m.Name), StringComparer.Ordinal).Order(Comparer<string>.Create(CodePoints.Compare));
            foreach (var key in keys)
            {
                var hasWant = want.TryGetProperty(key, out var w);
                var hasGot = got.TryGetProperty(key, out var g);
                if (!hasWant || !hasGot)
                {
                    return $"{path}.{key}: expected {(hasWant ? Clip(CanonicalText.Of(w)) : "(absent)")}, got {(hasGot ? Clip(CanonicalText.Of(g)) : "(absent)")}";
                }
                if (FirstDifference(w, g, path + "." + key) is { } inner) return inner;
            }
            return null;
        }
        if (want.ValueKind == JsonValueKind.Array && got.ValueKind == JsonValueKind.Array)
        {
            var (a, b) = (want.EnumerateArray().ToList(), got.EnumerateArray().ToList());
            for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                if (FirstDifference(a[i], b[i], path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]") is { } inner) return inner;
            }
            return a.Count == b.Count ? null : $"{path}: expected {a.Count} entries, got {b.Count}";
        }
        return CanonicalText.Same(want, got) ? null : $"{path}: expected {Clip(CanonicalText.Of(want))}, got {Clip(CanonicalText.Of(got))}";
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? CanonicalText.StringOf(value) : CanonicalText.Of(value);
}
