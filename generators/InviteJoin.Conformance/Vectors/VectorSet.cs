using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using InviteJoin.Conformance.Json;

namespace InviteJoin.Conformance.Vectors;

/// <summary>
/// A folder of conformance vectors as <c>invitejoin vectors</c> writes it: <c>index.json</c>, one file per
/// suite and group, and <c>SHA256SUMS</c>. Reading checks every file against the format (closed objects,
/// known suites and flags, unique IDs) and its SHA-256 against the index, so an audit never runs on vectors
/// that were edited by hand or cut short.
/// </summary>
public sealed record VectorSet(string Folder, VectorIndex Index, ImmutableArray<VectorFile> Files)
{
    /// <summary>The format name of a vector file.</summary>
    public const string FileFormat = "invitejoin-vectors/1";

    /// <summary>The format name of the index.</summary>
    public const string IndexFormat = "invitejoin-vectors-index/1";

    /// <summary>The name of the index file.</summary>
    public const string IndexName = "index.json";

    /// <summary>The name of the checksum file (the <c>sha256sum</c> format).</summary>
    public const string ChecksumsName = "SHA256SUMS";

    /// <summary>Every case, in the index's file order.</summary>
    public IEnumerable<VectorCase> Cases => Files.SelectMany(f => f.Cases);

    /// <summary>Reads the vector folder <paramref name="folder"/>; throws <see cref="VectorFormatException"/> on anything out of format.</summary>
    public static VectorSet Load(string folder)
    {
        var indexPath = System.IO.Path.Combine(folder, IndexName);
        if (!File.Exists(indexPath)) throw new VectorFormatException(indexPath, "", "no vector index here; is this a folder written by invitejoin vectors?");
        var index = ReadIndex(indexPath);
        var files = ImmutableArray.CreateBuilder<VectorFile>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in index.Files)
        {
            var path = System.IO.Path.Combine(folder, listed.Path);
            if (!File.Exists(path)) throw new VectorFormatException(indexPath, "", $"the index lists {listed.Path}, which is missing");
            var bytes = File.ReadAllBytes(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (sha != listed.Sha256) throw new VectorFormatException(path, "", $"SHA-256 {sha} differs from the index's {listed.Sha256}: the file was changed after it was generated");
            var file = ReadFile(path, bytes);
            if (file.Suite != listed.Suite || file.Group != listed.Group || file.Cases.Length != listed.Cases)
            {
                throw new VectorFormatException(path, "", $"the file is {file.Suite}/{file.Group} with {file.Cases.Length} cases; the index says {listed.Suite}/{listed.Group} with {listed.Cases}");
            }
            foreach (var c in file.Cases)
            {
                if (!ids.Add(c.Id)) throw new VectorFormatException(path, "", $"case ID {c.Id} is used twice");
            }
            files.Add(file with { Path = listed.Path });
        }
        return new VectorSet(folder, index, files.ToImmutable());
    }

    /// <summary>Reads one vector file from its bytes.</summary>
    public static VectorFile ReadFile(string path, byte[] bytes)
    {
        using var document = Parse(path, bytes);
        var root = JsonFields.Closed(path, "$", document.RootElement, "format", "suite", "group", "description", "cases");
        if (root.String("format") != FileFormat) throw new VectorFormatException(path, "$.format", $"expected \"{FileFormat}\"");
        var suite = root.String("suite");
        if (Suites.Find(suite) is null) throw new VectorFormatException(path, "$.suite", $"unknown suite \"{suite}\"");
        var group = root.String("group");
        var cases = ImmutableArray.CreateBuilder<VectorCase>();
        var i = 0;
        foreach (var item in root.Array("cases").EnumerateArray())
        {
            cases.Add(ReadCase(path, "$.cases[" + i + "]", item, suite, group));
            i++;
        }
        return new VectorFile(path, suite, group, root.String("description"), cases.ToImmutable());
    }

    private static VectorCase ReadCase(string file, string path, JsonElement item, string suite, string group)
    {
        var fields = JsonFields.Closed(file, path, item, "id", "room_version", "rules", "flags", "comment", "request", "expected", "profiles", "provenance");
        var flags = fields.Strings("flags");
        foreach (var flag in flags)
        {
            if (Flags.Find(flag) is null) throw new VectorFormatException(file, fields.Under("flags"), $"\"{flag}\" is not in the flag vocabulary");
        }
        var request = fields.Object("request");
        var expected = fields.Object("expected").Clone();
        var profiles = ImmutableArray.CreateBuilder<ProfileAnswer>();
        if (fields.Has("profiles"))
        {
            foreach (var profile in fields.Object("profiles").EnumerateObject())
            {
                var p = JsonFields.Closed(file, fields.Under("profiles") + "." + profile.Name, profile.Value, "expected", "divergences");
                profiles.Add(new ProfileAnswer(profile.Name, p.Object("expected").Clone(), p.Strings("divergences")));
            }
        }
        var provenance = fields.Object("provenance");
        JsonFields.Closed(file, fields.Under("provenance"), provenance, "generator", "spec", "seed", "source");
        return new VectorCase(
            fields.String("id"), suite, group, fields.OptionalString("room_version"), fields.Strings("rules"), flags, fields.OptionalString("comment"),
            CanonicalText.Of(request), expected, profiles.ToImmutable(), provenance.Clone());
    }

    private static VectorIndex ReadIndex(string path)
    {
        using var document = Parse(path, File.ReadAllBytes(path));
        var root = JsonFields.Closed(path, "$", document.RootElement, "format", "generator", "spec", "seed", "cases", "files", "coverage");
        if (root.String("format") != IndexFormat) throw new VectorFormatException(path, "$.format", $"expected \"{IndexFormat}\"");
        var files = ImmutableArray.CreateBuilder<IndexedFile>();
        var i = 0;
        foreach (var item in root.Array("files").EnumerateArray())
        {
            var f = JsonFields.Closed(path, "$.files[" + i + "]", item, "path", "suite", "group", "cases", "sha256");
            files.Add(new IndexedFile(f.String("path"), f.String("suite"), f.String("group"), f.Integer("cases"), f.String("sha256")));
            i++;
        }
        var coverage = ImmutableArray.CreateBuilder<Coverage>();
        i = 0;
        foreach (var item in root.Array("coverage").EnumerateArray())
        {
            var c = JsonFields.Closed(path, "$.coverage[" + i + "]", item, "suite", "room_version", "cases");
            coverage.Add(new Coverage(c.String("suite"), c.String("room_version"), c.Integer("cases")));
            i++;
        }
        return new VectorIndex(root.String("generator"), root.String("spec"), root.Long("seed"), root.Integer("cases"), files.ToImmutable(), coverage.ToImmutable());
    }

    private static JsonDocument Parse(string path, byte[] bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException e)
        {
            throw new VectorFormatException(path, "", "not JSON: " + e.Message);
        }
    }
}
