using System.Text;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The checks on receipt of a PDU, stage by stage and in order (spec v1.19, server-server API "Checks
/// performed on receipt of a PDU" 1–6, "Validating hashes and signatures on received events",
/// "Rejection", "Soft failure"), on really signed events.
/// </summary>
public sealed class ReceiptCheckTests
{
    private static readonly RoomBuilder PublicRoom = RoomBuilder.Federated(RoomVersion.V10).Join(Ben);

    private static KeyRing Keys => TestKeys.Ring;

    // Stage 1: format.

    [Fact]
    public void BytesThatAreNotJson_AreDroppedAtFormat()
    {
        var outcome = ReceiptCheck.Check("{\"type\": "u8, RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Format, outcome.Stage);
        Assert.StartsWith("json.", outcome.Token, StringComparison.Ordinal);
        Assert.Null(outcome.Pdu);
        Assert.Null(outcome.Rule);
    }

    [Fact]
    public void EventWithoutSender_IsDroppedAtFormat()
    {
        var outcome = ReceiptCheck.Check(PublicRoom.Message(Ben).Json.Without("sender"), RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Format, outcome.Stage);
        Assert.Equal("pdu.missing_field", outcome.Token);
    }

    // Stage 2: signatures.

    [Fact]
    public void SignatureByUnknownKey_IsDroppedAtSignatures()
    {
        var keys = KeyRing.Empty.With(A, TestKeys.Of(A));

        var outcome = ReceiptCheck.Check(PublicRoom.Message(Ben).Json, RoomVersion.V10, keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Signatures, outcome.Stage);
        Assert.Equal("crypto.no_known_key", outcome.Token);
    }

    [Fact]
    public void EventFailingSignaturesAndAuth_IsDroppedAtSignaturesNotRejected()
    {
        // Carl has not joined, so the auth rules would reject his message; a broken signature is found first.
        var message = PublicRoom.Message(Carl).Json;
        Assert.Equal(ReceiptVerdict.Rejected, ReceiptCheck.Check(message, RoomVersion.V10, Keys, PublicRoom.ForReceipt()).Verdict);
        var forged = message.With("origin_server_ts", JsonValue.Number(99_999));

        var outcome = ReceiptCheck.Check(forged, RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Signatures, outcome.Stage);
        Assert.Equal("crypto.signature_mismatch", outcome.Token);
        Assert.Null(outcome.Decision);
    }

    [Fact]
    public void RoomVersion1EventWithoutEventIdServerSignature_IsDroppedAtSignatures()
    {
        var room = RoomBuilder.Federated(RoomVersion.V1).Join(Ben);
        var message = MessageWithEventIdOn(room, C, signers: [B]);

        var outcome = ReceiptCheck.Check(message, RoomVersion.V1, Keys, room.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Signatures, outcome.Stage);
        Assert.Equal("crypto.missing_signature", outcome.Token);
        Assert.Equal("$.signatures[\"c.test\"]", outcome.Failure!.Path);
    }

    [Fact]
    public void RoomVersion1EventSignedByEventIdServerToo_IsAccepted()
    {
        var room = RoomBuilder.Federated(RoomVersion.V1).Join(Ben);
        var message = MessageWithEventIdOn(room, C, signers: [B, C]);

        var outcome = ReceiptCheck.Check(message, RoomVersion.V1, Keys, room.ForReceipt());

        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(["b.test", "c.test"], outcome.VerifiedServers);
    }

    [Fact]
    public void ThirdPartyInviteSignedByItsOrigin_PassesSignaturesWhenTheOriginIsKnown()
    {
        // The sender must match the third-party invite, but another server may send (and sign) the event.
        var invite = PublicRoom.SignedBy(C).Event(EventTypes.Member, Carl, Ada, JsonValue.Object(
            ("membership", JsonValue.String("invite")),
            ("third_party_invite", JsonValue.Object(("display_name", JsonValue.String("c…")), ("signed", JsonValue.Object(
                ("mxid", JsonValue.String(Carl)), ("token", JsonValue.String("abc")), ("signatures", JsonObject.Empty))))))).Json;

        var fromOrigin = ReceiptCheck.Check(invite, RoomVersion.V10, Keys, PublicRoom.ForReceipt() with { Origin = "c.test" });
        var fromOther = ReceiptCheck.Check(invite, RoomVersion.V10, Keys, PublicRoom.ForReceipt() with { Origin = "b.test" });

        Assert.Equal(ReceiptVerdict.Rejected, fromOrigin.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, fromOrigin.Stage);
        Assert.Equal(Rule.MemberInviteThirdPartyNoMatchingInvite, fromOrigin.Rule);
        Assert.Equal(ReceiptVerdict.Dropped, fromOther.Verdict);
        Assert.Equal(ReceiptStage.Signatures, fromOther.Stage);
        Assert.Equal("crypto.missing_signature", fromOther.Token);
    }

    // Stage 3: hashes.

    [Fact]
    public void TamperedJoinContent_IsReplacedByItsRedactionAndStillJoins()
    {
        var join = PublicRoom.Member(Carl, Carl, "join", JsonValue.Object(("displayname", JsonValue.String("Carl")))).Json;
        var tampered = join.With("content", JsonValue.Object(("membership", JsonValue.String("join")), ("displayname", JsonValue.String("Mallory"))));

        var outcome = ReceiptCheck.Check(tampered, RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.True(outcome.ReplacedByRedaction);
        Assert.Equal(JsonValue.Object(("membership", JsonValue.String("join"))), outcome.Pdu!.Content);
        Assert.Equal(Rule.MemberJoinPublic, outcome.Rule);

        // The redacted join still makes Carl a member: his next message passes every stage.
        var joined = PublicRoom.Add(outcome.Pdu);
        var message = ReceiptCheck.Check(joined.Message(Carl).Json, RoomVersion.V10, Keys, joined.ForReceipt());
        Assert.Equal(ReceiptVerdict.Accepted, message.Verdict);
        Assert.False(message.ReplacedByRedaction);
    }

    [Fact]
    public void SignedContentHashThatIsNotBase64_IsDroppedAtHashes()
    {
        var message = PublicRoom.Message(Ben).Json.With("hashes", JsonValue.Object(("sha256", JsonValue.String("not base64!"))));
        var signed = JsonSigning.Sign(Redaction.Redact(message.Without("signatures"), RoomVersion.V10.Format.Redaction), B, TestKeys.Of(B));

        var outcome = ReceiptCheck.Check(message.With("signatures", signed["signatures"]!), RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Dropped, outcome.Verdict);
        Assert.Equal(ReceiptStage.Hashes, outcome.Stage);
        Assert.Equal("pdu.bad_hashes", outcome.Token);
    }

    // Stage 4: the event's own auth events.

    [Fact]
    public void MessageFromJoinedMember_IsAcceptedAtCurrentState()
    {
        var outcome = ReceiptCheck.Check(PublicRoom.Message(Ben).Json, RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(ReceiptStage.CurrentState, outcome.Stage);
        Assert.Equal(Rule.EventAllowed, outcome.Rule);
        Assert.False(outcome.ReplacedByRedaction);
        Assert.Equal(["b.test"], outcome.VerifiedServers);
        Assert.Null(outcome.Failure);
    }

    [Fact]
    public void MessageFromNonMember_IsRejectedAtAuthEvents()
    {
        var outcome = ReceiptCheck.Check(PublicRoom.Message(Carl).Json, RoomVersion.V10, Keys, PublicRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, outcome.Stage);
        Assert.Equal(Rule.SenderNotJoined, outcome.Rule);
        Assert.NotNull(outcome.Pdu);
    }

    [Fact]
    public void CitedAuthEventTheReceiverLacks_IsRejectedAtAuthEvents()
    {
        var message = PublicRoom.Message(Ben).Json;
        var bensJoin = PublicRoom.State.Member(Ben)!.EventId.Value;
        var context = PublicRoom.ForReceipt() with { AuthEvents = PublicRoom.ForReceipt().AuthEvents.Remove(bensJoin) };

        var outcome = ReceiptCheck.Check(message, RoomVersion.V10, Keys, context);

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, outcome.Stage);
        Assert.Equal(Rule.AuthEventsMissing, outcome.Rule);
    }

    [Fact]
    public void CitedAuthEventThatWasRejected_IsRejectedAtAuthEvents()
    {
        var bensJoin = PublicRoom.State.Member(Ben)!.EventId.Value;

        var outcome = ReceiptCheck.Check(PublicRoom.Message(Ben).Json, RoomVersion.V10, Keys, PublicRoom.ForReceipt().WithRejected([bensJoin]));

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, outcome.Stage);
        Assert.Equal(Rule.AuthEventsRejected, outcome.Rule);
    }

    [Fact]
    public void RoomVersion12MessageNotCitingTheCreateEvent_IsAcceptedWithTheImpliedCreateEvent()
    {
        var room = RoomBuilder.Federated(RoomVersion.V12).Join(Ben);
        var pdu = room.Message(Ben);
        var message = pdu.Json;
        var createId = room.Events.Single(e => e.Type == EventTypes.Create).EventId.Value;
        Assert.DoesNotContain(room.Add(pdu).Last.AuthEvents, id => id.Value == createId);

        var accepted = ReceiptCheck.Check(message, RoomVersion.V12, Keys, room.ForReceipt());
        var withoutCreate = ReceiptCheck.Check(message, RoomVersion.V12, Keys, room.ForReceipt() with { AuthEvents = room.ForReceipt().AuthEvents.Remove(createId) });

        Assert.Equal(ReceiptVerdict.Accepted, accepted.Verdict);
        Assert.Equal(ReceiptVerdict.Rejected, withoutCreate.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, withoutCreate.Stage);
        Assert.Equal(Rule.RoomNotCreateEventHash, withoutCreate.Rule);
    }

    [Fact]
    public void CreateEvent_IsAcceptedAgainstEmptyStates()
    {
        var create = PublicRoom.Events.Single(e => e.Type == EventTypes.Create);
        var context = new ReceiptContext { StateBefore = AuthState.Empty, CurrentState = AuthState.Empty };

        var outcome = ReceiptCheck.Check(Encoding.UTF8.GetBytes(create.Json.ToString()), RoomVersion.V10, Keys, context);

        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(Rule.CreateAllowed, outcome.Rule);
        Assert.Equal(create.EventId, outcome.Pdu!.EventId);
    }

    // Stages 5 and 6: the state before the event, then the current state.

    [Fact]
    public void MessageAllowedByItsAuthEventsButNotByTheStateBefore_IsRejectedAtStateBefore()
    {
        // Ben's message cites his join, but the state before it (its prev events resolved) holds his ban.
        var message = PublicRoom.Message(Ben).Json;
        var banned = PublicRoom.SetMembership(Ada, Ben, "ban");
        var context = banned.ForReceipt() with { StateBefore = banned.State, CurrentState = banned.State };

        var outcome = ReceiptCheck.Check(message, RoomVersion.V10, Keys, context);

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.StateBefore, outcome.Stage);
        Assert.Equal(Rule.SenderNotJoined, outcome.Rule);
        Assert.Equal("ban", outcome.Decision!.Evidence["membership"]);
    }

    [Fact]
    public void MessageFromUserBannedOnAnotherFork_IsSoftFailed()
    {
        // Ben's message follows his join; on another fork Ada banned him, and that fork is in the current state.
        var message = PublicRoom.Message(Ben).Json;
        var banned = PublicRoom.SetMembership(Ada, Ben, "ban");
        var context = banned.ForReceipt() with { StateBefore = PublicRoom.State, CurrentState = banned.State };

        var outcome = ReceiptCheck.Check(message, RoomVersion.V10, Keys, context);

        Assert.Equal(ReceiptVerdict.SoftFailed, outcome.Verdict);
        Assert.Equal(ReceiptStage.CurrentState, outcome.Stage);
        Assert.Equal(Rule.SenderNotJoined, outcome.Rule);
        Assert.False(outcome.Decision!.Allowed);
    }

    // Restricted joins (room versions 8+): the authorising server's signature is verified, not trusted.

    private static readonly RoomBuilder RestrictedRoom = RoomBuilder.Federated(RoomVersion.V10).JoinRule(Ada, "restricted");

    private static JsonObject AuthorisedJoin(string[]? alsoSignedBy = null) =>
        RestrictedRoom.AlsoSignedBy(alsoSignedBy ?? []).Member(Carl, Carl, "join", JsonValue.Object((MemberContent.Authoriser, JsonValue.String(Ada)))).Json;

    [Fact]
    public void RestrictedJoinSignedByTheAuthorisingServer_IsAccepted()
    {
        var outcome = ReceiptCheck.Check(AuthorisedJoin(alsoSignedBy: [A]), RoomVersion.V10, Keys, RestrictedRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(Rule.MemberJoinRestrictedAuthorised, outcome.Rule);
        Assert.Equal(["c.test", "a.test"], outcome.VerifiedServers);
    }

    [Fact]
    public void RestrictedJoinWithoutTheAuthorisingServersSignature_IsRejectedNotDropped()
    {
        var outcome = ReceiptCheck.Check(AuthorisedJoin(), RoomVersion.V10, Keys, RestrictedRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, outcome.Stage);
        Assert.Equal(Rule.MemberAuthoriserSignatureInvalid, outcome.Rule);
        Assert.Equal(["c.test"], outcome.VerifiedServers);
    }

    [Fact]
    public void RestrictedJoinWithAPlaceholderAuthoriserSignature_IsRejectedThoughTheDefaultOracleTrustsIt()
    {
        var zeros = UnpaddedBase64.Encode(new byte[64]);
        var join = AuthorisedJoin();
        var signatures = ((JsonObject)join["signatures"]!).With(A, JsonValue.Object(("ed25519:1", JsonValue.String(zeros))));
        var placeholder = join.With("signatures", signatures);
        var pdu = RoomBuilder.ParseSigned(placeholder, RoomVersion.V10);
        var cited = pdu.AuthEvents.Select(id => RestrictedRoom.Room.Events[id.Value]).ToList();
        Assert.True(EventAuthorizer.AuthorizeAgainstAuthEvents(pdu, cited, RoomVersion.V10, AuthContext.Default).Allowed);

        var outcome = ReceiptCheck.Check(placeholder, RoomVersion.V10, Keys, RestrictedRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(ReceiptStage.AuthEvents, outcome.Stage);
        Assert.Equal(Rule.MemberAuthoriserSignatureInvalid, outcome.Rule);
    }

    [Fact]
    public void VerifiedEvent_IsJudgedByChecks4To6AsItsJsonIs()
    {
        // A receiver that fetches what an event cites runs checks 1–3, then 4–6 on the verified event.
        var json = AuthorisedJoin(alsoSignedBy: [A]);
        var (inbound, _) = PduVerification.Check(json, RoomVersion.V10.Format, Keys);
        Assert.Equal(["c.test"], inbound!.VerifiedServers);

        var fromJson = ReceiptCheck.Check(json, RoomVersion.V10, Keys, RestrictedRoom.ForReceipt());
        var fromInbound = ReceiptCheck.Check(inbound, RoomVersion.V10, Keys, RestrictedRoom.ForReceipt());

        Assert.Equal(ReceiptVerdict.Accepted, fromInbound.Verdict);
        Assert.Equal(fromJson.Rule, fromInbound.Rule);
        Assert.Equal(Rule.MemberJoinRestrictedAuthorised, fromInbound.Rule);
        Assert.Equal(["c.test", "a.test"], fromInbound.VerifiedServers);
    }

    // The vocabulary.

    [Fact]
    public void EveryInboundStage_MapsToTheReceiptStageOfTheSameName()
    {
        foreach (var stage in Enum.GetValues<InboundStage>())
        {
            Assert.Equal(stage.ToString(), ReceiptStages.Of(stage).ToString());
        }
    }

    [Fact]
    public void StagesAndVerdicts_HaveDistinctReceiptTokens()
    {
        var tokens = Enum.GetValues<ReceiptStage>().Select(s => WireToken.Of(s))
            .Concat(Enum.GetValues<ReceiptVerdict>().Select(v => WireToken.Of(v))).ToList();

        Assert.All(tokens, token => Assert.StartsWith("receipt.", token, StringComparison.Ordinal));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(11, tokens.Count);
    }

    // Ben's message in a room version 1 room, its event ID naming idServer, signed by signers alone.
    private static JsonObject MessageWithEventIdOn(RoomBuilder room, string idServer, string[] signers)
    {
        var json = room.Message(Ben, "hi").Json.Without("signatures").With("event_id", JsonValue.String("$message:" + idServer));
        foreach (var signer in signers) json = EventSigning.SignEvent(json, room.Version.Format, signer, TestKeys.Of(signer));
        return json;
    }
}
