namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The orchestrator on rooms built with <see cref="RoomBuilder"/>: boundaries of the power comparisons,
/// the decisions we took where the spec is silent, the signature rules, and totality on odd content.
/// </summary>
public sealed class EventAuthorizerTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;

    private static JsonObject Json(string text) => StrictJsonReader.ParseObject(text, JsonReadOptions.Lenient).Value;

    [Theory]
    [InlineData(49, Rule.MemberLeaveKickAllowed)]
    [InlineData(50, Rule.MemberLeaveInsufficientPower)]
    public void Kick_NeedsStrictlyHigherLevelThanTarget(long targetLevel, Rule expected)
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public").Join(Bob).Join(Charlie).PowerLevels((Bob, 50), (Charlie, targetLevel));
        Assert.Equal(expected, room.Check(room.Member(Bob, Charlie, "leave")).Rule);
    }

    [Theory]
    [InlineData(50, Rule.PowerLevelsAllowed)]
    [InlineData(51, Rule.PowerLevelsUserValueExceedsPower)]
    public void PowerLevels_NewUserValueMayEqualButNotExceedSendersLevel(long newLevel, Rule expected)
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        var change = room.Event(EventTypes.PowerLevels, "", Bob, Json("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50, "@charlie:example.org": """ + newLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}"));
        Assert.Equal(expected, room.Check(change).Rule);
    }

    [Theory]
    [InlineData(49, Rule.PowerLevelsAllowed)]
    [InlineData(50, Rule.PowerLevelsUserChangeNotLower)]
    public void PowerLevels_ChangingAnotherUserNeedsTheirLevelBelowSenders(long charlieLevel, Rule expected)
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public").Join(Bob).PowerLevels((Bob, 50), (Charlie, charlieLevel));
        var demote = room.Event(EventTypes.PowerLevels, "", Bob, Json("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50, "@charlie:example.org": 0}}"""));
        Assert.Equal(expected, room.Check(demote).Rule);
    }

    [Fact]
    public void PowerLevels_SenderMayLowerOwnEntry()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        var lower = room.Event(EventTypes.PowerLevels, "", Bob, Json("""{"users": {"@alice:example.org": 100, "@bob:example.org": 10}}"""));
        Assert.Equal(Rule.PowerLevelsAllowed, room.Check(lower).Rule);
    }

    [Fact]
    public void PowerLevels_StringAndIntegerOfSameValue_AreNotAChange_InVersion9()
    {
        var room = RoomBuilder.Create(RoomVersion.V9).JoinRule("public").Join(Bob)
            .PowerLevels(Json("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50}, "ban": 100}"""));
        var same = room.Event(EventTypes.PowerLevels, "", Bob, Json("""{"users": {"@alice:example.org": "100", "@bob:example.org": " 50 "}, "ban": "+100"}"""));
        Assert.Equal(Rule.PowerLevelsAllowed, room.Check(same).Rule);
    }

    [Fact]
    public void Version12_NobodyCanKickACreator_NotEvenAnotherCreator()
    {
        var room = RoomBuilder.Create(RoomVersion.V12, createContent: Json("""{"additional_creators": ["@bob:example.org"]}""")).JoinRule("public").Join(Bob);
        Assert.Equal(Rule.MemberLeaveInsufficientPower, room.Check(room.Member(Bob, Alice, "leave")).Rule);
        Assert.Equal(Rule.MemberBanInsufficientPower, room.Check(room.Member(Alice, Bob, "ban")).Rule);
        var withCharlie = room.Join(Charlie);
        Assert.Equal(Rule.MemberLeaveKickAllowed, withCharlie.Check(withCharlie.Member(Bob, Charlie, "leave")).Rule);
    }

    [Fact]
    public void CreatorFirstJoin_IsDecidedBeforeTheBanCheck()
    {
        // The creator, banned, rejoins with the create event as the only previous event (`member.join.creator_first_join`, rooms v12 5.3.1, precedes
        // `member.join.sender_banned`, 5.3.3).
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("invite").Join(Bob).PowerLevels((Bob, 100)).SetMembership(Bob, Alice, "ban");
        var rejoin = room.Member(Alice, Alice, "join", edit: json => json.With("prev_events", JsonValue.Array(JsonValue.String(room.CreateEvent.EventId.Value))));
        Assert.Equal(Rule.MemberJoinCreatorFirstJoin, room.Check(rejoin).Rule);
        Assert.Equal(Rule.MemberJoinSenderBanned, room.Check(room.Member(Alice, Alice, "join")).Rule);
    }

    [Fact]
    public void MissingJoinRules_CountAsInvite()
    {
        var room = RoomBuilder.Create(RoomVersion.V10);
        Assert.Equal(Rule.MemberJoinMissingJoinRulesNotInvited, room.Check(room.Member(Bob, Bob, "join")).Rule);
        var invited = room.SetMembership(Alice, Bob, "invite");
        Assert.Equal(Rule.MemberJoinMissingJoinRulesInvitedOrJoined, invited.Check(invited.Member(Bob, Bob, "join")).Rule);
        Assert.Equal(Rule.MemberKnockJoinRuleNotKnock, room.Check(room.Member(Bob, Bob, "knock")).Rule);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"join_rule": 7}""")]
    [InlineData("""{"join_rule": "private"}""")]
    [InlineData("""{"join_rule": "knock_restricted"}""")]
    public void JoinRulesWithoutAKnownStringRule_LetNobodyJoin_InVersion9(string content)
    {
        var created = RoomBuilder.Create(RoomVersion.V9);
        var room = created.Add(created.Event(EventTypes.JoinRules, "", Alice, Json(content)));
        var invited = room.SetMembership(Alice, Bob, "invite");
        Assert.Equal(Rule.MemberJoinForbiddenJoinRule, room.Check(room.Member(Bob, Bob, "join")).Rule);
        Assert.Equal(Rule.MemberJoinForbiddenJoinRule, invited.Check(invited.Member(Bob, Bob, "join")).Rule);
    }

    [Fact]
    public void RestrictedJoin_AsksTheSignatureOracleForTheAuthorisersServer()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("restricted");
        var join = room.Member(Bob, Bob, "join", Json("""{"join_authorised_via_users_server": "@alice:example.org"}"""),
            json => json.With("signatures", Json("""{"example.org": {"ed25519:1": "c2lnbmF0dXJl"}}""")));
        Assert.Equal(Rule.MemberJoinRestrictedAuthorised, room.Check(join).Rule);

        string? asked = null;
        var refusing = room with { Context = AuthContext.Default with { IsSignedBy = (_, server) => { asked = server; return false; } } };
        Assert.Equal(Rule.MemberAuthoriserSignatureInvalid, refusing.Check(join).Rule);
        Assert.Equal("example.org", asked);

        var unsigned = room.Member(Bob, Bob, "join", Json("""{"join_authorised_via_users_server": "@alice:example.org"}"""));
        Assert.Equal(Rule.MemberAuthoriserSignatureInvalid, room.Check(unsigned).Rule);
    }

    [Fact]
    public void AuthoriserKey_NeedsTheSignature_OnAnyMembership()
    {
        var leaveContent = Json("""{"join_authorised_via_users_server": "@alice:example.org"}""");
        var v8 = RoomBuilder.Create(RoomVersion.V8).JoinRule("public").Join(Bob);
        Assert.Equal(Rule.MemberAuthoriserSignatureInvalid, v8.Check(v8.Member(Bob, Bob, "leave", leaveContent)).Rule);
        // Before restricted rooms (v7) the key means nothing.
        var v7 = RoomBuilder.Create(RoomVersion.V7).JoinRule("public").Join(Bob);
        Assert.Equal(Rule.MemberLeaveSelfAllowed, v7.Check(v7.Member(Bob, Bob, "leave", leaveContent)).Rule);
    }

    [Fact]
    public void ThirdPartyInvite_AnySignatureByAnyPublishedKey_Allows()
    {
        var identityKey = TestKeys.Filled(0, "ed25519:0");
        var otherKey = TestKeys.Filled(7, "ed25519:0");
        var invite = JsonValue.Object(
            ("display_name", JsonValue.String("b...@example.com")),
            ("key_validity_url", JsonValue.String("https://id.example.com/validity")),
            ("public_key", JsonValue.String(otherKey.PublicKeyBase64)),
            ("public_keys", JsonValue.Array(JsonValue.Object(("public_key", JsonValue.String(identityKey.PublicKeyBase64))))));
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("invite");
        room = room.Add(room.Event(EventTypes.ThirdPartyInvite, "tok", Alice, invite));

        var signed = JsonValue.Object(("mxid", JsonValue.String(Bob)), ("token", JsonValue.String("tok")));
        // Filed under an arbitrary entity and key ID: the rule matches signatures to keys, not names.
        var good = JsonSigning.Sign(signed, "any.identity.server", identityKey);
        var forged = JsonSigning.Sign(signed.With("mxid", JsonValue.String(Charlie)), "any.identity.server", identityKey).With("mxid", JsonValue.String(Bob));

        Pdu InviteWith(JsonObject s) => room.Member(Alice, Bob, "invite", JsonValue.Object(("third_party_invite", JsonValue.Object(("display_name", JsonValue.String("b")), ("signed", s)))));
        Assert.Equal(Rule.MemberInviteThirdPartyAllowed, room.Check(InviteWith(good)).Rule);
        Assert.Equal(Rule.MemberInviteThirdPartyBadSignature, room.Check(InviteWith(forged)).Rule);
        Assert.Equal(Rule.MemberInviteThirdPartyBadSignature, room.Check(InviteWith(signed)).Rule);

        // Only the sender of the m.room.third_party_invite may use it, even a joined sender with power.
        var withBob = room.Join(Charlie).PowerLevels((Charlie, 100));
        var byCharlie = withBob.Member(Charlie, Bob, "invite", JsonValue.Object(("third_party_invite", JsonValue.Object(("signed", good)))));
        Assert.Equal(Rule.MemberInviteThirdPartySenderMismatch, withBob.Check(byCharlie).Rule);
    }

    [Fact]
    public void AuthEventFromAnotherRoom_IsRejected()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public");
        var otherRoom = RoomBuilder.Create(RoomVersion.V10, creator: "@alice:other.test").JoinRule("public");
        var foreignRules = otherRoom.State.JoinRules!;
        var join = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events",
            JsonValue.Array(JsonValue.String(room.CreateEvent.EventId.Value), JsonValue.String(foreignRules.EventId.Value))));
        var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(join, [room.CreateEvent, foreignRules], RoomVersion.V10, AuthContext.Default);
        Assert.Equal(Rule.AuthEventsOtherRoom, decision.Rule);
    }

    [Fact]
    public void CitedAuthEventNotSupplied_IsMissing()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public");
        var join = room.Member(Bob, Bob, "join");
        Assert.Equal(Rule.MemberJoinPublic, room.CheckAgainstAuthEvents(join).Rule);
        Assert.Equal(Rule.AuthEventsMissing, EventAuthorizer.AuthorizeAgainstAuthEvents(join, [room.CreateEvent], RoomVersion.V10, AuthContext.Default).Rule);
    }

    [Fact]
    public void Version12_StateWithoutTheCreateEvent_FailsRule2()
    {
        var room = RoomBuilder.Create(RoomVersion.V12).JoinRule("public");
        var join = room.Member(Bob, Bob, "join");
        Assert.Equal(Rule.MemberJoinPublic, room.Check(join).Rule);
        var withoutCreate = room.State.Without(StateKey.Create);
        Assert.Equal(Rule.RoomNotCreateEventHash, EventAuthorizer.AuthorizeAgainstState(join, withoutCreate, RoomVersion.V12, AuthContext.Default).Rule);
        var rejectedCreate = AuthContext.Default.WithRejected([room.CreateEvent.EventId.Value]);
        Assert.Equal(Rule.RoomNotCreateEventHash, EventAuthorizer.AuthorizeAgainstState(join, room.State, RoomVersion.V12, rejectedCreate).Rule);
    }

    [Fact]
    public void StateIndependentRules_PassOrDecide()
    {
        var room = RoomBuilder.Create(RoomVersion.V11).JoinRule("public");
        var join = room.Member(Bob, Bob, "join");
        Assert.Null(EventAuthorizer.CheckStateIndependent(join, room.AuthEventsFor(join), RoomVersion.V11, AuthContext.Default));
        Assert.Equal(Rule.CreateAllowed, EventAuthorizer.CheckStateIndependent(room.CreateEvent, [], RoomVersion.V11, AuthContext.Default)!.Rule);
        var rejected = AuthContext.Default.WithRejected([room.State.JoinRules!.EventId.Value]);
        Assert.Equal(Rule.AuthEventsRejected, EventAuthorizer.CheckStateIndependent(join, room.AuthEventsFor(join), RoomVersion.V11, rejected)!.Rule);
    }

    [Fact]
    public void Decision_CarriesEvidenceAndReason()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule("public").Join(Bob);
        var decision = room.Check(room.Event("m.room.name", "", Bob, Json("""{"name": "x"}""")));
        Assert.Equal(Rule.EventInsufficientPower, decision.Rule);
        Assert.Equal("event.insufficient_power", decision.Token);
        Assert.False(decision.Allowed);
        Assert.Equal("0", decision.Evidence["sender_level"]);
        Assert.Equal("50", decision.Evidence["required_level"]);
        Assert.Equal(RuleText.SentenceOf(Rule.EventInsufficientPower), decision.Reason);
    }

    [Fact]
    public void Factories_RefuseARuleOfTheOtherVerdict()
    {
        Assert.Throws<InvalidOperationException>(() => AuthDecision.Allow(Rule.SenderNotJoined));
        Assert.Throws<InvalidOperationException>(() => AuthDecision.Reject(Rule.EventAllowed));
    }

    public static TheoryData<string, string, string?> OddEvents() => new()
    {
        { "m.room.member", """{}""", "@bob:example.org" },
        { "m.room.member", """{"membership": null}""", "@bob:example.org" },
        { "m.room.member", """{"membership": 7}""", "@bob:example.org" },
        { "m.room.member", """{"membership": "join"}""", null },
        { "m.room.member", """{"membership": "join"}""", "not a user" },
        { "m.room.member", """{"membership": "join", "join_authorised_via_users_server": ["@alice:example.org"]}""", "@bob:example.org" },
        { "m.room.member", """{"membership": "join", "join_authorised_via_users_server": "alice"}""", "@bob:example.org" },
        { "m.room.member", """{"membership": "invite", "third_party_invite": null}""", "@charlie:example.org" },
        { "m.room.member", """{"membership": "invite", "third_party_invite": {"signed": []}}""", "@charlie:example.org" },
        { "m.room.member", """{"membership": "invite", "third_party_invite": {"signed": {"mxid": 1, "token": {}}}}""", "@charlie:example.org" },
        { "m.room.member", """{"membership": "knock"}""", "@bob:example.org" },
        { "m.room.member", """{"membership": "frobnicate"}""", "@bob:example.org" },
        { "m.room.power_levels", """{"users": []}""", "" },
        { "m.room.power_levels", """{"users": {"bob": 1}}""", "" },
        { "m.room.power_levels", """{"users": {"@bob:example.org": {}}}""", "" },
        { "m.room.power_levels", """{"events": 5, "notifications": "x"}""", "" },
        { "m.room.power_levels", """{"ban": 9007199254740991, "users": {"@alice:example.org": -9007199254740991}}""", "" },
        { "m.room.power_levels", """{"kick": "  +0100  ", "events": {"m.room.name": "-5"}}""", "" },
        { "m.room.power_levels", """{"users_default": true}""", "" },
        { "m.room.create", """{"room_version": 12}""", "" },
        { "m.room.create", """{"additional_creators": "@bob:example.org"}""", "" },
        { "m.room.third_party_invite", """{"public_key": 5}""", "tok" },
        { "m.room.aliases", """{"aliases": "#a:example.org"}""", "example.org" },
        { "m.room.aliases", """{}""", null },
        { "m.room.redaction", """{"redacts": 5}""", null },
        { "m.room.message", """{"body": {"nested": [1, 2, {"x": null}]}}""", null },
        { "m.room.join_rules", """{"join_rule": ["public"]}""", "" },
        { "org.example.custom", """{}""", "@alice:example.org" },
        { "org.example.custom", """{}""", "@bob:example.org" },
    };

    [Theory]
    [MemberData(nameof(OddEvents))]
    public void OddContent_GivesADecision_InEveryVersion(string type, string content, string? stateKey)
    {
        foreach (var version in RoomVersionRegistry.All)
        {
            var room = RoomBuilder.Create(version).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
            // A PDU this version's format refuses is dropped before the auth rules, so no decision is due.
            if (!room.TryEvent(type, stateKey, Alice, Json(content)).TryGet(out var e, out _)) continue;
            var againstState = room.Check(e);
            var againstAuthEvents = room.CheckAgainstAuthEvents(e);
            Assert.Equal(RuleText.VerdictOf(againstState.Rule), againstState.Verdict);
            Assert.Equal(RuleText.VerdictOf(againstAuthEvents.Rule), againstAuthEvents.Verdict);
        }
    }
}
