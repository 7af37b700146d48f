using System.Numerics;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Reading power levels (spec v1.19, rooms v1–v9 "m.room.power_levels events accept values as strings",
/// v1–v5 "... as floats", v10 integers only; <c>m.room.power_levels</c> defaults; rooms v12 creators).
/// </summary>
public sealed class PowerLevelsTests
{
    private static JsonValue Lenient(string json) => StrictJsonReader.Parse(json, JsonReadOptions.Lenient).Value;

    private static PowerLevel Read(JsonValue value, RoomVersion version)
    {
        Assert.True(PowerLevelNumber.TryRead(value, version, out var level), $"{value} should be readable in room version {version}");
        return level;
    }

    // The spec's own examples of the string form (rooms v1–v9).
    [Theory]
    [InlineData("100", 100)]
    [InlineData("000100", 100)]
    [InlineData("+100", 100)]
    [InlineData("-100", -100)]
    [InlineData(" 100 ", 100)]
    [InlineData(" 00100 ", 100)]
    [InlineData(" +100 ", 100)]
    [InlineData(" -100 ", -100)]
    [InlineData("\t\n50\r\n", 50)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    public void SpecStringForm_ReadsAsItsInteger(string text, long expected)
    {
        Assert.True(PowerLevelNumber.TryParseString(text, out var level));
        Assert.Equal(PowerLevel.Of(expected), level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("+-1")]
    [InlineData("++1")]
    [InlineData("+ 1")]
    [InlineData("1 0")]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("0x10")]
    [InlineData("100a")]
    [InlineData("foo")]
    [InlineData("\u00a0100")]
    [InlineData("\uff11\uff10\uff10")]
    [InlineData("\u0661")]
    public void OtherStrings_AreNotPowerLevels(string text)
    {
        Assert.False(PowerLevelNumber.TryParseString(text, out _));
    }

    [Fact]
    public void StringOfMaxDigits_IsRead_OneMore_IsNot()
    {
        var longest = new string('9', PowerLevelNumber.MaxStringDigits);
        Assert.True(PowerLevelNumber.TryParseString(longest, out var level));
        Assert.Equal(BigInteger.Parse(longest, System.Globalization.CultureInfo.InvariantCulture), level.Value);
        Assert.False(PowerLevelNumber.TryParseString("1" + longest, out _));
    }

    [Theory]
    [InlineData("999999999999999999")]
    [InlineData("-999999999999999999")]
    [InlineData("9999999999999999999")]
    [InlineData("-9999999999999999999")]
    [InlineData("9223372036854775808")]
    [InlineData("000000000000000000000000042")]
    public void StringsAroundTheInt64Range_AreReadExactly(string text)
    {
        Assert.True(PowerLevelNumber.TryParseString(text, out var level));
        Assert.Equal(BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture), level.Value);
    }

    [Fact]
    public void StringLevels_AreReadInVersions1To9_Only()
    {
        var text = JsonValue.String("50");
        foreach (var version in RoomVersionRegistry.All)
        {
            var readable = PowerLevelNumber.TryRead(text, version, out var level);
            Assert.Equal(version.StringPowerLevels, readable);
            Assert.Equal(int.Parse(version.Id, System.Globalization.CultureInfo.InvariantCulture) <= 9, readable);
            if (readable) Assert.Equal(PowerLevel.Of(50), level);
        }
    }

    // Rooms v1–v5: "5.114698E4 becomes 51146.98", then "51146.98 becomes 51146"; the example's 50.57 is 50.
    [Theory]
    [InlineData("5.114698E4", 51146)]
    [InlineData("50.57", 50)]
    [InlineData("-50.57", -50)]
    [InlineData("0.999", 0)]
    [InlineData("-0.5", 0)]
    [InlineData("1e2", 100)]
    [InlineData("100.0", 100)]
    public void FloatLevels_AreTruncatedTowardZero_InVersions1To5(string json, long expected)
    {
        var value = Lenient(json);
        Assert.Equal(PowerLevel.Of(expected), Read(value, RoomVersion.V5));
        Assert.Equal(PowerLevel.Of(expected), Read(value, RoomVersion.V1));
    }

    [Fact]
    public void FractionalLevels_AreNotReadFromVersion6()
    {
        var value = JsonNumber.FromFraction(50.57);
        foreach (var version in RoomVersionRegistry.All)
        {
            Assert.Equal(version.FloatPowerLevels, PowerLevelNumber.TryRead(value, version, out _));
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[50]")]
    [InlineData("{\"level\": 50}")]
    public void NonNumbers_AreNotLevelsInAnyVersion(string json)
    {
        foreach (var version in RoomVersionRegistry.All) Assert.False(PowerLevelNumber.TryRead(Lenient(json), version, out _));
    }

    [Fact]
    public void HugeIntegers_AreReadExactly_WhereTheReaderAllowsThem()
    {
        var huge = BigInteger.Pow(10, 400);
        Assert.Equal(huge, Read(Lenient("1" + new string('0', 400)), RoomVersion.V1).Value);
        Assert.True(Read(Lenient("9007199254740993"), RoomVersion.V3) > PowerLevel.Of(9007199254740992));
    }

    [Fact]
    [Trait("token", "power_level.required")]
    public void EmptyContent_GivesTheSpecDefaults()
    {
        var levels = PowerLevels.FromContent(JsonObject.Empty, RoomCreators.None, RoomVersion.V10);
        Assert.True(levels.HasEvent);
        Assert.Equal((PowerLevel)0, levels.UsersDefault);
        Assert.Equal((PowerLevel)0, levels.EventsDefault);
        Assert.Equal((PowerLevel)50, levels.StateDefault);
        Assert.Equal((PowerLevel)50, levels.BanLevel);
        Assert.Equal((PowerLevel)50, levels.KickLevel);
        Assert.Equal((PowerLevel)50, levels.RedactLevel);
        Assert.Equal((PowerLevel)0, levels.InviteLevel);
        Assert.Equal((PowerLevel)0, levels.UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)50, levels.RequiredLevel("m.room.name", isState: true));
        Assert.Equal((PowerLevel)0, levels.RequiredLevel("m.room.message", isState: false));
    }

    [Fact]
    [Trait("token", "power_level.user")]
    public void ListedValues_OverrideDefaults()
    {
        var content = (JsonObject)Lenient("""{"users": {"@bob:example.org": 30}, "users_default": 5, "events": {"m.room.name": 20, "m.room.message": 7}, "state_default": 60, "events_default": 3, "invite": 10}""");
        var levels = PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V10);
        Assert.Equal((PowerLevel)30, levels.UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)5, levels.UserLevel(TestUsers.Charlie));
        Assert.Equal((PowerLevel)20, levels.RequiredLevel("m.room.name", isState: true));
        Assert.Equal((PowerLevel)7, levels.RequiredLevel("m.room.message", isState: false));
        Assert.Equal((PowerLevel)60, levels.RequiredLevel("m.room.topic", isState: true));
        Assert.Equal((PowerLevel)3, levels.RequiredLevel("m.reaction", isState: false));
        Assert.Equal((PowerLevel)10, levels.InviteLevel);
    }

    [Fact]
    public void EachTopLevelProperty_ReadsItsOwnKey()
    {
        // A distinct level per key, so a property reading its neighbour's key is caught.
        var content = JsonObject.FromMembers(PowerLevels.TopLevelKeys.Select((key, i) => KeyValuePair.Create(key, (JsonValue)JsonValue.Number(11 + i))));
        var levels = PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V10);
        PowerLevel Listed(string key) => PowerLevel.Of(11 + PowerLevels.TopLevelKeys.IndexOf(key));
        Assert.Equal(Listed("users_default"), levels.UsersDefault);
        Assert.Equal(Listed("events_default"), levels.EventsDefault);
        Assert.Equal(Listed("state_default"), levels.StateDefault);
        Assert.Equal(Listed("ban"), levels.BanLevel);
        Assert.Equal(Listed("redact"), levels.RedactLevel);
        Assert.Equal(Listed("kick"), levels.KickLevel);
        Assert.Equal(Listed("invite"), levels.InviteLevel);
        Assert.Equal(PowerLevels.TopLevelKeys.Order(StringComparer.Ordinal), levels.TopLevel.Keys);
        foreach (var key in PowerLevels.TopLevelKeys) Assert.Equal(Listed(key), levels.TopLevel[key]);
    }

    [Theory]
    [Trait("token", "power_level.user")]
    [Trait("token", "power_level.required")]
    [InlineData("1")]
    [InlineData("9")]
    [InlineData("10")]
    [InlineData("11")]
    public void WithoutPowerLevelsEvent_CreatorHas100_OthersHave0_StateDefaultIs50(string versionId)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        var state = RoomBuilder.Create(version).State;
        var levels = PowerLevels.FromState(state, version);
        Assert.False(levels.HasEvent);
        Assert.Equal((PowerLevel)100, levels.UserLevel(TestUsers.Alice));
        Assert.Equal((PowerLevel)0, levels.UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)50, levels.RequiredLevel("m.room.name", isState: true));
    }

    [Fact]
    public void CreatorBeforeVersion11_IsContentCreator_NotSender()
    {
        var room = RoomBuilder.Create(RoomVersion.V10, createContent: JsonValue.Object(("creator", JsonValue.String(TestUsers.Bob))), joinCreator: false);
        var creators = RoomCreators.Of(room.CreateEvent, RoomVersion.V10);
        Assert.Equal(TestUsers.Bob, creators.Creator);
        Assert.Equal((PowerLevel)100, PowerLevels.FromState(room.State, RoomVersion.V10).UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)0, PowerLevels.FromState(room.State, RoomVersion.V10).UserLevel(TestUsers.Alice));
    }

    [Fact]
    public void CreatorFromVersion11_IsTheSender()
    {
        var room = RoomBuilder.Create(RoomVersion.V11, createContent: JsonValue.Object(("creator", JsonValue.String(TestUsers.Bob))), joinCreator: false);
        Assert.Equal(TestUsers.Alice, RoomCreators.Of(room.CreateEvent, RoomVersion.V11).Creator);
    }

    // A few creators are searched directly and many through their sorted set: either way a user is a creator exactly
    // when listed (repeats and non-strings among the additional creators included).
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public void Version12Creators_AreTheListedUsers_HoweverMany(int additional)
    {
        var users = Enumerable.Range(0, additional).Select(i => $"@user{i % 20}:example.org").ToList();
        var listed = users.Select(u => (JsonValue)JsonValue.String(u)).Append(JsonValue.Number(5)).ToArray();
        var room = RoomBuilder.Create(RoomVersion.V12, createContent: JsonValue.Object(("additional_creators", JsonValue.Array(listed))));
        var creators = RoomCreators.Of(room.CreateEvent, RoomVersion.V12);
        var expected = users.Append(TestUsers.Alice).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), creators.All.ToArray());
        foreach (var user in expected.Append("@user99:example.org").Append(TestUsers.Bob))
        {
            Assert.Equal(expected.Contains(user), creators.Contains(user));
        }
    }

    [Fact]
    [Trait("token", "power_level.creators_infinite")]
    public void Version12Creators_AreInfinite_WithOrWithoutPowerLevels()
    {
        var room = RoomBuilder.Create(RoomVersion.V12, createContent: JsonValue.Object(("additional_creators", JsonValue.Array(JsonValue.String(TestUsers.Bob)))));
        var creators = RoomCreators.Of(room.CreateEvent, RoomVersion.V12);
        Assert.True(creators.IsPrivileged);
        Assert.Equal(new[] { TestUsers.Alice, TestUsers.Bob }, creators.All);
        Assert.Equal(TestUsers.Alice, creators.Creator);

        var before = PowerLevels.FromState(room.State, RoomVersion.V12);
        Assert.Equal(PowerLevel.Infinite, before.UserLevel(TestUsers.Alice));
        Assert.Equal(PowerLevel.Infinite, before.UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)0, before.UserLevel(TestUsers.Charlie));

        // A power-levels event cannot lower a creator, even one it (wrongly) lists.
        var listed = PowerLevels.FromContent((JsonObject)Lenient("""{"users": {"@alice:example.org": 1, "@charlie:example.org": 100}, "users_default": 7}"""), creators, RoomVersion.V12);
        Assert.Equal(PowerLevel.Infinite, listed.UserLevel(TestUsers.Alice));
        Assert.Equal((PowerLevel)100, listed.UserLevel(TestUsers.Charlie));
        Assert.Equal((PowerLevel)7, listed.UserLevel(TestUsers.Zara));
    }

    [Fact]
    [Trait("token", "power_level.creators_infinite")]
    public void Infinite_IsAboveEveryInteger_AndEqualToItself()
    {
        var huge = PowerLevel.Of(BigInteger.Pow(2, 1000));
        Assert.True(PowerLevel.Infinite > huge);
        Assert.True(PowerLevel.Infinite > PowerLevel.Of(9007199254740992));
        Assert.False(PowerLevel.Infinite < PowerLevel.Infinite);
        Assert.True(PowerLevel.Infinite >= PowerLevel.Infinite);
        Assert.Equal(0, PowerLevel.Infinite.CompareTo(PowerLevel.Infinite));
        Assert.True(huge < PowerLevel.Infinite);
        Assert.Equal("infinite", PowerLevel.Infinite.ToString());
    }

    [Fact]
    public void UnreadableValuesInState_ReadAsAbsent()
    {
        var content = (JsonObject)Lenient("""{"users": {"@bob:example.org": "high"}, "users_default": true, "ban": "x", "events": {"m.room.name": null}, "state_default": 75}""");
        var levels = PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V6);
        Assert.Equal((PowerLevel)0, levels.UserLevel(TestUsers.Bob));
        Assert.Equal((PowerLevel)50, levels.BanLevel);
        Assert.Equal((PowerLevel)75, levels.RequiredLevel("m.room.name", isState: true));
    }

    [Fact]
    public void StringsInVersion10State_ReadAsAbsent_ButAreReadInVersion9()
    {
        var content = (JsonObject)Lenient("""{"kick": "75", "users": {"@bob:example.org": "60"}}""");
        Assert.Equal((PowerLevel)50, PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V10).KickLevel);
        Assert.Equal((PowerLevel)75, PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V9).KickLevel);
        Assert.Equal((PowerLevel)60, PowerLevels.FromContent(content, RoomCreators.None, RoomVersion.V9).UserLevel(TestUsers.Bob));
    }
}
