using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// One test per historical defect in other implementations whose kind is a single-event authorisation
/// decision (the catalogue of historical bugs, B8–B14, B17, B19). Each states the spec clause it rests on.
/// </summary>
public sealed class HistoricalBugTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;
    private const string Zara = TestUsers.Zara;

    // B8: a restricted join without join_authorised_via_users_server was treated as authorised.
    // Spec v1.19, rooms v8–v11 4.3.5.2 / v12 5.3.5.2: the key "is not a user with sufficient permission to
    // invite other users or is not a joined member of the room" -> reject; an absent key names nobody.
    [Theory, RoomVersions(8, 12)]
    public void B8_RestrictedJoinWithoutAuthoriser_IsRejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("restricted");
        Rejected(room, room.Member(Bob, Bob, "join"), Rule.MemberJoinRestrictedNoAuthoriser);
        if (version >= 10)
        {
            var knockRestricted = RoomBuilder.Create(V(version)).JoinRule("knock_restricted");
            Rejected(knockRestricted, knockRestricted.Member(Bob, Bob, "join"), Rule.MemberJoinRestrictedNoAuthoriser);
        }
    }

    // B9: the knock join-rule check was reachable only with the knock_restricted feature, so in v7–v9 a knock was
    // accepted under any join rule. Spec v1.19, rooms v7 4.6.1, v8–v9 4.7.1: "If the join_rule is anything
    // other than knock, reject." (the published cases knock under public in v7, under invite and knock_restricted in v8).
    [Theory, RoomVersions(7, 9)]
    public void B9_KnockUnderAJoinRuleOtherThanKnock_IsRejected(int version)
    {
        foreach (var joinRule in new[] { "public", "invite", "knock_restricted", "restricted" })
        {
            var room = RoomBuilder.Create(V(version)).JoinRule(joinRule);
            Rejected(room, room.Member(Bob, Bob, "knock"), Rule.MemberKnockJoinRuleNotKnock);
        }
    }

    // B10: knock was missing from the memberships whose auth events include the join rules, and an invited user
    // could not join under the knock join rule. Spec v1.19, server-server API "Auth events selection" (join,
    // invite and knock select m.room.join_rules); rooms v7 4.2.4: "invite or knock then allow if membership
    // state is invite or join".
    [Theory, RoomVersions(7, 12)]
    public void B10_KnockCitesTheJoinRules_AndInvitedUserJoinsUnderKnock(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("knock");
        var knock = room.Member(Bob, Bob, "knock");
        Assert.Contains(room.State.JoinRules!.EventId, knock.AuthEvents);
        Allowed(room, knock, Rule.MemberKnockAllowed);
        var invited = room.SetMembership(Bob, Bob, "knock").SetMembership(Alice, Bob, "invite");
        Allowed(invited, invited.Member(Bob, Bob, "join"), Rule.MemberJoinInvitedOrJoined);
    }

    // B11: valid third-party invites were never allowed, and later signed was not verified against the
    // invite's public keys. Spec v1.19, rooms v1 5.3.1.7–5.3.1.8 (and the same clause in every version):
    // "If any signature in signed matches any public key in the m.room.third_party_invite event, allow ... Otherwise, reject."
    [Theory, RoomVersions(1, 12)]
    public void B11_ThirdPartyInvite_IsAllowedOnlyWithASignatureByAPublishedKey(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").WithThirdPartyInvite("tok", Alice);
        JsonObject Invite(JsonObject signed) => ThirdPartyInvites.MemberContent(JsonValue.Object(("signed", signed)));
        Allowed(room, room.Member(Alice, Zara, "invite", Invite(ThirdPartyInvites.Signed(Zara, "tok"))), Rule.MemberInviteThirdPartyAllowed);
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(ThirdPartyInvites.Signed(Zara, "tok", TestKeys.Stranger))), Rule.MemberInviteThirdPartyBadSignature);
        var unsigned = ThirdPartyInvites.Signed(Zara, "tok").Without("signatures");
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(unsigned)), Rule.MemberInviteThirdPartyBadSignature);
        // A signature over another mxid does not cover this one.
        var moved = ThirdPartyInvites.Signed(Charlie, "tok").With("mxid", JsonValue.String(Zara));
        Rejected(room, room.Member(Alice, Zara, "invite", Invite(moved)), Rule.MemberInviteThirdPartyBadSignature);
    }

    // B12: a missing invite level defaulted to 50 instead of 0. Spec v1.19, m.room.power_levels "invite ...
    // Defaults to 0" (matrix-org/matrix-spec PR #1021 fixed the text); rooms v1–v12 "invite level".
    [Theory, RoomVersions(1, 12)]
    public void B12_MissingInviteLevel_DefaultsTo0(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 0));
        Assert.False(room.State.PowerLevels!.Content.ContainsKey("invite"));
        Allowed(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed);
        Allowed(room, room.Event(EventTypes.ThirdPartyInvite, "tok", Bob, ThirdPartyInvites.Content()), Rule.ThirdPartyInviteAllowed);
    }

    // B13: events_default was not parsed and always read as 0. Spec v1.19, server-server API "Definitions"
    // (required power level: events[type], else events_default for non-state events) and rooms v1–v12 rule 8 / 7 / 8.
    [Theory, RoomVersions(1, 12)]
    public void B13_EventsDefaultIsRespected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).PowerLevelsWith(JsonText("""{"events_default": 50}"""), (Bob, 0));
        Rejected(room, room.Event("m.room.message", null, Bob, JsonText("""{"body": "hi"}""")), Rule.EventInsufficientPower);
        var raised = room.PowerLevelsWith(JsonText("""{"events_default": 50}"""), (Bob, 50));
        Allowed(raised, raised.Event("m.room.message", null, Bob, JsonText("""{"body": "hi"}""")), Rule.EventAllowed);
    }

    // B14: duplicate auth events, auth events outside the selection and create events with previous events were
    // accepted. Spec v1.19, rooms v1–v11 2.1, 2.2 and 1.1 (v12 3.1, 3.2, 1.1).
    [Theory, RoomVersions(1, 12)]
    public void B14_StateIndependentRules_AreEnforced(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").JoinRule("invite").SetMembership(Alice, Bob, "invite");
        var join = room.Member(Bob, Bob, "join");
        var cited = join.AuthEvents.Select(id => id.Value).ToList();
        var oldRules = room.Events.First(e => e.Type == EventTypes.JoinRules).EventId.Value;
        var duplicate = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", AuthFixtures.References(V(version), [.. cited, oldRules])));
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(duplicate, [.. room.Events], V(version), AuthContext.Default), Rule.AuthEventsDuplicate, V(version));
        var topic = room.Event("m.room.topic", "", Alice, JsonText("""{"topic": "not an auth event"}"""));
        var withTopic = room.Add(topic);
        var unexpected = withTopic.Member(Bob, Bob, "join", edit: json => json.With("auth_events", AuthFixtures.References(V(version), [.. cited, topic.EventId.Value])));
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(unexpected, [.. withTopic.Events], V(version), AuthContext.Default), Rule.AuthEventsUnexpected, V(version));
        var create = AuthFixtures.CreateJson(V(version), Alice, AuthFixtures.CreateContent(V(version), Alice)).With("prev_events", AuthFixtures.References(V(version), "$earlier:example.org"));
        Rejected(AuthFixtures.CheckCreate(RoomBuilder.Parse(create, V(version)), V(version)).AgainstAuthEvents, Rule.CreateHasPrevEvents, V(version));
    }

    // B17: events were authorised with auth events of another room. Spec v1.19, rooms v1–v11 2.5 / v12 3.5
    // (MSC4307, applying to every room version): "If any event in auth_events has a room_id which does not
    // match that of the event being authorised, reject."
    [Theory, RoomVersions(1, 12)]
    public void B17_AuthEventsOfAnotherRoom_AreRejected(int version)
    {
        // Bob is at 100 in another room; the power levels of that room must not let him kick Charlie here.
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie).PowerLevels((Charlie, 50));
        var foreignId = version <= 2 ? "$foreign:example.org" : "$foreign";
        var foreignLevels = AuthFixtures.MovedTo(room.PowerLevels((Bob, 100)).State.PowerLevels!, version == 12 ? "!other" : "!other:example.org", foreignId, V(version));
        var kick = room.Member(Bob, Charlie, "leave");
        Rejected(room, kick, Rule.MemberLeaveInsufficientPower);
        var forged = room.Member(Bob, Charlie, "leave", edit: json => json.With("auth_events",
            AuthFixtures.References(V(version), [.. kick.AuthEvents.Select(id => id.Value).Where(id => id != room.State.PowerLevels!.EventId.Value), foreignId])));
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(forged, [.. room.Events, foreignLevels], V(version), AuthContext.Default), Rule.AuthEventsOtherRoom, V(version));
    }

    // B19: with no power-levels event, anyone could set state. Spec v1.19, m.room.power_levels: without the
    // event the creator has 100 (v1–11; v12 creators are infinite) and everyone else 0, while state_default
    // is 50 even when there is no power-levels event.
    [Theory, RoomVersions(1, 12)]
    public void B19_WithoutPowerLevels_OnlyTheCreatorSetsState(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);
        Assert.Null(room.State.PowerLevels);
        Rejected(room, room.Event("m.room.name", "", Bob, JsonText("""{"name": "mine"}""")), Rule.EventInsufficientPower);
        Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, JsonText("""{"users": {"@bob:example.org": 100}}""")), Rule.EventInsufficientPower);
        Rejected(room, room.Event(EventTypes.JoinRules, "", Bob, JsonText("""{"join_rule": "invite"}""")), Rule.EventInsufficientPower);
        Allowed(room, room.Event("m.room.name", "", Alice, JsonText("""{"name": "ours"}""")), Rule.EventAllowed);
        Allowed(room, room.Event("m.room.message", null, Bob, JsonText("""{"body": "events_default is 0"}""")), Rule.EventAllowed);
    }
}
