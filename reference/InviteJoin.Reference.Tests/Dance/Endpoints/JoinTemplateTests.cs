using InviteJoin.Reference.Dance.Endpoints;
using static InviteJoin.Testing.Residents;
using static InviteJoin.Testing.TestServers;
using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The joining server's check of a make_* template before it signs it, and the completion (spec v1.19,
/// server-server API "Joining Rooms"; the MUST lists of joins-v1.yaml, leaving-v1.yaml, knocks.yaml; B23).
/// </summary>
public sealed class JoinTemplateTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Federated(Version("10")).Join(Ben);

    private static JsonObject Answer() => Handshake.Template(ServerA(Room), Room.RoomId, Xavier, MembershipValues.Join, Now);

    private static JsonObject EditEvent(JsonObject answer, Func<JsonObject, JsonObject> edit) => answer.With("event", edit((JsonObject)answer["event"]!));

    private static JsonObject EditContent(JsonObject answer, Func<JsonObject, JsonObject> edit) =>
        EditEvent(answer, e => e.With("content", edit((JsonObject)e["content"]!)));

    private static EndpointResult<ValidatedTemplate> Check(JsonValue answer, string membership = MembershipValues.Join, ImmutableArray<string>? supported = null) =>
        JoinTemplate.Check(answer, Room.RoomId, Xavier, membership, supported ?? Handshake.AllVersions);

    private static void Refused(JsonValue answer, DanceRule rule, string membership = MembershipValues.Join, ImmutableArray<string>? supported = null) =>
        Expect.Refused(Check(answer, membership, supported), rule, MatrixErrorCode.InvalidParam, 502);

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("12")]
    public void HonestTemplate_IsAcceptedAndSignedWithTheJoinersFields(string versionId)
    {
        var room = RoomBuilder.Federated(Version(versionId));
        var answer = Handshake.Template(ServerA(room), room.RoomId, Xavier, MembershipValues.Join, Now);

        var validated = Expect.Ok(JoinTemplate.Check(answer, room.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions), DanceRule.TemplateAccepted);
        var join = Expect.Ok(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now + 5), DanceRule.TemplateCompleted);

        Assert.Equal(JsonValue.String(X), join.Json["origin"]);
        Assert.Equal(Now + 5, join.OriginServerTs);
        Assert.True(AuthContext.VerifiesWith(TestKeys.Ring)(join, X));
        Assert.Equal([X], ((JsonObject)join.Json["signatures"]!).Keys);
        Assert.True(EventSigning.ContentHashMatches(join).Value);
        if (versionId == "1") Assert.Equal(X, join.EventId.Server!.Value.Value);
    }

    [Fact]
    public void ReplacedFields_AreNeverSignedAsGiven()
    {
        var answer = EditEvent(Answer(), e => e
            .With("signatures", JsonValue.Object((M, JsonValue.Object(("ed25519:1", JsonValue.String("AAAA"))))))
            .With("hashes", JsonValue.Object(("sha256", JsonValue.String("forged"))))
            .With("unsigned", JsonValue.Object(("age", JsonValue.Number(1))))
            .With("origin", JsonValue.String(M)));

        var join = Expect.Ok(JoinTemplate.Complete(Expect.Ok(Check(answer), DanceRule.TemplateAccepted), X, TestKeys.Of(X), Now), DanceRule.TemplateCompleted);

        Assert.Equal([X], ((JsonObject)join.Json["signatures"]!).Keys);
        Assert.Equal(JsonValue.String(X), join.Json["origin"]);
        Assert.False(join.Json.ContainsKey("unsigned"));
        Assert.True(EventSigning.ContentHashMatches(join).Value);
    }

    [Fact]
    public void AbsentRoomVersion_IsRoomVersionOne_ButRequiredForKnocks()
    {
        var v1 = RoomBuilder.Federated(Version("1"));
        var answer = Handshake.Template(ServerA(v1), v1.RoomId, Xavier, MembershipValues.Join, Now).Without("room_version");

        var validated = Expect.Ok(JoinTemplate.Check(answer, v1.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions), DanceRule.TemplateAccepted);
        Assert.Equal("1", validated.Version.Id);

        var knock = EditContent(answer, c => c.With("membership", JsonValue.String("knock")));
        Expect.Refused(JoinTemplate.Check(knock, v1.RoomId, Xavier, MembershipValues.Knock, Handshake.AllVersions),
            DanceRule.TemplateUnsupportedRoomVersion, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void AnswerThatIsNotAnObjectWithAnEvent_IsMalformed()
    {
        Refused(JsonValue.Array(), DanceRule.TemplateMalformedResponse);
        Refused(Answer().Without("event"), DanceRule.TemplateMalformedResponse);
    }

    [Fact]
    public void RoomVersionNotOffered_IsRefused()
    {
        Refused(Answer(), DanceRule.TemplateUnsupportedRoomVersion, supported: Expect.Ver("9", "11"));
        Refused(Answer().With("room_version", JsonValue.String("99")), DanceRule.TemplateUnsupportedRoomVersion, supported: Expect.Ver("99"));
    }

    [Fact]
    public void PowerLevelsEventAsTemplate_IsRefused_B23()
    {
        // The resident asks the joiner to sign a power-levels event granting Mallory 100.
        var answer = EditEvent(Answer(), e => e
            .With("type", JsonValue.String("m.room.power_levels"))
            .With("state_key", JsonValue.String(""))
            .With("content", JsonValue.Object(("users", JsonValue.Object((Mallory, JsonValue.Number(100)))))));
        Refused(answer, DanceRule.TemplateWrongType);
    }

    [Fact]
    public void TemplateForAnotherRoom_IsRefused_B23()
    {
        Refused(EditEvent(Answer(), e => e.With("room_id", JsonValue.String("!other:a.test"))), DanceRule.TemplateWrongRoom);
    }

    [Fact]
    public void TemplateSentByAnotherUser_IsRefused_B23()
    {
        Refused(EditEvent(Answer(), e => e.With("sender", JsonValue.String(Xena))), DanceRule.TemplateWrongSender);
    }

    [Fact]
    public void TemplateAboutAnotherUser_IsRefused_B23()
    {
        // Xavier's server would sign Xavier inviting or kicking Xena.
        Refused(EditEvent(Answer(), e => e.With("state_key", JsonValue.String(Xena))), DanceRule.TemplateWrongStateKey);
    }

    [Theory]
    [InlineData("leave")]
    [InlineData("ban")]
    [InlineData("invite")]
    public void TemplateOfAnotherMembership_IsRefused_B23(string membership)
    {
        Refused(EditContent(Answer(), c => c.With("membership", JsonValue.String(membership))), DanceRule.TemplateWrongMembership);
    }

    [Fact]
    public void UnaskedContent_IsRefused_B23()
    {
        Refused(EditContent(Answer(), c => c.With("displayname", JsonValue.String("I agree to everything"))), DanceRule.TemplateUnexpectedContentKey);
        Refused(EditContent(Answer(), c => c.With("third_party_invite", JsonObject.Empty)), DanceRule.TemplateUnexpectedContentKey);
        Refused(EditContent(Answer(), c => c.With("join_authorised_via_users_server", JsonValue.Number(1))), DanceRule.TemplateUnexpectedContentKey);
    }

    [Fact]
    public void AuthoriserBeforeRestrictedRooms_IsRefused()
    {
        var v7 = RoomBuilder.Federated(Version("7"));
        var answer = Handshake.Template(ServerA(v7), v7.RoomId, Xavier, MembershipValues.Join, Now);
        var withAuthoriser = EditContent(answer, c => c.With("join_authorised_via_users_server", JsonValue.String(Ada)));

        Expect.Refused(JoinTemplate.Check(withAuthoriser, v7.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions),
            DanceRule.TemplateUnexpectedContentKey, MatrixErrorCode.InvalidParam, 502);
    }

    [Fact]
    public void AuthoriserInARestrictedRoom_IsAccepted()
    {
        var rooms = RestrictedRooms.Create(Version("10"));
        var answer = Handshake.Template(rooms.ServerA, rooms.RoomId, Xavier, MembershipValues.Join, Now);

        var validated = Expect.Ok(JoinTemplate.Check(answer, rooms.RoomId, Xavier, MembershipValues.Join, Handshake.AllVersions), DanceRule.TemplateAccepted);

        Assert.Equal(JsonValue.String(Ada), ((JsonObject)validated.Event["content"]!)["join_authorised_via_users_server"]);
    }

    [Theory]
    [InlineData("redacts")]
    [InlineData("prev_state")]
    [InlineData("membership")]
    public void UnknownTopLevelField_IsRefused_B23(string field)
    {
        Refused(EditEvent(Answer(), e => e.With(field, JsonValue.String("$target"))), DanceRule.TemplateUnexpectedField);
    }

    [Fact]
    public void TemplateThatIsNoEventOfItsVersion_IsRefused()
    {
        Refused(EditEvent(Answer(), e => e.With("prev_events", JsonValue.String("$x"))), DanceRule.TemplateNotAPdu);
        Refused(EditEvent(Answer(), e => e.Without("depth")), DanceRule.TemplateNotAPdu);
    }

    /// <summary>
    /// The joining server fills the member content it speaks for itself — a join's <c>displayname</c>, <c>avatar_url</c>
    /// and <c>reason</c> (client-server API <c>m.room.member</c> content; <c>POST /join</c> takes a <c>reason</c>) — and the
    /// resident accepts it: the template carries only what the resident chose, the completion adds what the joiner chose.
    /// </summary>
    [Fact]
    public void JoinersOwnContent_IsSignedAndAcceptedByTheResident()
    {
        var validated = Expect.Ok(Check(Answer()), DanceRule.TemplateAccepted);
        var own = JsonValue.Object(("displayname", JsonValue.String("Xavier")), ("avatar_url", JsonValue.String("mxc://x.test/face")), ("reason", JsonValue.String("hello")));

        var join = Expect.Ok(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now, own), DanceRule.TemplateCompleted);

        Assert.Equal(JsonValue.String("Xavier"), join.Content["displayname"]);
        Assert.Equal(JsonValue.String(MembershipValues.Join), join.Content["membership"]);
        var accepted = Expect.Ok(SendJoin.Handle(ServerA(Room), Handshake.SendJoinRequest(join)), DanceRule.SendJoinAccepted);
        Assert.Equal(JsonValue.String("Xavier"), accepted.Room.State.Member(Xavier)!.Content["displayname"]);
    }

    /// <summary>A leave (rejecting an invite) may carry the leaver's <c>reason</c>, and nothing else of its own.</summary>
    [Fact]
    public void LeaversReason_IsSigned_ButNotADisplayName()
    {
        var invited = Room.JoinRule(Ada, JoinRuleValues.Invite).Invite(Ada, Xavier);
        var answer = Handshake.Template(ServerA(invited), invited.RoomId, Xavier, MembershipValues.Leave, Now);
        var validated = Expect.Ok(JoinTemplate.Check(answer, invited.RoomId, Xavier, MembershipValues.Leave, Handshake.AllVersions), DanceRule.TemplateAccepted);

        var leave = Expect.Ok(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now, JsonValue.Object(("reason", JsonValue.String("no thanks")))), DanceRule.TemplateCompleted);
        Assert.Equal(JsonValue.String("no thanks"), leave.Content["reason"]);

        Expect.Refused(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now, JsonValue.Object(("displayname", JsonValue.String("X")))),
            DanceRule.TemplateOwnContentNotAllowed, MatrixErrorCode.InvalidParam, 400);
    }

    /// <summary>
    /// The joining server may not use its own content to change what the template fixed or to speak for the resident:
    /// no <c>membership</c>, no authoriser, no third-party invite, no key the member content does not define, no non-string value.
    /// </summary>
    [Theory]
    [InlineData("membership", "leave")]
    [InlineData("join_authorised_via_users_server", "@ada:a.test")]
    [InlineData("third_party_invite", "x")]
    [InlineData("is_direct", "true")]
    [InlineData("power", "100")]
    public void OwnContentBeyondWhatTheJoinerMayFill_IsRefused(string key, string value)
    {
        var validated = Expect.Ok(Check(Answer()), DanceRule.TemplateAccepted);
        Expect.Refused(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now, JsonValue.Object((key, JsonValue.String(value)))),
            DanceRule.TemplateOwnContentNotAllowed, MatrixErrorCode.InvalidParam, 400);
        Expect.Refused(JoinTemplate.Complete(validated, X, TestKeys.Of(X), Now, JsonValue.Object(("displayname", JsonValue.Number(7)))),
            DanceRule.TemplateOwnContentNotAllowed, MatrixErrorCode.InvalidParam, 400);
    }
}
