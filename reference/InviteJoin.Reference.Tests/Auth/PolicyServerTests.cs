using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.Tests.Dance;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Check 7 on receipt (spec v1.18+, server-server API "Checks performed on receipt of a PDU" 7, "Policy Servers"): in a room
/// that uses a policy server — a valid <c>m.room.policy</c> with empty state key in the current state, whose <c>via</c> server
/// has a joined user — an event without a valid signature by <c>ed25519:policy_server</c> with the key the state names is soft
/// failed. The authorisation rules are untouched: "an event which lacks a valid Policy Server signature is still subject to
/// normal authorization rules".
/// </summary>
public sealed class PolicyServerTests
{
    /// <summary>A room whose policy server is c.test, with Carl joined: the room uses it from the m.room.policy event on.</summary>
    private static RoomBuilder Protected(string versionId = "10") =>
        PolicyServers.Protect(RoomBuilder.Federated(Version(versionId)).Join(Ben).Join(Mallory));

    private static Pdu Spam(RoomBuilder room) => room.Event(EventTypes.Message, null, Mallory, JsonValue.Object(("body", JsonValue.String("buy now"))));

    private static Pdu CoSigned(RoomBuilder room, Pdu pdu) => PolicyServers.CoSigned(pdu, room.Version);

    private static ReceiptOutcome Check(RoomBuilder room, Pdu pdu) =>
        room.Room.Check(new InboundPdu(pdu, false, EventSigning.RequiredSigners(pdu)), TestKeys.Ring)!;

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void EventWithoutThePolicyServersSignature_IsSoftFailedAtCheck7(string versionId)
    {
        var room = Protected(versionId);

        var outcome = Check(room, Spam(room));

        Assert.Equal(ReceiptVerdict.SoftFailed, outcome.Verdict);
        Assert.Equal(ReceiptStage.PolicyServer, outcome.Stage);
        Assert.Equal(PolicyServerCheck.MissingSignature, outcome.PolicyServer);
        // The auth rules allowed it: the policy server decides soft failure, never authorisation.
        Assert.True(outcome.Decision!.Allowed);
    }

    [Fact]
    public void EventTheRoomsPolicyServerSigned_IsAccepted()
    {
        var room = Protected();
        var outcome = Check(room, CoSigned(room, Spam(room)));
        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(PolicyServerCheck.Signed, outcome.PolicyServer);
    }

    [Fact]
    public void SignatureByAnotherKeyUnderThePolicyServersName_IsSoftFailed()
    {
        var room = Protected();
        var forged = RoomBuilder.ParseSigned(EventSigning.SignEvent(Spam(room).Json, room.Version.Format, PolicyServers.Via, TestKeysOf("ed25519:policy_server")), room.Version);
        var outcome = Check(room, forged);
        Assert.Equal(ReceiptVerdict.SoftFailed, outcome.Verdict);
        Assert.Equal(PolicyServerCheck.BadSignature, outcome.PolicyServer);
    }

    [Fact]
    public void EventTheAuthRulesRefuse_IsRejectedWhateverThePolicyServerSays()
    {
        // Xena never joined: check 4 rejects her message even with the policy server's signature.
        var room = Protected();
        var stranger = CoSigned(room, room.Event(EventTypes.Message, null, Xena, JsonValue.Object(("body", JsonValue.String("hi")))));
        var outcome = Check(room, stranger);
        Assert.Equal(ReceiptVerdict.Rejected, outcome.Verdict);
        Assert.Equal(Rule.SenderNotJoined, outcome.Rule);
    }

    public static TheoryData<string> NotInUse => ["no_policy_event", "via_without_joined_user", "via_not_a_string", "no_ed25519_key"];

    /// <summary>"If the state event is not set in the room or is missing required fields ... Similarly, if the server name ... has zero joined users".</summary>
    [Theory]
    [MemberData(nameof(NotInUse))]
    public void RoomNotUsingAPolicyServer_AcceptsUnsignedEvents(string why)
    {
        var room = RoomBuilder.Federated(Version("10")).Join(Ben).Join(Mallory);
        room = why switch
        {
            "no_policy_event" => room,
            "via_without_joined_user" => room.Send(EventTypes.Policy, "", Ada, PolicyServers.Content()),
            "via_not_a_string" => room.Join(Carl).Send(EventTypes.Policy, "", Ada, PolicyServers.Content().With("via", JsonValue.Number(1))),
            "no_ed25519_key" => room.Join(Carl).Send(EventTypes.Policy, "", Ada, PolicyServers.Content().With("public_keys", JsonObject.Empty)),
            _ => throw new InvalidOperationException(why),
        };
        var outcome = Check(room, Spam(room));
        Assert.Equal(ReceiptVerdict.Accepted, outcome.Verdict);
        Assert.Equal(PolicyServerCheck.NotInUse, outcome.PolicyServer);
    }

    /// <summary>"the Policy Server is not asked to sign m.room.policy state events with empty string state_keys": they are exempt.</summary>
    [Fact]
    public void PolicyStateEventItself_IsExempt_ButNotOtherPolicyEvents()
    {
        var room = Protected();
        var disable = room.Event(EventTypes.Policy, "", Ada, JsonObject.Empty);
        Assert.Equal(PolicyServerCheck.Exempt, Check(room, disable).PolicyServer);
        Assert.Equal(ReceiptVerdict.Accepted, Check(room, disable).Verdict);

        var other = room.Event(EventTypes.Policy, "other", Ada, PolicyServers.Content());
        Assert.Equal(ReceiptVerdict.SoftFailed, Check(room, other).Verdict);
    }

    /// <summary>A transaction soft-fails the unsigned event: held, not in the state, not an extremity (server-server API "Soft failure").</summary>
    [Fact]
    public void TransactionPduWithoutTheSignature_IsSoftFailedAndNotBuiltUpon()
    {
        var room = Protected();
        var spam = Spam(room);

        var receipt = Transactions.Receive(ServerA(room), spam.Json, origin: M);

        Assert.Equal(DanceRule.TransactionSoftFailed, receipt.Outcome);
        var held = receipt.Server.Room(room.RoomId)!;
        Assert.Equal(EventStatus.SoftFailed, held.StatusOf(spam.EventId));
        Assert.DoesNotContain(spam.EventId, held.ForwardExtremities);
        Assert.Equal(ReceiptStage.PolicyServer, held.Find(spam.EventId)!.Stage);
    }

    private static Ed25519SigningKey TestKeysOf(string keyId) => TestKeys.Filled(0x99, keyId);
}
