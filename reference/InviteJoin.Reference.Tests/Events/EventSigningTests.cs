namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Event signing and hashing against the spec's event-signing test vectors (spec v1.19, appendices,
/// "Cryptographic Test Vectors", "Event Signing") and four derived vectors, which were
/// computed with an independent implementation and serve as regression data only.
/// </summary>
public sealed class EventSigningTests
{
    // The spec's signing key (SIGNING_KEY_SEED, "ed25519:1"), which also signs its event vectors.
    private static readonly Ed25519SigningKey Key =
        Ed25519SigningKey.FromUnpaddedBase64Seed(SpecVectors.Seed, KeyId.Parse(SpecVectors.KeyId).Value).Value;

    private static readonly ImmutableSortedDictionary<string, byte[]> VerifyKeys =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(SpecVectors.KeyId, Key.PublicKey.ToArray())]);

    // Spec v1.19, appendices, "Cryptographic Test Vectors" (TestData/spec/signing.json): the minimal event and the event with content, signed.
    private static string MinimalEventInput => SpecVectors.MinimalEvent;

    private static string MessageEventOutput => SpecVectors.SignedMessageEvent;

    [Theory]
    [InlineData(nameof(SpecVectors.MinimalEvent), nameof(SpecVectors.SignedMinimalEvent))]
    [InlineData(nameof(SpecVectors.MessageEvent), nameof(SpecVectors.SignedMessageEvent))]
    public void SpecEventVectors_ReproducedByteForByte(string inputVector, string expectedVector)
    {
        var (input, expected) = (SpecVectors.Named(inputVector), SpecVectors.Named(expectedVector));
        var signed = EventSigning.SignEvent(Parse(input), RoomVersion.V1.Format, "domain", Key);

        Assert.Equal(CanonicalJson.EncodeToString(Parse(expected)), CanonicalJson.EncodeToString(signed));
    }

    [Theory]
    [InlineData(nameof(SpecVectors.SignedMinimalEvent))]
    [InlineData(nameof(SpecVectors.SignedMessageEvent))]
    public void SpecEventVectors_Verify(string vector)
    {
        var signedText = SpecVectors.Named(vector);
        var signed = Parse(signedText);

        Assert.True(EventSigning.VerifySignature(signed, RoomVersion.V1.Format, "domain", VerifyKeys).IsValid);
    }

    [Fact]
    public void SignatureCoversRedactedForm_SoRedactedEventStillVerifies()
    {
        var signed = Parse(MessageEventOutput);
        var redacted = Redaction.Redact(signed, RoomVersion.V1.Format.Redaction);

        Assert.NotEqual(signed, redacted);
        Assert.True(EventSigning.VerifySignature(redacted, RoomVersion.V1.Format, "domain", VerifyKeys).IsValid);
    }

    [Fact]
    public void ContentChange_KeepsSignatureButBreaksContentHash()
    {
        var signed = Parse(MessageEventOutput);
        var tampered = signed.With("content", JsonValue.Object(("body", JsonValue.String("something else"))));
        var pdu = PduParser.Parse(tampered.With("depth", JsonValue.Number(1)).With("prev_events", JsonArray.Empty).With("auth_events", JsonArray.Empty), RoomVersion.V1.Format, PduParseOptions.Federation).Value;

        Assert.True(EventSigning.VerifySignature(tampered, RoomVersion.V1.Format, "domain", VerifyKeys).IsValid);
        Assert.False(EventSigning.ContentHashMatches(pdu).Value);
    }

    [Fact]
    public void EssentialFieldChange_BreaksSignature()
    {
        var tampered = Parse(MessageEventOutput).With("sender", JsonValue.String("@mallory:domain"));

        var check = EventSigning.VerifySignature(tampered, RoomVersion.V1.Format, "domain", VerifyKeys);

        Assert.False(check.IsValid);
        Assert.Equal("crypto.signature_mismatch", check.Failure!.Token);
    }

    // Derived vector 1 (not in the spec; computed with an independent implementation, regression data only): the reference hash of the signed minimal event under the v1–v10 algorithm.
    [Theory]
    [InlineData("4", "$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc")]
    [InlineData("10", "$8yif6p8EqgoSten2BLje9ntKm720NyFLWQv9tn8memc")]
    [InlineData("11", "$70O_oKlXzFbkfu0KE88USi98DjSWrOELrPj-8tisl8I")]
    public void DerivedEventIds_OfMinimalEvent(string roomVersion, string expected)
    {
        var format = RoomVersionRegistry.Lookup(roomVersion).Value.Format;
        // Derived vector 2: under v11 rules the signature differs (origin is no longer signed), so sign under the version first.
        var signed = EventSigning.SignEvent(Parse(MinimalEventInput), format, "domain", Key);

        Assert.Equal(expected, EventHashes.ComputeEventId(signed, format).Value.Value);
    }

    [Fact]
    public void DerivedV11Signature_OfMinimalEvent()
    {
        // Derived vector 2 (regression data): top-level origin is not kept by the v11 redaction algorithm.
        var signed = EventSigning.SignEvent(Parse(MinimalEventInput), RoomVersion.V11.Format, "domain", Key);

        Assert.Equal(
            "Jxp+1glFcZM+nnHpY0EkedRR7u0VmKsJYGnQqIvqus3UvL5X/p1y6wSkLhGoTBel6MZ9lrMIzUqrjqFquWJKBw",
            ((JsonString)((JsonObject)((JsonObject)signed["signatures"]!)["domain"]!)["ed25519:1"]!).Value);
        Assert.Equal(
            """{"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},"origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain","type":"X"}""",
            System.Text.Encoding.UTF8.GetString(EventHashes.RedactedSigningBytes(signed, RoomVersion.V11.Format)));
    }

    [Fact]
    public void DerivedV12CreateAndJoin_GiveRoomIdFromCreateEvent()
    {
        // Derived vectors 3 and 4 (regression data): a room version 12 create event and the creator's join.
        var create = EventSigning.SignEvent(
            Parse(SpecVectors.V12CreateEvent),
            RoomVersion.V12.Format, "domain", Key);
        var createPdu = PduParser.Parse(create, RoomVersion.V12.Format, PduParseOptions.Federation).Value;

        Assert.Equal(SpecVectors.V12CreateContentHash, createPdu.ContentHashSha256);
        Assert.Equal(SpecVectors.V12CreateEventId, createPdu.EventId.Value);
        Assert.Equal(SpecVectors.V12RoomId, createPdu.RoomId.Value);

        var join = EventSigning.SignEvent(
            Parse("""{"auth_events":[],"content":{"membership":"join"},"depth":2,"origin_server_ts":1000001,"prev_events":["$P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM"],"room_id":"!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM","sender":"@a:domain","state_key":"@a:domain","type":"m.room.member"}"""),
            RoomVersion.V12.Format, "domain", Key);
        var joinPdu = PduParser.Parse(join, RoomVersion.V12.Format, PduParseOptions.Federation).Value;

        Assert.Equal("TcRcImZbXG5qc2WUTnU9xgCQyqqafSCLfFCb1WG80uU", joinPdu.ContentHashSha256);
        Assert.Equal("$6SmfXRmPKZktUiSQl9V_6azWFIFoRunj3pNs6rxiw-g", joinPdu.EventId.Value);
        Assert.True(EventSigning.ContentHashMatches(joinPdu).Value);
    }

    [Fact]
    public void RequiredSigners_IncludeEventIdServerOnlyInV1AndV2()
    {
        var json = Parse(MessageEventOutput).With("event_id", JsonValue.String("$0:other.example")).With("depth", JsonValue.Number(1))
            .With("prev_events", JsonArray.Empty).With("auth_events", JsonArray.Empty);

        var v1 = PduParser.Parse(json, RoomVersion.V1.Format, PduParseOptions.Federation).Value;
        var v3 = PduParser.Parse(json.Without("event_id"), RoomVersion.V3.Format, PduParseOptions.Federation).Value;

        Assert.Equal(["domain", "other.example"], EventSigning.RequiredSigners(v1));
        Assert.Equal(["domain"], EventSigning.RequiredSigners(v3));
    }

    private static JsonObject Parse(string text) => (JsonObject)StrictJsonReader.Parse(text, JsonReadOptions.Lenient).Value;
}
