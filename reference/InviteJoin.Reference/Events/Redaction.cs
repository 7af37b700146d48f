using System.Collections.Immutable;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Events;

/// <summary>
/// The redaction algorithm (spec v1.19, room versions 1–12, "Redactions"): strips an event to the
/// keys its room version lets survive. Used to sign and verify events, to compute reference
/// hashes, and to replace an event whose content hash does not match.
/// </summary>
public static class Redaction
{
    /// <summary>The redacted form of <paramref name="event"/> under <paramref name="rules"/>.</summary>
    public static JsonObject Redact(JsonObject @event, RedactionRules rules)
    {
        var kept = @event.Where(rules.TopLevelKeys.Contains);
        if (!kept.TryGetValue("content", out var content)) return kept;
        var type = (@event["type"] as JsonString)?.Value;
        return kept.With("content", RedactContent(type, content as JsonObject ?? JsonObject.Empty, rules));
    }

    private static JsonObject RedactContent(string? type, JsonObject content, RedactionRules rules)
    {
        if (type is null) return JsonObject.Empty;
        if (rules.KeepsAllCreateContent && string.Equals(type, EventTypes.Create, StringComparison.Ordinal)) return content;
        var allowed = rules.ContentKeys.TryGetValue(type, out var keys) ? keys : ImmutableArray<string>.Empty;
        var redacted = content.Where(k => allowed.Contains(k, StringComparer.Ordinal));
        if (rules.KeepsThirdPartyInviteSigned
            && string.Equals(type, EventTypes.Member, StringComparison.Ordinal)
            && content["third_party_invite"] is JsonObject thirdPartyInvite)
        {
            redacted = redacted.With("third_party_invite", thirdPartyInvite.Where(k => string.Equals(k, "signed", StringComparison.Ordinal)));
        }
        return redacted;
    }
}
