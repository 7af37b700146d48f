using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 1, the create event (spec v1.19, rooms v1–v12 "Authorisation rules" 1.1–1.5; page 01-create).
/// A create event is decided by its own shape, on either path, whatever the state.
/// </summary>
public sealed class CreateRulesTests
{
    private const string Alice = TestUsers.Alice;

    // The create event decided on both paths, with exactly `evidence` (none when none is given).
    private static void Expect(JsonObject json, int version, AuthVerdict verdict, Rule rule, params (string, string)[] evidence)
    {
        var v = V(version);
        var (againstState, againstAuthEvents) = AuthFixtures.CheckCreate(RoomBuilder.Parse(json, v), v);
        foreach (var decision in new[] { againstState, againstAuthEvents })
        {
            if (verdict == AuthVerdict.Allow) Allows(decision, rule, v, evidence);
            else Rejects(decision, rule, v, evidence);
        }
    }

    private static JsonObject WellFormed(int version) => AuthFixtures.CreateJson(V(version), Alice, AuthFixtures.CreateContent(V(version), Alice));

    // 1.1 (v1–12): "If it has any prev_events, reject."
    [Theory, RoomVersions(1, 12)]
    public void PreviousEvents_Rejected(int version)
    {
        var json = WellFormed(version).With("prev_events", AuthFixtures.References(V(version), version <= 2 ? "$earlier:example.org" : "$earlier"));
        Expect(json, version, AuthVerdict.Reject, Rule.CreateHasPrevEvents, ("prev_events", "1"));
    }

    // 1.2 (v1–11): "If the domain of the room_id does not match the domain of the sender, reject."
    [Theory, RoomVersions(1, 11)]
    public void RoomIdOnAnotherServer_Rejected(int version)
    {
        Expect(WellFormed(version).With("room_id", JsonValue.String("!made:elsewhere.test")), version, AuthVerdict.Reject, Rule.CreateRoomIdServerMismatch,
            ("room_id_server", "elsewhere.test"), ("sender_server", "example.org"));
    }

    // 1.2 (v12): "If the event has a room_id, reject." Even a room ID naming the create event itself.
    [Theory, RoomVersions(12)]
    public void RoomIdPresent_Rejected(int version)
    {
        Expect(WellFormed(version).With("room_id", JsonValue.String("!made")), version, AuthVerdict.Reject, Rule.CreateHasRoomId);
    }

    // 1.3 (v1–12): "If content.room_version is present and is not a recognised version, reject."
    [Theory, RoomVersions(1, 12)]
    public void UnknownRoomVersion_Rejected(int version)
    {
        Expect(WellFormed(version).With("content", AuthFixtures.CreateContent(V(version), Alice).With("room_version", JsonValue.String("13"))),
            version, AuthVerdict.Reject, Rule.CreateUnknownRoomVersion, ("room_version", "\"13\""));
    }

    // 1.3: a version is named by a string; the number 1 names none.
    [Theory, RoomVersions(1, 12)]
    public void RoomVersionNotAString_Rejected(int version)
    {
        Expect(WellFormed(version).With("content", AuthFixtures.CreateContent(V(version), Alice).With("room_version", JsonValue.Number(1))),
            version, AuthVerdict.Reject, Rule.CreateUnknownRoomVersion, ("room_version", "1"));
    }

    // 1.3: an absent room_version is not checked (it means version 1 to clients; the rule reads only a present one).
    [Theory, RoomVersions(1, 12)]
    public void RoomVersionAbsent_Allowed(int version)
    {
        Expect(WellFormed(version).With("content", AuthFixtures.CreateContent(V(version), Alice).Without("room_version")), version, AuthVerdict.Allow, Rule.CreateAllowed);
    }

    // 1.4 (v1–10): "If content has no creator property, reject."
    [Theory, RoomVersions(1, 10)]
    public void NoCreator_Rejected(int version)
    {
        Expect(WellFormed(version).With("content", AuthFixtures.CreateContent(V(version), Alice).Without("creator")), version, AuthVerdict.Reject, Rule.CreateMissingCreator);
    }

    // 1.4 (v1–10) checks presence only: a creator that is not a user ID passes rule 1.
    [Theory, RoomVersions(1, 10)]
    public void CreatorNotAUserId_Allowed(int version)
    {
        Expect(WellFormed(version).With("content", AuthFixtures.CreateContent(V(version), Alice).With("creator", JsonValue.Number(5))), version, AuthVerdict.Allow, Rule.CreateAllowed);
    }

    // 1.4 (v12): additional_creators, when present, is an array of strings that pass the user-ID validation applied to sender.
    [Theory, RoomVersions(12)]
    public void AdditionalCreatorsNotAnArray_Rejected(int version)
    {
        var content = AuthFixtures.CreateContent(V(version), Alice).With("additional_creators", JsonValue.String(TestUsers.Bob));
        Expect(WellFormed(version).With("content", content), version, AuthVerdict.Reject, Rule.CreateInvalidAdditionalCreators, ("additional_creator", "\"" + TestUsers.Bob + "\""));
    }

    [Theory, RoomVersions(12)]
    public void AdditionalCreatorNotAUserId_Rejected(int version)
    {
        // Each entry with the JSON text the evidence shows it as: the first entry that is not a user ID.
        foreach (var (bad, text) in new (JsonValue, string)[] { (JsonValue.String("bob"), "\"bob\""), (JsonValue.String("@bob"), "\"@bob\""), (JsonValue.String("@bob:"), "\"@bob:\""), (JsonValue.Number(7), "7"), (JsonValue.Null, "null"), (JsonObject.Empty, "{}") })
        {
            var content = AuthFixtures.CreateContent(V(version), Alice).With("additional_creators", JsonValue.Array(JsonValue.String(TestUsers.Bob), bad));
            Expect(WellFormed(version).With("content", content), version, AuthVerdict.Reject, Rule.CreateInvalidAdditionalCreators, ("additional_creator", text));
        }
    }

    // 1.4 (v12): an empty array and historical (non-compliant but valid) user IDs pass.
    [Theory, RoomVersions(12)]
    public void AdditionalCreatorsValid_Allowed(int version)
    {
        foreach (var list in new[] { JsonArray.Empty, JsonValue.Array(JsonValue.String(TestUsers.Bob), JsonValue.String("@Old_Bob:example.org")) })
        {
            var content = AuthFixtures.CreateContent(V(version), Alice).With("additional_creators", list);
            Expect(WellFormed(version).With("content", content), version, AuthVerdict.Allow, Rule.CreateAllowed);
        }
    }

    // 1.5 (v1–10, v12) / 1.4 (v11): otherwise, allow.
    [Theory, RoomVersions(1, 12)]
    public void WellFormed_Allowed(int version)
    {
        Expect(WellFormed(version), version, AuthVerdict.Allow, Rule.CreateAllowed);
    }

    // Rule 1 is decided by the event alone: a state that already has a create event changes nothing.
    [Theory, RoomVersions(1, 12)]
    public void StateIsIgnored_Allowed(int version)
    {
        var room = RoomBuilder.Create(V(version)).JoinRule("public");
        var create = RoomBuilder.Parse(WellFormed(version), V(version));
        Allows(EventAuthorizer.AuthorizeAgainstState(create, room.State, V(version), AuthContext.Default), Rule.CreateAllowed, V(version));
    }
}
