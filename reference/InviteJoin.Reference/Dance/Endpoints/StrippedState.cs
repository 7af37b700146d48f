using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Stripped state (spec v1.19, client-server API "Stripped state"): the state that helps a would-be member
/// identify a room, and its reduced form for clients — <c>type</c>, <c>state_key</c>, <c>sender</c> and
/// <c>content</c> only. It is unsigned and untrusted once stripped; clients discard it when real state arrives.
/// </summary>
public static class StrippedState
{
    /// <summary>The event types stripped state should contain, in the spec's order; <c>m.room.create</c> is required since v1.16.</summary>
    public static readonly ImmutableArray<string> RecommendedTypes =
        [EventTypes.Create, EventTypes.Name, EventTypes.Avatar, EventTypes.Topic, EventTypes.JoinRules, EventTypes.CanonicalAlias, EventTypes.Encryption];

    /// <summary>The full PDUs of <paramref name="room"/>'s current state of the recommended types (empty state key), in that order.</summary>
    public static ImmutableArray<Pdu> RoomIdentifyingState(Room room) =>
        [.. RecommendedTypes.Select(type => room.State.Get(type, "")).OfType<Pdu>()];

    /// <summary>
    /// The stripped form of a state event: the four keys the schema allows. A server must prune what it
    /// received over federation to this before it reaches a client (v1.16 warning).
    /// </summary>
    public static JsonObject Strip(JsonObject @event) =>
        @event.Where(key => key is "type" or "state_key" or "sender" or "content");
}
