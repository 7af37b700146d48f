using System.Text.Json;
using System.Text.RegularExpressions;
using InviteJoin.Conformance.Running;
using InviteJoin.Conformance.Vectors;
using Xunit;

namespace InviteJoin.Conformance.Tests;

/// <summary>
/// The committed vectors as an auditor reads them: they load with their checksums; every file, its cases, requests and
/// expected answers (and every profile's answer) hold to the closed schemas of spec/vectors/schemas; the schemas refuse
/// what the format forbids; and the documentation names every suite and every flag the code knows.
/// </summary>
public sealed class CommittedVectorsTests
{
    private static readonly string Folder = Repository.Path_("vectors");
    private static readonly SchemaValidator Schemas = new(Repository.Path_("spec", "vectors", "schemas"));

    [Fact]
    public void CommittedVectors_LoadWithTheirChecksums_AndSha256SumsIsCurrent()
    {
        var set = VectorSet.Load(Folder);

        Assert.Equal(set.Index.Cases, set.Cases.Count());
        Assert.True(set.Index.Cases > 2000, $"only {set.Index.Cases} vectors");
        var sums = File.ReadAllLines(Path.Combine(Folder, VectorSet.ChecksumsName));
        Assert.Equal(set.Files.Length + 1, sums.Length); // the files and the index
        foreach (var line in sums)
        {
            var (hash, path) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, path)))));
        }
    }

    [Fact]
    public void EveryCommittedFile_HoldsToItsSuiteSchema()
    {
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var relative = Path.GetRelativePath(Folder, file);
            var schema = relative == VectorSet.IndexName ? "index.schema.json" : document.RootElement.GetProperty("suite").GetString() + ".schema.json";
            problems.AddRange(Schemas.Validate(document.RootElement, schema).Take(5).Select(p => relative + " " + p));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Theory]
    [InlineData("auth", """{"id":"auth/x","rules":["a.b"],"flags":[],"request":{"room_version":"10","event":{},"auth_events":[]},"expected":{"allowed":true,"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", null)]
    [InlineData("auth", """{"id":"auth/x","rules":["a.b"],"flags":[],"request":{"room_version":"10","event":{},"auth_events":[]},"expected":{"allowed":true,"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"},"extra":1}""", "unexpected key extra")]
    [InlineData("auth", """{"id":"auth/x","rules":["a.b"],"flags":["quick"],"request":{"room_version":"10","event":{},"auth_events":[]},"expected":{"allowed":true,"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", "is not one of")]
    [InlineData("auth", """{"id":"auth/x","rules":["a.b"],"flags":[],"request":{"room_version":"10","event":{},"auth_events":[]},"expected":{"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", "oneOf")]
    [InlineData("auth", """{"id":"auth/x","rules":["a.b"],"flags":[],"request":{"room_version":"13","event":{},"auth_events":[]},"expected":{"allowed":true,"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", "does not match")]
    [InlineData("receipt", """{"id":"receipt/x","rules":["a.b"],"flags":[],"request":{"room_version":"10","event":{},"verify_keys":{},"auth_events":[],"state_before":[]},"expected":{"verdict":"receipt.kept","stage":"receipt.format","rule":"a.b","redacted":false},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", "is not one of")]
    [InlineData("handshake", """{"id":"handshake/x","rules":["a.b"],"flags":[],"request":{"server":{"server_name":"a","key_id":"k","seed":"s"},"verify_keys":{},"rooms":[],"now":1,"endpoint":"make_join","request":{"origin":"a","room_id":"!r","colour":"red"}},"expected":{"status":200,"rule":"a.b"},"provenance":{"generator":"g","spec":"v1.19","source":"s"}}""", "unexpected key colour")]
    public void Schemas_RefuseWhatTheFormatForbids(string suite, string caseJson, string? problem)
    {
        var file = """{"format":"invitejoin-vectors/1","suite":"SUITE","group":"g","description":"d","cases":[CASE]}""".Replace("SUITE", suite, StringComparison.Ordinal).Replace("CASE", caseJson, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(file);

        var problems = Schemas.Validate(document.RootElement, suite + ".schema.json");

        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void FlagsPage_ListsExactlyTheVocabulary()
    {
        var page = File.ReadAllText(Repository.Path_("spec", "vectors", "flags.md"));
        var listed = Regex.Matches(page, @"^\| `([a-z_]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(Flags.All.Select(f => f.Name), listed);
        foreach (var flag in Flags.All) Assert.Contains($"| `{flag.Name}` | {flag.Marks} | {flag.Effect} |", page, StringComparison.Ordinal);
        using var schema = JsonDocument.Parse(File.ReadAllText(Repository.Path_("spec", "vectors", "schemas", "vector-file.schema.json")));
        Assert.Equal(Flags.All.Select(f => f.Name), schema.RootElement.GetProperty("$defs").GetProperty("flag").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void EverySuite_HasItsFormatPage_AndItsSchema()
    {
        foreach (var suite in Suites.All)
        {
            Assert.True(File.Exists(Repository.Path_("spec", "vectors", suite.Name + ".md")), suite.Name + ".md");
            Assert.True(File.Exists(Repository.Path_("spec", "vectors", "schemas", suite.Name + ".schema.json")), suite.Name + ".schema.json");
        }
    }

    [Fact]
    public void ExpectationsFiles_HoldToTheirSchema()
    {
        foreach (var file in Directory.GetFiles(Repository.Path_("adapters"), "expectations.json", SearchOption.AllDirectories))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Empty(Schemas.Validate(document.RootElement, "expectations.schema.json"));
            Assert.NotEmpty(Expectations.Load(file).Known);
        }
    }
}
