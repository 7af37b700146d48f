using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 5 (v1–5) / 4 (v6–11) / 5 (v12), what every membership shares: the shape check, the authorising
/// server's signature (v8+) and unknown memberships (spec v1.19, rooms v1–v12 "Authorisation rules"; page 06-member).
/// </summary>
public sealed class MemberRulesTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder PublicRoom(int version) => RoomBuilder.Create(V(version)).JoinRule("public");

    // `member.no_state_key_or_membership` ("Authorisation rules" v1–5: 5.1; v6–11: 4.1; v12: 5.1):
    // "If there is no state_key property ..., reject."
    [Theory, RoomVersions(1, 12)]
    public void NoStateKey_Rejected(int version)
    {
        var room = PublicRoom(version);
        Rejects(room, room.Event(EventTypes.Member, null, Bob, JsonText("""{"membership": "join"}""")), Rule.MemberNoStateKeyOrMembership, ("has_state_key", "false"), ("has_membership", "true"));
    }

    // `member.no_state_key_or_membership` (rooms v12 "Authorisation rules" 5.1):
    // "... or no membership property in content, reject."
    [Theory, RoomVersions(1, 12)]
    public void NoMembership_Rejected(int version)
    {
        var room = PublicRoom(version);
        Rejects(room, room.Event(EventTypes.Member, Bob, Bob, JsonText("""{"displayname": "Bob"}""")), Rule.MemberNoStateKeyOrMembership, ("has_state_key", "true"), ("has_membership", "false"));
    }

    // `member.authoriser_signature_invalid` ("Authorisation rules" v8–11: 4.2.1; v12: 5.2.1):
    // join_authorised_via_users_server requires the named user's server's signature.
    [Theory, RoomVersions(8, 12)]
    public void AuthoriserServerHasNotSigned_Rejected(int version)
    {
        var room = PublicRoom(version).JoinRule("restricted");
        var join = room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}"""), AuthFixtures.SignedBy("elsewhere.test"));
        Rejects(room, join, Rule.MemberAuthoriserSignatureInvalid, ("authoriser", Alice), ("authoriser_server", "example.org"));
    }

    // `member.authoriser_signature_invalid` applies to every membership, not only joins (a profile change that kept the key must be re-signed).
    [Theory, RoomVersions(8, 12)]
    public void AuthoriserKeyOnALeave_Rejected(int version)
    {
        var room = PublicRoom(version).Join(Bob);
        Rejects(room, room.Member(Bob, Bob, "leave", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}""")), Rule.MemberAuthoriserSignatureInvalid,
            ("authoriser", Alice), ("authoriser_server", "example.org"));
    }

    // `member.authoriser_signature_invalid` (rooms v12 "Authorisation rules" 5.2.1):
    // a value that is not a user ID names no server, so no signature satisfies it.
    [Theory, RoomVersions(8, 12)]
    public void AuthoriserNotAUserId_Rejected(int version)
    {
        var room = PublicRoom(version);
        foreach (var bad in new[] { "\"alice\"", "\"@alice\"", "5", "null", "[\"@alice:example.org\"]", "{}" })
        {
            var join = room.Member(Bob, Bob, "join", JsonText("{\"join_authorised_via_users_server\": " + bad + "}"), AuthFixtures.SignedBy("example.org"));
            // The evidence shows the value as canonical JSON text (each value here is written canonically), since it need not be a string.
            Rejects(room, join, Rule.MemberAuthoriserSignatureInvalid, ("authoriser", bad), ("problem", "not a user ID"));
        }
    }

    // Rooms v12 "Authorisation rules" 5.2.1 then passes to the membership's own rules: signed by the authoriser's server, a public join is allowed.
    [Theory, RoomVersions(8, 12)]
    public void AuthoriserServerHasSigned_PassesToTheMembershipRules(int version)
    {
        var room = PublicRoom(version);
        var join = room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}"""), AuthFixtures.SignedBy("example.org"));
        Allowed(room, join, Rule.MemberJoinPublic);
    }

    // The signature oracle is asked for the authoriser's server, whatever the event's signatures say.
    [Theory, RoomVersions(8, 12)]
    public void SignatureOracleRefuses_Rejected(int version)
    {
        var asked = new List<string>();
        var room = PublicRoom(version) with { Context = AuthContext.Default with { IsSignedBy = (_, server) => { asked.Add(server); return false; } } };
        var join = room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}"""), AuthFixtures.SignedBy("example.org"));
        Rejects(room, join, Rule.MemberAuthoriserSignatureInvalid, ("authoriser", Alice), ("authoriser_server", "example.org"));
        Assert.All(asked, server => Assert.Equal("example.org", server));
    }

    // `member.unknown_membership` ("Authorisation rules" v1–5: 5.6; v6: 4.6; v7: 4.7; v8–11: 4.8; v12: 5.8):
    // "Otherwise, the membership is unknown. Reject."
    [Theory, RoomVersions(1, 12)]
    public void UnknownMembership_Rejected(int version)
    {
        var room = PublicRoom(version);
        foreach (var membership in new[] { "frobnicate", "JOIN", "join ", "", "none" })
        {
            Rejects(room, room.Member(Bob, Bob, membership), Rule.MemberUnknownMembership, ("membership", "\"" + membership + "\""));
        }
    }

    // `member.unknown_membership` (rooms v12 "Authorisation rules" 5.8):
    // a membership that is not a string matches no membership.
    [Theory, RoomVersions(1, 12)]
    public void MembershipNotAString_Rejected(int version)
    {
        var room = PublicRoom(version);
        // The evidence shows the membership as canonical JSON text (each value here is written canonically).
        foreach (var value in new[] { "null", "7", "true", "[\"join\"]", "{\"membership\":\"join\"}" })
        {
            Rejects(room, room.Event(EventTypes.Member, Bob, Bob, JsonText("{\"membership\": " + value + "}")), Rule.MemberUnknownMembership, ("membership", value));
        }
    }

    // Before v7 (MSC2403), knock is an unknown membership.
    [Theory, RoomVersions(1, 6)]
    public void KnockBeforeVersion7_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock");
        Rejects(room, room.Member(Bob, Bob, "knock"), Rule.MemberUnknownMembership, ("membership", "\"knock\""));
    }

    // Member events never reach the sender, required-level or state-key rules: a non-member at level 0 with
    // state_default 100 may still join a public room, and the member state key names another user.
    [Theory, RoomVersions(1, 12)]
    public void MemberEvents_AreDecidedByTheMemberRulesAlone(int version)
    {
        var room = PublicRoom(version).PowerLevels(JsonText("""{"state_default": 100, "events": {"m.room.member": 100}}"""));
        Allowed(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinPublic);
        Allowed(room, room.Member(Alice, Bob, "invite"), Rule.MemberInviteAllowed);
    }
}
