using System.Collections.Immutable;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// A server's verification key as the caller knows it: the 32-byte Ed25519 public key and, when
/// known, the key's <c>valid_until_ts</c> (from <c>verify_keys</c>) or <c>expired_ts</c> (from
/// <c>old_verify_keys</c>), in milliseconds (spec v1.19, server-server API "Retrieving server keys").
/// </summary>
public sealed record VerifyKey(ImmutableArray<byte> PublicKey, long? ValidUntilTs = null, long? ExpiredTs = null, SignatureScheme Scheme = SignatureScheme.Ed25519)
{
    /// <summary>True when <paramref name="signature"/> is this key's valid signature of <paramref name="message"/>.</summary>
    public bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Scheme == SignatureScheme.Symbolic
            ? SymbolicSignature.Verify(PublicKey.AsSpan(), message, signature)
            : Ed25519.Verify(PublicKey.AsSpan(), message, signature);

    /// <summary>
    /// Whether this key may verify an event sent at <paramref name="originServerTs"/>: a key known
    /// to have expired before it is ignored in every room version, and from room version 5 a key
    /// whose <c>valid_until_ts</c> is earlier is too. Clamping <c>valid_until_ts</c> to seven days
    /// from now is the caller's job: time is a parameter, never read here.
    /// </summary>
    public bool IsUsableAt(long originServerTs, bool enforceValidUntil) =>
        (ExpiredTs is not { } expired || expired >= originServerTs)
        && (!enforceValidUntil || ValidUntilTs is not { } until || until >= originServerTs);
}

/// <summary>The verification keys a checker knows, by server name and key ID. Immutable; keys are parameters, never fetched.</summary>
public sealed record KeyRing(ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, VerifyKey>> Servers)
{
    public static readonly KeyRing Empty = new(ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, VerifyKey>>(StringComparer.Ordinal));

    /// <summary>A copy that also knows <paramref name="key"/> as <paramref name="keyId"/> of <paramref name="server"/>.</summary>
    public KeyRing With(string server, string keyId, VerifyKey key)
    {
        var keys = Servers.TryGetValue(server, out var existing) ? existing : ImmutableSortedDictionary.Create<string, VerifyKey>(StringComparer.Ordinal);
        var servers = Servers.SetItem(server, keys.SetItem(keyId, key));
        return ReferenceEquals(servers, Servers) ? this : new KeyRing(servers); // a key it knows already: this ring
    }

    /// <summary>A copy that also knows <paramref name="key"/>'s public key for <paramref name="server"/>.</summary>
    public KeyRing With(string server, Ed25519SigningKey key) => With(server, key.KeyId.ToString(), new VerifyKey(key.PublicKey, Scheme: key.Scheme));

    /// <summary>The keys of <paramref name="server"/> usable for an event sent at <paramref name="originServerTs"/>, by key ID.</summary>
    public ImmutableSortedDictionary<string, VerifyKey> VerifyKeysFor(string server, long originServerTs, bool enforceValidUntil)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, VerifyKey>(StringComparer.Ordinal);
        if (Servers.TryGetValue(server, out var keys))
        {
            // Most often every key is usable: the server's keys are the answer as they are.
            if (keys.All(k => k.Value.IsUsableAt(originServerTs, enforceValidUntil))) return keys;
            foreach (var (id, key) in keys)
            {
                if (key.IsUsableAt(originServerTs, enforceValidUntil)) result[id] = key;
            }
        }
        return result.ToImmutable();
    }

    /// <summary>The public keys of <paramref name="server"/> usable for an event sent at <paramref name="originServerTs"/>, by key ID.</summary>
    public ImmutableSortedDictionary<string, byte[]> KeysFor(string server, long originServerTs, bool enforceValidUntil)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        if (Servers.TryGetValue(server, out var keys))
        {
            foreach (var (id, key) in keys)
            {
                if (key.IsUsableAt(originServerTs, enforceValidUntil)) result[id] = key.PublicKey.ToArray();
            }
        }
        return result.ToImmutable();
    }
}
