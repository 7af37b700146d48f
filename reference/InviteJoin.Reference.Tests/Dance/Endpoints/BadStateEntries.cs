using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// Entries of a stripped room state (<c>invite_room_state</c>, <c>knock_room_state</c>) that are not what they must be in room
/// version 12 (spec v1.19, server-server API "Inviting to a room", "Knocking upon a room"; MSC4311): each kind names one fault.
/// </summary>
internal static class BadStateEntries
{
    /// <summary>An entry of <paramref name="room"/>'s state with the fault <paramref name="kind"/>.</summary>
    public static JsonValue Of(RoomBuilder room, string kind) => kind switch
    {
        "not_an_object" => JsonValue.String("m.room.name"),
        "stripped" => StrippedState.Strip(room.Room.State.Get("m.room.name", "")!.Json),
        "not_state" => room.Event("m.room.message", null, TestUsers.Ada, JsonValue.Object(("body", JsonValue.String("hi")))).Json,
        "bad_signature" => room.Room.State.Get("m.room.name", "")!.Json.With("origin_server_ts", JsonValue.Number(1)),
        "other_room" => RoomBuilder.Federated(room.Version, name: "other").Name(TestUsers.Ada, "Other").Room.State.Get("m.room.name", "")!.Json,
        _ => throw new FixtureException("no bad state entry of kind " + kind),
    };
}
