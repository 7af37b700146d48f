using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Reference.Tests.Dance;

/// <summary>
/// The policy server of the tests (spec v1.18+, server-server API "Policy Servers"): c.test, whose user Carl is joined, named
/// by an <c>m.room.policy</c> event with its recommendation key, which is not its federation key.
/// </summary>
internal static class PolicyServers
{
    /// <summary>The policy server: the server named in <c>via</c>.</summary>
    public const string Via = TestServers.C;

    /// <summary>The recommendation key, <c>ed25519:policy_server</c>, named in <c>m.room.policy</c>.</summary>
    public static readonly Ed25519SigningKey Key = TestKeys.Filled(0xF6, "ed25519:policy_server");

    /// <summary>The content of an <c>m.room.policy</c> naming <paramref name="via"/> and <paramref name="key"/> (default: the recommendation key).</summary>
    public static JsonObject Content(string via = Via, string? key = null) => JsonValue.Object(
        ("via", JsonValue.String(via)),
        ("public_keys", JsonValue.Object(("ed25519", JsonValue.String(key ?? Key.PublicKeyBase64)))));

    /// <summary><paramref name="room"/> using the policy server from now on: Carl joins, and the creator sends <c>m.room.policy</c>.</summary>
    public static RoomBuilder Protect(RoomBuilder room) => room.Join(TestUsers.Carl).Send(EventTypes.Policy, "", room.Creator, Content());

    /// <summary><paramref name="pdu"/> with the policy server's signature added.</summary>
    public static Pdu CoSigned(Pdu pdu, RoomVersion version) =>
        RoomBuilder.ParseSigned(PolicyServer.WithSignatures(pdu.Json, PolicyServer.Sign(pdu.Json, version.Format, Via, Key)), version);

    /// <summary>As <see cref="RoomBuilder.Send"/>, in a room that uses the policy server: the event carries its signature, as an honest server asks for before sending.</summary>
    public static RoomBuilder SendSigned(this RoomBuilder room, string type, string? stateKey, string sender, JsonObject content) =>
        room.Add(CoSigned(room.Event(type, stateKey, sender, content), room.Version));

    /// <summary>The policy server's signer: it signs every event it is asked about.</summary>
    public static PolicySigner SignsAll(RoomVersion version) => pdu => PolicyServer.Sign(pdu, version.Format, Via, Key);
}
