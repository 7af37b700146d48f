using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// <c>PUT /_matrix/federation/v1/exchange_third_party_invite/{roomId}</c> from <paramref name="Origin"/> (the
/// server of the user the third-party identifier is now bound to), with a partial <c>m.room.member</c> event.
/// </summary>
public sealed record ExchangeThirdPartyInviteRequest(string Origin, string RoomId, JsonValue Body);

/// <summary>
/// The inviting server's exchange of a third-party invite (spec v1.19, server-server API "Third-party
/// invites"; <c>third_party_invite.yaml</c>): it verifies the partial event, then issues the invite "as per
/// the Inviting to a room section" before answering <c>{}</c>. The answer here is that invite, for the
/// caller to deliver to the invitee's server (<see cref="Invite.Handle"/>) and, once countersigned, to take
/// into the room (<see cref="OutgoingInvites.AcceptResponse"/>).
/// </summary>
/// <remarks>
/// The exchange recipient MUST also check the identity server's <c>key_validity_url</c>; that is a network
/// call, outside this pure model, and here the key is taken as valid.
/// </remarks>
public static class ExchangeThirdPartyInvite
{
    /// <summary>Answers <paramref name="request"/> at time <paramref name="now"/>.</summary>
    public static EndpointResult<OutgoingInvite> Handle(ResidentServer server, ExchangeThirdPartyInviteRequest request, long now)
    {
        if (server.Room(request.RoomId) is not { } room) return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteUnknownRoom, $"{server.ServerName} does not know room {request.RoomId}");
        if (!server.IsResidentIn(room)) return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteNotResident, $"no user of {server.ServerName} is joined to {request.RoomId}");
        if (request.Body is not JsonObject body) return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteNotAnObject, "the body is not a JSON object");
        if (body["type"] is not JsonString type || body["room_id"] is not JsonString roomId || body["sender"] is not JsonString sender
            || body["state_key"] is not JsonString target || body["content"] is not JsonObject content)
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteMalformedEvent, "the partial event needs string type, room_id, sender, state_key and an object content");
        }

        // "room_id ... Must match the ID given in the path" (B21).
        if (!string.Equals(roomId.Value, request.RoomId, StringComparison.Ordinal))
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteRoomIdMismatch, $"the event is for room {roomId.Value}, the path names {request.RoomId}");
        }
        if (type.Value != EventTypes.Member) return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteNotMemberEvent, $"the event is of type {type.Value}, not m.room.member");
        if (content[MemberContent.Membership] is not JsonString { Value: MembershipValues.Invite })
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteWrongMembership, "the event's membership is not invite");
        }
        if (content[MemberContent.ThirdPartyInvite] is not JsonObject thirdPartyInvite || thirdPartyInvite["signed"] is not JsonObject signedProof)
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteMissingThirdPartyInvite, "the event has no third_party_invite with a signed object");
        }
        // The schema requires display_name beside signed.
        if (thirdPartyInvite["display_name"] is not JsonString)
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteMissingDisplayName, "third_party_invite has no display_name string");
        }

        // The name that stands for the invitee is the one the inviter's m.room.third_party_invite gave (its display_name, "a
        // user-readable string which represents the user who has been invited"), not whatever the invitee's server sends.
        if (signedProof["token"] is JsonString token
            && room.State.ThirdPartyInvite(token.Value)?.Content["display_name"] is JsonString original)
        {
            content = content.With(MemberContent.ThirdPartyInvite, thirdPartyInvite.With("display_name", original));
        }

        // The sender is the user who sent the m.room.third_party_invite: this server's user, or the
        // request reached the wrong server. Ours: the invited user must belong to the requesting server,
        // which is the one the identity server told of the binding.
        if (!server.IsLocal(sender.Value)) return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteSenderNotLocal, $"{sender.Value} is not a user of {server.ServerName}");
        if (!Identifiers.IsOn(target.Value, request.Origin))
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteTargetNotOnOrigin, $"{target.Value} is not a user of the requesting server {request.Origin}");
        }

        // Issue the invite: the auth rules check the signed proof against the m.room.third_party_invite keys.
        var built = OutgoingInvites.Build(server, request.RoomId, sender.Value, target.Value, now, content.Without(MemberContent.Membership));
        if (built.Error is { Rule: DanceRule.LocalEventMalformed } malformed)
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteMalformedEvent, "the invite is not an event of the room version: " + malformed.Message);
        }
        if (built.Error is { } refused)
        {
            return MatrixError.Of(DanceRule.ExchangeThirdPartyInviteNotAuthorised, "the invite cannot be issued: " + refused.Message, refused.AuthRule);
        }
        return EndpointResult<OutgoingInvite>.Ok(DanceRule.ExchangeThirdPartyInviteIssued, built.Value!);
    }
}
