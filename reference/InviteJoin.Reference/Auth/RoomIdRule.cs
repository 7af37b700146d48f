using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 2 (room version 12 only, MSC4291): the event's room ID is the ID of an accepted
/// <c>m.room.create</c> event with <c>!</c> for <c>$</c> (spec v1.19, rooms v12 "Authorisation rules" 2).
/// See <c>spec/rules/02-room-id.md</c>.
/// </summary>
internal static class RoomIdRule
{
    /// <summary>
    /// The create event <paramref name="e"/>'s room ID names, when the room ID has that form and one of
    /// <paramref name="candidates"/> has that ID; otherwise null.
    /// </summary>
    public static Pdu? FindCreate(Pdu e, IEnumerable<Pdu> candidates)
    {
        if (e.ImpliedCreateEvent is not { } createId) return null;
        foreach (var candidate in candidates)
        {
            if (candidate.EventId.Equals(createId)) return candidate;
        }
        return null;
    }

    /// <summary>A rejection when <paramref name="create"/> is not the accepted create event <paramref name="e"/>'s room ID names; null when it is.</summary>
    public static AuthDecision? Check(Pdu e, Pdu? create, AuthContext context)
    {
        // `room.not_create_event_hash` ("Authorisation rules" 2, v12):
        // the room ID must be "!" + the ID of a create event we hold...
        if (create is null || !e.RoomId.IsNamedAfter(create.EventId))
        {
            return e.RoomId.CreateEventId is { } named
                ? AuthDecision.Reject(Rule.RoomNotCreateEventHash, ("room_id", e.RoomId.Value), ("problem", "the create event " + named.Value + " is not known"))
                : AuthDecision.Reject(Rule.RoomNotCreateEventHash, ("room_id", e.RoomId.Value), ("problem", "the room ID does not have the form of a create event's ID"));
        }
        var createId = create.EventId;
        // ... that is a create event ...
        if (!CreateRules.Applies(create) || !string.Equals(create.StateKey, "", StringComparison.Ordinal))
        {
            return AuthDecision.Reject(Rule.RoomNotCreateEventHash, ("room_id", e.RoomId.Value), ("problem", createId.Value + " is not an m.room.create state event"));
        }
        // ... and was not rejected.
        if (context.IsRejected(createId))
        {
            return AuthDecision.Reject(Rule.RoomNotCreateEventHash, ("room_id", e.RoomId.Value), ("problem", "the create event " + createId.Value + " was rejected"));
        }
        return null;
    }
}
