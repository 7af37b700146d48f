using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// One conformance case as its source writes it: the request, what the case is about, and what its author or
/// its published source says the answer must be (<see cref="Declared"/>). The vector generator answers the request
/// with the reference (the oracle), checks the declaration against that answer, and writes the answer as the
/// vector's expected result; the unit tests run the same sources through the same check, so a vector and the
/// test of the behaviour it pins cannot drift apart.
/// </summary>
/// <param name="Suite">The suite (spec/vectors/).</param>
/// <param name="Group">The file within the suite.</param>
/// <param name="Id">The case's stable ID: derived from its source (a published test's name, a rule token and room version, a seed and index), never from its position.</param>
/// <param name="RoomVersion">The room version the case is about, or null.</param>
/// <param name="Rules">The rule tokens the case exercises; empty when the suite derives them from the answer (the deciding rule of an <c>auth</c> case).</param>
/// <param name="Flags">Flags of the vocabulary (spec/vectors/flags.md) the source knows; the generator adds the ones an answer implies.</param>
/// <param name="Comment">One sentence for people.</param>
/// <param name="Request">The request, exactly as an adapter receives it.</param>
/// <param name="Declared">What the answer must be, independently of the reference: null when the case only records what the reference answers.</param>
/// <param name="Source">Where the case comes from, for its provenance.</param>
/// <param name="Seed">The seed a generated case was made from; null for a case written by hand or taken from a published test.</param>
public sealed record VectorSource(
    string Suite,
    string Group,
    string Id,
    string? RoomVersion,
    ImmutableArray<string> Rules,
    ImmutableArray<string> Flags,
    string? Comment,
    JsonObject Request,
    Declared? Declared,
    string Source,
    long? Seed)
{
    /// <summary>
    /// For a case written to show a divergence: the switch that must make the named profile answer otherwise
    /// (the generator fails when it does not).
    /// </summary>
    public string? Divergence { get; init; }
}

/// <summary>
/// What a case's author or published source says the answer is: the answer's keys that must hold these values,
/// or a check of the whole answer. Checked against the reference's answer before a vector is written, and by the tests.
/// </summary>
public sealed record Declared(string Says, Func<JsonObject, string?> Check)
{
    /// <summary>The answer holds each of <paramref name="keys"/> with exactly these values.</summary>
    public static Declared Keys(JsonObject keys) => new(CanonicalJson.EncodeToString(keys), answer =>
    {
        foreach (var (key, value) in keys)
        {
            if (answer[key] is not { } given || given != value) return $"{key} is {answer[key]?.ToString() ?? "absent"}, not {value}";
        }
        return null;
    });

    /// <summary>The answer holds <paramref name="key"/> equal to <paramref name="value"/>.</summary>
    public static Declared Key(string key, JsonValue value) => Keys(JsonValue.Object((key, value)));

    /// <summary>The answer is <c>{"allowed": allowed, "rule": rule}</c> (plus anything for people).</summary>
    public static Declared Auth(bool allowed, string rule) => Keys(JsonValue.Object(("allowed", JsonValue.Bool(allowed)), ("rule", JsonValue.String(rule))));
}

/// <summary>
/// Answers a request of a suite as the reference does under a behaviour profile: the same path as
/// <c>invitejoin adapter SUITE</c>, so vectors hold exactly what the reference's own adapter answers.
/// </summary>
public interface IVectorOracle
{
    /// <summary>The reference's answer to <paramref name="request"/> of <paramref name="suite"/> under <paramref name="profile"/>; an error answer when it refuses the request.</summary>
    JsonObject Answer(string suite, JsonObject request, BehaviourProfile profile);
}
