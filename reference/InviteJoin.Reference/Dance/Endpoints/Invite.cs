using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary><c>PUT /_matrix/federation/v2/invite/{roomId}/{eventId}</c> from <paramref name="Origin"/>, with body <c>{room_version, event, invite_room_state?}</c>.</summary>
public sealed record InviteRequest(string Origin, string RoomId, string EventId, JsonValue Body);

/// <summary>
/// <c>PUT /_matrix/federation/v1/invite/{roomId}/{eventId}</c> from <paramref name="Origin"/>: the body is the invite event itself,
/// with <c>unsigned.invite_room_state</c> (invites-v1.yaml).
/// </summary>
public sealed record InviteV1Request(string Origin, string RoomId, string EventId, JsonValue Body);

/// <summary>
/// The invitee's answer: the invite with its server's signature added (the 200 body is <c>{"event": …}</c>),
/// the stripped state its clients will see, and the tolerated problems with <c>invite_room_state</c>.
/// </summary>
public sealed record InviteResponse(JsonObject Event, ImmutableArray<JsonObject> StrippedState, ImmutableArray<InviteRoomStateWarning> Warnings)
{
    /// <summary>The 200 body of the v2 API.</summary>
    public JsonObject ToJson() => JsonValue.Object(("event", Event));

    /// <summary>The 200 body of the v1 API: <c>[200, {"event": …}]</c> (invites-v1.yaml).</summary>
    public JsonArray ToV1Json() => JsonValue.Array(JsonValue.Number(200), ToJson());
}

/// <summary>
/// The invitee's server's side of an invite (spec v1.19, server-server API "Inviting to a room";
/// <c>invites-v2.yaml</c>): validate the invite so as never to sign a non-invite for a malicious server,
/// validate <c>invite_room_state</c>, apply the server's policy, then countersign. The countersignature
/// proves the invitee's server saw the invite; the auth rules never ask for it.
/// </summary>
public static class Invite
{
    /// <summary>
    /// Answers the v1 <paramref name="request"/>, which "must assume that the room version is either 1 or 2" (invites-v1.yaml): the
    /// two share their event format, so the invite is read as room version 2 when the create event in
    /// <c>unsigned.invite_room_state</c> names it and 1 otherwise, and validated as a v2 request carrying that list as its
    /// <c>invite_room_state</c>. Answer with <see cref="InviteResponse.ToV1Json"/>.
    /// </summary>
    public static EndpointResult<InviteResponse> HandleV1(InviteeServer server, InviteV1Request request)
    {
        if (request.Body is not JsonObject @event) return MatrixError.Of(DanceRule.InviteNotAnObject, "the body is not a JSON object");
        var roomState = (@event["unsigned"] as JsonObject)?["invite_room_state"];
        // Which of the two it is only the create event says (their formats and the invite's validation are the same):
        // version 2 when the room state's create event names it, otherwise 1.
        var named = roomState is JsonArray entries
            && entries.Any(e => e is JsonObject { } c && c["type"] is JsonString { Value: EventTypes.Create } && (c["content"] as JsonObject)?["room_version"] is JsonString { Value: "2" })
            ? "2" : "1";
        if (!server.SupportedRoomVersions.Contains(named)) return MatrixError.Of(DanceRule.InviteIncompatibleRoomVersion, $"{server.ServerName} does not support room version {named}", roomVersion: named);
        var body = JsonValue.Object(("room_version", JsonValue.String(named)), ("event", @event));
        if (roomState is not null) body = body.With("invite_room_state", roomState);
        return Handle(server, new InviteRequest(request.Origin, request.RoomId, request.EventId, body));
    }

    /// <summary>Answers <paramref name="request"/>.</summary>
    public static EndpointResult<InviteResponse> Handle(InviteeServer server, InviteRequest request)
    {
        // Server ACLs: /v1 and /v2 invite "MUST be protected". The invitee's server can apply a room's ACL only when it holds the room.
        if (server.Rooms.TryGetValue(request.RoomId, out var held) && ServerAcl.Evaluate(held.State, request.Origin) is { Allowed: false } denied)
        {
            return MatrixError.Of(DanceRule.InviteServerDenied, $"the room's server ACL denies {request.Origin} ({denied})");
        }
        if (request.Body is not JsonObject body) return MatrixError.Of(DanceRule.InviteNotAnObject, "the body is not a JSON object");

        // room_version is required; an unsupported one is 400 M_INCOMPATIBLE_ROOM_VERSION with room_version.
        if (body["room_version"] is not JsonString versionText) return MatrixError.Of(DanceRule.InviteMissingRoomVersion, "the body has no room_version string");
        if (!server.SupportedRoomVersions.Contains(versionText.Value) || RoomVersionRegistry.Lookup(versionText.Value) is not { IsOk: true } lookup)
        {
            return MatrixError.Of(DanceRule.InviteIncompatibleRoomVersion, $"{server.ServerName} does not support room version {versionText.Value}", roomVersion: versionText.Value);
        }
        var version = lookup.Value;

        if (!body.TryGetValue("event", out var eventValue)) return MatrixError.Of(DanceRule.InviteMissingEvent, "the body has no event");
        // Hashes and signatures are checked below, where their absence is a failed signature check (M_INVALID_PARAM).
        var parsed = PduParser.Parse(eventValue, version.Format, MembershipSubmission.Unverified);
        if (!parsed.IsOk) return MatrixError.Of(DanceRule.InviteMalformedEvent, "the event is not an event of the room version: " + parsed.Failure);
        var invite = parsed.Value;
        var json = (JsonObject)eventValue;

        // B21: the path names the room and the event (ID computed per room version).
        if (!string.Equals(invite.RoomId.Value, request.RoomId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.InviteRoomIdMismatch, $"the event is for room {invite.RoomId}, the path names {request.RoomId}");
        }
        if (!string.Equals(invite.EventId.Value, request.EventId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.InviteEventIdMismatch, $"the event's ID is {invite.EventId}, the path names {request.EventId}");
        }

        // The MUST list of invites-v2.yaml ("to ensure they don't accidentally sign non-invite events").
        if (invite.Type != EventTypes.Member) return MatrixError.Of(DanceRule.InviteNotMemberEvent, $"the event is of type {invite.Type}, not m.room.member");
        if (invite.Membership != MembershipValues.Invite) return MatrixError.Of(DanceRule.InviteWrongMembership, "the event's membership is not invite");
        if (!string.Equals(invite.Sender.Server.Value, request.Origin, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.InviteSenderNotOnOrigin, $"the sender {invite.Sender} is not a user of the requesting server {request.Origin}");
        }
        if (!Identifiers.IsOn(invite.StateKey, server.ServerName))
        {
            return MatrixError.Of(DanceRule.InviteTargetNotLocal, $"the invited user {invite.StateKey ?? "(none)"} is not a user of {server.ServerName}");
        }
        if (!server.LocalUsers.Contains(invite.StateKey!)) return MatrixError.Of(DanceRule.InviteUnknownUser, $"{server.ServerName} has no user {invite.StateKey}");

        // The inviter's signature (the requesting server's, which is the sender's), then the content hash:
        // the invitee signs this exact event, so a copy that fails its hash is refused rather than redacted (ours).
        if (json["signatures"] is not JsonObject) return MatrixError.Of(DanceRule.InviteBadSignature, "the invite carries no signatures object");
        var (accepted, dropped) = PduVerification.Check(json, version.Format, server.Keys);
        if (dropped is { Stage: InboundStage.Signatures } || (accepted is not null && !accepted.VerifiedServers.Contains(request.Origin, StringComparer.Ordinal)))
        {
            return MatrixError.Of(DanceRule.InviteBadSignature, "the invite is not validly signed by " + request.Origin + (dropped is null ? "" : ": " + dropped.Failure));
        }
        if (dropped is not null || accepted!.ReplacedByRedaction)
        {
            return MatrixError.Of(DanceRule.InviteContentHashMismatch, "the invite's content does not match its content hash");
        }

        var roomState = InviteRoomState.Validate(body["invite_room_state"], version, invite.RoomId, server.Keys);
        if (roomState.Error is { } badRoomState) return badRoomState;

        // The server's own choices, judged after the invite is known to be genuine (403 reasons of invites-v2.yaml).
        var policy = server.Policy;
        if (policy.RefusedServers.Contains(request.Origin) || policy.RefusedSenders.Contains(invite.Sender.Value))
        {
            return MatrixError.Of(DanceRule.InviteSenderRefused, $"{server.ServerName} does not accept invites from {invite.Sender}");
        }
        if (policy.RefusedRooms.Contains(invite.RoomId.Value)) return MatrixError.Of(DanceRule.InviteRoomRefused, $"{server.ServerName} refuses to take part in {invite.RoomId}");
        if (policy.UsersBlockingInvites.Contains(invite.StateKey!)) return MatrixError.Of(DanceRule.InviteInvitesBlocked, $"{invite.StateKey} blocks invites");

        // Countersign: the invitee's signature over the redacted event is added; every other field is
        // untouched, and since signatures are outside the content and reference hashes, the event ID stays.
        var countersigned = EventSigning.SignEvent(json, version.Format, server.ServerName, server.SigningKey);
        var result = roomState.Result!;
        var stripped = result.Entries.Select(e => StrippedState.Strip(e.Json)).ToImmutableArray();
        var rule = result.Warnings.IsEmpty ? DanceRule.InviteCountersigned : DanceRule.InviteCountersignedWithWarnings;
        return EndpointResult<InviteResponse>.Ok(rule, new InviteResponse(countersigned, stripped, result.Warnings));
    }
}
