namespace InviteJoin.Cli.Tests;

/// <summary><c>redact</c>: the redaction algorithm of the requested room version (spec v1.19, room versions "Redactions").</summary>
public sealed class RedactCommandTests
{
    private const string Create = """
        {"type": "m.room.create", "state_key": "", "sender": "@a:domain", "origin": "domain", "room_id": "!r:domain",
         "content": {"creator": "@a:domain", "room_version": "1", "m.federate": false}, "unsigned": {"age": 1}, "extra": 1}
        """;

    [Fact]
    public void RoomVersion1Create_KeepsCreatorAndOriginOnly()
    {
        Cli.AssertAnswers(Cli.Run(SpecRequests.Event("1", Create), "redact"), """
            {"type": "m.room.create", "state_key": "", "sender": "@a:domain", "origin": "domain", "room_id": "!r:domain",
             "content": {"creator": "@a:domain"}}
            """);
    }

    [Fact]
    public void RoomVersion11Create_KeepsAllContentAndDropsOrigin()
    {
        Cli.AssertAnswers(Cli.Run(SpecRequests.Event("11", Create), "redact"), """
            {"type": "m.room.create", "state_key": "", "sender": "@a:domain", "room_id": "!r:domain",
             "content": {"creator": "@a:domain", "room_version": "1", "m.federate": false}}
            """);
    }

    [Fact]
    public void SignedMessageEvent_LosesItsContent()
    {
        var run = Cli.Run(SpecRequests.Event("1", SpecVectors.SignedMessageEvent), "redact");

        Cli.AssertAnswers(run, """
            {"content":{},"event_id":"$0:domain","hashes":{"sha256":"onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"},
             "origin":"domain","origin_server_ts":1000000,"type":"m.room.message","room_id":"!r:domain","sender":"@u:domain",
             "signatures":{"domain":{"ed25519:1":"Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA"}}}
            """);
    }
}
