using System.Collections.Immutable;
using System.Text.Json;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Testing;

/// <summary>
/// Other implementations' published tests re-encoded as data (TestData/auth and TestData/stateres, each folder with a
/// README naming its sources), read once: every case by its id, in ordinal order. Each file is read twice — with the
/// reference's strict reader (leniently: room versions 1–5 may hold floats) for the values, and with System.Text.Json
/// for the requests the command line gets, built from the file's own text so that numbers such as <c>50.0</c> reach it
/// exactly as written.
/// </summary>
public static class PublishedData
{
    private static readonly Lazy<ImmutableSortedDictionary<string, PublishedAuthCase>> Auth = new(() =>
        Read("auth", "cases", (id, version, json, raw) =>
        {
            var request = "{" + string.Join(", ", new[] { "room_version", "event", "auth_events", "rejected" }
                .Select(key => "\"" + key + "\": " + OneLine(raw.GetProperty(key).GetRawText()))) + "}";
            var expected = (Reference.Json.JsonObject)json["expected"]!;
            return new PublishedAuthCase(id, version, json, request,
                ((JsonBool)expected["allowed"]!).Value,
                (expected["rule"] as JsonString)?.Value,
                expected["malformed"] is JsonBool { Value: true });
        }));

    private static readonly Lazy<ImmutableSortedDictionary<string, PublishedScenario>> StateRes = new(() =>
        Read("stateres", "scenarios", (id, version, json, raw) =>
        {
            string? request = null;
            if (raw.TryGetProperty("resolve", out var resolve))
            {
                request = "{" + string.Join(", ",
                    "\"room_version\": " + raw.GetProperty("room_version").GetRawText(),
                    "\"state_sets\": " + OneLine(resolve.GetProperty("state_sets").GetRawText()),
                    "\"events\": " + OneLine(raw.GetProperty("events").GetRawText()),
                    "\"rejected\": " + OneLine(raw.GetProperty("rejected").GetRawText())) + "}";
            }
            return new PublishedScenario(id, version, json, request);
        }));

    /// <summary>Every published single-event authorisation case, by id.</summary>
    public static ImmutableSortedDictionary<string, PublishedAuthCase> AuthCases => Auth.Value;

    /// <summary>Every published state-resolution scenario, by id.</summary>
    public static ImmutableSortedDictionary<string, PublishedScenario> Scenarios => StateRes.Value;

    private static ImmutableSortedDictionary<string, T> Read<T>(string folder, string listKey, Func<string, RoomVersion, Reference.Json.JsonObject, JsonElement, T> make)
    {
        var entries = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var path in TestDataFiles.In(folder))
        {
            var bytes = TestDataFiles.Read(path);
            var document = StrictJsonReader.ParseObject(bytes, JsonReadOptions.Lenient);
            if (!document.IsOk) throw new FixtureException("TestData/" + path + ": " + document.Failure);
            using var raw = JsonDocument.Parse(bytes);
            var rawItems = raw.RootElement.GetProperty(listKey).EnumerateArray().ToList();
            var items = (JsonArray)document.Value[listKey]!;
            for (var i = 0; i < items.Count; i++)
            {
                var entry = (Reference.Json.JsonObject)items[i];
                var id = ((JsonString)entry["id"]!).Value;
                var versionId = ((JsonString)entry["room_version"]!).Value;
                var version = RoomVersionRegistry.Lookup(versionId);
                if (!version.IsOk) throw new FixtureException($"TestData/{path}: {id} names room version {versionId}, which is not known");
                if (!entries.TryAdd(id, make(id, version.Value, entry, rawItems[i]))) throw new FixtureException($"TestData/{path}: the id {id} is given twice");
            }
        }
        return entries.ToImmutable();
    }

    // Line breaks in JSON text can only be whitespace between tokens (inside strings they are escaped).
    private static string OneLine(string json) => json.Replace('\r', ' ').Replace('\n', ' ');
}
