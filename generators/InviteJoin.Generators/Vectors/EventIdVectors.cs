using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>event_id</c> suite (spec v1.19, server-server API "Calculating the content hash for an event",
/// "Calculating the reference hash for an event", and the room versions' "Event IDs"): for each room version's
/// sample events, the content hash, the reference hash, the event ID and the room ID. Variants that differ only in
/// what neither hash covers (unsigned data, another server's signature) must give the same ID; the spec's own
/// event-signing vectors carry the spec's hashes.
/// </summary>
public static class EventIdVectors
{
    private const string Suite = "event_id";

    public static IEnumerable<VectorSource> Cases()
    {
        const string specSource = "spec v1.19, appendices, \"Cryptographic Test Vectors\", \"Event Signing\"";
        // The spec's minimal event exactly as printed (its hashes and signatures included: the content hash leaves them
        // out). The content hash does not depend on the room version; room version 3 reads the event without an event_id.
        var minimal = (JsonObject)StrictJsonReader.Parse("""
            {"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},
             "origin":"domain","origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain",
             "signatures":{"domain":{"ed25519:1":"KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"}},
             "type":"X","unsigned":{"age_ts":1000000}}
            """, JsonReadOptions.Lenient).Value;
        yield return Case("spec", "spec/minimal-event", RoomVersion.V3, minimal,
            Declared.Key("content_hash", JsonValue.String("5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos")),
            "the spec's signed minimal event: the content hash the spec prints", specSource, []);

        foreach (var version in RoomVersionRegistry.All)
        {
            var group = "v" + version.Id;
            foreach (var sample in EventSamples.For(version))
            {
                yield return Case(group, group + "/" + sample.Name, version, sample.Event, null, sample.Comment, "written for InviteJoin's vectors", sample.Flags);
            }
            var samples = EventSamples.For(version);
            var member = samples[1].Event;
            yield return Case(group, group + "/member-join-unsigned-data-changed", version,
                member.With("unsigned", JsonValue.Object(("age", JsonValue.Number(999)), ("prev_content", JsonValue.Object(("membership", JsonValue.String("leave")))))), null,
                "the join with other unsigned data: neither hash covers unsigned, so the ID is the join's", "written for InviteJoin's vectors", ["malleability"]);
            var signatures = (JsonObject)member["signatures"]!;
            yield return Case(group, group + "/member-join-extra-signature", version,
                member.With("signatures", signatures.With("other.example", JsonValue.Object(("ed25519:x", JsonValue.String("c2lnbmF0dXJl"))))), null,
                "the join with another server's signature added: signatures are not hashed, so the ID is the join's", "written for InviteJoin's vectors", ["malleability"]);
            yield return Case(group, group + "/member-join-without-hashes", version,
                member.Without("hashes", "signatures"), null,
                "the join before it was hashed and signed: the reference hash covers the hashes key, so this ID differs from the signed join's", "written for InviteJoin's vectors", ["edge_case"]);
        }
    }

    // The event-ID format of the room version (spec v1.19: room versions 1–2 server-scoped, 3 base64, 4+ URL-safe base64).
    private static string FormatToken(RoomVersion version) => version.Format.EventIds switch
    {
        Reference.Events.EventIdFormat.ServerScoped => "event_id.server_scoped",
        Reference.Events.EventIdFormat.StandardBase64Hash => "event_id.base64_hash",
        _ => "event_id.url_safe_base64_hash",
    };

    private static VectorSource Case(string group, string id, RoomVersion version, JsonObject @event, Declared? declared, string comment, string source, IEnumerable<string> flags)
    {
        var rules = new List<string> { "event_id.content_hash", "event_id.reference_hash", FormatToken(version) };
        if (version.RoomIdIsCreateEventHash) rules.Add("room_id.create_event_hash");
        return new VectorSource(Suite, group, Suite + "/" + id, version.Id, [.. rules], [.. flags], comment,
            JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("event", @event)), declared, source, null);
    }
}
