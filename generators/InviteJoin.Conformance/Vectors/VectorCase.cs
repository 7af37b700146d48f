using System.Collections.Immutable;
using System.Text.Json;

namespace InviteJoin.Conformance.Vectors;

/// <summary>
/// One conformance vector: a request an adapter answers, the answer the spec gives, and what the case is about.
/// </summary>
/// <param name="Id">Stable across regenerations: the same source always gives the same ID.</param>
/// <param name="Suite">The suite (<see cref="Suites"/>) whose adapter answers <see cref="RequestText"/>.</param>
/// <param name="Group">The file within the suite: cases that share a source and setup.</param>
/// <param name="RoomVersion">The room version the case is about, or null for suites without one.</param>
/// <param name="Rules">The rule tokens the case exercises (spec/rules, spec/state-res, spec/dance.md, or the error tokens of spec/errors.md).</param>
/// <param name="Flags">Flags of the closed vocabulary (<see cref="Vectors.Flags"/>).</param>
/// <param name="Comment">One sentence for people, or null.</param>
/// <param name="RequestText">The request exactly as the vector file holds it (canonical JSON), sent to the adapter as one line.</param>
/// <param name="Expected">The spec's answer: outcome keys and reason keys (<see cref="Suites.ReasonKeys"/>).</param>
/// <param name="Profiles">Other answers that named behaviour profiles give, each with the divergence switches that make it.</param>
/// <param name="Provenance">Where the case comes from: generator, its version, spec version, seed, source.</param>
public sealed record VectorCase(
    string Id,
    string Suite,
    string Group,
    string? RoomVersion,
    ImmutableArray<string> Rules,
    ImmutableArray<string> Flags,
    string? Comment,
    string RequestText,
    JsonElement Expected,
    ImmutableArray<ProfileAnswer> Profiles,
    JsonElement Provenance)
{
    /// <summary>The first rule token, which reports group failures by; <c>(none)</c> for a case without one.</summary>
    public string PrimaryRule => Rules.IsDefaultOrEmpty ? "(none)" : Rules[0];
}

/// <summary>The answer a named behaviour profile gives where it differs from the spec's, and the switches that make it differ.</summary>
public sealed record ProfileAnswer(string Profile, JsonElement Expected, ImmutableArray<string> Divergences);

/// <summary>One file of vectors: one group of one suite, with the provenance its cases share.</summary>
public sealed record VectorFile(string Path, string Suite, string Group, string Description, ImmutableArray<VectorCase> Cases);

/// <summary>The index of a vector folder: every file with its suite, group, case count and SHA-256, and the coverage per room version.</summary>
public sealed record VectorIndex(string Generator, string SpecVersion, long Seed, int Cases, ImmutableArray<IndexedFile> Files, ImmutableArray<Coverage> Coverage);

/// <summary>A file as the index lists it.</summary>
public sealed record IndexedFile(string Path, string Suite, string Group, int Cases, string Sha256);

/// <summary>How many cases of a suite are about a room version (<c>-</c> for cases without one).</summary>
public sealed record Coverage(string Suite, string RoomVersion, int Cases);
