namespace InviteJoin.Reference.Crypto;

/// <summary>
/// How forgiving base64 decoding is. The spec asks decoders to accept input with or without padding,
/// and its own test seed has non-zero unused trailing bits, so values read from the wire are decoded
/// leniently; strict decoding answers "is this exactly what an encoder would have written?".
/// </summary>
public enum Base64Strictness
{
    /// <summary>Only the canonical unpadded form: no <c>=</c>, unused trailing bits zero.</summary>
    Strict,

    /// <summary>Unpadded or correctly padded; unused trailing bits ignored. Characters must still be from the chosen alphabet.</summary>
    Lenient,
}
