using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Each change to the authorisation rules between room versions, as one input with a different verdict on
/// either side of the version that changed it (spec v1.19, rooms v1–v12 "Authorisation rules" and each
/// version's "Client considerations"/"Server implementation components"). The input is built the same way on
/// both sides; only the room version differs.
/// </summary>
public sealed class VersionBoundaryTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;
    private const string Zara = TestUsers.Zara;

    private static void Both(Func<int, RoomBuilder> room, Func<RoomBuilder, Pdu> e, int before, AuthVerdict verdictBefore, Rule ruleBefore, AuthVerdict verdictAfter, Rule ruleAfter)
    {
        var older = room(before);
        RuleAssert.Both(older, e(older), verdictBefore, ruleBefore);
        var newer = room(before + 1);
        RuleAssert.Both(newer, e(newer), verdictAfter, ruleAfter);
        Assert.NotEqual(verdictBefore, verdictAfter);
    }

    // Bob joins through Alice, whose server signed: refused before the version that brings the join rule, authorised from it.
    private static void AuthorisedJoinUnder(string joinRule, int before) =>
        Both(v => RoomBuilder.Create(V(v)).JoinRule(joinRule),
            room => room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}"""), AuthFixtures.SignedBy("example.org")),
            before, AuthVerdict.Reject, Rule.MemberJoinForbiddenJoinRule, AuthVerdict.Allow, Rule.MemberJoinRestrictedAuthorised);

    // Bob, at 50, edits the power levels with a level written as a string: read in v9, refused by `ruleAfter` from v10.
    private static void StringLevelFromVersion10(Func<JsonObject, JsonObject> edit, Rule ruleAfter) =>
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50)),
            room => room.Event(EventTypes.PowerLevels, "", Bob, edit(room.State.PowerLevels!.Content)),
            9, AuthVerdict.Allow, Rule.PowerLevelsAllowed, AuthVerdict.Reject, ruleAfter);

    // ---- v2 / v3: the redaction auth rule (v1–2 rule 11) goes; the redaction is an ordinary event (MSC1659).

    [Fact]
    public void V2V3_RedactionOfAnotherServersEventBelowRedactLevel_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Zara).PowerLevels((Zara, 0)),
            room => RedactionRuleTests.Redaction(room, Zara, "$e2:example.org"),
            2, AuthVerdict.Reject, Rule.RedactionInsufficientPower, AuthVerdict.Allow, Rule.EventAllowed);
    }

    // ---- v5 / v6: the aliases special case goes (MSC2432).

    [Fact]
    public void V5V6_AliasesForOwnServerByNonMember_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public"),
            room => room.Event("m.room.aliases", "elsewhere.test", Zara, JsonText("""{"aliases": ["#a:elsewhere.test"]}""")),
            5, AuthVerdict.Allow, Rule.AliasesAllowed, AuthVerdict.Reject, Rule.SenderNotJoined);
    }

    // ---- v5 / v6: notifications join the map checks (MSC2209, rules 9.4–9.5).

    [Fact]
    public void V5V6_LoweringANotificationsLevelAboveSender_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Bob).PowerLevelsWith(JsonText("""{"notifications": {"room": 75}}"""), (Bob, 50)),
            room => room.Event(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels!.Content.With("notifications", JsonText("""{"room": 50}"""))),
            5, AuthVerdict.Allow, Rule.PowerLevelsAllowed, AuthVerdict.Reject, Rule.PowerLevelsMapChangeExceedsPower);
    }

    [Fact]
    public void V5V6_RaisingANotificationsLevelAboveSender_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50)),
            room => room.Event(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels!.Content.With("notifications", JsonText("""{"room": 51}"""))),
            5, AuthVerdict.Allow, Rule.PowerLevelsAllowed, AuthVerdict.Reject, Rule.PowerLevelsMapValueExceedsPower);
    }

    // ---- v5 / v6: float power levels (v1–5 "accept values as floats"); v6 enforces canonical JSON, so the
    // same event is refused by the event format before the rules: a named error, not a verdict.

    [Fact]
    public void V5V6_FloatPowerLevel_AllowedThenRefusedByTheFormat()
    {
        var content = JsonText("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50, "@charlie:example.org": 49.9}}""");
        var v5 = RoomBuilder.Create(V(5)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        Allowed(v5, v5.Event(EventTypes.PowerLevels, "", Bob, content), Rule.PowerLevelsAllowed);
        var v6 = RoomBuilder.Create(V(6)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        var refused = v6.TryEvent(EventTypes.PowerLevels, "", Bob, content);
        Assert.False(refused.IsOk);
        Assert.Equal("pdu.not_canonical_json", refused.Failure!.Token);
    }

    // In a state assembled by hand, a v5 float level is read truncated (Charlie at 50.9 is 50, equal to Bob: no kick).
    [Fact]
    public void V5_FloatLevelInState_IsTruncated()
    {
        var room = RoomBuilder.Create(V(5)).JoinRule("public").Join(Bob).Join(Charlie)
            .PowerLevels(JsonText("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50, "@charlie:example.org": 50.9}}"""));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
        var lower = RoomBuilder.Create(V(5)).JoinRule("public").Join(Bob).Join(Charlie)
            .PowerLevels(JsonText("""{"users": {"@alice:example.org": 100, "@bob:example.org": 50, "@charlie:example.org": 49.9}}"""));
        Allowed(lower, lower.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
    }

    // ---- v6 / v7: knocking (MSC2403).

    [Fact]
    public void V6V7_KnockUnderKnockJoinRule_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("knock"), room => room.Member(Bob, Bob, "knock"),
            6, AuthVerdict.Reject, Rule.MemberUnknownMembership, AuthVerdict.Allow, Rule.MemberKnockAllowed);
    }

    [Fact]
    public void V6V7_InvitedJoinUnderKnockJoinRule_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("knock").SetMembership(Alice, Bob, "invite"), room => room.Member(Bob, Bob, "join"),
            6, AuthVerdict.Reject, Rule.MemberJoinForbiddenJoinRule, AuthVerdict.Allow, Rule.MemberJoinInvitedOrJoined);
    }

    // A knock membership can only be in a v6 state assembled by hand; leaving from it is refused there.
    [Fact]
    public void V6V7_LeaveFromKnock_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("knock").SetMembership(Bob, Bob, "knock"), room => room.Member(Bob, Bob, "leave"),
            6, AuthVerdict.Reject, Rule.MemberLeaveSelfNotMember, AuthVerdict.Allow, Rule.MemberLeaveSelfAllowed);
    }

    // ---- v7 / v8: restricted rooms (MSC3083).

    [Fact]
    public void V7V8_AuthorisedJoinUnderRestricted_RejectedThenAllowed() => AuthorisedJoinUnder("restricted", 7);

    // The signature rule (v8 4.2): an unsigned authoriser key means nothing in v7 and fails in v8.
    [Fact]
    public void V7V8_UnsignedAuthoriserKeyOnAPublicJoin_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public"),
            room => room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "@alice:example.org"}""")),
            7, AuthVerdict.Allow, Rule.MemberJoinPublic, AuthVerdict.Reject, Rule.MemberAuthoriserSignatureInvalid);
    }

    // ---- v9 / v10: knock_restricted (MSC3787) and integer-only power levels (MSC3667).

    [Fact]
    public void V9V10_KnockUnderKnockRestricted_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("knock_restricted"), room => room.Member(Bob, Bob, "knock"),
            9, AuthVerdict.Reject, Rule.MemberKnockJoinRuleNotKnock, AuthVerdict.Allow, Rule.MemberKnockAllowed);
    }

    [Fact]
    public void V9V10_AuthorisedJoinUnderKnockRestricted_RejectedThenAllowed() => AuthorisedJoinUnder("knock_restricted", 9);

    [Fact]
    public void V9V10_StringTopLevelLevel_AllowedThenRejected() =>
        StringLevelFromVersion10(content => content.With("ban", JsonValue.String("50")), Rule.PowerLevelsNonIntegerValue);

    [Fact]
    public void V9V10_StringEventsLevel_AllowedThenRejected() =>
        StringLevelFromVersion10(content => content.With("events", JsonText("""{"m.room.name": "50"}""")), Rule.PowerLevelsNonIntegerMap);

    [Fact]
    public void V9V10_StringUserLevel_AllowedThenRejected() =>
        StringLevelFromVersion10(content => content.With("users", ((JsonObject)content["users"]!).With(Charlie, JsonValue.String("10"))), Rule.PowerLevelsInvalidUsers);

    // In a state assembled by hand, a v10 string level is read as absent (users_default), so Bob at "50" cannot kick.
    [Fact]
    public void V9V10_StringLevelInState_ReadThenIgnored()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Bob).Join(Charlie).PowerLevels(JsonText("""{"users": {"@alice:example.org": 100, "@bob:example.org": "50"}}""")),
            room => room.Member(Bob, Charlie, "leave"),
            9, AuthVerdict.Allow, Rule.MemberLeaveKickAllowed, AuthVerdict.Reject, Rule.MemberLeaveInsufficientPower);
    }

    // ---- v10 / v11: the creator is the create event's sender, not content.creator (MSC2175).

    // Alice creates the room naming Bob as content.creator. Bob's join directly after the create event is the
    // creator's first join in v10; in v11 Bob is nobody and the room (no join rules) counts as invite-only.
    [Fact]
    public void V10V11_FirstJoinOfContentCreator_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v), createContent: JsonValue.Object(("creator", JsonValue.String(Bob))), joinCreator: false),
            room => room.Member(Bob, Bob, "join"),
            10, AuthVerdict.Allow, Rule.MemberJoinCreatorFirstJoin, AuthVerdict.Reject, Rule.MemberJoinMissingJoinRulesNotInvited);
    }

    [Fact]
    public void V10V11_FirstJoinOfCreateSender_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v), createContent: JsonValue.Object(("creator", JsonValue.String(Bob))), joinCreator: false),
            room => room.Member(Alice, Alice, "join"),
            10, AuthVerdict.Reject, Rule.MemberJoinMissingJoinRulesNotInvited, AuthVerdict.Allow, Rule.MemberJoinCreatorFirstJoin);
    }

    // Without a power-levels event the creator holds 100: content.creator in v10, the sender in v11.
    [Fact]
    public void V10V11_StateBySenderOfCreateWithoutPowerLevels_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v), createContent: JsonValue.Object(("creator", JsonValue.String(Bob)))).JoinRule("public"),
            room => room.Event("m.room.topic", "", Alice, JsonText("""{"topic": "x"}""")),
            10, AuthVerdict.Reject, Rule.EventInsufficientPower, AuthVerdict.Allow, Rule.EventAllowed);
    }

    [Fact]
    public void V10V11_CreateWithoutCreator_RejectedThenAllowed()
    {
        var v10 = AuthFixtures.CheckCreate(RoomBuilder.Parse(AuthFixtures.CreateJson(V(10), Alice, JsonText("""{"room_version": "10"}""")), V(10)), V(10));
        Rejected(v10.AgainstState, Rule.CreateMissingCreator, V(10));
        Rejected(v10.AgainstAuthEvents, Rule.CreateMissingCreator, V(10));
        var v11 = AuthFixtures.CheckCreate(RoomBuilder.Parse(AuthFixtures.CreateJson(V(11), Alice, JsonText("""{"room_version": "11"}""")), V(11)), V(11));
        Allowed(v11.AgainstState, Rule.CreateAllowed, V(11));
        Allowed(v11.AgainstAuthEvents, Rule.CreateAllowed, V(11));
    }

    // ---- v11 / v12: room IDs from the create event (MSC4291), privileged creators (MSC4289).

    [Fact]
    public void V11V12_CreateWithRoomId_AllowedThenRejected()
    {
        foreach (var (version, verdict, rule) in new[] { (11, AuthVerdict.Allow, Rule.CreateAllowed), (12, AuthVerdict.Reject, Rule.CreateHasRoomId) })
        {
            var json = AuthFixtures.CreateJson(V(version), Alice, AuthFixtures.CreateContent(V(version), Alice)).With("room_id", JsonValue.String("!made:example.org"));
            var (againstState, againstAuthEvents) = AuthFixtures.CheckCreate(RoomBuilder.Parse(json, V(version)), V(version));
            Assert.Equal((verdict, rule), (againstState.Verdict, againstState.Rule));
            if (verdict == AuthVerdict.Allow) Allowed(againstAuthEvents, rule, V(version));
            else Rejected(againstAuthEvents, rule, V(version));
        }
    }

    // An event whose room ID is not the create event's: v11 judges it by its citations (2.5, another room), v12 by rule 2.
    [Fact]
    public void V11V12_EventInAnotherRoom_RejectedByDifferentRules()
    {
        var v11 = RoomBuilder.Create(V(11)).JoinRule("public");
        var join11 = v11.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!other:example.org")));
        Rejected(v11.CheckAgainstAuthEvents(join11), Rule.AuthEventsOtherRoom, V(11));
        var v12 = RoomBuilder.Create(V(12)).JoinRule("public");
        var join12 = v12.Member(Bob, Bob, "join", edit: json => json.With("room_id", JsonValue.String("!other")));
        Rejected(v12.CheckAgainstAuthEvents(join12), Rule.RoomNotCreateEventHash, V(12));
    }

    // Citing the create event: required in v11 (2.4), forbidden in v12 (3.2).
    [Fact]
    public void V11V12_MessageCitingTheCreateEvent_AllowedThenRejected()
    {
        foreach (var (version, verdict, rule) in new[] { (11, AuthVerdict.Allow, Rule.EventAllowed), (12, AuthVerdict.Reject, Rule.AuthEventsUnexpected) })
        {
            var room = RoomBuilder.Create(V(version)).JoinRule("public");
            var message = room.Event("m.room.message", null, Alice, JsonObject.Empty,
                json => json.With("auth_events", AuthFixtures.References(V(version), room.CreateEvent.EventId.Value, room.State.Member(Alice)!.EventId.Value)));
            var decision = room.CheckAgainstAuthEvents(message);
            if (verdict == AuthVerdict.Allow) Allowed(decision, rule, V(version));
            else Rejected(decision, rule, V(version));
        }
    }

    [Fact]
    public void V11V12_InvalidAdditionalCreators_AllowedThenRejected()
    {
        foreach (var (version, verdict, rule) in new[] { (11, AuthVerdict.Allow, Rule.CreateAllowed), (12, AuthVerdict.Reject, Rule.CreateInvalidAdditionalCreators) })
        {
            var content = AuthFixtures.CreateContent(V(version), Alice).With("additional_creators", JsonValue.Array(JsonValue.String("bob")));
            var (againstState, _) = AuthFixtures.CheckCreate(RoomBuilder.Parse(AuthFixtures.CreateJson(V(version), Alice, content), V(version)), V(version));
            if (verdict == AuthVerdict.Allow) Allowed(againstState, rule, V(version));
            else Rejected(againstState, rule, V(version));
        }
    }

    // A creator without a users entry against a user at 100: level 0 (users_default) in v11, infinite in v12.
    [Fact]
    [Trait("token", "power_level.creators_infinite")]
    public void V11V12_CreatorWithoutPowerLevelEntryKicksUserAt100_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public").Join(Charlie).PowerLevels(JsonText("""{"users": {"@charlie:example.org": 100}}""")),
            room => room.Member(Alice, Charlie, "leave"),
            11, AuthVerdict.Reject, Rule.MemberLeaveInsufficientPower, AuthVerdict.Allow, Rule.MemberLeaveKickAllowed);
    }

    // An additional creator is an ordinary user in v11 and a creator with infinite power in v12.
    [Fact]
    [Trait("token", "power_level.creators_infinite")]
    public void V11V12_AdditionalCreatorBansUserAt100_RejectedThenAllowed()
    {
        Both(v => RoomBuilder.Create(V(v), createContent: JsonValue.Object(("additional_creators", JsonValue.Array(JsonValue.String(Bob))))).JoinRule("public").Join(Bob).Join(Charlie)
                .PowerLevels(JsonText("""{"users": {"@charlie:example.org": 100}}""")),
            room => room.Member(Bob, Charlie, "ban"),
            11, AuthVerdict.Reject, Rule.MemberBanInsufficientPower, AuthVerdict.Allow, Rule.MemberBanAllowed);
    }

    // Listing the creator in users: an ordinary first power-levels event in v11, forbidden in v12 (10.4).
    [Fact]
    public void V11V12_FirstPowerLevelsListingTheCreator_AllowedThenRejected()
    {
        Both(v => RoomBuilder.Create(V(v)).JoinRule("public"),
            room => room.Event(EventTypes.PowerLevels, "", Alice, JsonText("""{"users": {"@alice:example.org": 100}}""")),
            11, AuthVerdict.Allow, Rule.PowerLevelsInitial, AuthVerdict.Reject, Rule.PowerLevelsCreatorInUsers);
    }
}
