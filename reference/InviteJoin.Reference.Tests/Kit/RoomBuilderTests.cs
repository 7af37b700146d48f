using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Tests.Kit;

/// <summary>
/// The kit's one room builder gives what each kind of test relies on: readable test-input IDs of the version's
/// shape, really signed events a receiver accepts, a refusal to add a signed event the checks on receipt reject,
/// and the room as its creator's server holds it, forks included.
/// </summary>
public sealed class RoomBuilderTests
{
    private static readonly StateKey TopicKey = new(EventTypes.Topic, "");

    public static TheoryData<string> AllVersions => [.. RoomVersionRegistry.All.Select(v => v.Id)];

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void TestInputRoom_NamesEventsReadably_InTheVersionsShape(string versionId)
    {
        var version = Residents.Version(versionId);

        var room = RoomBuilder.Create(version).Join(TestUsers.Bob).Named("topic").Topic(TestUsers.Alice, "tea");

        var (create, join, topic) = version.Format.EventIdInPdu
            ? ("$create:example.org", "$e3:example.org", "$topic:example.org")
            : ("$create", "$e3", "$topic");
        Assert.Equal([create, "$e2" + (version.Format.EventIdInPdu ? ":example.org" : ""), join, topic], room.Events.Select(e => e.EventId.Value));
        Assert.Equal(version.RoomIdIsCreateEventHash ? "!create" : "!room:example.org", room.RoomId);
        Assert.Equal(topic, room.Id("topic").Value);
        Assert.Same(room.Last, room["topic"]);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void SignedRoom_EveryEventPassesTheChecksOnReceiptWithTheTestKeys(string versionId)
    {
        var room = RoomBuilder.Federated(Residents.Version(versionId)).Join(TestUsers.Ben);

        Assert.All(room.Events, e =>
        {
            var (accepted, dropped) = PduVerification.Check(e.Json, room.Version.Format, TestKeys.Ring);
            Assert.True(accepted is not null, $"{e} is dropped: {dropped}");
            Assert.Contains(TestUsers.ServerOf(e.Sender.Value), accepted!.VerifiedServers);
        });
    }

    [Fact]
    public void SignedRoom_RefusesToAddAnEventTheChecksOnReceiptReject()
    {
        var room = RoomBuilder.Federated(RoomVersion.V10);
        var fromStranger = room.Message(TestUsers.Xavier);

        Assert.Throws<FixtureException>(() => room.Add(fromStranger));
        var joined = room.Join(TestUsers.Xavier);
        var message = joined.Message(TestUsers.Xavier);
        Assert.Same(message, joined.Add(message).Last);
    }

    [Fact]
    public void TestInputRoom_AddsAnyEventUnchecked()
    {
        var room = RoomBuilder.Create(RoomVersion.V10);
        var fromStranger = room.Message(TestUsers.Zara);

        Assert.False(room.Check(fromStranger).Allowed);
        Assert.Same(fromStranger, room.Add(fromStranger).Last);
    }

    [Fact]
    public void Room_HoldsEveryEventWithItsState_AndForksResolveIntoTheCurrentState()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).Join(TestUsers.Bob).PowerLevels((TestUsers.Bob, 50)).Named("base").Topic(TestUsers.Alice, "base");
        var forked = room.Named("a").Following("base").At(RoomBuilder.StartTime + 100).Topic(TestUsers.Alice, "a")
            .Named("b").Following("base").At(RoomBuilder.StartTime + 200).Topic(TestUsers.Bob, "b");

        Assert.Equal(EventStatus.Accepted, forked.Room.StatusOf(forked.Id("a")));
        Assert.Equal([forked.Id("a"), forked.Id("b")], forked.Room.ForwardExtremities.OrderBy(id => id.Value, StringComparer.Ordinal));
        Assert.Equal(forked.Id("a"), forked.StateIdsAfter("a")[TopicKey]);
        Assert.Equal(forked.Id("b"), forked.StateIdsAfter("b")[TopicKey]);
        Assert.Equal(forked.Id("base"), forked.StateIdsAfter("base")[TopicKey]);
        // Both topics cite the same power levels: the later one is applied last.
        Assert.Equal(forked.Id("b"), forked.State.Get(TopicKey)!.EventId);
    }

    [Fact]
    public void HeldBy_IsTheServerWithItsKeyHoldingTheRoom()
    {
        var room = RoomBuilder.Federated(RoomVersion.V10);

        var server = room.HeldBy(TestServers.B);

        Assert.Equal(TestServers.B, server.ServerName);
        Assert.Same(room.Room, server.Room(room.RoomId));
        Assert.Equal(TestKeys.Of(TestServers.B).PublicKeyBase64, server.SigningKey.PublicKeyBase64);
    }

    [Fact]
    public void TestKeys_EveryServerHasItsOwnKey_AndTheRingHoldsThemAll()
    {
        var keys = TestServers.All.Select(s => TestKeys.Of(s).PublicKeyBase64).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(TestServers.All, s => Assert.NotEmpty(TestKeys.Ring.KeysFor(s, RoomBuilder.StartTime, enforceValidUntil: false)));
        Assert.Throws<FixtureException>(() => TestKeys.Of("unknown.test"));
    }
}
