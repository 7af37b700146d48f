using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// The meter around each simulated room's resolver (I-33) records what a resolution is given — the states, and exactly
/// the events of those states and their auth chains — in the step that ran it, and decides nothing: the room's state is
/// the reference's resolution without the meter.
/// </summary>
public sealed class ResolutionMeterTests
{
    [Fact]
    public void Meter_RecordsWhatAResolutionIsGiven_AndDecidesNothing()
    {
        var world = new World(new SimConfig { Servers = 2, Version = RoomVersion.V10, JoinRule = JoinRuleValues.Public });
        var (ada, ben, room) = (Cast.User(0, 0), Cast.User(1, 0), world.MainRoom);
        world.Perform(ben, room, new UserAction(UserActionKind.Join, Via: 0));
        world.Submit(ben);
        foreach (var _ in world.Settle()) { }

        // While the network is split, ada changes the topic and ben speaks: a.test then holds two forward extremities
        // whose states differ, and resolves them when ben's message arrives.
        world.Split([1]);
        world.Perform(ada, room, new UserAction(UserActionKind.Topic));
        world.Perform(ben, room, new UserAction(UserActionKind.Message));
        world.Heal();
        var effects = world.DeliverFrom(1, 0);

        var held = world.Servers[0].Room(room)!;
        Assert.Equal(2, held.ForwardExtremities.Length);
        var work = Assert.Single(effects.Resolutions, w => w.Server == 0);
        Assert.Equal(2, work.States);
        Assert.Equal(work.Bound, work.Events);
        Assert.True(work.Events >= 6, $"a resolution of two states of the room was given only {work.Events} events");
        var unmetered = held.WithResolver(null).ResolveStates([.. held.ForwardExtremities.Select(e => held.StateAfter(e)!)]);
        Assert.True(Room.SameState(unmetered, held.State));
        Assert.Contains(held.State.Events.Values, e => e.Type == EventTypes.Topic);
    }
}
