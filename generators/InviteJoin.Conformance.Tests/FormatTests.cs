using InviteJoin.Conformance.Vectors;
using Xunit;

namespace InviteJoin.Conformance.Tests;

/// <summary>The vector folder as written and read back: bytes that regenerate identically, and every departure from the format refused with the file and the place.</summary>
public sealed class FormatTests
{
    private static WrittenFile File1 => new("canonical_json", "g", "d", TestVectors.Cases(
        TestVectors.CanonicalCase("canonical_json/a", "[]", """{"canonical":"[]"}"""),
        TestVectors.CanonicalCase("canonical_json/b", "{}", """{"canonical":"{}"}""")));

    [Fact]
    public void Render_IsTheSameBytesEveryTime_AndReadsBack()
    {
        var first = VectorWriter.Render("test", "v1.19", 1, [File1]);
        var second = VectorWriter.Render("test", "v1.19", 1, [File1]);

        Assert.Equal(first.Keys, second.Keys);
        Assert.All(first, f => Assert.Equal(f.Value, second[f.Key]));
        Assert.Equal(["SHA256SUMS", "canonical_json/g.json", "index.json"], first.Keys);
        var set = TestVectors.Write(File1);
        Assert.Equal(2, set.Index.Cases);
        Assert.Equal(["canonical_json/a", "canonical_json/b"], set.Cases.Select(c => c.Id));
        Assert.Empty(VectorWriter.Compare(set.Folder, first));
    }

    [Fact]
    public void EditedFile_IsRefusedByItsChecksum_AndReportedByCompare()
    {
        var set = TestVectors.Write(File1);
        var path = Path.Combine(set.Folder, "canonical_json", "g.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("[]", "[ ]", StringComparison.Ordinal));

        var error = Assert.Throws<VectorFormatException>(() => VectorSet.Load(set.Folder));
        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        var differences = VectorWriter.Compare(set.Folder, VectorWriter.Render("test", "v1.19", 1, [File1]));
        Assert.Contains(differences, d => d.StartsWith("differs: canonical_json/g.json (first at line 2", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtraFile_IsReportedByCompare()
    {
        var set = TestVectors.Write(File1);
        File.WriteAllText(Path.Combine(set.Folder, "canonical_json", "stray.json"), "{}");

        Assert.Contains("not generated: canonical_json/stray.json", VectorWriter.Compare(set.Folder, VectorWriter.Render("test", "v1.19", 1, [File1])));
    }

    [Theory]
    [InlineData("\"flags\":[\"edge_case\"]", "\"flags\":[\"fast\"]", "not in the flag vocabulary")]
    [InlineData("\"rules\":", "\"colour\":\"red\",\"rules\":", "unknown key \"colour\"")]
    [InlineData("\"id\":\"canonical_json/b\"", "\"id\":\"canonical_json/a\"", "used twice")]
    [InlineData("\"request\":{\"input\":\"{}\"}", "\"request\":[\"x\"]", "expected an object")]
    public void CaseOutOfFormat_IsRefusedNamingFileAndPlace(string from, string to, string message)
    {
        var file = File1 with { Cases = [File1.Cases[0], File1.Cases[1] with { Json = File1.Cases[1].Json.Replace(from, to, StringComparison.Ordinal) }] };
        Assert.NotEqual(File1.Cases[1].Json, file.Cases[1].Json);
        var folder = Path.Combine(Path.GetTempPath(), "invitejoin-vectors-test-" + Guid.NewGuid().ToString("N"));
        VectorWriter.Write(folder, VectorWriter.Render("test", "v1.19", 1, [file]));

        var error = Assert.Throws<VectorFormatException>(() => VectorSet.Load(folder));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("g.json", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderWithoutIndex_IsAClearError()
    {
        var error = Assert.Throws<VectorFormatException>(() => VectorSet.Load(Path.GetTempPath()));
        Assert.Contains("no vector index", error.Message, StringComparison.Ordinal);
    }
}
