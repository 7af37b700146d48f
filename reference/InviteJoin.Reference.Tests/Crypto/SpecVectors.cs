namespace InviteJoin.Reference.Tests.Crypto;

/// <summary>
/// Test data copied exactly from the Matrix spec (spec v1.19, appendices, "Cryptographic Test Vectors"
/// and "Signing Details"), plus the one value derived from it that the spec does not print.
/// </summary>
internal static class SpecVectors
{
    /// <summary>SIGNING_KEY_SEED: note its last character leaves non-zero unused bits (the canonical encoding ends <c>XA0</c>).</summary>
    public const string SigningKeySeed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    /// <summary>The 32 seed bytes, in hex.</summary>
    public const string SigningKeySeedHex = "6090c103d5e7af6b15a970fd563ed75549e6159719ae5c3c31dee4316fb75c0d";

    public const string ServerName = "domain";

    public const string KeyId = "ed25519:1";

    /// <summary>Derived, not printed in the spec: the public key of <see cref="SigningKeySeed"/>.</summary>
    public const string DerivedPublicKey = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";

    /// <summary>"JSON Signing": the result of signing <c>{}</c>.</summary>
    public const string SignedEmptyObject = """
        {
            "signatures": {
                "domain": {
                    "ed25519:1": "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"
                }
            }
        }
        """;

    /// <summary>"JSON Signing": the object with data values.</summary>
    public const string DataObject = """
        {
            "one": 1,
            "two": "Two"
        }
        """;

    /// <summary>"JSON Signing": the result of signing <see cref="DataObject"/>.</summary>
    public const string SignedDataObject = """
        {
            "one": 1,
            "signatures": {
                "domain": {
                    "ed25519:1": "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"
                }
            },
            "two": "Two"
        }
        """;

    /// <summary>"Signing Details": an illustrative signed object. Its signature is not a real one.</summary>
    public const string SigningDetailsExample = """
        {
           "name": "example.org",
           "signing_keys": {
             "ed25519:1": "XSl0kuyvrXNj6A+7/tkrB9sxSbRi08Of5uRhxOqZtEQ"
           },
           "unsigned": {
              "age_ts": 922834800000
           },
           "signatures": {
              "example.org": {
                 "ed25519:1": "s76RUgajp8w172am0zQb/iPTHsRnb4SkrzGoeCOSFfcBY2V/1c8QfrmdXHpvnc2jK5BD1WiJIxiMW95fMjK7Bw"
              }
           }
        }
        """;
}
