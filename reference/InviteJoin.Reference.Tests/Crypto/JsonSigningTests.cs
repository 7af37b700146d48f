using System.Text;
using CsCheck;

namespace InviteJoin.Reference.Tests.Crypto;

public sealed class JsonSigningTests
{
    private const string SignaturePath = "$.signatures.domain[\"ed25519:1\"]";

    private static readonly KeyId KeyOne = KeyId.Parse(SpecVectors.KeyId).Value;
    private static readonly KeyId KeyTwo = KeyId.Parse("ed25519:2").Value;

    private static readonly Ed25519SigningKey SpecKey =
        Ed25519SigningKey.FromUnpaddedBase64Seed(SpecVectors.Seed, KeyOne).Value;

    // A second key of the same server, from a seed of our own choosing.
    private static readonly Ed25519SigningKey OtherKey =
        Ed25519SigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), KeyTwo).Value;

    private static ImmutableSortedDictionary<string, byte[]> Keys(params Ed25519SigningKey[] keys) =>
        keys.ToImmutableSortedDictionary(k => k.KeyId.ToString(), k => k.PublicKey.ToArray(), StringComparer.Ordinal);

    private static ImmutableSortedDictionary<string, byte[]> SpecKeys => Keys(SpecKey);

    private static JsonObject SignatureEntry(JsonObject signed, string? entity = null) =>
        (JsonObject)((JsonObject)signed["signatures"]!)[entity ?? SpecVectors.ServerName]!;

    private static JsonObject WithSignature(JsonObject value, string entity, string keyId, JsonValue signature)
    {
        var signatures = value["signatures"] as JsonObject ?? JsonObject.Empty;
        var entry = signatures[entity] as JsonObject ?? JsonObject.Empty;
        return value.With("signatures", signatures.With(entity, entry.With(keyId, signature)));
    }

    [Fact]
    public void SpecVectorS1_EmptyObject_SignsToTheSpecBytes()
    {
        // spec v1.19, appendices, "Cryptographic Test Vectors", "JSON Signing": signing {}.
        var signed = JsonSigning.Sign(JsonObject.Empty, SpecVectors.ServerName, SpecKey);
        Assert.Equal(CanonicalJson.Encode(TestJson.Object(SpecVectors.SignedEmptyObject)), CanonicalJson.Encode(signed));
        Assert.Equal(
            "{\"signatures\":{\"domain\":{\"ed25519:1\":\"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ\"}}}",
            CanonicalJson.EncodeToString(signed));
    }

    [Fact]
    public void SpecVectorS2_DataObject_SignsToTheSpecBytes()
    {
        // spec v1.19, appendices, "Cryptographic Test Vectors", "JSON Signing": signing {"one": 1, "two": "Two"}.
        var signed = JsonSigning.Sign(TestJson.Object(SpecVectors.DataObject), SpecVectors.ServerName, SpecKey);
        Assert.Equal(CanonicalJson.Encode(TestJson.Object(SpecVectors.SignedDataObject)), CanonicalJson.Encode(signed));
        Assert.Equal(
            "{\"one\":1,\"signatures\":{\"domain\":{\"ed25519:1\":\"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw\"}},\"two\":\"Two\"}",
            CanonicalJson.EncodeToString(signed));
    }

    [Theory]
    [InlineData(nameof(SpecVectors.SignedEmptyObject))]
    [InlineData(nameof(SpecVectors.SignedDataObject))]
    public void SpecSignedObject_VerifiesWithTheSpecKey(string vector)
    {
        var text = SpecVectors.Named(vector);
        var check = JsonSigning.Verify(TestJson.Object(text), SpecVectors.ServerName, SpecKeys);
        Assert.True(check.IsValid, check.ToString());
        Assert.Equal([KeyOne], check.VerifiedKeyIds);
    }

    [Fact]
    public void SigningBytes_AreCanonicalJsonWithoutSignaturesAndUnsigned()
    {
        var value = TestJson.Object(SpecVectors.SignedDataObject).With("unsigned", JsonValue.Object(("age_ts", JsonValue.Number(5))));
        Assert.Equal("{\"one\":1,\"two\":\"Two\"}", Encoding.UTF8.GetString(JsonSigning.SigningBytes(value)));
    }

    [Fact]
    public void ObjectWithUnsignedAndOtherSignatures_KeepsThemAndSignsOnlyTheRest()
    {
        var unsigned = JsonValue.Object(("age_ts", JsonValue.Number(922834800000)));
        var otherSignature = JsonValue.Object(("ed25519:a", JsonValue.String("c2ln")));
        var value = TestJson.Object(SpecVectors.DataObject)
            .With("unsigned", unsigned)
            .With("signatures", JsonValue.Object(("other.example", otherSignature)));

        var signed = JsonSigning.Sign(value, SpecVectors.ServerName, SpecKey);

        Assert.Equal(unsigned, signed["unsigned"]);
        Assert.Equal(otherSignature, ((JsonObject)signed["signatures"]!)["other.example"]);
        // Neither unsigned nor other signatures are covered, so the signature is S2's.
        Assert.Equal(SignatureEntry(TestJson.Object(SpecVectors.SignedDataObject)), SignatureEntry(signed));
        Assert.True(JsonSigning.Verify(signed, SpecVectors.ServerName, SpecKeys).IsValid);
    }

    [Fact]
    public void SecondKeyOfSameEntity_AddsItsSignatureBesideTheFirst()
    {
        var signed = JsonSigning.Sign(JsonSigning.Sign(TestJson.Object(SpecVectors.DataObject), "domain", SpecKey), "domain", OtherKey);
        Assert.Equal(["ed25519:1", "ed25519:2"], SignatureEntry(signed).Keys);
        var check = JsonSigning.Verify(signed, "domain", Keys(SpecKey, OtherKey));
        Assert.True(check.IsValid, check.ToString());
        Assert.Equal([KeyOne, KeyTwo], check.VerifiedKeyIds);
    }

    [Fact]
    public void SignaturesThatAreNotObjects_AreReplacedWhenSigning()
    {
        var value = TestJson.Object(SpecVectors.DataObject).With("signatures", JsonValue.String("junk"));
        Assert.Equal(
            CanonicalJson.Encode(TestJson.Object(SpecVectors.SignedDataObject)),
            CanonicalJson.Encode(JsonSigning.Sign(value, "domain", SpecKey)));
    }

    [Fact]
    public void UnsignedChangedAfterSigning_StillVerifies()
    {
        var signed = TestJson.Object(SpecVectors.SignedDataObject).With("unsigned", JsonValue.Object(("age", JsonValue.Number(7))));
        Assert.True(JsonSigning.Verify(signed, SpecVectors.ServerName, SpecKeys).IsValid);
    }

    [Fact]
    public void TamperedField_FailsWithSignatureMismatch()
    {
        var tampered = TestJson.Object(SpecVectors.SignedDataObject).With("two", JsonValue.String("Three"));
        var check = JsonSigning.Verify(tampered, SpecVectors.ServerName, SpecKeys);
        Assert.False(check.IsValid);
        Assert.Equal("crypto.signature_mismatch", check.Failure!.Token);
        Assert.Equal(SignaturePath, check.Failure.Path);
        Assert.Empty(check.VerifiedKeyIds);
    }

    [Fact]
    public void AddedField_FailsWithSignatureMismatch()
    {
        var tampered = TestJson.Object(SpecVectors.SignedEmptyObject).With("three", JsonValue.Number(3));
        Assert.Equal("crypto.signature_mismatch", JsonSigning.Verify(tampered, SpecVectors.ServerName, SpecKeys).Failure?.Token);
    }

    [Fact]
    public void TamperedSignature_FailsWithSignatureMismatch()
    {
        // Changing the first character changes the signature's first six bits.
        var signed = TestJson.Object(SpecVectors.SignedDataObject);
        var original = ((JsonString)SignatureEntry(signed)["ed25519:1"]!).Value;
        var tampered = WithSignature(signed, "domain", "ed25519:1", JsonValue.String("L" + original[1..]));
        var check = JsonSigning.Verify(tampered, SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.signature_mismatch", check.Failure?.Token);
        Assert.Equal(SignaturePath, check.Failure?.Path);
    }

    [Fact]
    public void WrongEntity_FailsWithMissingSignatureAtItsEntry()
    {
        var check = JsonSigning.Verify(TestJson.Object(SpecVectors.SignedDataObject), "other.example", SpecKeys);
        Assert.Equal("crypto.missing_signature", check.Failure?.Token);
        Assert.Equal("$.signatures[\"other.example\"]", check.Failure?.Path);
    }

    [Fact]
    public void NoSignaturesMember_FailsWithMissingSignature()
    {
        var check = JsonSigning.Verify(TestJson.Object(SpecVectors.DataObject), SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.missing_signature", check.Failure?.Token);
        Assert.Equal("$.signatures", check.Failure?.Path);
    }

    [Fact]
    public void SignaturesNotAnObject_FailsWithNotAnObject()
    {
        var value = TestJson.Object(SpecVectors.DataObject).With("signatures", JsonValue.Array(JsonValue.String("x")));
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.not_an_object", check.Failure?.Token);
        Assert.Equal("$.signatures", check.Failure?.Path);
    }

    [Fact]
    public void EntityEntryNotAnObject_FailsWithNotAnObject()
    {
        var value = TestJson.Object(SpecVectors.DataObject).With("signatures", JsonValue.Object(("domain", JsonValue.String("x"))));
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.not_an_object", check.Failure?.Token);
        Assert.Equal("$.signatures.domain", check.Failure?.Path);
    }

    [Fact]
    public void SignatureByKnownKeyNotAString_FailsWithNotAStringAtItsPath()
    {
        var value = WithSignature(TestJson.Object(SpecVectors.SignedDataObject), "domain", "ed25519:1", JsonValue.Number(1));
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.not_a_string", check.Failure?.Token);
        Assert.Equal(SignaturePath, check.Failure?.Path);
    }

    [Fact]
    public void OnlyOtherAlgorithms_FailsWithUnknownAlgorithm()
    {
        var value = WithSignature(TestJson.Object(SpecVectors.DataObject), "domain", "curve25519:1", JsonValue.String("c2ln"));
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.Equal("crypto.unknown_algorithm", check.Failure?.Token);
        Assert.Equal("$.signatures.domain", check.Failure?.Path);
    }

    [Fact]
    public void EmptyEntityEntry_FailsWithUnknownAlgorithm()
    {
        var value = TestJson.Object(SpecVectors.DataObject).With("signatures", JsonValue.Object(("domain", JsonObject.Empty)));
        Assert.Equal("crypto.unknown_algorithm", JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys).Failure?.Token);
    }

    [Fact]
    public void OnlyUnknownEd25519Keys_FailsWithNoKnownKey()
    {
        var check = JsonSigning.Verify(TestJson.Object(SpecVectors.SignedDataObject), SpecVectors.ServerName, Keys(OtherKey));
        Assert.Equal("crypto.no_known_key", check.Failure?.Token);
        Assert.Equal("$.signatures.domain", check.Failure?.Path);
    }

    [Fact]
    public void SignatureByUnknownKeyOrAlgorithm_IsSkipped()
    {
        // Unknown keys are skipped, whatever their value (server-server API, "Validating hashes and
        // signatures on received events"); so is a malformed key ID, which names no algorithm we know.
        var value = TestJson.Object(SpecVectors.SignedDataObject);
        value = WithSignature(value, "domain", "ed25519:2", JsonValue.String("bm90IGEgc2lnbmF0dXJl"));
        value = WithSignature(value, "domain", "ed25519:3", JsonValue.Number(3));
        value = WithSignature(value, "domain", "curve25519:1", JsonValue.Null);
        value = WithSignature(value, "domain", "ed25519:bad-id", JsonValue.Null);
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.True(check.IsValid, check.ToString());
        Assert.Equal([KeyOne], check.VerifiedKeyIds);
    }

    [Fact]
    public void OneBadSignatureAmongKnownKeys_FailsEvenIfAnotherVerifies()
    {
        // Every signature by a known key must verify, not just one.
        var value = WithSignature(TestJson.Object(SpecVectors.SignedDataObject), "domain", "ed25519:2",
            SignatureEntry(TestJson.Object(SpecVectors.SignedDataObject))["ed25519:1"]!);
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, Keys(SpecKey, OtherKey));
        Assert.Equal("crypto.signature_mismatch", check.Failure?.Token);
        Assert.Equal("$.signatures.domain[\"ed25519:2\"]", check.Failure?.Path);
    }

    [Theory]
    [InlineData("!!!!", "crypto.bad_signature_encoding")]
    [InlineData("Zm9vY", "crypto.bad_signature_encoding")]
    [InlineData("Zm9vYmFy", "crypto.bad_signature_length")]
    public void UndecodableSignatureByKnownKey_FailsAtItsPath(string signature, string token)
    {
        var value = WithSignature(TestJson.Object(SpecVectors.DataObject), "domain", "ed25519:1", JsonValue.String(signature));
        var check = JsonSigning.Verify(value, SpecVectors.ServerName, SpecKeys);
        Assert.Equal(token, check.Failure?.Token);
        Assert.Equal(SignaturePath, check.Failure?.Path);
    }

    [Fact]
    public void PaddedSignature_IsAcceptedLeniently()
    {
        // The spec asks decoders to accept padding; a 64-byte signature pads with "==".
        var signed = TestJson.Object(SpecVectors.SignedDataObject);
        var original = ((JsonString)SignatureEntry(signed)["ed25519:1"]!).Value;
        var padded = WithSignature(signed, "domain", "ed25519:1", JsonValue.String(original + "=="));
        Assert.True(JsonSigning.Verify(padded, SpecVectors.ServerName, SpecKeys).IsValid);
    }

    [Fact]
    public void VerificationKeyOfWrongLength_FailsWithBadPublicKey()
    {
        var keys = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("ed25519:1", new byte[31])]);
        var check = JsonSigning.Verify(TestJson.Object(SpecVectors.SignedDataObject), SpecVectors.ServerName, keys);
        Assert.Equal("crypto.bad_public_key", check.Failure?.Token);
    }

    [Fact]
    public void SigningDetailsExample_DoesNotVerify()
    {
        // spec v1.19, appendices, "Signing Details": the example is illustrative; its signature is not
        // valid for the key it lists, nor for the test-vector key.
        var example = TestJson.Object(SpecVectors.SigningDetailsExample);
        var listed = UnpaddedBase64.Decode("XSl0kuyvrXNj6A+7/tkrB9sxSbRi08Of5uRhxOqZtEQ", Base64Alphabet.Standard, Base64Strictness.Strict).Value;
        var withListedKey = JsonSigning.Verify(example, "example.org",
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("ed25519:1", listed)]));
        Assert.Equal("crypto.signature_mismatch", withListedKey.Failure?.Token);
        Assert.Equal("$.signatures[\"example.org\"][\"ed25519:1\"]", withListedKey.Failure?.Path);
        Assert.Equal("crypto.signature_mismatch", JsonSigning.Verify(example, "example.org", SpecKeys).Failure?.Token);
    }

    [Fact]
    public void AnySignedObject_VerifiesAndFailsOnceAnyMemberChanges()
    {
        var member = Gen.Select(Gen.String[0, 6], Gen.Long);
        Gen.Select(Gen.Byte.Array[32], member.Array[1, 6], Gen.Int[0, 5]).Sample((seed, members, pick) =>
        {
            var key = Ed25519SigningKey.FromSeed(seed, KeyOne).Value;
            var value = JsonValue.Object(members.Select(m => KeyValuePair.Create<string, JsonValue>("k" + m.Item1, JsonValue.Number(m.Item2))));
            var signed = JsonSigning.Sign(value, "example.org", key);
            var keys = Keys(key);
            Assert.True(JsonSigning.Verify(signed, "example.org", keys).IsValid);

            var (name, number) = value[pick % value.Count];
            var changed = signed.With(name, JsonValue.Number(((JsonNumber)number).TryGetInt64(out var n) ? unchecked(n + 1) : 0));
            Assert.Equal("crypto.signature_mismatch", JsonSigning.Verify(changed, "example.org", keys).Failure?.Token);
        }, iter: 100);
    }
}
