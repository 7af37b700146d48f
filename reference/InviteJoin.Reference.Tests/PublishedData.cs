using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using Xunit;

namespace InviteJoin.Reference.Tests;

/// <summary>
/// Reads the published test data of TestData (other implementations' tests re-encoded as data, each folder
/// with a README naming its sources) with the reference's own strict reader: every entry of every file, by id.
/// </summary>
internal static class PublishedData
{
    /// <summary>
    /// The entries listed under <paramref name="listKey"/> in every JSON file of TestData/<paramref name="folder"/>,
    /// by their <c>id</c>; files are read in ordinal order, and an id given twice is a broken data set.
    /// </summary>
    public static ImmutableSortedDictionary<string, JsonObject> ById(string folder, string listKey)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestData", folder);
        var entries = ImmutableSortedDictionary.CreateBuilder<string, JsonObject>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            // Room versions 1–5 may hold floats, so the file is read leniently; the PDU parser then
            // enforces canonical JSON for the versions that require it.
            var document = StrictJsonReader.ParseObject(File.ReadAllBytes(file), JsonReadOptions.Lenient);
            Assert.True(document.IsOk, file + ": " + document.Failure);
            foreach (var item in (JsonArray)document.Value[listKey]!)
            {
                var entry = (JsonObject)item;
                entries.Add(((JsonString)entry["id"]!).Value, entry);
            }
        }
        return entries.ToImmutable();
    }
}
