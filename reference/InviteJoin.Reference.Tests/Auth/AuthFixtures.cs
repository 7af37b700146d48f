using InviteJoin.Generators.Events;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Pieces the rule tests share beyond <see cref="RoomBuilder"/>: hand-made create events, signature
/// entries for the restricted-join rule, and events moved to another room.
/// </summary>
internal static class AuthFixtures
{
    /// <summary>An edit that gives the event a (non-empty) signature entry by <paramref name="server"/>, which the default oracle accepts.</summary>
    public static Func<JsonObject, JsonObject> SignedBy(string server) =>
        json => json.With("signatures", JsonValue.Object((server, JsonValue.Object(("ed25519:1", JsonValue.String("c2lnbmF0dXJl"))))));

    /// <summary>
    /// The JSON of a create event of <paramref name="version"/> by <paramref name="sender"/>, named <c>made</c>: content
    /// as given (nothing added), no previous events, a room ID <c>!made:server</c> of the sender's server in versions 1–11.
    /// </summary>
    public static JsonObject CreateJson(RoomVersion version, string sender, JsonObject content)
    {
        var writer = Writer(version, sender);
        return writer.Json(writer.CreateName, EventTypes.Create, "", sender, content, [], [], 1);
    }

    /// <summary>The content a well-formed create event of <paramref name="version"/> by <paramref name="sender"/> has.</summary>
    public static JsonObject CreateContent(RoomVersion version, string sender) => Writer(version, sender).CreateContent(sender);

    /// <summary><paramref name="create"/> judged on both paths (a create event cites nothing and is decided by rule 1 alone).</summary>
    public static (AuthDecision AgainstState, AuthDecision AgainstAuthEvents) CheckCreate(Pdu create, RoomVersion version) =>
        (EventAuthorizer.AuthorizeAgainstState(create, AuthState.Empty, version, AuthContext.Default),
         EventAuthorizer.AuthorizeAgainstAuthEvents(create, [], version, AuthContext.Default));

    /// <summary>A list of references to <paramref name="eventIds"/> in <paramref name="version"/>'s format (<c>[ID, hashes]</c> pairs in versions 1–2).</summary>
    public static JsonArray References(RoomVersion version, params string[] eventIds) => EventWriter.References(version.Format, eventIds);

    /// <summary>A copy of <paramref name="pdu"/> in room <paramref name="roomId"/> under the ID <paramref name="eventId"/>.</summary>
    public static Pdu MovedTo(Pdu pdu, string roomId, string eventId, RoomVersion version) =>
        RoomBuilder.Parse(pdu.Json.With("room_id", JsonValue.String(roomId)).With("event_id", JsonValue.String(eventId)), version);

    /// <summary>This room with an <c>m.room.third_party_invite</c> for <paramref name="token"/> sent by <paramref name="sender"/>, publishing the identity server's key.</summary>
    public static RoomBuilder WithThirdPartyInvite(this RoomBuilder room, string token, string sender) =>
        room.Add(room.Event(EventTypes.ThirdPartyInvite, token, sender, ThirdPartyInvites.Content()));

    private static EventWriter Writer(RoomVersion version, string sender) =>
        new(version, TestUsers.ServerOf(sender), createName: "made", roomName: "made");
}
