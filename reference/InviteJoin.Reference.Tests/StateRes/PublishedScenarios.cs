using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Reference.Tests.StateRes;

/// <summary>
/// The state-resolution scenarios of TestData/stateres (Synapse's, gomatrixserverlib's and ruma's published
/// tests and MSC4297's problems, re-encoded as data with their sources; see TestData/stateres/README.md),
/// read once with the reference's own strict reader and parsed as test-input PDUs.
/// </summary>
internal static class PublishedScenarios
{
    private static readonly Lazy<ImmutableSortedDictionary<string, JsonObject>> All = new(() => PublishedData.ById("stateres", "scenarios"));

    /// <summary>Every scenario by its id.</summary>
    public static ImmutableSortedDictionary<string, JsonObject> ById => All.Value;

    public static RoomVersion VersionOf(JsonObject scenario) => RoomVersionRegistry.Lookup(Text(scenario["room_version"])).Value;

    public static List<Pdu> EventsOf(JsonObject scenario)
    {
        var version = VersionOf(scenario);
        var events = new List<Pdu>();
        foreach (var item in (JsonArray)scenario["events"]!)
        {
            var parsed = PduParser.Parse(item, version.Format, PduParseOptions.TestInput);
            Assert.True(parsed.IsOk, $"{Text(scenario["id"])}: {parsed.Failure}");
            events.Add(parsed.Value);
        }
        return events;
    }

    public static EventId Id(string text) => EventId.Parse(text, EventIdFormat.TestName).Value;

    public static List<EventId> Ids(JsonValue? array) => ((JsonArray)array!).Select(v => Id(Text(v))).ToList();

    public static string Text(JsonValue? value) => ((JsonString)value!).Value;
}
