using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>redaction</c> suite (spec v1.19, room versions 1–12, "Redactions"): each room version's sample events as
/// its redaction algorithm leaves them. Each case declares, from the spec's text and independently of the reference's
/// table, which top-level keys and which content keys survive.
/// </summary>
public static class RedactionVectors
{
    private const string Suite = "redaction";

    // The top-level keys every algorithm keeps, and those only room versions 1–10 keep.
    private static readonly string[] Essential = ["event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth", "prev_events", "auth_events", "origin_server_ts"];
    private static readonly string[] UpToV10 = ["prev_state", "origin", "membership"];

    public static IEnumerable<VectorSource> Cases()
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            var group = "v" + version.Id;
            var number = int.Parse(version.Id, System.Globalization.CultureInfo.InvariantCulture);
            foreach (var sample in EventSamples.For(version))
            {
                var type = ((JsonString)sample.Event["type"]!).Value;
                var request = JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("event", sample.Event));
                yield return new VectorSource(Suite, group, Suite + "/" + group + "/" + sample.Name, version.Id, ["redaction_algorithm." + version.Format.Redaction.Name], sample.Flags,
                    sample.Comment, request, Keeps(sample.Event, TopLevel(number), Content(type, number)), "written for InviteJoin's vectors", null);
            }
            // An event that is not a PDU at all: redaction is defined on any object.
            var bare = JsonValue.Object(("type", JsonValue.String("m.room.member")), ("content", JsonValue.Object(("membership", JsonValue.String("ban")), ("reason", JsonValue.String("x")))),
                ("weird", JsonValue.Array(JsonValue.Number(1))));
            yield return new VectorSource(Suite, group, Suite + "/" + group + "/partial-object", version.Id, ["redaction_algorithm." + version.Format.Redaction.Name], ["edge_case"],
                "an object with only a type, content and an unknown key: the algorithm applies to it as to any event",
                JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("event", bare)), Keeps(bare, TopLevel(number), Content("m.room.member", number)),
                "written for InviteJoin's vectors", null);
        }
    }

    private static ImmutableArray<string> TopLevel(int version) => [.. Essential, .. version <= 10 ? UpToV10 : []];

    // What each room version keeps of the content of each type (spec v1.19, room versions 1–12, "Redactions").
    private static string[]? Content(string type, int version) => type switch
    {
        "m.room.member" => version >= 11 ? ["membership", "join_authorised_via_users_server", "third_party_invite"]
            : version >= 9 ? ["membership", "join_authorised_via_users_server"] : ["membership"],
        "m.room.create" => version >= 11 ? null : ["creator"],
        "m.room.join_rules" => version >= 8 ? ["join_rule", "allow"] : ["join_rule"],
        "m.room.power_levels" => version >= 11
            ? ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default"]
            : ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"],
        "m.room.history_visibility" => ["history_visibility"],
        "m.room.aliases" => version <= 5 ? ["aliases"] : [],
        "m.room.redaction" => version >= 11 ? ["redacts"] : [],
        _ => [],
    };

    // The redacted event keeps exactly the listed top-level keys the event has, and exactly the listed content keys
    // (null: all content); a third-party invite keeps only its signed part.
    private static Declared Keeps(JsonObject @event, ImmutableArray<string> topLevel, string[]? content) =>
        new("keeps top-level " + string.Join(",", topLevel) + " and content " + (content is null ? "(all)" : string.Join(",", content)), answer =>
        {
            if (answer["redacted"] is not JsonObject redacted) return "no redacted object";
            var wantTop = @event.Keys.Where(topLevel.Contains).Order(StringComparer.Ordinal).ToList();
            var gotTop = redacted.Keys.Order(StringComparer.Ordinal).ToList();
            if (!wantTop.SequenceEqual(gotTop, StringComparer.Ordinal)) return "top-level keys " + string.Join(",", gotTop) + ", not " + string.Join(",", wantTop);
            if (@event["content"] is not JsonObject original) return null;
            var redactedContent = redacted["content"] as JsonObject ?? JsonObject.Empty;
            var wantContent = content is null ? original.Keys.ToList() : original.Keys.Where(content.Contains).ToList();
            var gotContent = redactedContent.Keys.ToList();
            if (!wantContent.Order(StringComparer.Ordinal).SequenceEqual(gotContent.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                return "content keys " + string.Join(",", gotContent) + ", not " + string.Join(",", wantContent);
            }
            if (redactedContent["third_party_invite"] is JsonObject invite && (invite.Count != 1 || invite["signed"] is null)) return "third_party_invite keeps more than signed";
            return null;
        });
}
