using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Subtle rules that implementations have historically got wrong, one test each, with the clause it rests
/// on. (Validation of make_*/send_*/invite templates is an endpoint matter, not an authorisation rule, and is
/// tested with the endpoints.)
/// </summary>
public sealed class EdgeCaseTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;
    private const string Charlie = TestUsers.Charlie;
    private const string Zara = TestUsers.Zara;

    private static readonly JsonObject ViaAlice = JsonValue.Object((MemberContent.Authoriser, JsonValue.String(Alice)));

    // 1. Spec v1.19, rooms v1–v11 2.5 / v12 3.5 (MSC4307, every version): an auth event of another room is refused
    // even when it is otherwise exactly the event the selection wants.
    [Theory, RoomVersions(1, 12)]
    public void AuthEventOfAnotherRoomWithTheRightKey_IsRejected(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        var foreign = AuthFixtures.MovedTo(room.State.JoinRules!, version == 12 ? "!elsewhere" : "!elsewhere:example.org", version <= 2 ? "$jr:example.org" : "$jr", V(version));
        var join = room.Member(Bob, Bob, "join");
        var cited = join.AuthEvents.Select(id => id.Value).Where(id => id != room.State.JoinRules!.EventId.Value).Append(foreign.EventId.Value).ToArray();
        var forged = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", AuthFixtures.References(V(version), cited)));
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(forged, [room.CreateEvent, foreign], V(version), AuthContext.Default), Rule.AuthEventsOtherRoom, V(version));
    }

    // 2. matrix-org/matrix-spec#657: no join rules is invite; an unknown join rule lets nobody join, not even an invited user.
    [Theory, RoomVersions(1, 12)]
    public void MissingJoinRuleIsInvite_UnknownJoinRuleBlocksEveryone(int version)
    {
        var none = RoomBuilder.Create(V(version)).SetMembership(Alice, Bob, "invite");
        Allowed(none, none.Member(Bob, Bob, "join"), Rule.MemberJoinMissingJoinRulesInvitedOrJoined);
        var unknown = RoomBuilder.Create(V(version)).JoinRule("by_appointment").SetMembership(Alice, Bob, "invite");
        Rejected(unknown, unknown.Member(Bob, Bob, "join"), Rule.MemberJoinForbiddenJoinRule);
        // Not even a joined member re-sending join for a profile change.
        Rejected(unknown, unknown.Member(Alice, Alice, "join", JsonText("""{"displayname": "A"}""")), Rule.MemberJoinForbiddenJoinRule);
    }

    // 3. Spec v1.19, rooms v8–v11 4.2.1 / v12 5.2.1: the authoriser's signature is needed on any member event that
    // carries the key, such as a display-name change that copied the previous join's content.
    [Theory, RoomVersions(8, 12)]
    public void ProfileChangeCopyingTheAuthoriserKey_NeedsTheSignatureAgain(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("restricted");
        room = room.Add(room.Member(Bob, Bob, "join", ViaAlice, AuthFixtures.SignedBy("example.org")));
        var copied = ViaAlice.With("displayname", JsonValue.String("Bob"));
        Rejected(room, room.Member(Bob, Bob, "join", copied), Rule.MemberAuthoriserSignatureInvalid);
        Allowed(room, room.Member(Bob, Bob, "join", copied, AuthFixtures.SignedBy("example.org")), Rule.MemberJoinRestrictedAlreadyMember);
    }

    // 4. Spec v1.19, rooms v9 "Redactions" (MSC3375): v8's redaction dropped join_authorised_via_users_server, so a
    // redacted restricted join fails re-authorisation; v9 keeps it. (The authoriser's signature is on the full event.)
    [Theory, RoomVersions(8, 12)]
    public void RedactedRestrictedJoin_PassesAgainFromVersion9(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("restricted");
        var join = room.Member(Bob, Bob, "join", ViaAlice.With("displayname", JsonValue.String("Bob")), AuthFixtures.SignedBy("example.org"));
        Allowed(room, join, Rule.MemberJoinRestrictedAuthorised);
        var redacted = RoomBuilder.Parse(Redaction.Redact(join.Json, V(version).Format.Redaction).With("event_id", JsonValue.String(join.EventId.Value)), V(version));
        if (version == 8)
        {
            // Against the state the authoriser is gone; against its own citations, the authoriser's member event is no longer selected.
            Rejected(room.Check(redacted), Rule.MemberJoinRestrictedNoAuthoriser, V(version));
            Rejected(room.CheckAgainstAuthEvents(redacted), Rule.AuthEventsUnexpected, V(version));
        }
        else
        {
            Allowed(room, redacted, Rule.MemberJoinRestrictedAuthorised);
        }
    }

    // 4 (continued). Spec v1.19, rooms v11 "Redactions" (MSC3821): from v11 third_party_invite.signed survives
    // redaction, so a redacted third-party invite stays a third-party invite; before, it becomes an ordinary
    // invite by a sender who need not be joined any more.
    [Theory, RoomVersions(1, 12)]
    public void RedactedThirdPartyInvite_StaysOneFromVersion11(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").WithThirdPartyInvite("tok", Alice).SetMembership(Alice, Alice, "leave");
        var invite = room.Member(Alice, Zara, "invite", ThirdPartyInvites.MemberContent(JsonValue.Object(("display_name", JsonValue.String("z")), ("signed", ThirdPartyInvites.Signed(Zara, "tok")))));
        Allowed(room, invite, Rule.MemberInviteThirdPartyAllowed);
        var redacted = RoomBuilder.Parse(Redaction.Redact(invite.Json, V(version).Format.Redaction).With("event_id", JsonValue.String(invite.EventId.Value)), V(version));
        if (version >= 11)
        {
            Allowed(room, redacted, Rule.MemberInviteThirdPartyAllowed);
        }
        else
        {
            // Against the state it is an ordinary invite by a sender who left; its citation of the third-party invite is no longer selected.
            Rejected(room.Check(redacted), Rule.MemberInviteSenderNotJoined, V(version));
            Rejected(room.CheckAgainstAuthEvents(redacted), Rule.AuthEventsUnexpected, V(version));
        }
    }

    // 5. Spec v1.19, rooms v1–v12 "join" 1 precedes 3: the creator's first join depends on prev_events only, so a
    // banned creator citing only the create event is allowed; "creator" is content.creator to v10, the create sender from v11.
    [Theory, RoomVersions(1, 12)]
    public void BannedCreatorCitingOnlyTheCreateEvent_MayRejoin(int version)
    {
        // Nobody may ban the creator here (Bob at 100 ties Alice in v1–11; a v12 creator is infinite), so the ban is
        // written into the state unchecked, as a state from elsewhere could hold it.
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").SetMembership(Alice, Bob, "invite").Join(Bob).PowerLevels((Bob, 100));
        room = room.Add(room.Member(Bob, Alice, "ban"));
        var rejoin = room.Member(Alice, Alice, "join", edit: json => json.With("prev_events", AuthFixtures.References(V(version), room.CreateEvent.EventId.Value)));
        Allowed(room, rejoin, Rule.MemberJoinCreatorFirstJoin);
        Rejected(room, room.Member(Alice, Alice, "join"), Rule.MemberJoinSenderBanned);
    }

    // 5 (continued). The same clause never names the sender: read as written, a join whose state key is the creator
    // and whose only previous event is the create event is allowed whoever sends it (here a user of another
    // server). Only the signature check on receipt ties the event to the sender's server.
    [Theory, RoomVersions(1, 12)]
    public void CreatorFirstJoinSentBySomeoneElse_IsAllowedAsWritten(int version)
    {
        var room = RoomBuilder.Create(V(version), joinCreator: false);
        Allowed(room, room.Member(Zara, Alice, "join"), Rule.MemberJoinCreatorFirstJoin);
    }

    // 6. Spec v1.19, rooms v8–v11 4.2.1 and 4.3.5.2 (v1.17 clarification): the signature is by the authoriser's
    // server, not the joining server; and the authoriser must be joined with the invite level in the state
    // being checked, so a join authorised before the authoriser left passes its auth events and fails the current state.
    [Theory, RoomVersions(8, 12)]
    public void Authoriser_MustBeTheSigningServerAndJoinedInTheStateChecked(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("restricted").Join(Charlie).PowerLevels((Charlie, 0));
        var viaCharlie = JsonValue.Object((MemberContent.Authoriser, JsonValue.String(Charlie)));
        Rejected(room, room.Member(Zara, Zara, "join", viaCharlie, AuthFixtures.SignedBy("elsewhere.test")), Rule.MemberAuthoriserSignatureInvalid);
        var join = room.Member(Zara, Zara, "join", viaCharlie, AuthFixtures.SignedBy("example.org"));
        Allowed(room, join, Rule.MemberJoinRestrictedAuthorised);
        var afterLeaving = room.SetMembership(Charlie, Charlie, "leave");
        Rejected(afterLeaving.Check(join), Rule.MemberJoinRestrictedAuthoriserNotJoined, V(version));
        Allowed(room.CheckAgainstAuthEvents(join), Rule.MemberJoinRestrictedAuthorised, V(version));
    }

    // 7. Spec v1.19, rooms v1 5.3.1 (every version): the third-party path authorises by signature, token and
    // sender only; the sender's membership and invite level are not checked again.
    [Theory, RoomVersions(1, 12)]
    public void ThirdPartyInviteBySenderBelowInviteLevelWhoLeft_IsAllowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("invite").Join(Bob).PowerLevels((Bob, 10)).WithThirdPartyInvite("tok", Bob)
            .PowerLevelsWith(JsonText("""{"invite": 50}"""), (Bob, 10)).SetMembership(Bob, Bob, "leave");
        Allowed(room, room.Member(Bob, Zara, "invite", ThirdPartyInvites.MemberContent(JsonValue.Object(("signed", ThirdPartyInvites.Signed(Zara, "tok"))))), Rule.MemberInviteThirdPartyAllowed);
        Rejected(room, room.Member(Bob, Zara, "invite"), Rule.MemberInviteSenderNotJoined);
    }

    // 8. Spec v1.19, rooms v1–v9 "m.room.power_levels events accept values as strings", v1–v5 "... as floats",
    // v10 integers only (MSC3667): one content, three readings.
    [Theory, RoomVersions(1, 12)]
    public void PowerLevelNumberFormats_DependOnTheVersion(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).PowerLevels((Bob, 50));
        var stringy = room.State.PowerLevels!.Content.With("kick", JsonValue.String(" +0040 "));
        if (version <= 9) Allowed(room, room.Event(EventTypes.PowerLevels, "", Bob, stringy), Rule.PowerLevelsAllowed);
        else Rejected(room, room.Event(EventTypes.PowerLevels, "", Bob, stringy), Rule.PowerLevelsNonIntegerValue);
        var floaty = room.State.PowerLevels!.Content.With("kick", JsonNumber.FromFraction(50.9));
        var parsed = room.TryEvent(EventTypes.PowerLevels, "", Bob, floaty);
        if (version <= 5) Allowed(room, parsed.Value, Rule.PowerLevelsAllowed);
        else Assert.Equal(EventError.NotCanonicalJson, parsed.Failure!.Code);
    }

    // 9. Spec v1.19, rooms v1–v12 (member events return before rule 8) and m.room.power_levels (state_default 50
    // with no power-levels event): events["m.room.member"] and state_default do not govern membership.
    [Theory, RoomVersions(1, 12)]
    public void MemberEvents_IgnoreEventsEntryAndStateDefault(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob)
            .PowerLevelsWith(JsonText("""{"state_default": 100, "events": {"m.room.member": 100}}"""), (Bob, 0));
        Allowed(room, room.Member(Bob, Charlie, "invite"), Rule.MemberInviteAllowed);
        Allowed(room, room.Member(Zara, Zara, "join"), Rule.MemberJoinPublic);
        Rejected(room, room.Event("m.room.topic", "", Bob, JsonObject.Empty), Rule.EventInsufficientPower);
    }

    // 10. Spec v1.19, rooms v10 9.5–9.9: ">" for new values, ">=" for other users' current values, and the values
    // present, not defaults: kick absent (default 50) set to 40 by a sender at 40 only checks the new value.
    [Theory, RoomVersions(1, 12)]
    public void PowerLevelChanges_UsePresentValuesAndTheRightComparisons(int version)
    {
        var open = JsonText("""{"events": {"m.room.power_levels": 0}}""");
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie).PowerLevelsWith(open, (Bob, 40), (Charlie, 39));
        var content = room.State.PowerLevels!.Content;
        var users = (JsonObject)content["users"]!;
        Allowed(room, room.Event(EventTypes.PowerLevels, "", Bob, content.With("kick", JsonValue.Number(40))), Rule.PowerLevelsAllowed);
        Allowed(room, room.Event(EventTypes.PowerLevels, "", Bob, content.With("users", users.With(Charlie, JsonValue.Number(40)))), Rule.PowerLevelsAllowed);
        var equal = room.PowerLevelsWith(open, (Bob, 40), (Charlie, 40));
        var equalUsers = (JsonObject)equal.State.PowerLevels!.Content["users"]!;
        Rejected(equal, equal.Event(EventTypes.PowerLevels, "", Bob, equal.State.PowerLevels.Content.With("users", equalUsers.With(Charlie, JsonValue.Number(0)))), Rule.PowerLevelsUserChangeNotLower);
        Allowed(equal, equal.Event(EventTypes.PowerLevels, "", Bob, equal.State.PowerLevels.Content.With("users", equalUsers.With(Bob, JsonValue.Number(0)))), Rule.PowerLevelsAllowed);
    }

    // 11. Spec v1.19, every "Authorisation rules" note: "To unban somebody, you must have power level greater than or
    // equal to both the kick and ban levels, and greater than the target user's power level."
    [Theory, RoomVersions(1, 12)]
    public void Unban_NeedsBanAndKickLevelsAndMoreThanTheTarget(int version)
    {
        RoomBuilder Banned(string levels, long bob, long charlie) =>
            RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Charlie).SetMembership(Alice, Charlie, "ban").PowerLevelsWith(JsonText(levels), (Bob, bob), (Charlie, charlie));
        var ok = Banned("""{"kick": 30, "ban": 40}""", 40, 39);
        Allowed(ok, ok.Member(Bob, Charlie, "leave"), Rule.MemberLeaveKickAllowed);
        var belowBan = Banned("""{"kick": 30, "ban": 40}""", 39, 0);
        Rejected(belowBan, belowBan.Member(Bob, Charlie, "leave"), Rule.MemberLeaveUnbanInsufficientPower);
        var belowKick = Banned("""{"kick": 50, "ban": 40}""", 45, 0);
        Rejected(belowKick, belowKick.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
        var notAbove = Banned("""{"kick": 30, "ban": 40}""", 40, 40);
        Rejected(notAbove, notAbove.Member(Bob, Charlie, "leave"), Rule.MemberLeaveInsufficientPower);
    }

    // 12. Spec v1.19, rooms v1–v12 rule 3 / 4: m.federate compares the sender's domain with the create event's
    // sender's domain (v12 room IDs have no domain), never the target's.
    [Theory, RoomVersions(1, 12)]
    public void Federate_ComparesSenderWithCreateSender(int version)
    {
        var room = RoomBuilder.Create(V(version), createContent: JsonValue.Object(("m.federate", JsonValue.Bool(false)))).JoinRule("public");
        Rejected(room, room.Member(Zara, Zara, "join"), Rule.FederateForeignSender);
        Allowed(room, room.Member(Alice, Zara, "invite"), Rule.MemberInviteAllowed);
        Allowed(room, room.Member(Alice, Zara, "ban"), Rule.MemberBanAllowed);
    }

    // 13. Spec v1.19, server-server API "Checks performed on receipt of a PDU" 4–6: failing the auth events
    // rejects; failing only the current state soft-fails. The two checks are separate calls with separate answers.
    [Theory, RoomVersions(1, 12)]
    public void AuthEventsAndCurrentState_AreJudgedSeparately(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);
        var message = room.Event("m.room.message", null, Bob, JsonObject.Empty);
        var current = room.SetMembership(Alice, Bob, "ban");
        Allowed(EventAuthorizer.AuthorizeAgainstAuthEvents(message, [.. room.Events], V(version), AuthContext.Default), Rule.EventAllowed, V(version));
        Rejected(EventAuthorizer.AuthorizeAgainstState(message, current.State, V(version), AuthContext.Default), Rule.SenderNotJoined, V(version));
        // A rejected auth event fails the auth-events check (rule 2.3 / 3.3), whatever the state says.
        var rejected = AuthContext.Default.WithRejected([room.State.Member(Bob)!.EventId.Value]);
        Rejected(EventAuthorizer.AuthorizeAgainstAuthEvents(message, [.. room.Events], V(version), rejected), Rule.AuthEventsRejected, V(version));
    }

    // 14. Spec v1.19, rooms v12 1.2, 2 and 3.2 (MSC4291): the create event has no room_id, is never cited, and
    // every other event's room ID must name an accepted create event.
    [Theory, RoomVersions(12)]
    public void Version12CreateEvent_IsImpliedByTheRoomId(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        Assert.False(room.CreateEvent.Json.ContainsKey("room_id"));
        Assert.Equal("!create", room.CreateEvent.RoomId.Value);
        var join = room.Member(Bob, Bob, "join");
        Assert.DoesNotContain(room.CreateEvent.EventId, join.AuthEvents);
        Allowed(room, join, Rule.MemberJoinPublic);
        var citing = room.Member(Bob, Bob, "join", edit: json => json.With("auth_events", JsonValue.Array(((JsonArray)json["auth_events"]!).Items.Add(JsonValue.String("$create")))));
        Rejected(room.CheckAgainstAuthEvents(citing), Rule.AuthEventsUnexpected, V(version));
        var rejectedCreate = room with { Context = AuthContext.Default.WithRejected(["$create"]) };
        Rejected(rejectedCreate, join, Rule.RoomNotCreateEventHash);
    }
}
