using System.Collections.Immutable;
using System.Text;

namespace InviteJoin.Reference.Json;

/// <summary>
/// The short strings that Matrix events repeat (the PDU's own keys, the keys of the state contents the
/// protocol reads, membership values, join rules, event types), as one immutable table. The strict reader
/// hands out these instances rather than a new string for each occurrence, so a parsed event costs fewer
/// allocations, and a later lookup of the same key compares references. Which instance a string is cannot
/// change any result: strings are compared by value everywhere.
/// </summary>
internal static class CommonStrings
{
    /// <summary>The longest string the table holds, in bytes.</summary>
    public const int MaxLength = 32;

    private static readonly ImmutableArray<string> All =
    [
        // PDU keys (spec v1.19, server-server API "PDUs") and the keys of hashes and references.
        "auth_events", "content", "depth", "event_id", "hashes", "origin", "origin_server_ts", "prev_events", "prev_state",
        "redacts", "room_id", "sender", "signatures", "state_key", "type", "unsigned", "sha256", "membership",
        // Content keys the authorisation rules read.
        "creator", "room_version", "additional_creators", "m.federate", "predecessor", "join_rule", "allow", "via",
        "users", "users_default", "events", "events_default", "state_default", "ban", "kick", "redact", "invite",
        "notifications", "room", "third_party_invite", "signed", "mxid", "token", "public_key", "public_keys",
        "key_validity_url", "join_authorised_via_users_server", "aliases", "history_visibility", "display_name",
        "displayname", "avatar_url", "name", "topic", "body", "msgtype", "reason", "is_direct",
        // Values.
        "join", "leave", "ban", "knock", "public", "private", "restricted", "knock_restricted", "shared", "world_readable",
        "joined", "invited", "m.room_membership", "ed25519:1", "ed25519:auto",
        "m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.third_party_invite",
        "m.room.redaction", "m.room.aliases", "m.room.history_visibility", "m.room.name", "m.room.topic",
        "m.room.message", "m.room.guest_access", "m.room.canonical_alias", "m.room.avatar", "m.room.encryption",
        "m.room.server_acl", "m.room.tombstone", "m.text", "",
    ];

    // By length, for a lookup that compares a handful of candidates at most.
    private static readonly ImmutableArray<ImmutableArray<string>> ByLength =
    [
        .. Enumerable.Range(0, MaxLength + 1)
            .Select(length => All.Where(s => Encoding.UTF8.GetByteCount(s) == length).Distinct(StringComparer.Ordinal).ToImmutableArray()),
    ];

    /// <summary>The table's instance of the ASCII string <paramref name="ascii"/>, or null when the table has none.</summary>
    public static string? Find(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxLength) return null;
        if (ascii.IsEmpty) return "";
        foreach (var candidate in ByLength[ascii.Length])
        {
            if (candidate[0] == ascii[0] && Ascii.Equals(ascii, candidate)) return candidate;
        }
        return null;
    }
}
