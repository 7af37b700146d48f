using System.Collections.Immutable;

namespace InviteJoin.Conformance.Vectors;

/// <summary>
/// One flag of the closed flag vocabulary: what kind of case it marks, and what an implementation that fails
/// such a case would let happen. Flags are how an auditor reads the weight of a failure at a glance.
/// </summary>
/// <param name="Name">The flag as cases carry it.</param>
/// <param name="Marks">What kind of case carries it.</param>
/// <param name="Effect">What failing such a case means for a room or a server.</param>
public sealed record Flag(string Name, string Marks, string Effect);

/// <summary>The flag vocabulary (spec/vectors/flags.md is written from the same list and a test keeps them equal).</summary>
public static class Flags
{
    public static readonly ImmutableArray<Flag> All =
    [
        new("auth_bypass", "the expected answer refuses: an event the rules reject, a request a server must refuse, a signature that must not verify",
            "an implementation that accepts it lets a user or server do what the rules forbid: join without an invitation, raise their own power, send as another server"),
        new("wrongful_rejection", "the expected answer accepts: an event the rules allow, a request a server must grant",
            "an implementation that refuses it locks out users the room admits and holds another state than the servers that accept the event: the room splits"),
        new("state_divergence", "the expected answer is a state (state resolution, the state each server ends with)",
            "an implementation that answers otherwise holds another state than the rest of the room: membership, power and join rules differ between servers"),
        new("rejected_events", "the input holds events that were rejected on receipt",
            "an implementation that fails it either revives a rejected event (letting an attacker's refused event decide state) or drops valid state"),
        new("bad_input", "the input is malformed in a way a well-formed federation never sends (a missing membership, levels of the wrong type, broken signatures)",
            "an implementation that raises, crashes or hangs on it can be disturbed by any server that sends it; one that accepts it decides on data the spec calls invalid"),
        new("edge_case", "a boundary value: the largest integers, empty strings, code points above U+FFFF, a limit exactly met",
            "an implementation that fails it disagrees with others only on rare inputs, which an attacker can produce on purpose"),
        new("version_boundary", "one of a pair of cases that differ only in room version, where the answer changes at that version",
            "an implementation that fails it applies one room version's rule in another, so rooms of one version behave as another's"),
        new("divergence", "a named implementation's behaviour profile answers otherwise than the spec; the case carries that answer too",
            "failing it with the profile's answer is a known, documented divergence (spec/divergences.md); with any other answer it is a plain failure"),
        new("published", "the case is taken from another implementation's published tests (its source is in the case's provenance)",
            "an implementation that fails it disagrees with a test another implementation's authors wrote on purpose"),
        new("signature_forgery", "an object whose signature was altered, moved or made with another key",
            "an implementation that accepts it takes forged or altered data as signed by a server that never signed it"),
        new("malleability", "two encodings of one value that must give one canonical text, hash or ID",
            "an implementation that fails it computes other bytes than its peers for the same event: its signatures and event IDs do not verify elsewhere"),
        new("hash_mismatch", "a received event whose content hash does not match its content",
            "an implementation that fails it keeps content a server altered in transit, or drops an event the spec keeps in redacted form"),
        new("liveness", "a handshake or scenario in which an entitled user must get into the room (or a server must learn an event)",
            "an implementation that fails it denies service: users who may join cannot, or servers never learn what happened"),
        new("attack", "a scenario that plays one of the attacks of spec/dance.md (A1–A4, T1, T2, P) or a historical bug",
            "an implementation that fails it is open to that attack, or does not heal from it as the spec's design does"),
    ];

    /// <summary>The flag named <paramref name="name"/>, or null.</summary>
    public static Flag? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
