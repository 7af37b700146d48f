using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>The invitee's server's side of /v2/invite (spec v1.19, server-server API "Inviting to a room"; invites-v2.yaml; MSC4311).</summary>
public sealed class InviteTests
{
    private static RoomBuilder Room(string versionId = "10") => RoomBuilder.Federated(Version(versionId)).Join(Ben).Name(Ada, "Tea");

    private static InviteRequest Request(RoomBuilder room) =>
        Expect.Ok(OutgoingInvites.Build(ServerA(room), room.RoomId, Ada, Xavier, Now), DanceRule.InviteRequestBuilt).Request;

    private static JsonObject Body(InviteRequest request) => (JsonObject)request.Body;

    private static InviteRequest WithBody(InviteRequest request, Func<JsonObject, JsonObject> edit) => request with { Body = edit(Body(request)) };

    /// <summary>A request for an invite Ada's server signed after <paramref name="edit"/>, with the path naming the edited event.</summary>
    private static InviteRequest EditedInvite(RoomBuilder room, Func<JsonObject, JsonObject> edit, string? signer = null)
    {
        var request = Request(room);
        var pdu = room.Event(EventTypes.Member, Xavier, Ada, JsonValue.Object(("membership", JsonValue.String("invite"))), edit);
        var json = signer is null ? pdu.Json : EventCompletion.Complete(pdu.Json.Without("signatures", "hashes"), room.Version, signer, TestKeys.Of(signer), pdu.OriginServerTs);
        var parsed = PduParser.Parse(json, room.Version.Format, new PduParseOptions { RequireHashesAndSignatures = false });
        return request with { EventId = parsed.IsOk ? parsed.Value.EventId.Value : request.EventId, Body = Body(request).With("event", json) };
    }

    private static EndpointResult<InviteResponse> Handle(InviteRequest request, InviteeServer? invitee = null) => Invite.Handle(invitee ?? InviteeX, request);

    private static MatrixError Refused(InviteRequest request, DanceRule rule, MatrixErrorCode code = MatrixErrorCode.InvalidParam, int status = 400, InviteeServer? invitee = null) =>
        Expect.Refused(Handle(request, invitee), rule, code, status);

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("12")]
    public void GenuineInvite_IsCountersignedAndOtherwiseUntouched(string versionId)
    {
        var room = Room(versionId);
        var request = Request(room);
        var sent = (JsonObject)Body(request)["event"]!;

        var response = Expect.Ok(Handle(request), DanceRule.InviteCountersigned);

        var signed = RoomBuilder.ParseSigned(response.Event, room.Version);
        Assert.Equal(sent.Without("signatures"), response.Event.Without("signatures"));
        Assert.Equal(request.EventId, signed.EventId.Value);
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(signed, A));
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(signed, X));
        Assert.Equal(JsonValue.Object(("event", response.Event)), response.ToJson());
        Assert.Empty(response.Warnings);
        // Stripped state for clients: the create event first, only type, state_key, sender and content.
        Assert.Equal(JsonValue.String("m.room.create"), response.StrippedState[0]["type"]);
        Assert.Contains(response.StrippedState, e => e["type"] == JsonValue.String("m.room.name"));
        Assert.All(response.StrippedState, e => Assert.Equal(["content", "sender", "state_key", "type"], e.Keys));
    }

    [Fact]
    public void BodyThatIsNotAnObject_IsBadJson() =>
        Refused(Request(Room()) with { Body = JsonValue.Array() }, DanceRule.InviteNotAnObject, MatrixErrorCode.BadJson);

    [Fact]
    public void MissingRoomVersion_IsAMissingParameter() =>
        Refused(WithBody(Request(Room()), b => b.Without("room_version")), DanceRule.InviteMissingRoomVersion, MatrixErrorCode.MissingParam);

    [Fact]
    public void UnsupportedRoomVersion_IsIncompatibleAndNamesIt()
    {
        var olderServer = InviteeX with { SupportedRoomVersions = ImmutableSortedSet.Create(StringComparer.Ordinal, "9", "11") };
        var refused = Refused(Request(Room()), DanceRule.InviteIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion, invitee: olderServer);
        Assert.Equal("10", refused.RoomVersion);

        Refused(WithBody(Request(Room()), b => b.With("room_version", JsonValue.String("99"))),
            DanceRule.InviteIncompatibleRoomVersion, MatrixErrorCode.IncompatibleRoomVersion);
    }

    [Fact]
    public void MissingEvent_IsAMissingParameter() =>
        Refused(WithBody(Request(Room()), b => b.Without("event")), DanceRule.InviteMissingEvent, MatrixErrorCode.MissingParam);

    [Fact]
    public void EventThatIsNotAnEventOfTheVersion_IsBadJson()
    {
        Refused(WithBody(Request(Room()), b => b.With("event", JsonValue.String("invite"))), DanceRule.InviteMalformedEvent, MatrixErrorCode.BadJson);
        Refused(WithBody(Request(Room()), b => b.With("event", ((JsonObject)b["event"]!).Without("sender"))), DanceRule.InviteMalformedEvent, MatrixErrorCode.BadJson);
    }

    [Fact]
    public void PathNamingAnotherRoom_IsRefused_B21() =>
        Refused(Request(Room()) with { RoomId = "!elsewhere:a.test" }, DanceRule.InviteRoomIdMismatch);

    [Fact]
    public void PathNamingAnotherEvent_IsRefused_B21() =>
        Refused(Request(Room()) with { EventId = "$" + new string('A', 43) }, DanceRule.InviteEventIdMismatch);

    [Fact]
    public void EventThatIsNotAMemberEvent_IsRefused() =>
        Refused(EditedInvite(Room(), e => e.With("type", JsonValue.String("m.room.power_levels")).With("state_key", JsonValue.String(""))), DanceRule.InviteNotMemberEvent);

    [Theory]
    [InlineData("join")]
    [InlineData("ban")]
    [InlineData("leave")]
    public void EventOfAnotherMembership_IsRefused(string membership) =>
        Refused(EditedInvite(Room(), e => e.With("content", JsonValue.Object(("membership", JsonValue.String(membership))))), DanceRule.InviteWrongMembership);

    [Fact]
    public void InviteSentOnBehalfOfAnotherServersUser_IsRefused_B20() =>
        Refused(Request(Room()) with { Origin = M }, DanceRule.InviteSenderNotOnOrigin);

    [Fact]
    public void InviteForAUserOfAnotherServer_IsRefused() =>
        Refused(EditedInvite(Room(), e => e.With("state_key", JsonValue.String(Mallory))), DanceRule.InviteTargetNotLocal);

    [Fact]
    public void InviteForAnUnknownLocalUser_IsForbidden() =>
        Refused(EditedInvite(Room(), e => e.With("state_key", JsonValue.String("@nobody:x.test"))), DanceRule.InviteUnknownUser, MatrixErrorCode.Forbidden, 403);

    [Fact]
    public void InviteNotSignedByTheInvitersServer_IsRefused_B20() =>
        Refused(EditedInvite(Room(), e => e, signer: M), DanceRule.InviteBadSignature);

    [Fact]
    public void InviteWhoseContentDoesNotMatchItsHash_IsRefused()
    {
        var request = Request(Room());
        var invite = (JsonObject)Body(request)["event"]!;
        var altered = invite.With("content", ((JsonObject)invite["content"]!).With("reason", JsonValue.String("changed in transit")));
        Refused(WithBody(request, b => b.With("event", altered)), DanceRule.InviteContentHashMismatch);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("object")]
    [InlineData("string")]
    public void RoomStateThatIsNotAList_IsRefused_B25(string shape)
    {
        JsonValue value = shape switch { "null" => JsonValue.Null, "object" => JsonObject.Empty, _ => JsonValue.String("[]") };
        Refused(WithBody(Request(Room()), b => b.With("invite_room_state", value)), DanceRule.InviteRoomStateNotAList);
    }

    [Fact]
    public void RoomStateWithTooManyEvents_IsRefused_B24()
    {
        var request = Request(Room());
        var entries = Enumerable.Repeat((JsonValue)JsonObject.Empty, InviteRoomState.MaxEvents + 1);
        Refused(WithBody(request, b => b.With("invite_room_state", JsonValue.Array(entries))), DanceRule.InviteRoomStateTooManyEvents);
    }

    [Fact]
    public void RoomStateOfTooManyBytes_IsRefused_B24()
    {
        var big = JsonValue.Object(("padding", JsonValue.String(new string('x', InviteRoomState.MaxBytes / 4))));
        var request = Request(Room());
        Refused(WithBody(request, b => b.With("invite_room_state", JsonValue.Array(big, big, big, big, big))), DanceRule.InviteRoomStateTooLarge);
    }

    /// <summary>The request with <paramref name="entry"/> appended to invite_room_state.</summary>
    private static InviteRequest WithEntry(InviteRequest request, JsonValue entry) =>
        WithBody(request, b => b.With("invite_room_state", JsonValue.Array(((JsonArray)b["invite_room_state"]!).Append(entry))));

    public static TheoryData<string, DanceRule> BadEntries => new()
    {
        { "not_an_object", DanceRule.InviteRoomStateEntryNotAnObject },
        { "stripped", DanceRule.InviteRoomStateEntryMalformed },
        { "not_state", DanceRule.InviteRoomStateEntryNotState },
        { "bad_signature", DanceRule.InviteRoomStateEntryBadSignature },
        { "other_room", DanceRule.InviteRoomStateEntryOtherRoom },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void BadRoomStateEntryInVersion12_IsRefused(string kind, DanceRule rule)
    {
        var room = Room("12");
        Refused(WithEntry(Request(room), BadStateEntries.Of(room, kind)), rule);
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void BadRoomStateEntryInVersion10_IsAWarningAndLeftOut(string kind, DanceRule rule)
    {
        var room = Room("10");
        var clean = Expect.Ok(Handle(Request(room)), DanceRule.InviteCountersigned);

        var response = Expect.Ok(Handle(WithEntry(Request(room), BadStateEntries.Of(room, kind))), DanceRule.InviteCountersignedWithWarnings);

        Assert.Equal([rule], response.Warnings.Select(w => w.Rule));
        Assert.Equal(clean.StrippedState, response.StrippedState);
    }

    /// <summary>
    /// The request's <c>room_version</c> says 10 for a version 9 room: the invite (an event both versions read and hash alike) passes,
    /// but the create event the inviter sent in <c>invite_room_state</c> names version 9, and the room's version is its create event's.
    /// </summary>
    [Fact]
    public void RoomVersionOtherThanTheCreateEvents_IsRefused() =>
        Refused(WithBody(Request(Room("9")), b => b.With("room_version", JsonValue.String("10"))), DanceRule.InviteRoomStateRoomVersionMismatch);

    [Fact]
    public void RoomStateWithoutTheCreateEvent_IsRefusedInVersion12AndAWarningBefore()
    {
        static InviteRequest WithoutCreate(InviteRequest request) => WithBody(request, b => b.With("invite_room_state",
            JsonValue.Array(((JsonArray)b["invite_room_state"]!).Where(e => ((JsonObject)e)["type"] != JsonValue.String("m.room.create")))));

        Refused(WithoutCreate(Request(Room("12"))), DanceRule.InviteRoomStateMissingCreate);
        var response = Expect.Ok(Handle(WithoutCreate(Request(Room("10")))), DanceRule.InviteCountersignedWithWarnings);
        Assert.Equal([DanceRule.InviteRoomStateMissingCreate], response.Warnings.Select(w => w.Rule));
        Expect.Ok(Handle(WithBody(Request(Room("10")), b => b.Without("invite_room_state"))), DanceRule.InviteCountersignedWithWarnings);
    }

    [Fact]
    public void RefusedServerOrSender_IsForbidden()
    {
        var byServer = InviteeX with { Policy = new InvitePolicy { RefusedServers = [A] } };
        var bySender = InviteeX with { Policy = new InvitePolicy { RefusedSenders = [Ada] } };
        Refused(Request(Room()), DanceRule.InviteSenderRefused, MatrixErrorCode.Forbidden, 403, byServer);
        Refused(Request(Room()), DanceRule.InviteSenderRefused, MatrixErrorCode.Forbidden, 403, bySender);
    }

    [Fact]
    public void RefusedRoom_IsForbidden()
    {
        var room = Room();
        var invitee = InviteeX with { Policy = new InvitePolicy { RefusedRooms = [room.RoomId] } };
        Refused(Request(room), DanceRule.InviteRoomRefused, MatrixErrorCode.Forbidden, 403, invitee);
    }

    [Fact]
    public void InviteeBlockingInvites_IsInviteBlocked()
    {
        var invitee = InviteeX with { Policy = new InvitePolicy { UsersBlockingInvites = [Xavier] } };
        Refused(Request(Room()), DanceRule.InviteInvitesBlocked, MatrixErrorCode.InviteBlocked, 403, invitee);
    }
}
