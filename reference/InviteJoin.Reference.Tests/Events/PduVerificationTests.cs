using System.Text;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Checks 1–3 on receipt of a PDU (spec v1.19, server-server API "Checks performed on receipt of a
/// PDU", "Validating hashes and signatures on received events"): format, signatures, content hash.
/// </summary>
public sealed class PduVerificationTests
{
    private static readonly Ed25519SigningKey Origin = TestKeys.Filled(1, "ed25519:a");
    private static readonly Ed25519SigningKey Other = TestKeys.Filled(2, "ed25519:b");
    private static readonly KeyRing Keys = KeyRing.Empty.With("origin.example", Origin).With("other.example", Other);

    [Theory]
    [MemberData(nameof(EventIdTests.AllVersions), MemberType = typeof(EventIdTests))]
    public void SignedEvent_IsAccepted(string versionId)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var signed = Sign(version, Event(version));

        var (accepted, dropped) = PduVerification.Check(Encoding.UTF8.GetBytes(signed.ToString()), version.Format, Keys);

        Assert.Null(dropped);
        Assert.False(accepted!.ReplacedByRedaction);
        Assert.Equal(["origin.example"], accepted.VerifiedServers);
    }

    [Fact]
    public void TamperedContent_IsReplacedByItsRedaction()
    {
        var version = RoomVersion.V10;
        var signed = Sign(version, Event(version));
        var tampered = signed.With("content", JsonValue.Object(("body", JsonValue.String("changed in transit"))));

        var (accepted, dropped) = PduVerification.Check(tampered, version.Format, Keys);

        Assert.Null(dropped);
        Assert.True(accepted!.ReplacedByRedaction);
        Assert.Equal(JsonObject.Empty, accepted.Pdu.Content);
        Assert.Equal(PduParser.Parse(signed, version.Format, PduParseOptions.Federation).Value.EventId, accepted.Pdu.EventId);
    }

    [Fact]
    public void TamperedEssentialField_IsDroppedAtSignatures()
    {
        var version = RoomVersion.V10;
        var tampered = Sign(version, Event(version)).With("origin_server_ts", JsonValue.Number(2));

        var (_, dropped) = PduVerification.Check(tampered, version.Format, Keys);

        Assert.Equal(InboundStage.Signatures, dropped!.Stage);
        Assert.Equal("crypto.signature_mismatch", dropped.Failure.Token);
    }

    [Fact]
    public void UnknownSigningKey_IsDroppedAtSignatures()
    {
        var version = RoomVersion.V10;
        var signed = Sign(version, Event(version));

        var (_, dropped) = PduVerification.Check(signed, version.Format, KeyRing.Empty.With("other.example", Other));

        Assert.Equal(InboundStage.Signatures, dropped!.Stage);
        Assert.Equal("crypto.no_known_key", dropped.Failure.Token);
    }

    [Theory]
    [InlineData("4", true)]
    [InlineData("5", false)]
    public void KeyPastValidUntil_CountsOnlyBeforeV5(string versionId, bool accepted)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var signed = Sign(version, Event(version));
        var keys = KeyRing.Empty.With("origin.example", "ed25519:a", new VerifyKey(Origin.PublicKey, ValidUntilTs: 999));

        var (ok, dropped) = PduVerification.Check(signed, version.Format, keys);

        Assert.Equal(accepted, ok is not null);
        if (!accepted) Assert.Equal(InboundStage.Signatures, dropped!.Stage);
    }

    [Fact]
    public void ExpiredOldKey_IsIgnoredInEveryVersion()
    {
        var version = RoomVersion.V3;
        var signed = Sign(version, Event(version));
        var keys = KeyRing.Empty.With("origin.example", "ed25519:a", new VerifyKey(Origin.PublicKey, ExpiredTs: 999));

        Assert.Equal(InboundStage.Signatures, PduVerification.Check(signed, version.Format, keys).Dropped!.Stage);
    }

    [Fact]
    public void V1EventIdServer_MustAlsoSign()
    {
        var version = RoomVersion.V1;
        var json = Event(version).With("event_id", JsonValue.String("$e:other.example"));
        var signedByOriginOnly = Sign(version, json);
        var signedByBoth = EventSigning.SignEvent(signedByOriginOnly, version.Format, "other.example", Other);

        Assert.Equal(InboundStage.Signatures, PduVerification.Check(signedByOriginOnly, version.Format, Keys).Dropped!.Stage);
        Assert.Equal(["origin.example", "other.example"], PduVerification.Check(signedByBoth, version.Format, Keys).Accepted!.VerifiedServers);
    }

    [Fact]
    public void ThirdPartyInvite_MayBeSignedByAnotherServer()
    {
        var version = RoomVersion.V10;
        var invite = Event(version)
            .With("type", JsonValue.String("m.room.member")).With("state_key", JsonValue.String("@bob:other.example"))
            .With("content", JsonValue.Object(("membership", JsonValue.String("invite")), ("third_party_invite", JsonValue.Object(("signed", JsonObject.Empty)))));
        var signedByOther = EventSigning.SignEvent(invite, version.Format, "other.example", Other);
        var ordinaryInvite = EventSigning.SignEvent(invite.With("content", JsonValue.Object(("membership", JsonValue.String("invite")))), version.Format, "other.example", Other);

        Assert.NotNull(PduVerification.Check(signedByOther, version.Format, Keys).Accepted);
        Assert.Equal(InboundStage.Signatures, PduVerification.Check(ordinaryInvite, version.Format, Keys).Dropped!.Stage);
    }

    [Theory]
    [InlineData("{\"type\":", "json.truncated")]
    [InlineData("{\"type\":\"a\",\"type\":\"b\"}", "json.duplicate_key")]
    [InlineData("[]", "json.not_an_object")]
    [InlineData("{\"type\":\"m.room.message\"}", "pdu.missing_field")]
    public void Malformed_IsDroppedAtFormat(string text, string token)
    {
        var (_, dropped) = PduVerification.Check(Encoding.UTF8.GetBytes(text), RoomVersion.V10.Format, Keys);

        Assert.Equal(InboundStage.Format, dropped!.Stage);
        Assert.Equal(token, dropped.Failure.Token);
    }

    [Fact]
    public void FloatInV6Event_IsDroppedAtFormat()
    {
        var signed = Sign(RoomVersion.V6, Event(RoomVersion.V6)).ToString().Replace("\"depth\":2", "\"depth\":2.0", StringComparison.Ordinal);

        var (_, dropped) = PduVerification.Check(Encoding.UTF8.GetBytes(signed), RoomVersion.V6.Format, Keys);

        Assert.Equal("json.float_not_allowed", dropped!.Failure.Token);
    }

    /// <summary>
    /// Checking an event already read gives the answer of checking its JSON, whether it was read as its receivers read it
    /// (with the federation's options, with or without the signing bytes: not read again), read otherwise (with the test
    /// inputs' options: read again), or changed after it was read (another JSON put in a copy: read again) — for a signed
    /// event, one whose content, an essential field or signature was changed, and one whose signatures were removed.
    /// </summary>
    [Theory]
    [MemberData(nameof(EventIdTests.AllVersions), MemberType = typeof(EventIdTests))]
    public void CheckingAReadEvent_AnswersAsCheckingItsJson(string versionId)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var signed = EventSigning.SignEvent(Event(version), version.Format, "origin.example", Origin, out var signingBytes);
        JsonObject[] variants =
        [
            signed,
            signed.With("content", JsonValue.Object(("body", JsonValue.String("changed in transit")))),
            signed.With("origin_server_ts", JsonValue.Number(2)),
            signed.With("signatures", JsonValue.Object(("origin.example", JsonValue.Object(("ed25519:a", JsonValue.String("AAAA")))))),
            signed.Without("signatures"),
        ];
        var pristine = PduParser.Parse(signed, version.Format, PduParseOptions.Federation, signingBytes).Value;
        var readings = variants.SelectMany(json => new[]
        {
            PduParser.Parse(json, version.Format, PduParseOptions.Federation),
            PduParser.Parse(json, version.Format, PduParseOptions.TestInput),
        }).Where(r => r.IsOk).Select(r => r.Value).Append(pristine).Concat(variants.Skip(1).Select(json => pristine with { Json = json }));

        foreach (var pdu in readings)
        {
            var (accepted, dropped) = PduVerification.Check(pdu, Keys);
            var (expectedAccepted, expectedDropped) = PduVerification.Check(pdu.Json, version.Format, Keys);
            Assert.Equal(expectedDropped?.Stage, dropped?.Stage);
            Assert.Equal(expectedDropped?.Failure.Token, dropped?.Failure.Token);
            Assert.Equal(expectedAccepted?.ReplacedByRedaction, accepted?.ReplacedByRedaction);
            Assert.Equal(expectedAccepted?.VerifiedServers.ToArray(), accepted?.VerifiedServers.ToArray());
            Assert.Equal(expectedAccepted?.Pdu.EventId, accepted?.Pdu.EventId);
            Assert.Equal(expectedAccepted?.Pdu.Json, accepted?.Pdu.Json);
            Assert.Equal(expectedAccepted?.Pdu.Content, accepted?.Pdu.Content);
        }
        Assert.NotNull(PduVerification.Check(pristine, Keys).Accepted);
    }

    private static JsonObject Event(RoomVersion version)
    {
        var json = EventIdTests.SampleEvent(version, 1000).With("sender", JsonValue.String("@alice:origin.example")).Without("origin");
        return version.Format.EventIdInPdu ? json.With("event_id", JsonValue.String("$sample:origin.example")) : json;
    }

    private static JsonObject Sign(RoomVersion version, JsonObject json) => EventSigning.SignEvent(json, version.Format, "origin.example", Origin);
}
