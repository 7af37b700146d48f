using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Crypto;

/// <summary>
/// Every expected failure of the crypto layer: decoding unpadded base64, reading key IDs and keys,
/// and checking signatures on JSON objects (spec v1.19, appendices "Unpadded Base64", "Signing JSON",
/// "Checking for a Signature"). Vectors carry the wire tokens, never the member names.
/// </summary>
public enum CryptoError
{
    /// <summary>A character outside the chosen base64 alphabet (including a character of the other alphabet).</summary>
    [WireToken("crypto.base64_invalid_character")]
    Base64InvalidCharacter = 1,

    /// <summary>A length no base64 encoding can have (one character left over after the last full group).</summary>
    [WireToken("crypto.base64_invalid_length")]
    Base64InvalidLength,

    /// <summary>The unused low bits of the last character are not zero, so the text is not the canonical encoding of its bytes.</summary>
    [WireToken("crypto.base64_nonzero_trailing_bits")]
    Base64NonzeroTrailingBits,

    /// <summary>Padding where none is allowed (strict decoding), or padding that is misplaced or of the wrong amount.</summary>
    [WireToken("crypto.base64_padding")]
    Base64Padding,

    /// <summary>An Ed25519 seed (private key) that is not exactly 32 bytes.</summary>
    [WireToken("crypto.bad_seed_length")]
    BadSeedLength,

    /// <summary>A key ID that is not <c>algorithm:version</c> with a version of <c>[a-zA-Z0-9_]</c>.</summary>
    [WireToken("crypto.bad_key_id")]
    BadKeyId,

    /// <summary>A verification key that is not a 32-byte Ed25519 public key.</summary>
    [WireToken("crypto.bad_public_key")]
    BadPublicKey,

    /// <summary>A key whose algorithm is not <c>ed25519</c> was given for signing, or no signature used an understood algorithm.</summary>
    [WireToken("crypto.unknown_algorithm")]
    UnknownAlgorithm,

    /// <summary>The object has no <c>signatures</c> member, or no entry for the entity being checked.</summary>
    [WireToken("crypto.missing_signature")]
    MissingSignature,

    /// <summary>None of the entity's Ed25519 key IDs has a known verification key.</summary>
    [WireToken("crypto.no_known_key")]
    NoKnownKey,

    /// <summary>A signature by a known key is not valid unpadded base64.</summary>
    [WireToken("crypto.bad_signature_encoding")]
    BadSignatureEncoding,

    /// <summary>A signature by a known key does not decode to the 64 bytes of an Ed25519 signature.</summary>
    [WireToken("crypto.bad_signature_length")]
    BadSignatureLength,

    /// <summary>A signature by a known key does not verify against the canonical encoding of the object.</summary>
    [WireToken("crypto.signature_mismatch")]
    SignatureMismatch,

    /// <summary><c>signatures</c> or its entry for the entity is present but is not a JSON object.</summary>
    [WireToken("crypto.not_an_object")]
    NotAnObject,

    /// <summary>A signature by a known key is present but is not a JSON string.</summary>
    [WireToken("crypto.not_a_string")]
    NotAString,
}
