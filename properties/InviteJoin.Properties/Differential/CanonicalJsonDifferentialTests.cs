using System.Collections.Immutable;
using CsCheck;
using FsCheck.Xunit;
using InviteJoin.Generators.Json;
using InviteJoin.Reference.Crypto;

namespace InviteJoin.Properties.Differential;

/// <summary>
/// Differential tests of canonical JSON and JSON signing (spec v1.19, appendices "Canonical JSON" and
/// "Signing JSON") against the Matrix team's Python libraries canonicaljson and signedjson. Ed25519 is
/// deterministic (RFC 8032 §5.1.6), so for the same key both sides must produce byte-identical signed objects.
/// Where the libraries knowingly differ from the spec, the spec wins and the case is excluded and pinned
/// by its own test (see <see cref="UnsignedNull_SignedjsonDropsIt_WeKeepItAndSignaturesAgree"/>).
/// </summary>
[Trait("invariant", "I-02")]
public sealed class CanonicalJsonDifferentialTests(PythonOracle oracle) : IClassFixture<PythonOracle>
{
    private const int Iterations = 1000;

    /// <summary>One signing case: an object (with well-formed existing signatures and unsigned data) and a key.</summary>
    public sealed record SigningCase(JsonObject Value, JsonObject Signable, byte[] Seed, string Server, string KeyId)
    {
        public override string ToString() =>
            $"server {Readable.String(Server)}, key {KeyId}, seed {Convert.ToHexStringLower(Seed)}\n  value:    {Readable.Json(Value)}\n  signable: {Readable.Json(Signable)}";
    }

    private static readonly Gen<string> KeyVersion =
        Gen.OneOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".Select(Gen.Const).ToArray())
            .Array[1, 6].Select(chars => new string(chars));

    private static readonly Gen<SigningCase> SigningCases = CreateSigningCases(JsonGenerationLimits.Default);

    [Fact]
    public void GeneratedObjects_EncodeAndSignExactlyLikeCanonicaljsonAndSignedjson()
    {
        Replay.Run(nameof(GeneratedObjects_EncodeAndSignExactlyLikeCanonicaljsonAndSignedjson), () =>
            SigningCases.Sample(CheckAgainstPython, iter: Iterations, threads: 1, print: c => c.ToString()));
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(KeyPairArbitrary)])]
    public void CodePointOrder_AgreesWithPythonSorted(KeyPair pair)
    {
        var ours = Math.Sign(CodePointOrder.Instance.Compare(pair.First, pair.Second));
        var python = oracle.Compare(pair.First, pair.Second);
        Assert.True(ours == python,
            $"CodePointOrder says {ours}, Python's sorted() says {python} for {pair} (UTF-16 ordinal says {Math.Sign(string.CompareOrdinal(pair.First, pair.Second))})");
    }

    [Fact]
    public void NastyKeys_EncodeLikeCanonicaljsonInCodePointOrder()
    {
        // Chosen so that UTF-16 ordinal order (U+1F600 before U+E000 and U+FFFD) and code-point order differ.
        var value = JsonValue.Object(
            ("\U0001F600", JsonValue.Number(1)),
            ("\uFFFD", JsonValue.Number(2)),
            ("\uE000", JsonValue.Number(3)),
            ("\u0000", JsonValue.Number(4)),
            ("a\u001fb", JsonValue.Number(5)),
            ("\uFFFF", JsonValue.Number(6)),
            ("\U00010000", JsonValue.Number(7)),
            ("\U0010FFFF", JsonValue.Number(8)));

        var ours = CanonicalJson.Encode(value);
        Assert.Equal(
            "{\"\\u0000\":4,\"a\\u001fb\":5,\"<U+E000>\":3,\"<U+FFFD>\":2,\"<U+FFFF>\":6,\"<U+10000>\":7,\"<U+1F600>\":1,\"<U+10FFFF>\":8}",
            Readable.Bytes(ours));
        AssertSameBytes(ours, oracle.Canonical(value), "canonical JSON of the nasty keys");
    }

    [Fact]
    public void EveryCharacterClass_EscapesLikeCanonicaljson()
    {
        // Each control character alone, then the characters canonical JSON must leave raw.
        var singles = Enumerable.Range(0, 0x20).Select(c => ((char)c).ToString())
            .Concat(["\"", "\\", "/", "\u007f", "\u0080", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ue000", "\ufffd", "\uffff", "\U00010000", "\U0001F600", "\U0010FFFF"])
            .ToList();
        var all = string.Concat(singles);
        var values = singles.Select(s => (JsonValue)JsonValue.Object((s, JsonValue.String(s)))).Append(JsonValue.String(all)).ToList();

        var answers = oracle.Exchange(values.Select(PythonOracle.CanonicalRequest).ToList());
        for (var i = 0; i < values.Count; i++)
            AssertSameBytes(CanonicalJson.Encode(values[i]), PythonOracle.Bytes(answers[i]), $"canonical JSON of {Readable.Json(values[i])}");
    }

    [Fact]
    public void UnsignedNull_SignedjsonDropsIt_WeKeepItAndSignaturesAgree()
    {
        // signedjson 1.1.1 re-attaches "unsigned" only when it is not None, so an explicit null disappears.
        // The spec (appendices, "Signing Details") keeps unsigned unchanged; we follow the spec. The
        // signature itself is over the object without unsigned, so it must still be identical.
        var seed = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var key = Ed25519SigningKey.FromSeed(seed, KeyId.Parse("ed25519:1").Value).Value;
        var value = JsonValue.Object(("a", JsonValue.Number(1)), ("unsigned", JsonValue.Null));

        var ours = JsonSigning.Sign(value, "domain", key);
        var theirs = StrictJsonReader.ParseObject(oracle.Sign(value, "domain", "ed25519:1", seed), JsonReadOptions.Canonical).Value;

        Assert.Equal(JsonValue.Null, ours["unsigned"]);
        Assert.Null(theirs["unsigned"]);
        Assert.Equal(ours.Without("unsigned"), theirs);
    }

    private void CheckAgainstPython(SigningCase c)
    {
        var key = Ed25519SigningKey.FromSeed(c.Seed, KeyId.Parse(c.KeyId).Value).Value;
        var publicKey = key.PublicKey.ToArray();
        var ourCanonical = CanonicalJson.Encode(c.Value);
        var ourSigned = JsonSigning.Sign(c.Signable, c.Server, key);
        var tampered = Tamper(ourSigned);

        var answers = oracle.Exchange(
            PythonOracle.CanonicalRequest(c.Value),
            PythonOracle.SignRequest(c.Signable, c.Server, c.KeyId, c.Seed),
            PythonOracle.VerifyRequest(ourSigned, c.Server, c.KeyId, publicKey),
            PythonOracle.VerifyRequest(tampered, c.Server, c.KeyId, publicKey));

        AssertSameBytes(ourCanonical, PythonOracle.Bytes(answers[0]), "canonical JSON");
        var theirSignedBytes = PythonOracle.Bytes(answers[1]);
        AssertSameBytes(CanonicalJson.Encode(ourSigned), theirSignedBytes, "the signed object (so the signature)");

        var (pythonAcceptsOurs, reason) = PythonOracle.Verdict(answers[2]);
        if (!pythonAcceptsOurs) throw new InvalidOperationException($"signedjson rejects our signature: {reason}");
        if (PythonOracle.Verdict(answers[3]).Valid) throw new InvalidOperationException("signedjson accepts our signature on a tampered object");

        var verifyKeys = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(c.KeyId, publicKey)]);
        var theirSigned = StrictJsonReader.ParseObject(theirSignedBytes, JsonReadOptions.Canonical);
        if (!theirSigned.IsOk) throw new InvalidOperationException($"our strict reader rejects signedjson's output: {theirSigned.Failure}");
        var check = JsonSigning.Verify(theirSigned.Value, c.Server, verifyKeys);
        if (!check.IsValid) throw new InvalidOperationException($"we reject signedjson's signature: {check}");
        if (JsonSigning.Verify(Tamper(theirSigned.Value), c.Server, verifyKeys).IsValid)
            throw new InvalidOperationException("we accept signedjson's signature on a tampered object");
    }

    // Changes a signed member (never signatures or unsigned), so every honest verifier must now refuse.
    private static JsonObject Tamper(JsonObject signed)
    {
        const string key = "tampered";
        var old = signed[key];
        return signed.With(key, old is null ? JsonValue.Bool(true) : JsonValue.Array(old));
    }

    private static void AssertSameBytes(byte[] ours, byte[] theirs, string what)
    {
        if (ours.AsSpan().SequenceEqual(theirs)) return;
        throw new InvalidOperationException($"{what} differs from the Python libraries'; {Readable.FirstDifference(ours, theirs)}\n" +
            $"    ours in full:   {Readable.Bytes(ours)}\n    theirs in full: {Readable.Bytes(theirs)}");
    }

    private static Gen<SigningCase> CreateSigningCases(JsonGenerationLimits limits)
    {
        var entity = Gen.Frequency((3, Gen.Const("domain")), (1, Gen.OneOf("example.org", "\U0001F600.example", "\uE000")), (1, JsonValueGenerators.Key(limits)));
        var keyId = KeyVersion.Select(v => "ed25519:" + v);
        // Existing signatures in the shape signedjson can extend: {entity: {key ID: string}}.
        var existingSignatures = Gen.Select(
                Gen.Frequency((2, entity), (1, JsonValueGenerators.Key(limits))),
                Gen.Select(Gen.Frequency((2, keyId), (1, JsonValueGenerators.Key(limits))), JsonValueGenerators.Text(limits)).Array[1, 3])
            .Array[1, 3]
            .Select(entities => JsonValue.Object(entities.Select(e => KeyValuePair.Create(e.Item1,
                (JsonValue)JsonValue.Object(e.Item2.Select(s => KeyValuePair.Create(s.Item1, (JsonValue)JsonValue.String(s.Item2))))))));
        // signedjson drops "unsigned": null (pinned by its own test), so unsigned data here is never null.
        var unsigned = JsonValueGenerators.Value(limits with { MaxSpineDepth = 0, MaxDepth = 2 }).Where(v => v is not JsonNull);

        return Gen.Select(
            JsonValueGenerators.Object(limits),
            Gen.Null(existingSignatures, 0.6),
            Gen.Null(unsigned, 0.6),
            Gen.Byte.Array[32],
            entity,
            keyId,
            (value, signatures, unsignedValue, seed, server, key) =>
            {
                // The object as generated goes to the canonical check; for signing, "signatures" and
                // "unsigned" are replaced by well-formed ones (signedjson cannot sign into other shapes).
                var signable = value.Without(JsonSigning.SignaturesKey, JsonSigning.UnsignedKey);
                if (signatures is not null) signable = signable.With(JsonSigning.SignaturesKey, signatures);
                if (unsignedValue is not null) signable = signable.With(JsonSigning.UnsignedKey, unsignedValue);
                return new SigningCase(value, signable, seed, server, key);
            });
    }
}
