using static InviteJoin.Reference.Tests.Auth.RuleAssert;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Rule 11 of room versions 1–2: <c>m.room.redaction</c> needs the redact level, or must come from the
/// server of the event it redacts, compared by the domains of the two event IDs (spec v1.19, rooms v1–v2
/// "Authorisation rules" 11.1–11.3; page 12-redaction). From v3 the redaction is an ordinary event for the rules.
/// </summary>
public sealed class RedactionRuleTests
{
    private const string Bob = TestUsers.Bob;
    private const string Zara = TestUsers.Zara;

    private static RoomBuilder Room(int version) => RoomBuilder.Create(V(version)).JoinRule("public").Join(Bob).Join(Zara);

    /// <summary>A redaction of <paramref name="redacts"/> by <paramref name="sender"/>: top-level <c>redacts</c> before v11, in content from v11.</summary>
    internal static Pdu Redaction(RoomBuilder room, string sender, string redacts) =>
        room.Version.Format.RedactsInContent
            ? room.Event(EventTypes.Redaction, null, sender, JsonValue.Object(("redacts", JsonValue.String(redacts))))
            : room.Event(EventTypes.Redaction, null, sender, JsonObject.Empty, json => json.With("redacts", JsonValue.String(redacts)));

    // 11.1 (v1–2): "If the sender's power level is greater than or equal to the redact level, allow."
    [Theory, RoomVersions(1, 2)]
    public void SenderAtRedactLevel_Allowed(int version)
    {
        var room = Room(version).PowerLevels((Zara, 50));
        Allows(room, Redaction(room, Zara, "$e2:example.org"), Rule.RedactionAllowedPower, ("sender_level", "50"), ("redact_level", "50"));
    }

    // 11.2 (v1–2): "If the domain of the event_id of the event being redacted is the same as the domain of the event_id of the m.room.redaction, allow."
    [Theory, RoomVersions(1, 2)]
    public void SameServerBelowRedactLevel_Allowed(int version)
    {
        var room = Room(version).PowerLevels((Bob, 0));
        var redaction = Redaction(room, Bob, "$e2:example.org");
        Assert.Equal("example.org", redaction.EventId.Server?.Value);
        Allows(room, redaction, Rule.RedactionAllowedSameServer, ("server", "example.org"));
    }

    // 11.3 (v1–2): "Otherwise, reject." Zara (elsewhere.test) redacts an example.org event below the redact level.
    [Theory, RoomVersions(1, 2)]
    public void OtherServerBelowRedactLevel_Rejected(int version)
    {
        var room = Room(version).PowerLevels((Zara, 49));
        Rejects(room, Redaction(room, Zara, "$e2:example.org"), Rule.RedactionInsufficientPower,
            ("sender_level", "49"), ("redact_level", "50"), ("redaction_server", "elsewhere.test"), ("redacted_server", "example.org"));
    }

    // The required level (rule 8) comes first, in v1–2 too: events["m.room.redaction"] above the sender rejects.
    [Theory, RoomVersions(1, 2)]
    public void RequiredLevelBeforeRedactionRule_Rejected(int version)
    {
        var room = Room(version).PowerLevelsWith(JsonText("""{"events": {"m.room.redaction": 10}}"""), (Bob, 0));
        Rejects(room, Redaction(room, Bob, "$e2:example.org"), Rule.EventInsufficientPower, ("sender_level", "0"), ("required_level", "10"), ("type", EventTypes.Redaction));
    }

    // From v3 (MSC1659) the redact level is not an auth rule: the same redaction is allowed.
    [Theory, RoomVersions(3, 12)]
    public void OtherServerBelowRedactLevel_FromVersion3_Allowed(int version)
    {
        var room = Room(version).PowerLevels((Zara, 0));
        Allowed(room, Redaction(room, Zara, "$e2:example.org"), Rule.EventAllowed);
    }
}
