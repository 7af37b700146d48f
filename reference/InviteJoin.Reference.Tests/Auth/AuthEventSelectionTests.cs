namespace InviteJoin.Reference.Tests.Auth;

/// <summary>Auth events selection (spec v1.19, server-server API "Auth events selection").</summary>
public sealed class AuthEventSelectionTests
{
    private const string Alice = TestUsers.Alice;
    private const string Bob = TestUsers.Bob;

    private static JsonObject Content(string json) => StrictJsonReader.ParseObject(json, JsonReadOptions.Canonical).Value;

    private static StateKey[] Select(string type, string? stateKey, string sender, string content, RoomVersion version) =>
        [.. AuthEventSelection.Select(type, stateKey, sender, Content(content), version)];

    [Fact]
    public void CreateEvent_CitesNothing()
    {
        Assert.Empty(Select("m.room.create", "", Alice, "{}", RoomVersion.V1));
        Assert.Empty(Select("m.room.create", "", Alice, "{}", RoomVersion.V12));
    }

    [Fact]
    public void Message_CitesCreatePowerLevelsAndSender_BeforeVersion12()
    {
        foreach (var version in RoomVersionRegistry.All.Where(v => v.CreateEventInAuthEvents))
        {
            Assert.Equal([StateKey.Create, StateKey.PowerLevels, StateKey.Member(Alice)], Select("m.room.message", null, Alice, "{}", version));
        }
    }

    [Fact]
    public void Message_NeverCitesCreate_InVersion12()
    {
        Assert.Equal([StateKey.PowerLevels, StateKey.Member(Alice)], Select("m.room.message", null, Alice, "{}", RoomVersion.V12));
    }

    [Fact]
    public void SelfJoin_CitesJoinRules_AndTheMemberOnce()
    {
        Assert.Equal(
            [StateKey.Create, StateKey.PowerLevels, StateKey.Member(Bob), StateKey.JoinRules],
            Select("m.room.member", Bob, Bob, """{"membership":"join"}""", RoomVersion.V6));
    }

    [Theory]
    [InlineData("invite", true)]
    [InlineData("knock", true)]
    [InlineData("join", true)]
    [InlineData("leave", false)]
    [InlineData("ban", false)]
    [InlineData("custom", false)]
    public void JoinRules_AreCitedForJoinInviteAndKnockOnly(string membership, bool citesJoinRules)
    {
        var keys = Select("m.room.member", Bob, Alice, $$"""{"membership":"{{membership}}"}""", RoomVersion.V10);
        Assert.Contains(StateKey.Member(Bob), keys);
        Assert.Equal(citesJoinRules, keys.Contains(StateKey.JoinRules));
    }

    [Fact]
    public void ThirdPartyInvite_CitesTheInviteNamedByItsToken()
    {
        var keys = Select("m.room.member", Bob, Alice, """{"membership":"invite","third_party_invite":{"signed":{"token":"abc","mxid":"@bob:example.org"}}}""", RoomVersion.V10);
        Assert.Equal([StateKey.Create, StateKey.PowerLevels, StateKey.Member(Alice), StateKey.Member(Bob), StateKey.JoinRules, StateKey.ThirdPartyInvite("abc")], keys);
    }

    [Theory]
    [InlineData("""{"membership":"invite","third_party_invite":{"signed":{"mxid":"@bob:example.org"}}}""")]
    [InlineData("""{"membership":"invite","third_party_invite":{"signed":{"token":7}}}""")]
    [InlineData("""{"membership":"invite","third_party_invite":"abc"}""")]
    [InlineData("""{"membership":"join","third_party_invite":{"signed":{"token":"abc"}}}""")]
    public void ThirdPartyInvite_WithoutAStringTokenOrNotAnInvite_CitesNoInvite(string content)
    {
        Assert.DoesNotContain(Select("m.room.member", Bob, Alice, content, RoomVersion.V10), k => k.Type == EventTypes.ThirdPartyInvite);
    }

    [Fact]
    public void RestrictedJoin_CitesTheAuthoriser_FromVersion8()
    {
        const string content = """{"membership":"join","join_authorised_via_users_server":"@alice:example.org"}""";
        Assert.Contains(StateKey.Member(Alice), Select("m.room.member", Bob, Bob, content, RoomVersion.V8));
        Assert.Contains(StateKey.Member(Alice), Select("m.room.member", Bob, Bob, content, RoomVersion.V12));
        Assert.DoesNotContain(StateKey.Member(Alice), Select("m.room.member", Bob, Bob, content, RoomVersion.V7));
    }

    [Fact]
    public void Authoriser_IsCitedOnlyForJoins()
    {
        const string content = """{"membership":"leave","join_authorised_via_users_server":"@alice:example.org"}""";
        Assert.DoesNotContain(StateKey.Member(Alice), Select("m.room.member", Bob, Bob, content, RoomVersion.V10));
    }

    [Fact]
    public void SelectionOfAPdu_MatchesItsFields()
    {
        var room = RoomBuilder.Create(RoomVersion.V9).JoinRule("public");
        var join = room.Member(Bob, Bob, "join");
        Assert.Equal(AuthEventSelection.Select(join.Type, join.StateKey, join.Sender.Value, join.Content, RoomVersion.V9), AuthEventSelection.Select(join, RoomVersion.V9));
        // The builder cites exactly what the selection finds in the state: create and join rules (no power levels, no member for Bob yet).
        Assert.Equal(2, join.AuthEvents.Length);
    }

    [Fact]
    public void StateKey_OrdersByTypeThenKey_Ordinally()
    {
        StateKey[] keys = [StateKey.Member("@b:x"), StateKey.Create, StateKey.Member("@B:x"), StateKey.JoinRules];
        Assert.Equal([StateKey.Create, StateKey.JoinRules, StateKey.Member("@B:x"), StateKey.Member("@b:x")], keys.Order().ToArray());
    }
}
