using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The answer of make_join, make_leave and make_knock: the room version and an unsigned template
/// (spec v1.19, <c>joins-v1.yaml</c>, <c>leaving-v1.yaml</c>, <c>knocks.yaml</c>).
/// </summary>
public sealed record TemplateResponse(string RoomVersion, JsonObject Event)
{
    /// <summary>The 200 body: <c>{"room_version", "event"}</c>.</summary>
    public JsonObject ToJson() => JsonValue.Object(("room_version", JsonValue.String(RoomVersion)), ("event", Event));
}

/// <summary>The rule each step of a make_* endpoint answers with.</summary>
internal sealed record MakeRules(
    DanceRule BadUserId,
    DanceRule UserNotOnOrigin,
    DanceRule UnknownRoom,
    DanceRule NotResident,
    DanceRule PartialState,
    DanceRule ServerDenied,
    DanceRule? IncompatibleRoomVersion,
    DanceRule NotAuthorised);

/// <summary>
/// The steps make_join, make_leave and make_knock share: the user must belong to the requesting
/// server, the room must be one this server is resident in, the room version must be one the requester
/// supports; then a template is built and judged by the auth rules before it is offered.
/// </summary>
internal static class MakeMembership
{
    /// <summary>The room the request may be answered for, or the refusal.</summary>
    public static (Room? Room, MatrixError? Error) Preflight(ResidentServer server, string origin, string roomId, string userId, ImmutableArray<string>? ver, MakeRules rules)
    {
        // The path's userId "MUST be a user ID on the origin server" (joins-v1.yaml, leaving-v1.yaml,
        // knocks.yaml); otherwise a server could have a resident build joins or leaves for others' users (B20).
        var userServer = Identifiers.ServerOf(userId);
        if (userServer is null) return (null, MatrixError.Of(rules.BadUserId, $"\"{userId}\" is not a user ID"));
        if (!string.Equals(userServer, origin, StringComparison.Ordinal))
        {
            return (null, MatrixError.Of(rules.UserNotOnOrigin, $"{userId} is not a user of the requesting server {origin}"));
        }

        // 404 M_NOT_FOUND: the room is unknown to the receiving server.
        if (server.Room(roomId) is not { } room) return (null, MatrixError.Of(rules.UnknownRoom, $"{server.ServerName} does not know room {roomId}"));

        // Ours (B31): a server none of whose users is joined in the current state is no longer a resident;
        // its copy of the room may be stale, so it answers as if it did not know the room.
        if (!server.IsResidentIn(room)) return (null, MatrixError.Of(rules.NotResident, $"no user of {server.ServerName} is joined to {roomId}"));

        // A server holding only a partial state (it joined with members omitted and has not resynced) is no resident for
        // others: it cannot name the auth events a template needs, nor answer the send_* that follows (MSC3902; Synapse
        // answers 404 "not fully joined").
        if (room.IsPartialState) return (null, MatrixError.Of(rules.PartialState, $"{server.ServerName} holds only a partial state of {roomId}"));

        // Server ACLs: make_join, make_leave and make_knock "MUST be protected"; a denied server gets 403 M_FORBIDDEN
        // (server-server API "Server Access Control Lists (ACLs)").
        if (ServerAcl.Evaluate(room.State, origin) is { Allowed: false } denied)
        {
            return (null, MatrixError.Of(rules.ServerDenied, $"the room's server ACL denies {origin} ({denied})"));
        }

        // Room-version negotiation: the room's version must be among those the requester listed in ver.
        if (ver is { } versions && rules.IncompatibleRoomVersion is { } incompatible && !versions.Contains(room.Version.Id, StringComparer.Ordinal))
        {
            return (null, MatrixError.Of(incompatible,
                $"the room's version {room.Version.Id} is not among the versions the requesting server supports", roomVersion: room.Version.Id));
        }
        return (room, null);
    }

    /// <summary>
    /// The template of <paramref name="userId"/>'s membership <paramref name="content"/>, judged against the
    /// current state. The resident signs a restricted join at send_join, so its own signature counts as present.
    /// </summary>
    public static EndpointResult<TemplateResponse> Offer(ResidentServer server, Room room, string userId, JsonObject content, long now, DanceRule notAuthorised, DanceRule issued)
    {
        var template = EventTemplates.Build(room, EventTypes.Member, userId, userId, content, server.ServerName, now);
        var parsed = EventTemplates.ParseUnsigned(template, room.Version, server.ServerName);
        if (!parsed.IsOk) throw new InvalidOperationException("A template built from the room's own state does not parse: " + parsed.Failure);

        var verifies = AuthContext.VerifiesWith(server.Keys);
        var context = room.AuthContextFor(server.Keys) with
        {
            IsSignedBy = (pdu, signer) => string.Equals(signer, server.ServerName, StringComparison.Ordinal) || verifies(pdu, signer),
        };
        var decision = EventAuthorizer.AuthorizeAgainstState(parsed.Value, room.State, room.Version, context);
        if (!decision.Allowed) return MatrixError.Of(notAuthorised, "the auth rules reject this membership: " + decision, decision.Rule);
        return EndpointResult<TemplateResponse>.Ok(issued, new TemplateResponse(room.Version.Id, template));
    }
}
