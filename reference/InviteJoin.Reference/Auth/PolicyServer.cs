using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Auth;

/// <summary>What check 7 on receipt made of an event (spec v1.18+, server-server API "Validating Policy Server signatures").</summary>
public enum PolicyServerCheck
{
    /// <summary>The room does not use a policy server: the event is recommended for inclusion.</summary>
    [WireToken("policy_server.not_in_use")] NotInUse = 1,

    /// <summary>The <c>m.room.policy</c> state event with an empty state key, which the policy server is never asked to sign.</summary>
    [WireToken("policy_server.exempt")] Exempt,

    /// <summary>The event carries a valid signature of the policy server's <c>ed25519:policy_server</c> key: recommended.</summary>
    [WireToken("policy_server.signed")] Signed,

    /// <summary>The room uses a policy server and the event carries no signature by its <c>ed25519:policy_server</c> key: soft failed.</summary>
    [WireToken("policy_server.missing_signature")] MissingSignature,

    /// <summary>It carries one that does not verify with the key the room's state names (or that key is unusable): soft failed.</summary>
    [WireToken("policy_server.bad_signature")] BadSignature,
}

/// <summary>The policy server a room uses: the server name its signatures are under, and its public key (null when the state's key cannot be decoded).</summary>
public sealed record PolicyServerConfig(string Via, ImmutableArray<byte>? Ed25519Key);

/// <summary>
/// Policy servers (spec v1.18+, server-server API "Policy Servers", "Determining if a Policy Server is enabled in a room",
/// "Validating Policy Server signatures"; client-server API <c>m.room.policy</c>). A room uses one when its current state has
/// a valid <c>m.room.policy</c> with an empty state key and the named server has a joined user; then every event but that
/// state event needs the policy server's signature, or it is soft failed. The authorisation rules never ask for it.
/// </summary>
public static class PolicyServer
{
    /// <summary>The key ID of a policy server's signature: "The Key ID for the <c>ed25519</c> key in <c>m.room.policy</c> is always <c>ed25519:policy_server</c>".</summary>
    public const string KeyId = "ed25519:policy_server";

    /// <summary>
    /// The policy server <paramref name="currentState"/> uses, or null: a <c>m.room.policy</c> with empty state key whose content
    /// has a string <c>via</c> and an object <c>public_keys</c> with a string <c>ed25519</c>, and a user of <c>via</c> joined.
    /// </summary>
    public static PolicyServerConfig? InUse(AuthState currentState)
    {
        if (currentState.Get(EventTypes.Policy, "") is not { } policy
            || policy.Content["via"] is not JsonString via
            || policy.Content["public_keys"] is not JsonObject keys
            || keys["ed25519"] is not JsonString key)
        {
            return null;
        }
        if (!HasJoinedUser(currentState, via.Value)) return null;
        return new PolicyServerConfig(via.Value, Decode(key.Value));
    }

    /// <summary>Check 7 on <paramref name="pdu"/> against the room's current state.</summary>
    public static PolicyServerCheck Check(Pdu pdu, AuthState currentState)
    {
        if (InUse(currentState) is not { } config) return PolicyServerCheck.NotInUse;
        if (pdu.Type == EventTypes.Policy && pdu.StateKey == "") return PolicyServerCheck.Exempt;
        if (pdu.Json[JsonSigning.SignaturesKey] is not JsonObject signatures
            || signatures[config.Via] is not JsonObject bySigner
            || !bySigner.ContainsKey(KeyId))
        {
            return PolicyServerCheck.MissingSignature;
        }
        if (config.Ed25519Key is not { } key) return PolicyServerCheck.BadSignature;
        var verifyKeys = ImmutableSortedDictionary.Create<string, byte[]>(StringComparer.Ordinal).Add(KeyId, [.. key]);
        return EventSigning.VerifySignature(pdu.Json, pdu.Format, config.Via, verifyKeys).IsValid ? PolicyServerCheck.Signed : PolicyServerCheck.BadSignature;
    }

    /// <summary>
    /// The policy server's answer to <c>POST /_matrix/policy/v1/sign</c> when it recommends <paramref name="pdu"/> (room_policy.yaml):
    /// only its own signature, <c>{via: {"ed25519:policy_server": …}}</c>, over the redacted event, to be added to the event's signatures.
    /// </summary>
    public static JsonObject Sign(JsonObject pdu, EventFormat format, string via, Ed25519SigningKey policyKey)
    {
        var signed = EventSigning.SignEvent(pdu.Without(JsonSigning.SignaturesKey), format, via, policyKey);
        return (JsonObject)signed[JsonSigning.SignaturesKey]!;
    }

    /// <summary><paramref name="pdu"/> with the signatures of a <c>/sign</c> answer added beside those it carries.</summary>
    public static JsonObject WithSignatures(JsonObject pdu, JsonObject answer)
    {
        var signatures = pdu[JsonSigning.SignaturesKey] as JsonObject ?? JsonObject.Empty;
        foreach (var (server, keys) in answer)
        {
            if (keys is not JsonObject added) continue;
            var existing = signatures[server] as JsonObject ?? JsonObject.Empty;
            foreach (var (keyId, signature) in added) existing = existing.With(keyId, signature);
            signatures = signatures.With(server, existing);
        }
        return pdu.With(JsonSigning.SignaturesKey, signatures);
    }

    private static bool HasJoinedUser(AuthState state, string server)
    {
        foreach (var e in state.Events.Values)
        {
            if (e.Type == EventTypes.Member && e.Membership == MembershipValues.Join
                && UserId.Parse(e.StateKey, UserIdGrammar.Historical) is { IsOk: true } user
                && string.Equals(user.Value.Server.Value, server, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // The spec says "unpadded base64"; its own example key uses the URL-safe alphabet, so both are read (ours).
    private static ImmutableArray<byte>? Decode(string key)
    {
        foreach (var alphabet in (ReadOnlySpan<Base64Alphabet>)[Base64Alphabet.Standard, Base64Alphabet.UrlSafe])
        {
            var decoded = UnpaddedBase64.Decode(key, alphabet, Base64Strictness.Lenient);
            if (decoded.IsOk && decoded.Value.Length == Ed25519.PublicKeyLength) return [.. decoded.Value];
        }
        return null;
    }
}
