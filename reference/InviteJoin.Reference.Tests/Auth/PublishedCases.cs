using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The single-event authorisation cases of TestData/auth (other implementations' published tests
/// re-encoded as data; see TestData/auth/README.md), read once with the reference's own strict reader.
/// </summary>
internal static class PublishedCases
{
    private static readonly Lazy<ImmutableSortedDictionary<string, JsonObject>> All = new(Load);

    /// <summary>Every case by its id.</summary>
    public static ImmutableSortedDictionary<string, JsonObject> ById => All.Value;

    private static ImmutableSortedDictionary<string, JsonObject> Load()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestData", "auth");
        var cases = ImmutableSortedDictionary.CreateBuilder<string, JsonObject>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            // Room versions 1–5 may hold floats, so the file is read leniently; the PDU parser then
            // enforces canonical JSON for the versions that require it.
            var document = StrictJsonReader.ParseObject(File.ReadAllBytes(file), JsonReadOptions.Lenient);
            Assert.True(document.IsOk, file + ": " + document.Failure);
            foreach (var item in (JsonArray)document.Value["cases"]!)
            {
                var testCase = (JsonObject)item;
                cases.Add(((JsonString)testCase["id"]!).Value, testCase);
            }
        }
        return cases.ToImmutable();
    }
}
