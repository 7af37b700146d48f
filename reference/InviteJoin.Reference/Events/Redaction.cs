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
        var members = @event.Members;
        var kept = new KeyValuePair<string, JsonValue>[members.Length];
        var count = 0;
        foreach (var member in members)
        {
            if (!rules.TopLevelKeys.Contains(member.Key)) continue;
            kept[count++] = IsContent(member.Key)
                ? KeyValuePair.Create(member.Key, (JsonValue)RedactContent(ContentRule.Of(@event, rules), member.Value))
                : member;
        }
        if (count == members.Length && !@event.ContainsKey("content")) return @event;
        return JsonObject.FromSortedUnique(ImmutableArray.Create(kept, 0, count));
    }

    /// <summary>
    /// The canonical JSON of the redacted <paramref name="event"/> without <c>signatures</c> and <c>unsigned</c> — the bytes its
    /// signatures cover and its reference hash digests — written from the event itself, the same members
    /// <see cref="Redact"/> keeps, without building the redacted object.
    /// </summary>
    internal static byte[] SigningBytes(JsonObject @event, RedactionRules rules)
    {
        using var buffer = new CanonicalJson.ScratchBuffer();
        var writer = new CanonicalJson.Writer(buffer);
        writer.Byte((byte)'{');
        var first = true;
        foreach (var member in @event.Members)
        {
            if (!rules.TopLevelKeys.Contains(member.Key) || member.Key is "signatures" or "unsigned") continue;
            writer.MemberName(member.Key, ref first);
            if (!IsContent(member.Key))
            {
                writer.Value(member.Value);
                continue;
            }
            var rule = ContentRule.Of(@event, rules);
            if (rule.All && member.Value is JsonObject all)
            {
                writer.Value(all);
                continue;
            }
            writer.Byte((byte)'{');
            var firstKept = true;
            foreach (var field in member.Value as JsonObject ?? JsonObject.Empty)
            {
                if (rule.Kept(field) is not { } value) continue;
                writer.MemberName(field.Key, ref firstKept);
                writer.Value(value);
            }
            writer.Byte((byte)'}');
        }
        writer.Byte((byte)'}');
        writer.Commit();
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsContent(string key) => string.Equals(key, "content", StringComparison.Ordinal);

    private static JsonObject RedactContent(ContentRule rule, JsonValue value)
    {
        var content = value as JsonObject ?? JsonObject.Empty;
        if (rule.All) return content;
        var members = content.Members;
        var kept = new KeyValuePair<string, JsonValue>[members.Length];
        var count = 0;
        foreach (var member in members)
        {
            if (rule.Kept(member) is { } survivor) kept[count++] = ReferenceEquals(survivor, member.Value) ? member : KeyValuePair.Create(member.Key, survivor);
        }
        return JsonObject.FromSortedUnique(ImmutableArray.Create(kept, 0, count));
    }

    // What the content of one event keeps: all of it (a create event from room version 11), the keys its type allows, and
    // in member events from room version 11 the signed part of a third-party invite. Read literally, third_party_invite is
    // an allowed key whose only allowed sub-key is signed, so an object without signed becomes {}.
    private readonly record struct ContentRule(bool All, ImmutableArray<string> Allowed, bool ThirdPartyInviteSigned)
    {
        public static ContentRule Of(JsonObject @event, RedactionRules rules)
        {
            if ((@event["type"] as JsonString)?.Value is not { } type) return new(false, [], false);
            if (rules.KeepsAllCreateContent && string.Equals(type, EventTypes.Create, StringComparison.Ordinal)) return new(true, [], false);
            var allowed = rules.ContentKeys.TryGetValue(type, out var keys) ? keys : [];
            return new(false, allowed, rules.KeepsThirdPartyInviteSigned && string.Equals(type, EventTypes.Member, StringComparison.Ordinal));
        }

        /// <summary>The value <paramref name="member"/> of the content keeps, or null when it is dropped.</summary>
        public JsonValue? Kept(KeyValuePair<string, JsonValue> member)
        {
            if (ThirdPartyInviteSigned && string.Equals(member.Key, "third_party_invite", StringComparison.Ordinal) && member.Value is JsonObject invite)
            {
                return invite.Where(k => string.Equals(k, "signed", StringComparison.Ordinal));
            }
            foreach (var key in Allowed)
            {
                if (string.Equals(key, member.Key, StringComparison.Ordinal)) return member.Value;
            }
            return null;
        }
    }
}
