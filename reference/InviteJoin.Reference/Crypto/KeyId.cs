using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// A signing key identifier, <c>algorithm:version</c> such as <c>ed25519:1</c> (spec v1.19,
/// appendices "Signing Details"; the server-server API's server key document says the version must
/// match <c>[a-zA-Z0-9_]</c>). Made only by <see cref="Parse"/>, so every value is well formed.
/// </summary>
public readonly record struct KeyId
{
    /// <summary>The only signing algorithm the spec defines.</summary>
    public const string Ed25519Algorithm = "ed25519";

    private KeyId(string algorithm, string version)
    {
        Algorithm = algorithm;
        Version = version;
    }

    /// <summary>The algorithm part, before the colon.</summary>
    public string Algorithm { get; }

    /// <summary>The version part, after the colon; distinguishes an entity's keys.</summary>
    public string Version { get; }

    /// <summary>True for <c>ed25519:…</c>, the algorithm this reference can sign and verify with.</summary>
    public bool IsEd25519 => string.Equals(Algorithm, Ed25519Algorithm, StringComparison.Ordinal);

    /// <summary>
    /// Reads <c>algorithm:version</c>. The spec constrains only the version; we hold the algorithm to the
    /// same characters, which every algorithm name in use (<c>ed25519</c>, <c>signed_curve25519</c>) satisfies.
    /// </summary>
    public static Result<KeyId> Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return Fail(text, "has no ':' between algorithm and version");
        var algorithm = text[..colon];
        var version = text[(colon + 1)..];
        if (algorithm.Length == 0) return Fail(text, "has an empty algorithm");
        if (version.Length == 0) return Fail(text, "has an empty version");
        if (!IsIdentifier(algorithm)) return Fail(text, "has an algorithm outside [a-zA-Z0-9_]");
        if (!IsIdentifier(version)) return Fail(text, "has a version outside [a-zA-Z0-9_]");
        return Result<KeyId>.Ok(new KeyId(algorithm, version));
    }

    /// <summary><c>algorithm:version</c>, the form used as a key under <c>signatures</c> and <c>verify_keys</c>.</summary>
    public override string ToString() => Algorithm is null ? "" : Algorithm + ":" + Version;

    private static bool IsIdentifier(string s)
    {
        foreach (var c in s)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
        }
        return true;
    }

    private static Result<KeyId> Fail(string text, string why) =>
        Result<KeyId>.Fail(CryptoError.BadKeyId, JsonPath.Root, $"key ID \"{text}\" {why}");
}
