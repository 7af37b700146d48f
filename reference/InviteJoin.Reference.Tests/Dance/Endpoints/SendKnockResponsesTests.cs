using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The knocking server's check of the send_knock answer (spec v1.19, knocks.yaml: <c>knock_room_state</c> "MUST contain the
/// <c>m.room.create</c> event", entries "formatted according to the room version", and entries "improperly signed or formatted
/// SHOULD be removed by the server prior to supplying them over the Client-Server API"). The same validation as
/// <c>invite_room_state</c>: bounds in every version, entry failures left out with a warning in room versions 1–11 and
/// refusing the answer in version 12 (server-server API "Inviting to a room", v1.16 note).
/// </summary>
public sealed class SendKnockResponsesTests
{
    private static RoomBuilder Room(string versionId) => RoomBuilder.Federated(Version(versionId)).Join(Ben).Name(Ada, "Tea").JoinRule(Ada, JoinRuleValues.Knock);

    private static (Pdu Knock, JsonObject Answer) Honest(RoomBuilder room)
    {
        var resident = ServerA(room);
        var knock = Handshake.Signed(resident, room.RoomId, Xavier, MembershipValues.Knock, Now);
        var accepted = Expect.Ok(SendKnock.Handle(resident, new SendKnockRequest(X, room.RoomId, knock.EventId.Value, knock.Json)), DanceRule.SendKnockAccepted);
        return (knock, accepted.ResponseBody);
    }

    private static EndpointResult<KnockAccepted> Apply(RoomBuilder room, Pdu knock, JsonValue answer) => SendKnockResponses.Apply(ServerX(), room.Version, knock, answer);

    private static JsonObject WithEntry(JsonObject answer, JsonValue entry) =>
        answer.With("knock_room_state", JsonValue.Array(((JsonArray)answer["knock_room_state"]!).Append(entry)));

    public static TheoryData<string, DanceRule> BadEntries => new()
    {
        { "not_an_object", DanceRule.SendKnockResponseRoomStateEntryNotAnObject },
        { "stripped", DanceRule.SendKnockResponseRoomStateEntryMalformed },
        { "not_state", DanceRule.SendKnockResponseRoomStateEntryNotState },
        { "bad_signature", DanceRule.SendKnockResponseRoomStateEntryBadSignature },
        { "other_room", DanceRule.SendKnockResponseRoomStateEntryOtherRoom },
    };

    [Theory]
    [InlineData("10")]
    [InlineData("12")]
    public void HonestAnswer_GivesTheStrippedStateForClients(string versionId)
    {
        var room = Room(versionId);
        var (knock, answer) = Honest(room);

        var accepted = Expect.Ok(Apply(room, knock, answer), DanceRule.SendKnockResponseAccepted);

        Assert.Equal(JsonValue.String(EventTypes.Create), accepted.StrippedState[0]["type"]);
        Assert.Contains(accepted.StrippedState, e => e["type"] == JsonValue.String("m.room.name"));
        Assert.All(accepted.StrippedState, e => Assert.Equal(["content", "sender", "state_key", "type"], e.Keys));
        Assert.Empty(accepted.Warnings);
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void BadEntryInVersion10_IsLeftOutWithAWarning(string kind, DanceRule rule)
    {
        var room = Room("10");
        var (knock, answer) = Honest(room);
        var clean = Expect.Ok(Apply(room, knock, answer), DanceRule.SendKnockResponseAccepted);

        var accepted = Expect.Ok(Apply(room, knock, WithEntry(answer, BadStateEntries.Of(room, kind))), DanceRule.SendKnockResponseAcceptedWithWarnings);

        Assert.Equal([rule], accepted.Warnings.Select(w => w.Rule));
        Assert.Equal(clean.StrippedState, accepted.StrippedState);
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void BadEntryInVersion12_RefusesTheAnswer(string kind, DanceRule rule)
    {
        var room = Room("12");
        var (knock, answer) = Honest(room);
        Expect.Refused(Apply(room, knock, WithEntry(answer, BadStateEntries.Of(room, kind))), rule, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void RoomStateThatIsNotAList_OrTooLarge_IsRefusedInEveryVersion()
    {
        var room = Room("10");
        var (knock, answer) = Honest(room);
        Expect.Refused(Apply(room, knock, answer.With("knock_room_state", JsonValue.Null)), DanceRule.SendKnockResponseRoomStateNotAList, MatrixErrorCode.InvalidParam, 502);
        Expect.Refused(Apply(room, knock, answer.Without("knock_room_state")), DanceRule.SendKnockResponseMalformed, MatrixErrorCode.InvalidParam, 502);
        var entries = Enumerable.Repeat((JsonValue)JsonObject.Empty, InviteRoomState.MaxEvents + 1);
        Expect.Refused(Apply(room, knock, answer.With("knock_room_state", JsonValue.Array(entries))), DanceRule.SendKnockResponseRoomStateTooManyEvents, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void RoomStateWithoutTheCreateEvent_IsRefusedInVersion12AndAWarningBefore()
    {
        static JsonObject WithoutCreate(JsonObject answer) => answer.With("knock_room_state",
            JsonValue.Array(((JsonArray)answer["knock_room_state"]!).Where(e => ((JsonObject)e)["type"] != JsonValue.String(EventTypes.Create))));

        var v12 = Room("12");
        var (knock12, answer12) = Honest(v12);
        Expect.Refused(Apply(v12, knock12, WithoutCreate(answer12)), DanceRule.SendKnockResponseRoomStateMissingCreate, MatrixErrorCode.InvalidParam, 502);

        var v10 = Room("10");
        var (knock10, answer10) = Honest(v10);
        var accepted = Expect.Ok(Apply(v10, knock10, WithoutCreate(answer10)), DanceRule.SendKnockResponseAcceptedWithWarnings);
        Assert.Equal([DanceRule.SendKnockResponseRoomStateMissingCreate], accepted.Warnings.Select(w => w.Rule));
    }

    /// <summary>The create event in knock_room_state names the room's version: one other than the template claimed is a lie (as for joins).</summary>
    [Fact]
    public void CreateEventOfAnotherVersionThanTheTemplate_IsRefused()
    {
        var room = Room("9");
        var (knock, answer) = Honest(room);
        // Read as version 10 (same event format), the answer's create event still says 9.
        Expect.Refused(SendKnockResponses.Apply(ServerX(), Version("10"), knock, answer), DanceRule.SendKnockResponseRoomVersionMismatch, MatrixErrorCode.InvalidParam, 502);
    }
}
