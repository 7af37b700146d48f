using InviteJoin.Cli.Commands;
using InviteJoin.Cli.Fuzzing;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// The documented limits on the lists of a request (<see cref="RequestLimits"/>): at the limit a request is
/// read as usual; one entry more is <c>request.too_many_entries</c> at the list's path, before any entry is read.
/// </summary>
public sealed class RequestLimitsTests
{
    public static TheoryData<string, string, int, string> Lists => new()
    {
        { "auth", "auth_events", RequestLimits.MaxAuthEvents, "$.auth_events" },
        { "auth", "rejected", RequestLimits.MaxRejected, "$.rejected" },
        { "resolve", "events", RequestLimits.MaxEvents, "$.events" },
        { "resolve", "state_sets", RequestLimits.MaxStateSets, "$.state_sets" },
        { "resolve", "rejected", RequestLimits.MaxRejected, "$.rejected" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void OneEntryOverTheLimit_TooManyEntriesAtTheList(string command, string field, int limit, string path)
    {
        var atLimit = Cli.Run(WithList(command, field, limit), command);
        var over = Cli.Run(WithList(command, field, limit + 1), command);

        Assert.NotEqual("request.too_many_entries", atLimit.Answer is JsonObject o && o["error"] is JsonObject e ? ((JsonString)e["code"]!).Value : null);
        Assert.Equal(2, over.ExitCode);
        Assert.Equal("request.too_many_entries", over.ErrorCode);
        Assert.Contains($"\"message\":\"{path}: {path} has {limit + 1} entries; at most {limit} are accepted\"", over.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void StateSetOverTheLimit_TooManyEntriesAtTheSet()
    {
        var request = (JsonObject)StrictJsonReader.Parse(FuzzSeeds.All["resolve"][0], JsonReadOptions.Lenient).Value;
        var huge = JsonValue.Array(Enumerable.Repeat<JsonValue>(JsonValue.String("$create"), RequestLimits.MaxStateSetEntries + 1));
        var sets = (JsonArray)request["state_sets"]!;

        var run = Cli.Run(request.With("state_sets", new JsonArray(sets.Items.Add(huge))).ToString(), "resolve");

        Assert.Equal("request.too_many_entries", run.ErrorCode);
        Assert.Contains($"\"message\":\"$.state_sets[{sets.Count}]: ", run.Stdout, StringComparison.Ordinal);
    }

    // A seed request of the command with the list replaced by `count` copies of a small entry: an empty object
    // for events (the count is checked before any event is read), else the list's first entry or a name.
    private static string WithList(string command, string field, int count)
    {
        var request = (JsonObject)StrictJsonReader.Parse(FuzzSeeds.All[command][0], JsonReadOptions.Lenient).Value;
        var list = (JsonArray)request[field]!;
        JsonValue entry = field == "events" ? JsonObject.Empty : list.Count > 0 ? list[0] : JsonValue.String("$create");
        return request.With(field, JsonValue.Array(Enumerable.Repeat(entry, count))).ToString();
    }
}
