using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// A make_join / make_leave / make_knock template that passed <see cref="JoinTemplate.Check"/>: only that
/// check makes one, so only a checked template can be signed.
/// </summary>
public sealed record ValidatedTemplate
{
    internal ValidatedTemplate(RoomVersion version, JsonObject @event, string roomId, string userId, string membership)
    {
        Version = version;
        Event = @event;
        RoomId = roomId;
        UserId = userId;
        Membership = membership;
    }

    public RoomVersion Version { get; }

    /// <summary>The template as received.</summary>
    public JsonObject Event { get; }

    public string RoomId { get; }

    public string UserId { get; }

    public string Membership { get; }
}

/// <summary>
/// The joining (leaving, knocking) server's side of make_*: the check of the template before signing
/// it, and its completion (spec v1.19, server-server API "Joining Rooms"; the MUST lists of
/// <c>joins-v1.yaml</c>, <c>leaving-v1.yaml</c>, <c>knocks.yaml</c>). Only the parts a resident may choose
/// come from it — <c>prev_events</c>, <c>auth_events</c>, <c>depth</c>, the authoriser of a restricted
/// join; anything else would let a malicious resident obtain this server's signature on an event of its
/// choosing (B23, CVE-2026-24471).
/// </summary>
public static class JoinTemplate
{
    /// <summary>Top-level keys a template may have that the joining server signs as given.</summary>
    public static readonly ImmutableArray<string> SignedFields =
        ["room_id", "type", "state_key", "sender", "content", "depth", "prev_events", "auth_events"];

    /// <summary>Top-level keys the joining server replaces or drops before signing, so their values never matter.</summary>
    public static readonly ImmutableArray<string> ReplacedFields =
        ["origin", "origin_server_ts", "event_id", "hashes", "signatures", "unsigned"];

    /// <summary>
    /// Checks the make_* answer <paramref name="response"/> for <paramref name="userId"/>'s
    /// <paramref name="membership"/> in <paramref name="roomId"/>; <paramref name="supportedVersions"/> are the
    /// room versions this server offered in <c>ver</c> (and supports); <paramref name="knownRoomVersion"/> is the room's
    /// version when this server already knows it (from the invite or the knock it holds), null otherwise.
    /// </summary>
    public static EndpointResult<ValidatedTemplate> Check(JsonValue response, string roomId, string userId, string membership, IReadOnlyCollection<string> supportedVersions, string? knownRoomVersion = null)
    {
        if (response is not JsonObject body || body["event"] is not JsonObject template)
        {
            return MatrixError.Of(DanceRule.TemplateMalformedResponse, "the answer is not an object with an event object");
        }

        // room_version: absent means "1" or "2" (joins-v1.yaml, leaving-v1.yaml), whose event formats are the
        // same; make_knock must carry it (knocks.yaml). It must be a version this server offered and knows.
        string? versionId = body["room_version"] switch
        {
            JsonString given => given.Value,
            null when membership != MembershipValues.Knock => supportedVersions.Contains("1") ? "1" : "2",
            _ => null,
        };
        if (versionId is null || !supportedVersions.Contains(versionId) || !RoomVersionRegistry.Lookup(versionId).IsOk)
        {
            return MatrixError.Of(DanceRule.TemplateUnsupportedRoomVersion, $"the template's room version {body["room_version"]?.ToString() ?? "(absent)"} was not offered");
        }
        var version = RoomVersionRegistry.Lookup(versionId).Value;

        // A joiner that knows the room's version (an invite names it) holds the resident to it: a template of another
        // version would have this server sign an event of the wrong format and hold the room under the wrong rules.
        if (knownRoomVersion is not null && !string.Equals(knownRoomVersion, versionId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.TemplateRoomVersionMismatch, $"the template says room version {versionId}; the room is version {knownRoomVersion}");
        }

        // The four MUSTs: type, room_id, sender and state_key, content.membership.
        if (template["type"] is not JsonString { Value: EventTypes.Member })
        {
            return MatrixError.Of(DanceRule.TemplateWrongType, "the template is not an m.room.member event");
        }
        if (template["room_id"] is not JsonString room || !string.Equals(room.Value, roomId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.TemplateWrongRoom, $"the template is not for room {roomId}");
        }
        if (template["sender"] is not JsonString sender || !string.Equals(sender.Value, userId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.TemplateWrongSender, $"the template's sender is not {userId}");
        }
        if (template["state_key"] is not JsonString stateKey || !string.Equals(stateKey.Value, userId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.TemplateWrongStateKey, $"the template's state_key is not {userId}");
        }
        if (template["content"] is not JsonObject content || content[MemberContent.Membership] is not JsonString membershipValue || membershipValue.Value != membership)
        {
            return MatrixError.Of(DanceRule.TemplateWrongMembership, $"the template's membership is not {membership}");
        }

        // Ours (B23): the content holds only the membership and, for a join in a version with restricted
        // rooms, the authoriser's user ID; a displayname, a reason or a third_party_invite would be the
        // resident speaking in this server's name.
        foreach (var (key, value) in content)
        {
            var allowed = key == MemberContent.Membership
                || (key == MemberContent.Authoriser && membership == MembershipValues.Join && version.RestrictedJoins
                    && value is JsonString authoriser && Identifiers.ServerOf(authoriser.Value) is not null);
            if (!allowed) return MatrixError.Of(DanceRule.TemplateUnexpectedContentKey, $"the template's content has \"{key}\", which this server did not ask for");
        }

        // Ours (B23): no top-level key beyond the event fields the resident supplies and those we replace.
        foreach (var key in template.Keys)
        {
            if (!SignedFields.Contains(key) && !ReplacedFields.Contains(key))
            {
                return MatrixError.Of(DanceRule.TemplateUnexpectedField, $"the template has the field \"{key}\", which this server would sign blindly");
            }
        }

        // The resident's parts must still make a PDU of the room version (references, depth).
        var parsed = EventTemplates.ParseUnsigned(template.Without([.. ReplacedFields]).With("origin_server_ts", JsonValue.Number(0)), version, "template.invalid");
        if (!parsed.IsOk) return MatrixError.Of(DanceRule.TemplateNotAPdu, "the template is not an event of its room version: " + parsed.Failure);

        return EndpointResult<ValidatedTemplate>.Ok(DanceRule.TemplateAccepted, new ValidatedTemplate(version, template, roomId, userId, membership));
    }

    /// <summary>
    /// The member content keys the joining (leaving, knocking) server may fill for its own user, by membership: a join or
    /// a knock may carry the user's <c>displayname</c> and <c>avatar_url</c>, and any of the three a <c>reason</c>
    /// (spec v1.19, client-server API <c>m.room.member</c> content; <c>POST /join</c>, <c>/knock</c> and <c>/leave</c> take a
    /// <c>reason</c>). Nothing else: <c>membership</c> and the authoriser are the template's, and <c>is_direct</c> and
    /// <c>third_party_invite</c> belong to invites.
    /// </summary>
    public static ImmutableArray<string> OwnContentKeys(string membership) => membership switch
    {
        MembershipValues.Join or MembershipValues.Knock => ["avatar_url", "displayname", "reason"],
        MembershipValues.Leave => ["reason"],
        _ => [],
    };

    /// <summary>
    /// The signed event: the checked template with this server's <c>origin</c>, the time <paramref name="now"/>, in room
    /// versions 1–2 its own event ID, the content hash and its signature. <paramref name="ownContent"/> is what the server
    /// fills for its user beside the template's content: only the keys of <see cref="OwnContentKeys"/>, with string values.
    /// </summary>
    public static EndpointResult<Pdu> Complete(ValidatedTemplate template, string serverName, Ed25519SigningKey key, long now, JsonObject? ownContent = null)
    {
        var @event = template.Event;
        if (ownContent is { Count: > 0 })
        {
            var allowed = OwnContentKeys(template.Membership);
            var content = (JsonObject)@event["content"]!;
            foreach (var (name, value) in ownContent)
            {
                if (!allowed.Contains(name, StringComparer.Ordinal) || value is not JsonString)
                {
                    return MatrixError.Of(DanceRule.TemplateOwnContentNotAllowed,
                        $"a {template.Membership} may carry only string {string.Join(", ", allowed)} of the server's own, not \"{name}\"");
                }
                content = content.With(name, value);
            }
            @event = @event.With("content", content);
        }
        var signed = EventCompletion.Complete(@event, template.Version, serverName, key, now);
        var parsed = PduParser.Parse(signed, template.Version.Format, PduParseOptions.Federation);
        if (!parsed.IsOk) return MatrixError.Of(DanceRule.TemplateNotAPdu, "the completed template is not an event of its room version: " + parsed.Failure);
        return EndpointResult<Pdu>.Ok(DanceRule.TemplateCompleted, parsed.Value);
    }
}
