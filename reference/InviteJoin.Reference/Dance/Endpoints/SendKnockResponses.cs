using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The knocking server after it took the send_knock answer: the knock, the stripped state its clients may see (the
/// entries of <c>knock_room_state</c> that passed), and the tolerated problems with the others.
/// </summary>
public sealed record KnockAccepted(Pdu Knock, ImmutableArray<JsonObject> StrippedState, ImmutableArray<InviteRoomStateWarning> Warnings);

/// <summary>
/// The knocking server's handling of the send_knock answer (spec v1.19, knocks.yaml): <c>knock_room_state</c> "MUST contain
/// the <c>m.room.create</c> event" and its entries be formatted per the room version; entries "improperly signed or formatted
/// SHOULD be removed by the server prior to supplying them over the Client-Server API". It is checked as
/// <c>invite_room_state</c> is (<see cref="InviteRoomState"/>): bounded in every version (B24, B25), a failing entry left out
/// with a warning in room versions 1–11 and refusing the answer in version 12, and a create event naming another room
/// version than the template claimed refusing it in every version.
/// </summary>
public static class SendKnockResponses
{
    /// <summary>Takes <paramref name="responseBody"/>, the answer to <paramref name="sentKnock"/> in a room of <paramref name="version"/>.</summary>
    public static EndpointResult<KnockAccepted> Apply(ResidentServer knocker, RoomVersion version, Pdu sentKnock, JsonValue responseBody)
    {
        if (responseBody is not JsonObject body || !body.TryGetValue("knock_room_state", out var roomState))
        {
            return MatrixError.Of(DanceRule.SendKnockResponseMalformed, "the answer is not an object with knock_room_state");
        }
        var (result, error) = InviteRoomState.Validate(roomState, version, sentKnock.RoomId, knocker.Keys, RoomStateRules.Knock);
        if (error is not null) return error;
        var stripped = result!.Entries.Select(e => StrippedState.Strip(e.Json)).ToImmutableArray();
        var rule = result.Warnings.IsEmpty ? DanceRule.SendKnockResponseAccepted : DanceRule.SendKnockResponseAcceptedWithWarnings;
        return EndpointResult<KnockAccepted>.Ok(rule, new KnockAccepted(sentKnock, stripped, result.Warnings));
    }
}
