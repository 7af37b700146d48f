using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 7 (v1–5) / 6 (v6–11) / 7 (v12): <c>m.room.third_party_invite</c> is allowed if and only if the sender
/// reaches the invite level (spec v1.19, rooms v1–v12 "Authorisation rules"; page 08-third-party-invite-event).
/// </summary>
public sealed class ThirdPartyInviteEventRuleTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob);

    // "Allow if and only if sender's current power level is greater than or equal to the invite level."
    [Theory, RoomVersions(1, 12)]
    public void SenderAtInviteLevel_Allowed(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"invite": 20}"""), (Bob, 20));
        Allows(room, room.Event(EventTypes.ThirdPartyInvite, "tok", Bob, ThirdPartyInvites.Content()), Rule.ThirdPartyInviteAllowed, ("sender_level", "20"), ("invite_level", "20"));
    }

    // The rule decides before the required-level and state-key rules: state_default 100 and events[type] 100
    // do not matter, nor does a state key that looks like another user's ID.
    [Theory, RoomVersions(1, 12)]
    public void RequiredLevelAndStateKey_AreNotChecked(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"state_default": 100, "events": {"m.room.third_party_invite": 100}}"""), (Bob, 0));
        Allows(room, room.Event(EventTypes.ThirdPartyInvite, Alice, Bob, ThirdPartyInvites.Content()), Rule.ThirdPartyInviteAllowed, ("sender_level", "0"), ("invite_level", "0"));
    }

    [Theory, RoomVersions(1, 12)]
    public void SenderBelowInviteLevel_Rejected(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"invite": 20}"""), (Bob, 19));
        Rejects(room, room.Event(EventTypes.ThirdPartyInvite, "tok", Bob, ThirdPartyInvites.Content()), Rule.ThirdPartyInviteInsufficientPower, ("sender_level", "19"), ("invite_level", "20"));
    }
}
