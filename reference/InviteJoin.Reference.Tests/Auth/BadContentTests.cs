using System.Numerics;
using System.Text.RegularExpressions;
using CsCheck;
using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Bad content never throws: every input the event format accepts gets an authorisation decision whose rule is
/// a member of <see cref="Rule"/> with that rule's verdict, and every input it refuses gets a named
/// <see cref="EventError"/>. A CsCheck property mutates valid events and the states they are judged against
/// (CsCheck prints the seed of a failure; the message adds a one-line replay command), and explicit cases
/// cover each kind of bad content by name.
/// </summary>
public sealed partial class BadContentTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;
    private const string Zara = TestUsers.Zara;
    internal const string Dave = TestUsers.Dave;

    // ---------------------------------------------------------------- the property

    private sealed record Scenario(RoomBuilder Room, Pdu Event);

    // One room per version holding every kind of auth state, and events of every kind to judge against it.
    private static readonly Lazy<ImmutableArray<ImmutableArray<Scenario>>> Scenarios = new(() => [.. RoomVersionRegistry.All.Select(BuildScenarios)]);

    private static ImmutableArray<Scenario> BuildScenarios(RoomVersion version)
    {
        var extra = version.PrivilegedCreators ? JsonValue.Object(("additional_creators", JsonValue.Array(JsonValue.String(Dave)))) : null;
        var joinRule = version.RestrictedJoins ? "restricted" : "invite";
        var room = RoomBuilder.Create(version, createContent: extra).JoinRule("public").Join(Bob).Join(Charlie).JoinRule(joinRule)
            .PowerLevelsWith(JsonText("""{"ban": 60, "kick": 50, "invite": 10, "events": {"m.room.name": 50, "m.room.power_levels": 50}, "notifications": {"room": 50}, "state_default": 50}"""), (Bob, 50), (Charlie, 20))
            .SetMembership(Charlie, Dave, "ban")
            .WithThirdPartyInvite("tok", Alice);
        var signed = ThirdPartyInvites.Signed(Zara, "tok");
        var events = new List<Pdu>
        {
            room.Event("m.room.message", null, Bob, JsonText("""{"body": "hi"}""")),
            room.Member(Bob, Bob, "join", JsonText("""{"displayname": "Bob"}""")),
            room.Member(Zara, Zara, "join", JsonValue.Object((MemberContent.Authoriser, JsonValue.String(Bob))), AuthFixtures.SignedBy("example.org")),
            room.Member(Alice, Zara, "invite"),
            room.Member(Alice, Zara, "invite", ThirdPartyInvites.MemberContent(JsonValue.Object(("signed", signed)))),
            room.Member(Charlie, Charlie, "leave"),
            room.Member(Bob, Charlie, "leave"),
            room.Member(Bob, Charlie, "ban"),
            room.Member(Bob, Dave, "leave"),
            room.Member(Zara, Zara, "knock"),
            room.Event(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels!.Content.With("kick", JsonValue.Number(40))),
            room.Event(EventTypes.PowerLevels, "", Alice, room.State.PowerLevels!.Content),
            room.Event("m.room.aliases", "example.org", Alice, JsonText("""{"aliases": ["#a:example.org"]}""")),
            RedactionRuleTests.Redaction(room, Bob, "$e2:example.org"),
            room.Event(EventTypes.JoinRules, "", Alice, JsonText("""{"join_rule": "knock", "allow": [{"type": "m.room_membership", "room_id": "!x:example.org"}]}""")),
            room.Event(EventTypes.ThirdPartyInvite, "tok2", Bob, ThirdPartyInvites.Content()),
            room.Event("org.example.state", Bob, Bob, JsonObject.Empty),
            room.CreateEvent,
            RoomBuilder.Create(version, joinCreator: false).Member(Alice, Alice, "join"),
        };
        var fresh = RoomBuilder.Create(version, joinCreator: false);
        return [.. events.Select((e, i) => new Scenario(i == events.Count - 1 ? fresh : room, e))];
    }

    private static readonly Gen<ContentMutations.Mutation> AnyMutation =
        Gen.Select(Gen.Int[0, 15], Gen.Int[0, 9], Gen.Int[0, 63], Gen.Int[0, 63], Gen.Int[0, 127]).Select((t, o, p, k, v) => new ContentMutations.Mutation(t, o, p, k, v));

    private static readonly Gen<(int Version, int Scenario, ContentMutations.Mutation[] Mutations)> Cases =
        Gen.Select(Gen.Int[1, 12], Gen.Int[0, 31], AnyMutation.Array[0, 4]);

    [Fact]
    public void MutatedEventsAndStates_NeverThrow_AndAlwaysGiveADefinedRule()
    {
        RunProperty(nameof(MutatedEventsAndStates_NeverThrow_AndAlwaysGiveADefinedRule),
            () => Cases.Sample((version, scenario, mutations) => CheckOne(version, scenario, mutations), iter: 8000));
    }

    private static void CheckOne(int versionNumber, int scenarioIndex, ContentMutations.Mutation[] mutations)
    {
        var version = V(versionNumber);
        var scenarios = Scenarios.Value[versionNumber - 1];
        var scenario = scenarios[scenarioIndex % scenarios.Length];
        var stateEvents = scenario.Room.State.Events.Values.ToList();
        if (!stateEvents.Contains(scenario.Room.CreateEvent)) stateEvents.Add(scenario.Room.CreateEvent);

        // Target 0–3 is the event; 4+ picks a state event (so the event is edited about a quarter of the time).
        var eventJson = scenario.Event.Json;
        var stateJson = stateEvents.Select(e => e.Json).ToArray();
        foreach (var m in mutations)
        {
            if (m.Target < 4) eventJson = ContentMutations.Apply(eventJson, m);
            else stateJson[m.Target % stateJson.Length] = ContentMutations.Apply(stateJson[m.Target % stateJson.Length], m);
        }

        var state = new List<Pdu>();
        foreach (var json in stateJson)
        {
            if (ParsedOrNamedError(json, version) is { } pdu) state.Add(pdu);
        }
        if (ParsedOrNamedError(eventJson, version) is not { } e) return;

        var context = AuthContext.Default;
        Defined(EventAuthorizer.AuthorizeAgainstState(e, AuthState.FromEvents(state), version, context));
        Defined(EventAuthorizer.AuthorizeAgainstAuthEvents(e, state, version, context));
        if (EventAuthorizer.CheckStateIndependent(e, state, version, context) is { } independent) Defined(independent);
        _ = AuthEventSelection.Select(e, version);
    }

    /// <summary>The PDU, or null after checking that the format's refusal is a named <see cref="EventError"/>.</summary>
    private static Pdu? ParsedOrNamedError(JsonObject json, RoomVersion version)
    {
        var parsed = PduParser.Parse(json, version.Format, PduParseOptions.TestInput);
        if (parsed.IsOk) return parsed.Value;
        var failure = parsed.Failure!;
        Assert.True(failure.Code is EventError code && Enum.IsDefined(code), $"the parser failed with {failure.Code.GetType().Name}.{failure.Code}, not a named event error");
        Assert.False(string.IsNullOrEmpty(failure.Token));
        return null;
    }

    private static void Defined(AuthDecision decision)
    {
        Assert.True(Enum.IsDefined(decision.Rule), $"rule {(int)decision.Rule} is not a member of Rule");
        Assert.Equal(RuleText.VerdictOf(decision.Rule), decision.Verdict);
        Assert.False(string.IsNullOrEmpty(decision.Token));
    }

    [GeneratedRegex("Set seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();

    // CsCheck prints the seed of a failure; this adds the one-line replay command.
    private static void RunProperty(string testName, Action run)
    {
        try
        {
            run();
        }
        catch (CsCheckException e)
        {
            var seed = SeedPattern().Match(e.Message) is { Success: true } found ? found.Groups[1].Value : "<seed from the message above>";
            Assert.Fail($"{e.Message}\nWhy: {e.InnerException?.Message}\n" +
                $"Replay: CsCheck_Seed={seed} dotnet test --project reference/InviteJoin.Reference.Tests -- --filter-method \"*{testName}*\"");
        }
    }

    // ---------------------------------------------------------------- explicit cases, one per kind of bad content

    private static RoomBuilder Room(int version) =>
        RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie).PowerLevels((Bob, 50));

    // Missing content: the event format requires it (a named error, before the rules).
    [Theory, RoomVersions(1, 12)]
    public void MissingContent_IsANamedFormatError(int version)
    {
        var room = Room(version);
        var refused = room.TryEvent("m.room.message", null, Bob, JsonObject.Empty, json => json.Without("content"));
        Assert.False(refused.IsOk);
        Assert.Equal(EventError.MissingField, refused.Failure!.Code);
    }

    // Content that is not an object: a named error, whatever the type.
    [Theory, RoomVersions(1, 12)]
    public void NonObjectContent_IsANamedFormatError(int version)
    {
        var room = Room(version);
        foreach (var content in new JsonValue[] { JsonValue.Null, JsonValue.String("x"), JsonValue.Number(1), JsonArray.Empty, JsonValue.Bool(true) })
        {
            var refused = room.TryEvent(EventTypes.Member, Bob, Bob, JsonObject.Empty, json => json.With("content", content));
            Assert.False(refused.IsOk);
            Assert.Equal(EventError.WrongType, refused.Failure!.Code);
        }
    }

    // Missing membership: `member.no_state_key_or_membership` (rooms v12 "Authorisation rules" 5.1).
    [Theory, RoomVersions(1, 12)]
    public void MissingMembership_Rejected(int version)
    {
        var room = Room(version);
        Rejected(room, room.Event(EventTypes.Member, Bob, Bob, JsonObject.Empty), Rule.MemberNoStateKeyOrMembership);
    }

    // Unknown membership values: `member.unknown_membership` (rooms v12 "Authorisation rules" 5.8).
    [Theory, RoomVersions(1, 12)]
    public void UnknownMembershipValues_Rejected(int version)
    {
        var room = Room(version);
        foreach (var membership in new JsonValue[] { JsonValue.String("Join"), JsonValue.String("banned"), JsonValue.String("\u0000"), JsonValue.Null, JsonValue.Number(1), JsonObject.Empty })
        {
            Rejected(room, room.Event(EventTypes.Member, Bob, Bob, JsonValue.Object(("membership", membership))), Rule.MemberUnknownMembership);
        }
    }

    // Power levels of the wrong type, sent: rejected by rooms v12 "Authorisation rules" 10.1–10.3
    // (`power_levels.non_integer_value`, `power_levels.non_integer_map`, `power_levels.invalid_users`; v10+) or the
    // unreadable-value rule (`power_levels.unparseable_value`, v1–9).
    [Theory, RoomVersions(1, 12)]
    public void PowerLevelsOfTheWrongType_Rejected(int version)
    {
        var room = Room(version);
        var current = room.State.PowerLevels!.Content;
        Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, current.With("users", JsonValue.String("all"))), Rule.PowerLevelsInvalidUsers);
        var wrongTopLevel = version >= 10 ? Rule.PowerLevelsNonIntegerValue : Rule.PowerLevelsUnparseableValue;
        Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, current.With("ban", JsonValue.Bool(true))), wrongTopLevel);
        var wrongMap = version >= 10 ? Rule.PowerLevelsNonIntegerMap : Rule.PowerLevelsUnparseableValue;
        Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, current.With("events", JsonArray.Empty)), wrongMap);
    }

    // Power levels of the wrong type, met in a state assembled by hand: each value reads as absent, so the
    // default applies (Bob unlisted is at users_default 0, the kick level defaults to 50).
    [Theory, RoomVersions(1, 12)]
    public void PowerLevelsOfTheWrongTypeInState_ReadAsDefaults(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie)
            .PowerLevels(JsonText("""{"users": "all", "kick": true, "users_default": [100], "events": 5}"""));
        Rejected(room, room.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
        Rejected(room, room.Event("m.room.topic", "", Bob, JsonObject.Empty), Rule.EventInsufficientPower);
        Allowed(room, room.Event("m.room.message", null, Bob, JsonObject.Empty), Rule.EventAllowed);
    }

    // Huge integers in v1–5, whose format does not enforce canonical JSON. The reference reads an integer
    // lexeme exactly, however long: a user at 10^400 outranks 100, and 10^400 stays above P. (The v1–5 float
    // section rejects "values outside the range represented by IEEE754 binary64"; whether that covers integer
    // lexemes is not said, and the reference reads it as covering floats only.)
    [Theory, RoomVersions(1, 5)]
    public void HugeIntegers_AreExactLevels(int version)
    {
        var huge = "1" + new string('0', 400);
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie)
            .PowerLevels(JsonText("{\"users\": {\"@alice:example.org\": 100, \"@bob:example.org\": " + huge + ", \"@charlie:example.org\": 100}}"));
        Allowed(room, room.Member(Bob, Charlie, "ban"), Rule.MemberBanAllowed);
        Rejected(room, room.Member(Charlie, Bob, "ban"), Rule.MemberBanInsufficientPower);
        var raise = room.Event(EventTypes.PowerLevels, "", Charlie, room.State.PowerLevels!.Content.With("ban", JsonNumber.FromInteger(BigInteger.Pow(10, 400), isIntegerLexeme: true)));
        Rejected(room, raise, Rule.PowerLevelsTopLevelChangeExceedsPower);
    }

    // A string of the longest accepted length is read, one digit more is not (v1–9).
    [Theory, RoomVersions(1, 9)]
    public void LongIntegerStrings_AreReadUpToTheBound(int version)
    {
        var room = Room(version);
        var current = room.State.PowerLevels!.Content;
        var longest = "-" + new string('9', PowerLevelNumber.MaxStringDigits);
        Allowed(room, room.Event(EventTypes.PowerLevels, "", Bob, current.With("ban", JsonValue.String(longest))), Rule.PowerLevelsAllowed);
        Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, current.With("ban", JsonValue.String("-9" + longest[1..]))), Rule.PowerLevelsUnparseableValue);
    }

    // From v6 the format enforces canonical JSON: integers beyond ±(2^53−1) are a named error, not a verdict.
    [Theory, RoomVersions(6, 12)]
    public void HugeIntegers_FromVersion6_AreANamedFormatError(int version)
    {
        var room = Room(version);
        foreach (var huge in new JsonValue[] { JsonValue.Number(JsonNumber.MaxSafeInteger + 1), JsonNumber.FromInteger(ContentMutations.Huge, isIntegerLexeme: true), JsonNumber.FromFraction(50.5) })
        {
            var refused = room.TryEvent(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels!.Content.With("ban", huge));
            Assert.False(refused.IsOk);
            Assert.Equal(EventError.NotCanonicalJson, refused.Failure!.Code);
        }
    }

    // Malformed user IDs as the sender: a named format error.
    [Theory, RoomVersions(1, 12)]
    public void MalformedSender_IsANamedFormatError(int version)
    {
        var room = Room(version);
        foreach (var sender in new[] { "bob", "@bob", "@bob:", "@:", "", "@bob:exa mple.org" })
        {
            var refused = room.TryEvent(EventTypes.PowerLevels, "", Bob, JsonObject.Empty, json => json.With("sender", JsonValue.String(sender)));
            Assert.False(refused.IsOk);
            Assert.Equal(EventError.BadIdentifier, refused.Failure!.Code);
        }
    }

    // Malformed user IDs as the state key of any membership: the m.room.member schema makes the state key
    // the target's user ID, so the event format refuses them with a named error before any rule runs.
    [Theory, RoomVersions(1, 12)]
    public void MalformedStateKeyOfAMembership_IsANamedFormatError(int version)
    {
        var room = Room(version);
        foreach (var (sender, membership) in new[] { (Bob, "join"), (Alice, "invite"), (Alice, "leave"), (Alice, "ban") })
        {
            foreach (var target in new[] { "bob", "@bob", "@bob:", "", "@bob:example.org\u0000" })
            {
                var refused = room.TryEvent(EventTypes.Member, target, sender, JsonValue.Object(("membership", JsonValue.String(membership))));
                Assert.False(refused.IsOk, $"{membership} of '{target}' parsed");
                Assert.Equal(EventError.InvalidStateKey, refused.Failure!.Code);
                Assert.Equal("$.state_key", refused.Failure.Path);
            }
        }
    }

    // Malformed user IDs as users keys: `power_levels.invalid_users` (rooms v12 "Authorisation rules" 10.3).
    [Theory, RoomVersions(1, 12)]
    public void MalformedUsersKey_Rejected(int version)
    {
        var room = Room(version);
        var users = (JsonObject)room.State.PowerLevels!.Content["users"]!;
        foreach (var key in new[] { "bob", "@bob", "@bob:", "", "@bob:exa mple.org", "@\u0000:example.org" })
        {
            Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, room.State.PowerLevels.Content.With("users", users.With(key, JsonValue.Number(0)))), Rule.PowerLevelsInvalidUsers);
        }
    }

    // Malformed user IDs in join_authorised_via_users_server: `member.authoriser_signature_invalid` (v8+); before v8 the key means nothing.
    [Theory, RoomVersions(1, 12)]
    public void MalformedAuthoriser_RejectedFromVersion8(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        var join = room.Member(Bob, Bob, "join", JsonText("""{"join_authorised_via_users_server": "alice@example.org"}"""), AuthFixtures.SignedBy("example.org"));
        if (version >= 8) Rejected(room, join, Rule.MemberAuthoriserSignatureInvalid);
        else Allowed(room, join, Rule.MemberJoinPublic);
    }

    // Malformed user IDs and wrong types in third_party_invite fields: rooms v12 "Authorisation rules" 5.4.1.3–5.4.1.5
    // (`member.invite.third_party.missing_mxid_or_token`, `member.invite.third_party.mxid_mismatch`,
    // `member.invite.third_party.no_matching_invite`).
    [Theory, RoomVersions(1, 12)]
    public void MalformedThirdPartyInviteFields_Rejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").WithThirdPartyInvite("tok", Alice);
        JsonObject Invite(JsonValue signed) => ThirdPartyInvites.MemberContent(JsonValue.Object(("signed", signed)));
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(ThirdPartyInvites.Signed(Zara, "tok").With("mxid", JsonValue.String("zara")))), Rule.MemberInviteThirdPartyMxidMismatch);
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(ThirdPartyInvites.Signed(Zara, "tok").With("mxid", JsonValue.Array(JsonValue.String(Zara))))), Rule.MemberInviteThirdPartyMxidMismatch);
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(ThirdPartyInvites.Signed(Zara, "tok").With("token", JsonValue.Null))), Rule.MemberInviteThirdPartyNoMatchingInvite);
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(JsonValue.String("signed"))), Rule.MemberInviteThirdPartyMissingMxidOrToken);
    }

    // A create event whose content is odd still gets a decision of rule 1.
    [Theory, RoomVersions(1, 12)]
    public void OddCreateContent_GivesARule1Decision(int version)
    {
        foreach (var content in new[] { """{"creator": null, "room_version": null}""", """{"creator": [], "additional_creators": {}}""", """{"m.federate": "no", "creator": "@a:b"}""" })
        {
            var (againstState, againstAuthEvents) = AuthFixtures.CheckCreate(RoomBuilder.Parse(AuthFixtures.CreateJson(V(version), Alice, JsonText(content)), V(version)), V(version));
            Defined(againstState);
            Assert.Equal(againstState, againstAuthEvents);
            Assert.Contains(againstState.Rule, new[] { Rule.CreateAllowed, Rule.CreateUnknownRoomVersion, Rule.CreateMissingCreator, Rule.CreateInvalidAdditionalCreators });
        }
    }
}
