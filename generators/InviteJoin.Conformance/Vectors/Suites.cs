using System.Collections.Immutable;

namespace InviteJoin.Conformance.Vectors;

/// <summary>One suite of conformance vectors: its name (the adapter protocol's suite), what its requests ask and what is compared.</summary>
/// <param name="Name">The suite's name, as vector files, the adapter's handshake and its command line give it.</param>
/// <param name="Asks">What a request asks, in a few words.</param>
/// <param name="Compared">The keys of an expected answer that decide pass or fail; any other key of <c>expected</c> is a reason (see <see cref="Suites.ReasonKeys"/>).</param>
public sealed record Suite(string Name, string Asks, ImmutableArray<string> Compared);

/// <summary>
/// The suites of the conformance vectors, in the order the format documents and reports list them. A case's
/// <c>expected</c> answer holds outcome keys, which an adapter must match, and reason keys (<c>rule</c>,
/// <c>stage</c>), which it may give: the right outcome for another reason is "fail for another reason".
/// </summary>
public static class Suites
{
    /// <summary>Keys that say why, not what: matched only when the adapter gives them.</summary>
    public static readonly ImmutableArray<string> ReasonKeys = ["rule", "stage"];

    public static readonly ImmutableArray<Suite> All =
    [
        new("canonical_json", "the canonical JSON text of a JSON text, or that it is not JSON canonical JSON can encode", ["canonical", "invalid"]),
        new("signing", "a JSON object signed with a seed, or whether a signature on an object verifies", ["signed", "valid"]),
        new("event_id", "the content hash, reference hash and event ID of a PDU (and the room ID a room version 12 create event makes)", ["event_id", "content_hash", "reference_hash", "room_id"]),
        new("redaction", "a PDU as its room version's redaction algorithm leaves it", ["redacted"]),
        new("auth", "the authorisation rules applied to an event against its auth events", ["allowed", "exception"]),
        new("receipt", "the checks on receipt of a PDU, stage by stage: dropped, rejected, soft failed or accepted", ["verdict", "redacted"]),
        new("state_res", "state sets resolved into one state with the room version's algorithm", ["state", "exception"]),
        new("handshake", "a resident or invited server's answer to one request of the invite, join, knock and leave handshakes", ["status", "errcode", "facts"]),
        new("interleaving", "a multi-server scenario run step by step: what each honest server then holds", ["servers"]),
    ];

    /// <summary>The suite named <paramref name="name"/>, or null.</summary>
    public static Suite? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>True when <paramref name="key"/> of an expected answer is a reason rather than an outcome.</summary>
    public static bool IsReason(string key) => ReasonKeys.Contains(key);
}
