namespace InviteJoin.Cli.Tests;

/// <summary><c>event-id</c>: event IDs, hashes and room IDs per room version (spec v1.19, room versions "Event IDs", v12 "Room IDs").</summary>
public sealed class EventIdCommandTests
{
    private const string V4Message = """
        {"type": "m.room.message", "room_id": "!r:domain", "sender": "@u:domain", "content": {"body": "hi"},
         "depth": 4, "origin_server_ts": 1000000, "prev_events": [], "auth_events": []}
        """;

    [Fact]
    public void SignedV12CreateEvent_AnswersDerivedEventIdAndRoomId()
    {
        var signed = Cli.Run(SpecRequests.SignEvent("12", SpecVectors.V12CreateEvent), "sign-event").Stdout.TrimEnd('\n');

        var run = Cli.Run(SpecRequests.Event("12", signed), "event-id");

        Assert.Equal(0, run.ExitCode);
        var answer = Assert.IsType<JsonObject>(run.Answer);
        Assert.Equal(new[] { "content_hash", "event_id", "reference_hash", "room_id" }, answer.Keys);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateEventId), answer["event_id"]);
        Assert.Equal(JsonValue.String(SpecVectors.V12RoomId), answer["room_id"]);
        Assert.Equal(JsonValue.String(SpecVectors.V12CreateContentHash), answer["content_hash"]);
    }

    [Fact]
    public void RoomVersion4Event_EventIdIsUrlSafeReferenceHash()
    {
        var answer = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("4", V4Message), "event-id").Answer);

        var referenceHash = ((JsonString)answer["reference_hash"]!).Value;
        Assert.Equal(43, referenceHash.Length);
        Assert.Equal("$" + referenceHash.Replace('+', '-').Replace('/', '_'), ((JsonString)answer["event_id"]!).Value);
        Assert.Equal(JsonValue.String("!r:domain"), answer["room_id"]);
    }

    [Fact]
    public void RoomVersion3Event_EventIdIsStandardReferenceHash()
    {
        var answer = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("3", V4Message), "event-id").Answer);

        Assert.Equal("$" + ((JsonString)answer["reference_hash"]!).Value, ((JsonString)answer["event_id"]!).Value);
    }

    [Fact]
    public void RoomVersion1Event_EventIdIsItsOwnField()
    {
        var @event = """
            {"event_id": "$abc:domain", "type": "X", "room_id": "!r:domain", "sender": "@u:domain", "content": {},
             "depth": 1, "origin_server_ts": 5, "prev_events": [["$p:domain", {"sha256": "x"}]], "auth_events": []}
            """;

        var answer = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("1", @event), "event-id").Answer);

        Assert.Equal(JsonValue.String("$abc:domain"), answer["event_id"]);
        Assert.Equal(JsonValue.String("!r:domain"), answer["room_id"]);
    }

    [Fact]
    public void EventIdKeyInRoomVersion4_IsHashedNotObeyed()
    {
        var plain = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("4", V4Message), "event-id").Answer);
        var withKey = V4Message.Replace("\"type\"", "\"event_id\": \"$mine\", \"type\"", StringComparison.Ordinal);

        var named = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("4", withKey), "event-id").Answer);

        Assert.NotEqual(JsonValue.String("$mine"), named["event_id"]);
        Assert.NotEqual(plain["event_id"], named["event_id"]);
    }

    [Fact]
    public void SignatureAddedLater_DoesNotChangeEventId()
    {
        var unsigned = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("4", V4Message), "event-id").Answer);
        var withSignature = V4Message.Replace("\"type\"", "\"signatures\": {\"domain\": {\"ed25519:1\": \"sig\"}}, \"type\"", StringComparison.Ordinal);

        var signed = Assert.IsType<JsonObject>(Cli.Run(SpecRequests.Event("4", withSignature), "event-id").Answer);

        Assert.Equal(unsigned["event_id"], signed["event_id"]);
    }
}
