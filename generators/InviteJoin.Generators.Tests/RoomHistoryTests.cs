using InviteJoin.Generators.Export;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;
using Xunit;

namespace InviteJoin.Generators.Tests;

/// <summary>
/// Generated room histories are reproducible from their seed, really signed, forked and merged, accepted event by
/// event by the room model; the anomalies planted in an export are what their names say, by the reference's own checks.
/// </summary>
public sealed class RoomHistoryTests
{
    private static readonly Lazy<RoomHistory> Eleven = new(() => RoomHistoryGenerator.Write(new RoomHistoryOptions { Events = 1200, Servers = 4, UsersPerServer = 8, Seed = 5 }));

    [Fact]
    public void TheSameSeed_WritesTheSameHistory_AndAnotherSeedAnother()
    {
        RoomHistory Write(ulong seed) => RoomHistoryGenerator.Write(new RoomHistoryOptions { Version = RoomVersion.V6, Events = 120, Servers = 3, UsersPerServer = 5, Seed = seed });
        var (first, again, other) = (Write(1), Write(1), Write(2));
        Assert.Equal(first.Events.Select(e => e.ToString()), again.Events.Select(e => e.ToString()));
        Assert.NotEqual(first.Events.Select(e => e.ToString()), other.Events.Select(e => e.ToString()));
    }

    [Fact]
    public void EveryEvent_PassesChecksOneToThree_AndTheRoomAcceptsIt_AndTheHistoryForksAndLosesMembers()
    {
        var history = Eleven.Value;
        Assert.Equal(1200, history.Events.Length);
        foreach (var json in history.Events)
        {
            var (accepted, dropped) = PduVerification.Check(json, history.Version.Format, history.Keys);
            Assert.True(dropped is null, dropped?.ToString());
            Assert.False(accepted!.ReplacedByRedaction);
            Assert.Equal(EventStatus.Accepted, history.Room.StatusOf(accepted.Pdu.EventId));
        }
        var pdus = history.Room.Events.Values.ToList();
        Assert.Contains(pdus, e => e.PrevEvents.Length >= 2);
        Assert.Contains(pdus, e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Leave && e.StateKey != e.Sender.Value);
        Assert.Contains(pdus, e => e.Type == EventTypes.Member && e.Membership == MembershipValues.Leave && e.StateKey == e.Sender.Value);
        Assert.Equal(history.Servers, pdus.Select(e => e.Sender.Server.ToString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PlantedAnomalies_AreWhatTheirNamesSay_ByTheReferencesOwnChecks()
    {
        var history = RoomHistoryGenerator.Write(new RoomHistoryOptions { Version = RoomVersion.V12, Events = 200, Servers = 3, UsersPerServer = 6, Seed = 9 });
        var clean = RoomExports.Clean(history);
        var export = RoomExports.WithAnomalies(history);
        Assert.Empty(clean.Planted);
        Assert.Equal(Enum.GetValues<PlantedAnomaly>(), export.Planted.Select(p => p.Anomaly).Order());
        Assert.Equal(4, export.Planted.Select(p => p.EventId).Distinct().Count());
        string Id(PlantedAnomaly anomaly) => export.Planted.Single(p => p.Anomaly == anomaly).EventId;
        var byId = export.Events.Select(e => (Json: e, Pdu: PduParser.Parse(e, history.Version.Format, PduParseOptions.Federation).Value)).ToDictionary(e => e.Pdu.EventId.Value, StringComparer.Ordinal);

        var (_, tampered) = PduVerification.Check(byId[Id(PlantedAnomaly.TamperedSignature)].Json, history.Version.Format, history.Keys);
        Assert.Equal(InboundStage.Signatures, tampered!.Stage);

        var intruder = byId[Id(PlantedAnomaly.FailsAuthEvents)].Pdu;
        Assert.False(EventAuthorizer.AuthorizeAgainstAuthEvents(intruder, Cited(history, intruder), history.Version, AuthContext.Default).Allowed);

        var ghost = byId[Id(PlantedAnomaly.FailsStateBefore)].Pdu;
        Assert.True(EventAuthorizer.AuthorizeAgainstAuthEvents(ghost, Cited(history, ghost), history.Version, AuthContext.Default).Allowed);
        Assert.False(EventAuthorizer.AuthorizeAgainstState(ghost, history.Room.StateAt(ghost.PrevEvents)!, history.Version, AuthContext.Default).Allowed);

        var at = EventId.Parse(export.StateAt, history.Version.Format.EventIds).Value;
        var resolved = history.Room.StateBefore(at)!.Events.Values.Select(e => e.EventId.Value).ToHashSet(StringComparer.Ordinal);
        var claimed = ((JsonArray)export.StateResponse["pdus"]!).Items.Select(e => PduParser.Parse(e, history.Version.Format, PduParseOptions.Federation).Value.EventId.Value).ToHashSet(StringComparer.Ordinal);
        Assert.Single(claimed.Except(resolved));
        Assert.Single(resolved.Except(claimed));
        var cleanClaimed = ((JsonArray)clean.StateResponse["pdus"]!).Items.Select(e => PduParser.Parse(e, history.Version.Format, PduParseOptions.Federation).Value.EventId.Value);
        Assert.True(resolved.SetEquals(cleanClaimed));
    }

    private static List<Pdu> Cited(RoomHistory history, Pdu pdu) => [.. pdu.AuthEventsWithImpliedCreate.Select(id => history.Room.Get(id.Value)!)];
}
