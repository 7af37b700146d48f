using System.Collections.Immutable;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// The outcome of checking whether an entity signed a JSON object: valid, with the key IDs whose
/// signatures verified (the evidence), or invalid with the <see cref="Errors.Failure"/> that says
/// which step of the spec's "Checking for a Signature" failed and where.
/// </summary>
public sealed record SignatureCheck
{
    private SignatureCheck(ImmutableArray<KeyId> verifiedKeyIds, Failure? failure)
    {
        VerifiedKeyIds = verifiedKeyIds;
        Failure = failure;
    }

    /// <summary>True when at least one signature by a known key verified and none by a known key failed.</summary>
    public bool IsValid => Failure is null;

    /// <summary>Why the check failed; null when it succeeded.</summary>
    public Failure? Failure { get; }

    /// <summary>The key IDs whose signatures verified, in code-point order; empty when the check failed.</summary>
    public ImmutableArray<KeyId> VerifiedKeyIds { get; }

    public static SignatureCheck Valid(ImmutableArray<KeyId> verifiedKeyIds) => new(verifiedKeyIds, null);

    public static SignatureCheck Invalid(Failure failure) => new([], failure);

    public override string ToString() =>
        IsValid ? "valid (" + string.Join(", ", VerifiedKeyIds) + ")" : "invalid: " + Failure;
}
