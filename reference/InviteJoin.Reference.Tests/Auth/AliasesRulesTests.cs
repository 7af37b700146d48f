using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 4 of room versions 1–5: <c>m.room.aliases</c> is decided by its state key naming the sender's
/// server, before membership and power (spec v1.19, rooms v1–v5 "Authorisation rules" 4.1–4.3; page 05-aliases).
/// </summary>
public sealed class AliasesRulesTests
{
    private const string Zara = TestUsers.Zara;

    private static readonly JsonObject Aliases = JsonValue.Object(("aliases", JsonValue.Array(JsonValue.String("#room:elsewhere.test"))));

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public").PowerLevels(JsonText("""{"state_default": 100}"""));

    // 4.1 (v1–5): "If event has no state_key, reject."
    [Theory, RoomVersions(1, 5)]
    public void NoStateKey_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Event(EventTypes.Aliases, null, Zara, Aliases), Rule.AliasesNoStateKey);
    }

    // 4.2 (v1–5): "If sender's domain doesn't match state_key, reject."
    [Theory, RoomVersions(1, 5)]
    public void StateKeyOfAnotherServer_Rejected(int version)
    {
        var room = Room(version);
        Rejects(room, room.Event(EventTypes.Aliases, "example.org", Zara, Aliases), Rule.AliasesServerMismatch, ("state_key", "example.org"), ("sender_server", "elsewhere.test"));
    }

    // 4.3 (v1–5): otherwise allow, with no membership or power check: Zara is not in the room and has level 0.
    [Theory, RoomVersions(1, 5)]
    public void OwnServerByNonMember_Allowed(int version)
    {
        var room = Room(version);
        Allows(room, room.Event(EventTypes.Aliases, "elsewhere.test", Zara, Aliases), Rule.AliasesAllowed, ("sender_server", "elsewhere.test"));
    }

    // v6+ (MSC2432): an ordinary state event; the same event fails rule 5 (the sender is not joined).
    [Theory, RoomVersions(6, 12)]
    public void OwnServerByNonMember_FromVersion6_IsOrdinaryState(int version)
    {
        var room = Room(version);
        Rejected(room, room.Event(EventTypes.Aliases, "elsewhere.test", Zara, Aliases), Rule.SenderNotJoined);
        var joined = room.Join(Zara);
        Rejected(joined, joined.Event(EventTypes.Aliases, "elsewhere.test", Zara, Aliases), Rule.EventInsufficientPower);
    }
}
