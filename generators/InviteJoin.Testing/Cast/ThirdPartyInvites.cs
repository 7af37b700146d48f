using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Json;

namespace InviteJoin.Testing;

/// <summary>
/// The pieces of a third-party invite (spec v1.19, client-server API "Third-party invites"; rooms "Authorisation
/// rules", membership invite with <c>third_party_invite</c>): the <c>m.room.third_party_invite</c> content publishing the
/// identity server's key, and the <c>signed</c> block the identity server gives the invited user.
/// </summary>
public static class ThirdPartyInvites
{
    /// <summary>The content of an <c>m.room.third_party_invite</c> publishing <paramref name="key"/> (default: the identity server's).</summary>
    public static JsonObject Content(Ed25519SigningKey? key = null) => JsonValue.Object(
        ("display_name", JsonValue.String("x...@example.org")),
        ("key_validity_url", JsonValue.String("https://" + TestServers.IdentityServer + "/_matrix/identity/v2/pubkey/isvalid")),
        ("public_key", JsonValue.String((key ?? TestKeys.IdentityServer).PublicKeyBase64)));

    /// <summary>A <c>signed</c> block for <paramref name="mxid"/> and <paramref name="token"/> (none when null), signed by <paramref name="key"/> (default: the identity server's).</summary>
    public static JsonObject Signed(string mxid, string? token, Ed25519SigningKey? key = null)
    {
        var signed = JsonValue.Object(("mxid", JsonValue.String(mxid)));
        if (token is not null) signed = signed.With("token", JsonValue.String(token));
        return JsonSigning.Sign(signed, TestServers.IdentityServer, key ?? TestKeys.IdentityServer);
    }

    /// <summary>Member content of an invite carrying <c>third_party_invite</c> with <paramref name="thirdPartyInvite"/>.</summary>
    public static JsonObject MemberContent(JsonValue thirdPartyInvite) => JsonValue.Object(("third_party_invite", thirdPartyInvite));
}
