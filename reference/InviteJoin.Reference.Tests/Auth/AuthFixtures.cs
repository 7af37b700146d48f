using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Tests.Crypto;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Pieces the rule tests share beyond <see cref="RoomBuilder"/>: hand-made create events, signature
/// entries for the restricted-join rule, third-party invites signed with a test key, and events moved
/// to another room.
/// </summary>
internal static class AuthFixtures
{
    /// <summary>The key an identity server signs third-party invites with in these tests.</summary>
    public static readonly Ed25519SigningKey IdentityKey = TestKeys.Filled(3, "ed25519:0");

    /// <summary>A key the room never published.</summary>
    public static readonly Ed25519SigningKey StrangerKey = TestKeys.Filled(9, "ed25519:0");

    /// <summary>An edit that gives the event a (non-empty) signature entry by <paramref name="server"/>, which the default oracle accepts.</summary>
    public static Func<JsonObject, JsonObject> SignedBy(string server) =>
        json => json.With("signatures", JsonValue.Object((server, JsonValue.Object(("ed25519:1", JsonValue.String("c2lnbmF0dXJl"))))));

    /// <summary>
    /// The JSON of a create event of <paramref name="version"/> by <paramref name="sender"/>: content as given
    /// (nothing added), no previous events, a room ID on the sender's server in versions 1–11.
    /// </summary>
    public static JsonObject CreateJson(RoomVersion version, string sender, JsonObject content)
    {
        var server = RoomBuilder.ServerOf(sender);
        var json = JsonValue.Object(
            ("event_id", JsonValue.String(version.RoomIdIsCreateEventHash ? "$made" : "$made:" + server)),
            ("type", JsonValue.String(EventTypes.Create)),
            ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String(sender)),
            ("content", content),
            ("depth", JsonValue.Number(1)),
            ("origin_server_ts", JsonValue.Number(1)),
            ("prev_events", JsonArray.Empty),
            ("auth_events", JsonArray.Empty));
        return version.RoomIdIsCreateEventHash ? json : json.With("room_id", JsonValue.String("!made:" + server));
    }

    /// <summary>The content a well-formed create event of <paramref name="version"/> by <paramref name="sender"/> has.</summary>
    public static JsonObject CreateContent(RoomVersion version, string sender)
    {
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)));
        return version.CreatorInContent ? content.With("creator", JsonValue.String(sender)) : content;
    }

    /// <summary><paramref name="create"/> judged on both paths (a create event cites nothing and is decided by rule 1 alone).</summary>
    public static (AuthDecision AgainstState, AuthDecision AgainstAuthEvents) CheckCreate(Pdu create, RoomVersion version) =>
        (EventAuthorizer.AuthorizeAgainstState(create, AuthState.Empty, version, AuthContext.Default),
         EventAuthorizer.AuthorizeAgainstAuthEvents(create, [], version, AuthContext.Default));

    /// <summary>A reference to <paramref name="eventId"/> in <paramref name="version"/>'s format (an [ID, hashes] pair in versions 1–2).</summary>
    public static JsonValue Reference(RoomVersion version, string eventId) =>
        version.Format.ReferencesCarryHashes ? JsonValue.Array(JsonValue.String(eventId), JsonObject.Empty) : JsonValue.String(eventId);

    /// <summary>A list of references in <paramref name="version"/>'s format.</summary>
    public static JsonArray References(RoomVersion version, params string[] eventIds) =>
        JsonValue.Array(eventIds.Select(id => Reference(version, id)));

    /// <summary>A copy of <paramref name="pdu"/> in room <paramref name="roomId"/> under the ID <paramref name="eventId"/>.</summary>
    public static Pdu MovedTo(Pdu pdu, string roomId, string eventId, RoomVersion version) =>
        RoomBuilder.Parse(pdu.Json.With("room_id", JsonValue.String(roomId)).With("event_id", JsonValue.String(eventId)), version);

    /// <summary>The content of an <c>m.room.third_party_invite</c> publishing <see cref="IdentityKey"/>.</summary>
    public static JsonObject ThirdPartyInviteContent() => JsonValue.Object(
        ("display_name", JsonValue.String("b...@example.com")),
        ("key_validity_url", JsonValue.String("https://identity.example.com/validity")),
        ("public_key", JsonValue.String(IdentityKey.PublicKeyBase64)));

    /// <summary>A <c>signed</c> block for <paramref name="mxid"/> and <paramref name="token"/>, signed by <paramref name="key"/>.</summary>
    public static JsonObject Signed(string mxid, string token, Ed25519SigningKey? key = null) =>
        JsonSigning.Sign(JsonValue.Object(("mxid", JsonValue.String(mxid)), ("token", JsonValue.String(token))), "identity.example.com", key ?? IdentityKey);

    /// <summary>Member content of an invite that carries <c>third_party_invite</c> with <paramref name="thirdPartyInvite"/>.</summary>
    public static JsonObject ThirdPartyInviteMember(JsonValue thirdPartyInvite) =>
        JsonValue.Object(("third_party_invite", thirdPartyInvite));

    /// <summary>This room with an <c>m.room.third_party_invite</c> for <paramref name="token"/> sent by <paramref name="sender"/>.</summary>
    public static RoomBuilder WithThirdPartyInvite(this RoomBuilder room, string token, string sender) =>
        room.Add(room.Event(EventTypes.ThirdPartyInvite, token, sender, ThirdPartyInviteContent()));
}
