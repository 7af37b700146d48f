using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 9 (v1–5) / 8 (v6–11) / 9 (v12): "If the event has a state_key that starts with an @ and does not
/// match the sender, reject" (spec v1.19, rooms v1–v12 "Authorisation rules"; page 10-state-key).
/// </summary>
public sealed class StateKeyRuleTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    // Bob may send any state (state_default 0).
    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).PowerLevelsWith(JsonText("""{"state_default": 0}"""));

    [Theory, RoomVersions(1, 12)]
    public void StateKeyOfAnotherUser_Rejected(int version)
    {
        var room = Room(version);
        foreach (var key in new[] { Alice, "@", "@bob", "@bob:example.org_suffix", "@BOB:example.org" })
        {
            Rejects(room, room.Event("org.example.profile", key, Bob, JsonObject.Empty), Rule.EventStateKeyImpersonation, ("state_key", key), ("sender", Bob));
        }
    }

    // Even a v12 creator cannot write another user's key.
    [Theory, RoomVersions(1, 12)]
    public void CreatorWritingAnotherUsersKey_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Event("org.example.profile", Bob, Alice, JsonObject.Empty), Rule.EventStateKeyImpersonation, ("state_key", Bob), ("sender", Alice));
    }

    // The sender's own ID, and keys that do not start with "@", pass.
    [Theory, RoomVersions(1, 12)]
    public void OwnKeyOrNotAUserKey_Allowed(int version)
    {
        var room = Room(version);
        foreach (var key in new[] { Bob, "", "bob", " @alice:example.org", "!room:example.org" })
        {
            Allows(room, room.Event("org.example.profile", key, Bob, JsonObject.Empty), Rule.EventAllowed);
        }
    }
}
