using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Vectors;

/// <summary>
/// The <c>signing</c> suite (spec v1.19, appendices "Signing JSON", "Checking for a Signature"): objects signed with
/// a seed (<c>{"sign": {object, server_name, key_id, seed}}</c> → <c>{"signed"}</c>) and signatures checked
/// (<c>{"verify": {object, server_name, verify_keys}}</c> → <c>{"valid"}</c>). The spec's test vectors carry the
/// spec's answers; the rest alter a signed object one way each: what a forger would try.
/// </summary>
public static class SigningVectors
{
    private const string Suite = "signing";
    private const string Domain = "domain";
    private const string Written = "written for InviteJoin's vectors";

    public static IEnumerable<VectorSource> Cases()
    {
        var spec = VectorKeys.Spec;
        var specKeys = Keys(spec);
        const string specSource = "spec v1.19, appendices, \"Cryptographic Test Vectors\", \"JSON Signing\"";
        var signedEmpty = Parse("""{"signatures":{"domain":{"ed25519:1":"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"}}}""");
        var data = Parse("""{"one":1,"two":"Two"}""");
        var signedData = Parse("""{"one":1,"signatures":{"domain":{"ed25519:1":"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"}},"two":"Two"}""");
        yield return Sign("spec", "spec/sign-empty-object", JsonObject.Empty, Domain, "ed25519:1", VectorKeys.SpecSeed, signedEmpty, "the spec's signed {}", specSource);
        yield return Sign("spec", "spec/sign-data-object", data, Domain, "ed25519:1", VectorKeys.SpecSeed, signedData, "the spec's signed object with data", specSource);
        yield return Verify("spec", "spec/verify-empty-object", signedEmpty, Domain, specKeys, true, "the spec's signed {} verifies", specSource);
        yield return Verify("spec", "spec/verify-data-object", signedData, Domain, specKeys, true, "the spec's signed object with data verifies", specSource);

        // Signing: what is covered and what is kept.
        var alice = VectorKeys.Filled(0x11, "ed25519:a");
        var bob = VectorKeys.Filled(0x22, "ed25519:b");
        var nested = Parse("""{"z":{"b":[1,{"d":"é","c":null}],"a":true},"k":"v"}""");
        yield return Sign("sign", "sign/nested", nested, "a.example", "ed25519:a", VectorKeys.FilledSeed(0x11), null, "nested objects are signed in canonical form", Written);
        var withUnsigned = nested.With("unsigned", JsonValue.Object(("age", JsonValue.Number(7))));
        yield return Sign("sign", "sign/keeps-unsigned", withUnsigned, "a.example", "ed25519:a", VectorKeys.FilledSeed(0x11), null, "unsigned is not signed but stays in the object", Written);
        var signedByBob = JsonSigning.Sign(nested, "b.example", bob);
        yield return Sign("sign", "sign/keeps-other-servers", signedByBob, "a.example", "ed25519:a", VectorKeys.FilledSeed(0x11), null,
            "another server's signature stays and is not itself signed", Written);
        var bobAsA = JsonSigning.Sign(nested, "a.example", VectorKeys.Filled(0x22, "ed25519:old"));
        yield return Sign("sign", "sign/keeps-own-older-key", bobAsA, "a.example", "ed25519:a", VectorKeys.FilledSeed(0x11), null,
            "the same server's signature with another key stays beside the new one", Written);
        yield return Sign("sign", "sign/key-id-version-chars", data, "a.example", "ed25519:a_B9", VectorKeys.FilledSeed(0x33), null,
            "a key ID version of letters, digits and underscore", Written, "edge_case");
        yield return Sign("sign", "sign/server-with-port", data, "a.example:8448", "ed25519:1", VectorKeys.FilledSeed(0x44), null,
            "a server name with a port signs as written", Written, "edge_case");
        yield return Sign("sign", "sign/astral-keys", Parse("{\"\uFF61\":1,\"\U0001F600\":2}"), "a.example", "ed25519:1", VectorKeys.FilledSeed(0x55), null,
            "keys above U+FFFF sort by code point before signing", Written, "edge_case", "malleability");

        // Verifying: one alteration each.
        var signed = JsonSigning.Sign(nested, "a.example", alice);
        var aliceKeys = Keys(alice);
        yield return Verify("verify", "verify/valid", signed, "a.example", aliceKeys, true, "a signed object verifies", Written);
        yield return Verify("verify", "verify/unsigned-changed", signed.With("unsigned", JsonValue.Object(("age", JsonValue.Number(1)))), "a.example", aliceKeys, true,
            "unsigned may change after signing", Written);
        yield return Verify("verify", "verify/content-changed", signed.With("k", JsonValue.String("w")), "a.example", aliceKeys, false,
            "a value changed after signing", Written, "signature_forgery");
        yield return Verify("verify", "verify/key-added", signed.With("extra", JsonValue.Bool(true)), "a.example", aliceKeys, false,
            "a key added after signing", Written, "signature_forgery");
        yield return Verify("verify", "verify/number-rewritten", JsonSigning.Sign(Parse("""{"n":10}"""), "a.example", alice).With("n", JsonValue.String("10")), "a.example", aliceKeys, false,
            "a number turned into a string of the same digits", Written, "signature_forgery");
        yield return Verify("verify", "verify/other-server-only", JsonSigning.Sign(nested, "b.example", bob), "a.example", aliceKeys, false,
            "only another server signed: the server asked about did not", Written, "signature_forgery");
        yield return Verify("verify", "verify/signed-as-other-server", Rename(JsonSigning.Sign(nested, "b.example", alice), "b.example", "a.example"), "a.example", aliceKeys, true,
            "a's key signed the object as server b, and the signature was moved under a's name: the server name is not part of the signed bytes, so a's key verifies it", Written, "edge_case");
        yield return Verify("verify", "verify/unknown-key-id", signed, "a.example", Keys(VectorKeys.Filled(0x11, "ed25519:z")), false,
            "the object is signed with key ed25519:a, and only ed25519:z is known", Written);
        yield return Verify("verify", "verify/wrong-key-same-id", signed, "a.example", Keys(VectorKeys.Filled(0x66, "ed25519:a")), false,
            "the key known as ed25519:a is another key than the one that signed", Written, "signature_forgery");
        yield return Verify("verify", "verify/copied-signature", CopySignature(signed, JsonSigning.Sign(data, "a.example", alice), "a.example"), "a.example", aliceKeys, false,
            "a's real signature of another object", Written, "signature_forgery");
        yield return Verify("verify", "verify/short-signature", SetSignature(signed, "a.example", "ed25519:a", UnpaddedBase64.Encode(new byte[63])), "a.example", aliceKeys, false,
            "a signature of 63 bytes", Written, "bad_input");
        yield return Verify("verify", "verify/signature-not-base64", SetSignature(signed, "a.example", "ed25519:a", "not*base64"), "a.example", aliceKeys, false,
            "a signature that is not base64", Written, "bad_input");
        var text = ((JsonString)((JsonObject)((JsonObject)signed["signatures"]!)["a.example"]!)["ed25519:a"]!).Value;
        yield return Verify("verify", "verify/padded-signature", SetSignature(signed, "a.example", "ed25519:a", text + "=="), "a.example", aliceKeys, true,
            "the right signature with base64 padding: the spec says unpadded, and the reference, like the Matrix team's own libraries, decodes leniently", Written, "edge_case");
        yield return Verify("verify", "verify/url-safe-signature", SetSignature(signed, "a.example", "ed25519:a", text.Replace('+', '-').Replace('/', '_')), "a.example", aliceKeys, null,
            "the right signature in the URL-safe alphabet, which signatures do not use", Written, "edge_case");
        yield return Verify("verify", "verify/flipped-bit", SetSignature(signed, "a.example", "ed25519:a", Flip(text)), "a.example", aliceKeys, false,
            "one bit of the signature flipped", Written, "signature_forgery");
        var twoKeys = JsonSigning.Sign(JsonSigning.Sign(nested, "a.example", alice), "a.example", VectorKeys.Filled(0x77, "ed25519:c"));
        yield return Verify("verify", "verify/one-of-two-keys-known", twoKeys, "a.example", aliceKeys, true,
            "signed with two keys, one of them known and valid", Written);
        var oneBad = SetSignature(twoKeys, "a.example", "ed25519:c", Flip(((JsonString)((JsonObject)((JsonObject)twoKeys["signatures"]!)["a.example"]!)["ed25519:c"]!).Value));
        yield return Verify("verify", "verify/known-valid-and-known-invalid", oneBad, "a.example",
            Keys(alice).With("ed25519:c", JsonValue.String(VectorKeys.Filled(0x77, "ed25519:c").PublicKeyBase64)), null,
            "signed with two keys, both known, one signature invalid", Written, "edge_case");
        yield return Verify("verify", "verify/unknown-algorithm-only", SetSignature(nested.With("signatures", JsonObject.Empty), "a.example", "curve25519:a", UnpaddedBase64.Encode(new byte[64])),
            "a.example", aliceKeys, false, "the only signature is of an algorithm Matrix does not sign with", Written, "bad_input");
        yield return Verify("verify", "verify/no-signatures", nested, "a.example", aliceKeys, false, "the object has no signatures at all", Written, "bad_input");
        yield return Verify("verify", "verify/signatures-not-object", nested.With("signatures", JsonValue.String("x")), "a.example", aliceKeys, false,
            "signatures is a string", Written, "bad_input");
    }

    private static JsonObject Keys(Ed25519SigningKey key) => JsonValue.Object((key.KeyId.ToString(), JsonValue.String(key.PublicKeyBase64)));

    private static VectorSource Sign(string group, string id, JsonObject @object, string server, string keyId, string seed, JsonObject? expected, string comment, string source, params string[] flags)
    {
        var request = JsonValue.Object(("sign", JsonValue.Object(
            ("object", @object), ("server_name", JsonValue.String(server)), ("key_id", JsonValue.String(keyId)), ("seed", JsonValue.String(seed)))));
        return new VectorSource(Suite, group, Suite + "/" + id, null, ["signing.sign"], [.. flags], comment, request,
            expected is null ? null : Declared.Key("signed", expected), source, null);
    }

    // expected: the spec's or the author's verdict; null when the case records the reference's answer on a point the spec leaves open.
    private static VectorSource Verify(string group, string id, JsonObject @object, string server, JsonObject keys, bool? expected, string comment, string source, params string[] flags)
    {
        var request = JsonValue.Object(("verify", JsonValue.Object(
            ("object", @object), ("server_name", JsonValue.String(server)), ("verify_keys", keys))));
        var allFlags = expected == false && !flags.Contains("signature_forgery") && !flags.Contains("bad_input") ? [.. flags, "auth_bypass"] : flags;
        return new VectorSource(Suite, group, Suite + "/" + id, null, ["signing.verify"], [.. allFlags], comment, request,
            expected is { } valid ? Declared.Key("valid", JsonValue.Bool(valid)) : null, source, null);
    }

    private static JsonObject Parse(string json) => (JsonObject)StrictJsonReader.Parse(json, JsonReadOptions.Lenient).Value;

    private static JsonObject Rename(JsonObject signed, string from, string to)
    {
        var signatures = (JsonObject)signed["signatures"]!;
        return signed.With("signatures", signatures.Without(from).With(to, signatures[from]!));
    }

    private static JsonObject CopySignature(JsonObject target, JsonObject from, string server) =>
        target.With("signatures", ((JsonObject)target["signatures"]!).With(server, ((JsonObject)from["signatures"]!)[server]!));

    private static JsonObject SetSignature(JsonObject o, string server, string keyId, string signature)
    {
        var signatures = o["signatures"] as JsonObject ?? JsonObject.Empty;
        var mine = signatures[server] as JsonObject ?? JsonObject.Empty;
        return o.With("signatures", signatures.With(server, mine.With(keyId, JsonValue.String(signature))));
    }

    private static string Flip(string base64)
    {
        var bytes = UnpaddedBase64.Decode(base64, Base64Alphabet.Standard, Base64Strictness.Lenient).Value;
        bytes[10] ^= 0x01;
        return UnpaddedBase64.Encode(bytes);
    }
}
