using static InviteJoin.Testing.TestUsers;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// A state remembers the power levels it was read as (<see cref="AuthState.LevelsUnder"/>); the remembered
/// value must always equal a fresh read (spec v1.19, <c>m.room.power_levels</c> and server-server API
/// "Definitions"), whatever the state was derived from and whichever room version asks.
/// </summary>
public sealed class AuthStateLevelsTests
{
    private static readonly RoomBuilder Room = RoomBuilder.Create(RoomVersion.V9).Join(Bob).PowerLevels((Bob, 50));

    [Fact]
    public void RememberedLevels_EqualAFreshRead()
    {
        var remembered = Room.State.LevelsUnder(Room.Version);
        var fresh = PowerLevels.FromState(Room.State, Room.Version);

        Assert.Same(remembered, Room.State.LevelsUnder(Room.Version));
        Assert.Equal(fresh.Users, remembered.Users);
        Assert.Equal(fresh.TopLevel, remembered.TopLevel);
        Assert.Equal(fresh.Creators.All, remembered.Creators.All);
        Assert.Equal(PowerLevel.Of(50), remembered.UserLevel(Bob));
    }

    [Fact]
    public void StateWithNewPowerLevels_ReadsTheNewLevels()
    {
        _ = Room.State.LevelsUnder(Room.Version);
        var raised = Room.PowerLevels((Bob, 75));

        Assert.Equal(PowerLevel.Of(75), raised.State.LevelsUnder(Room.Version).UserLevel(Bob));
        Assert.Equal(PowerLevel.Of(50), Room.State.LevelsUnder(Room.Version).UserLevel(Bob));
    }

    [Fact]
    public void StateWithoutPowerLevels_ReadsTheDefaults()
    {
        _ = Room.State.LevelsUnder(Room.Version);

        var levels = Room.State.Without(StateKey.PowerLevels).LevelsUnder(Room.Version);

        Assert.False(levels.HasEvent);
        Assert.Equal(PowerLevel.Of(0), levels.UserLevel(Bob));
        Assert.Equal(PowerLevel.Of(100), levels.UserLevel(Alice));
    }

    [Fact]
    public void StateWithAnotherCreateEvent_ReadsTheNewCreator()
    {
        var noLevels = Room.State.Without(StateKey.PowerLevels);
        _ = noLevels.LevelsUnder(Room.Version);
        var otherCreate = RoomBuilder.Create(Room.Version, creator: Charlie).CreateEvent;

        var levels = noLevels.With(otherCreate).LevelsUnder(Room.Version);

        Assert.Equal(PowerLevel.Of(100), levels.UserLevel(Charlie));
        Assert.Equal(PowerLevel.Of(0), levels.UserLevel(Alice));
    }

    [Fact]
    public void StateWithAnotherMember_KeepsTheLevelsItRead()
    {
        var remembered = Room.State.LevelsUnder(Room.Version);

        var joined = Room.Join(Charlie).State;

        Assert.Same(remembered, joined.LevelsUnder(Room.Version));
        Assert.Same(remembered, joined.Without(StateKey.Member(Charlie)).LevelsUnder(Room.Version));
    }

    [Fact]
    public void LevelsUnderAnotherRoomVersion_AreReadUnderThatVersion()
    {
        // "50" is a power level in room versions 1–9 and not in 10+, where it reads as absent.
        var state = Room.PowerLevels(JsonValue.Object(("users", JsonValue.Object((Alice, JsonValue.Number(100)), (Bob, JsonValue.String("50")))))).State;

        Assert.Equal(PowerLevel.Of(50), state.LevelsUnder(RoomVersion.V9).UserLevel(Bob));
        Assert.Equal(PowerLevel.Of(0), state.LevelsUnder(RoomVersion.V10).UserLevel(Bob));
        Assert.Equal(PowerLevel.Of(50), state.LevelsUnder(RoomVersion.V9).UserLevel(Bob));
    }

    [Fact]
    public void SeveralNewEventLevelsAboveTheSender_TheOrdinallyFirstIsReported()
    {
        // Code-point order (the JSON object's) puts U+E000 before U+1F600; ordinal order (the state's maps,
        // and so the evidence) puts the surrogate pair of U+1F600 first.
        var room = RoomBuilder.Create(RoomVersion.V10).Join(Bob).PowerLevels((Bob, 50));
        var events = JsonValue.Object(("\uE000x", JsonValue.Number(60)), ("\U0001F600", JsonValue.Number(60)));
        var change = room.Event(EventTypes.PowerLevels, "", Bob, JsonValue.Object(
            ("users", JsonValue.Object((Alice, JsonValue.Number(100)), (Bob, JsonValue.Number(50)))), ("events", events)));

        var decision = room.Check(change);

        Assert.Equal(Rule.PowerLevelsMapValueExceedsPower, decision.Rule);
        Assert.Equal("events.\U0001F600", decision.Evidence["property"]);
    }
    // The state one iterative auth check reads is made from entries whose keys it already knows (AuthState.FromDistinct),
    // in no particular order; it must be the state the events make when put in key order (AuthState.FromFew).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void StateFromDistinctEntries_IsTheStateOfTheirEvents(int seed)
    {
        var random = new Random(seed);
        var room = Room.Join(Charlie).JoinRule("invite");
        var all = room.State.Events.ToArray();
        for (var round = 0; round < 50; round++)
        {
            var chosen = all.Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToArray();
            var distinct = AuthState.FromDistinct(chosen);
            var sorted = AuthState.FromFew(chosen.Select(entry => entry.Value).ToArray());
            var context = $"seed {seed}, round {round} (replay: --filter-method \"*StateFromDistinctEntries*\")";

            Assert.True(sorted.Events.SequenceEqual(distinct.Events), context);
            foreach (var (key, _) in all) Assert.True(ReferenceEquals(sorted.Get(key), distinct.Get(key)), context + ": " + key);
        }
    }
}
