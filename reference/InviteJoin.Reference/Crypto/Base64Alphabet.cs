namespace InviteJoin.Reference.Crypto;

/// <summary>
/// The two RFC 4648 base64 alphabets Matrix uses: standard for keys, signatures, hashes and room
/// version 3 event IDs; URL-safe for event IDs from room version 4 and room IDs from room version 12.
/// </summary>
public enum Base64Alphabet
{
    /// <summary>RFC 4648 §4: <c>A–Z a–z 0–9 + /</c>.</summary>
    Standard,

    /// <summary>RFC 4648 §5: <c>A–Z a–z 0–9 - _</c>.</summary>
    UrlSafe,
}
