using System.Collections.Immutable;

namespace InviteJoin.Reference.Events;

/// <summary>
/// What the redaction algorithm of a room version keeps (spec v1.19, room versions 1–12,
/// "Redactions"). Everything not listed is removed; content of event types not listed
/// becomes <c>{}</c>. Kept as data so the per-version differences read as a table.
/// </summary>
public sealed record RedactionRules
{
    /// <summary>Top-level keys kept by every version's algorithm.</summary>
    private static readonly ImmutableSortedSet<string> EssentialKeys = ImmutableSortedSet.Create(
        StringComparer.Ordinal,
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth", "prev_events", "auth_events", "origin_server_ts");

    /// <summary>Room versions 1–5: the original algorithm.</summary>
    public static readonly RedactionRules V1 = new()
    {
        Name = "v1",
        TopLevelKeys = EssentialKeys.Union(["prev_state", "origin", "membership"]),
        ContentKeys = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<string>>
        {
            ["m.room.member"] = ["membership"],
            ["m.room.create"] = ["creator"],
            ["m.room.join_rules"] = ["join_rule"],
            ["m.room.power_levels"] = ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"],
            ["m.room.aliases"] = ["aliases"],
            ["m.room.history_visibility"] = ["history_visibility"],
        }),
    };

    /// <summary>Room versions 6–7: <c>m.room.aliases</c> content is no longer kept (MSC2432).</summary>
    public static readonly RedactionRules V6 = V1 with
    {
        Name = "v6",
        ContentKeys = V1.ContentKeys.Remove("m.room.aliases"),
    };

    /// <summary>Room version 8: <c>allow</c> of join rules is kept (MSC3083).</summary>
    public static readonly RedactionRules V8 = V6 with
    {
        Name = "v8",
        ContentKeys = V6.ContentKeys.SetItem("m.room.join_rules", ["join_rule", "allow"]),
    };

    /// <summary>Room versions 9–10: <c>join_authorised_via_users_server</c> of member events is kept (MSC3375).</summary>
    public static readonly RedactionRules V9 = V8 with
    {
        Name = "v9",
        ContentKeys = V8.ContentKeys.SetItem("m.room.member", ["membership", "join_authorised_via_users_server"]),
    };

    /// <summary>
    /// Room versions 11–12 (MSC2176, MSC3821, MSC3989): <c>origin</c>, <c>membership</c> and
    /// <c>prev_state</c> are removed; all create content, power-level <c>invite</c>, the
    /// redaction's <c>redacts</c> and the <c>signed</c> part of a third-party invite are kept.
    /// </summary>
    public static readonly RedactionRules V11 = V9 with
    {
        Name = "v11",
        TopLevelKeys = EssentialKeys,
        ContentKeys = V9.ContentKeys
            .SetItem("m.room.power_levels", ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default"])
            .SetItem("m.room.redaction", ["redacts"]),
        KeepsAllCreateContent = true,
        KeepsThirdPartyInviteSigned = true,
    };

    /// <summary>A short name for messages and vectors ("v1", "v6", ...).</summary>
    public required string Name { get; init; }

    /// <summary>Top-level keys that survive redaction.</summary>
    public required ImmutableSortedSet<string> TopLevelKeys { get; init; }

    /// <summary>Content keys that survive, by event type; types not listed keep no content.</summary>
    public required ImmutableSortedDictionary<string, ImmutableArray<string>> ContentKeys { get; init; }

    /// <summary><c>m.room.create</c> keeps all of its content (room version 11+).</summary>
    public bool KeepsAllCreateContent { get; init; }

    /// <summary>
    /// <c>m.room.member</c> keeps <c>third_party_invite</c> reduced to its <c>signed</c> key
    /// (room version 11+). Read literally, <c>third_party_invite</c> is an allowed key whose only
    /// allowed sub-key is <c>signed</c>, so an object without <c>signed</c> becomes <c>{}</c>.
    /// </summary>
    public bool KeepsThirdPartyInviteSigned { get; init; }
}
