using static InviteJoin.Reference.Tests.Auth.RuleAssert;
using static InviteJoin.Testing.ThirdPartyInvites;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// An invite carrying <c>content.third_party_invite</c> (spec v1.19, rooms v1–v12 "Authorisation rules":
/// v1–5 5.3.1, v6–7 4.3.1, v8–11 4.4.1, v12 5.4.1; page 06b-member-invite). It is decided by the
/// signature, the token and the sender alone.
/// </summary>
public sealed class MemberThirdPartyInviteRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    // A room where Alice published a third-party invite with token "tok".
    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("invite").WithThirdPartyInvite("tok", Alice);

    private static JsonObject Invite(JsonValue signed) =>
        MemberContent(JsonValue.Object(("display_name", JsonValue.String("b...@example.com")), ("signed", signed)));

    // The identity server and key that sign in these tests (ThirdPartyInvites.Signed with TestKeys.IdentityServer), as the allowing evidence names them.
    private const string SignedByIdentityServer = "identity.example.com ed25519:0";

    // Alice invites Bob with a third-party invite in `content`.
    private static void AliceInvitesBob(RoomBuilder room, JsonObject content, AuthVerdict verdict, Rule rule, params (string, string)[] evidence) =>
        Both(room, room.Member(Alice, Bob, "invite", content), verdict, rule, evidence);

    // `member.invite.third_party.target_banned` (rooms v12 "Authorisation rules" 5.4.1.1):
    // "If target user is banned, reject." Even with a valid signature.
    [Theory, RoomVersions(1, 12)]
    public void TargetBanned_Rejected(int version)
    {
        AliceInvitesBob(Room(version).SetMembership(Alice, Bob, "ban"), Invite(Signed(Bob, "tok")), AuthVerdict.Reject, Rule.MemberInviteThirdPartyTargetBanned, ("target_membership", "ban"));
    }

    // `member.invite.third_party.no_signed` (rooms v12 "Authorisation rules" 5.4.1.2):
    // "If content.third_party_invite does not have a signed property, reject." A value that is not an object has
    // none.
    [Theory, RoomVersions(1, 12)]
    public void NoSigned_Rejected(int version)
    {
        var room = Room(version);
        foreach (var thirdPartyInvite in new JsonValue[] { JsonValue.Object(("display_name", JsonValue.String("b"))), JsonValue.Null, JsonValue.String("signed"), JsonValue.Array(Signed(Bob, "tok")) })
        {
            AliceInvitesBob(room, MemberContent(thirdPartyInvite), AuthVerdict.Reject, Rule.MemberInviteThirdPartyNoSigned);
        }
    }

    // `member.invite.third_party.missing_mxid_or_token` (rooms v12 "Authorisation rules" 5.4.1.3):
    // "If signed does not have mxid and token properties, reject." A signed that is not an object has neither.
    [Theory, RoomVersions(1, 12)]
    public void SignedWithoutMxidOrToken_Rejected(int version)
    {
        var room = Room(version);
        foreach (var signed in new JsonValue[] { Signed(Bob, "tok").Without("mxid"), Signed(Bob, "tok").Without("token"), JsonObject.Empty, JsonValue.Null, JsonValue.Array() })
        {
            AliceInvitesBob(room, Invite(signed), AuthVerdict.Reject, Rule.MemberInviteThirdPartyMissingMxidOrToken);
        }
    }

    // `member.invite.third_party.mxid_mismatch` (rooms v12 "Authorisation rules" 5.4.1.4):
    // "If mxid does not match state_key, reject." A value that is not a string matches nothing.
    [Theory, RoomVersions(1, 12)]
    public void MxidOfAnotherUser_Rejected(int version)
    {
        // The evidence shows mxid as JSON text, since it need not be a string.
        var room = Room(version);
        AliceInvitesBob(room, Invite(Signed(Charlie, "tok")), AuthVerdict.Reject, Rule.MemberInviteThirdPartyMxidMismatch, ("mxid", "\"" + Charlie + "\""), ("state_key", Bob));
        AliceInvitesBob(room, Invite(Signed(Bob, "tok").With("mxid", JsonValue.Number(1))), AuthVerdict.Reject, Rule.MemberInviteThirdPartyMxidMismatch, ("mxid", "1"), ("state_key", Bob));
    }

    // `member.invite.third_party.no_matching_invite` (rooms v12 "Authorisation rules" 5.4.1.5):
    // "If there is no m.room.third_party_invite event in the current room state with state_key matching token,
    // reject."
    [Theory, RoomVersions(1, 12)]
    public void TokenWithoutThirdPartyInvite_Rejected(int version)
    {
        // The evidence shows the token as JSON text, since it need not be a string.
        var room = Room(version);
        AliceInvitesBob(room, Invite(Signed(Bob, "other")), AuthVerdict.Reject, Rule.MemberInviteThirdPartyNoMatchingInvite, ("token", "\"other\""));
        AliceInvitesBob(room, Invite(Signed(Bob, "tok").With("token", JsonValue.Number(1))), AuthVerdict.Reject, Rule.MemberInviteThirdPartyNoMatchingInvite, ("token", "1"));
    }

    // `member.invite.third_party.sender_mismatch` (rooms v12 "Authorisation rules" 5.4.1.6):
    // "If sender does not match sender of the m.room.third_party_invite, reject." Even a joined sender with power.
    [Theory, RoomVersions(1, 12)]
    public void SenderNotTheThirdPartyInviteSender_Rejected(int version)
    {
        var room = Room(version).SetMembership(Alice, Charlie, "invite").Join(Charlie).PowerLevels((Charlie, 100));
        Rejects(room, room.Member(Charlie, Bob, "invite", Invite(Signed(Bob, "tok"))), Rule.MemberInviteThirdPartySenderMismatch, ("sender", Charlie), ("third_party_invite_sender", Alice));
    }

    // `member.invite.third_party.allowed` (rooms v12 "Authorisation rules" 5.4.1.7):
    // "If any signature in signed matches any public key in the m.room.third_party_invite event, allow."
    [Theory, RoomVersions(1, 12)]
    public void SignedByThePublishedKey_Allowed(int version)
    {
        AliceInvitesBob(Room(version), Invite(Signed(Bob, "tok")), AuthVerdict.Allow, Rule.MemberInviteThirdPartyAllowed, ("token", "tok"), ("signed_by", SignedByIdentityServer));
    }

    // `member.invite.third_party.allowed` (rooms v12 "Authorisation rules" 5.4.1.7):
    // the keys are public_key and every public_keys[].public_key.
    [Theory, RoomVersions(1, 12)]
    public void SignedByAKeyInPublicKeys_Allowed(int version)
    {
        var created = RoomBuilder.Create(V(version)).JoinRule("invite");
        var content = ThirdPartyInvites.Content()
            .With("public_key", JsonValue.String(TestKeys.Stranger.PublicKeyBase64))
            .With("public_keys", JsonValue.Array(JsonValue.Object(("public_key", JsonValue.String("not base64!"))), JsonValue.Object(("public_key", JsonValue.String(TestKeys.IdentityServer.PublicKeyBase64)))));
        var room = created.Add(created.Event(EventTypes.ThirdPartyInvite, "tok", Alice, content));
        AliceInvitesBob(room, Invite(Signed(Bob, "tok")), AuthVerdict.Allow, Rule.MemberInviteThirdPartyAllowed, ("token", "tok"), ("signed_by", SignedByIdentityServer));
    }

    // The path checks neither the sender's membership nor the invite level again, nor refuses a joined target.
    [Theory, RoomVersions(1, 12)]
    public void SenderLeftAndTargetJoined_Allowed(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"invite": 100}""")).SetMembership(Alice, Bob, "invite").Join(Bob).SetMembership(Alice, Alice, "leave");
        AliceInvitesBob(room, Invite(Signed(Bob, "tok")), AuthVerdict.Allow, Rule.MemberInviteThirdPartyAllowed, ("token", "tok"), ("signed_by", SignedByIdentityServer));
    }

    // `member.invite.third_party.bad_signature` (rooms v12 "Authorisation rules" 5.4.1.8):
    // "Otherwise, reject." Unsigned, signed by another key, or signed over other content.
    [Theory, RoomVersions(1, 12)]
    public void NoValidSignature_Rejected(int version)
    {
        var room = Room(version);
        var unsigned = JsonValue.Object(("mxid", JsonValue.String(Bob)), ("token", JsonValue.String("tok")));
        var forged = Signed(Charlie, "tok").With("mxid", JsonValue.String(Bob));
        foreach (var signed in new[] { unsigned, Signed(Bob, "tok", TestKeys.Stranger), forged, Signed(Bob, "tok").With("signatures", JsonValue.String("x")) })
        {
            AliceInvitesBob(room, Invite(signed), AuthVerdict.Reject, Rule.MemberInviteThirdPartyBadSignature, ("token", "tok"));
        }
    }

    // `member.invite.third_party.bad_signature` (rooms v12 "Authorisation rules" 5.4.1.8):
    // a third-party invite whose public keys are unusable verifies nothing.
    [Theory, RoomVersions(1, 12)]
    public void ThirdPartyInviteWithoutUsableKeys_Rejected(int version)
    {
        var created = RoomBuilder.Create(V(version)).JoinRule("invite");
        var content = JsonValue.Object(("public_key", JsonValue.Number(5)), ("public_keys", JsonValue.String("x")));
        var room = created.Add(created.Event(EventTypes.ThirdPartyInvite, "tok", Alice, content));
        AliceInvitesBob(room, Invite(Signed(Bob, "tok")), AuthVerdict.Reject, Rule.MemberInviteThirdPartyBadSignature, ("token", "tok"));
    }
}
