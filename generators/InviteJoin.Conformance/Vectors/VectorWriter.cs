using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InviteJoin.Conformance.Json;

namespace InviteJoin.Conformance.Vectors;

/// <summary>One case ready to write: its ID, room version (for the coverage count) and its canonical JSON text.</summary>
public sealed record WrittenCase(string Id, string? RoomVersion, string Json);

/// <summary>One file ready to write: a group of one suite.</summary>
public sealed record WrittenFile(string Suite, string Group, string Description, ImmutableArray<WrittenCase> Cases)
{
    /// <summary>Where the file goes in the vector folder.</summary>
    public string Path => Suite + "/" + Group + ".json";
}

/// <summary>
/// Lays a vector folder out byte for byte: each file as a header and one case per line (so a change shows as
/// the lines of the cases it touches), <c>index.json</c> and <c>SHA256SUMS</c>. The same input always gives
/// the same bytes, which is what <c>invitejoin vectors --check</c> compares with the committed folder.
/// </summary>
public static class VectorWriter
{
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Every file of the folder, by path relative to it (with <c>/</c>), in path order.</summary>
    public static ImmutableSortedDictionary<string, byte[]> Render(string generator, string specVersion, long seed, IReadOnlyList<WrittenFile> files)
    {
        var output = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var listed = new List<string>();
        var coverage = new SortedDictionary<(string Suite, string Version), int>(Comparer<(string, string)>.Create(CompareCoverage));
        var total = 0;
        foreach (var file in files.OrderBy(f => SuiteOrder(f.Suite)).ThenBy(f => f.Group, StringComparer.Ordinal))
        {
            var text = new StringBuilder();
            text.Append("{\"format\":").Append(CanonicalText.String(VectorSet.FileFormat))
                .Append(",\"suite\":").Append(CanonicalText.String(file.Suite))
                .Append(",\"group\":").Append(CanonicalText.String(file.Group))
                .Append(",\"description\":").Append(CanonicalText.String(file.Description))
                .Append(",\"cases\":[\n");
            for (var i = 0; i < file.Cases.Length; i++)
            {
                text.Append(file.Cases[i].Json).Append(i + 1 < file.Cases.Length ? ",\n" : "\n");
                var key = (file.Suite, file.Cases[i].RoomVersion ?? "-");
                coverage[key] = coverage.GetValueOrDefault(key) + 1;
            }
            text.Append("]}\n");
            var bytes = Utf8.GetBytes(text.ToString());
            output[file.Path] = bytes;
            total += file.Cases.Length;
            listed.Add("{\"path\":" + CanonicalText.String(file.Path) + ",\"suite\":" + CanonicalText.String(file.Suite) + ",\"group\":" + CanonicalText.String(file.Group)
                + ",\"cases\":" + Number(file.Cases.Length) + ",\"sha256\":\"" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\"}");
        }
        var index = new StringBuilder();
        index.Append("{\"format\":").Append(CanonicalText.String(VectorSet.IndexFormat))
            .Append(",\"generator\":").Append(CanonicalText.String(generator))
            .Append(",\"spec\":").Append(CanonicalText.String(specVersion))
            .Append(",\"seed\":").Append(seed.ToString(CultureInfo.InvariantCulture))
            .Append(",\"cases\":").Append(Number(total))
            .Append(",\"files\":[\n").Append(string.Join(",\n", listed)).Append("\n],\"coverage\":[\n")
            .Append(string.Join(",\n", coverage.Select(c => "{\"suite\":" + CanonicalText.String(c.Key.Suite) + ",\"room_version\":" + CanonicalText.String(c.Key.Version) + ",\"cases\":" + Number(c.Value) + "}")))
            .Append("\n]}\n");
        output[VectorSet.IndexName] = Utf8.GetBytes(index.ToString());
        var sums = new StringBuilder();
        foreach (var (path, bytes) in output) sums.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(path).Append('\n');
        output[VectorSet.ChecksumsName] = Utf8.GetBytes(sums.ToString());
        return output.ToImmutable();
    }

    /// <summary>Writes <paramref name="rendered"/> into <paramref name="folder"/>, removing vector files it no longer holds.</summary>
    public static void Write(string folder, ImmutableSortedDictionary<string, byte[]> rendered)
    {
        foreach (var stale in Existing(folder).Where(path => !rendered.ContainsKey(path))) File.Delete(System.IO.Path.Combine(folder, stale));
        foreach (var (path, bytes) in rendered)
        {
            var full = System.IO.Path.Combine(folder, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }

    /// <summary>How <paramref name="folder"/> differs from <paramref name="rendered"/>: one line per missing, changed or extra file; empty when equal.</summary>
    public static ImmutableArray<string> Compare(string folder, ImmutableSortedDictionary<string, byte[]> rendered)
    {
        var differences = ImmutableArray.CreateBuilder<string>();
        foreach (var (path, bytes) in rendered)
        {
            var full = System.IO.Path.Combine(folder, path);
            if (!File.Exists(full)) differences.Add("missing: " + path);
            else if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes)) differences.Add("differs: " + path + FirstDifference(File.ReadAllBytes(full), bytes));
        }
        foreach (var extra in Existing(folder).Where(path => !rendered.ContainsKey(path))) differences.Add("not generated: " + extra);
        return differences.ToImmutable();
    }

    // The vector files under the folder: index, checksums and every suite folder's .json files.
    private static IEnumerable<string> Existing(string folder)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var name in new[] { VectorSet.IndexName, VectorSet.ChecksumsName })
        {
            if (File.Exists(System.IO.Path.Combine(folder, name))) yield return name;
        }
        foreach (var suite in Suites.All)
        {
            var dir = System.IO.Path.Combine(folder, suite.Name);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal)) yield return suite.Name + "/" + System.IO.Path.GetFileName(file);
        }
    }

    private static string FirstDifference(byte[] committed, byte[] generated)
    {
        var a = Utf8.GetString(committed).Split('\n');
        var b = Utf8.GetString(generated).Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "";
            var y = i < b.Length ? b[i] : "";
            if (x != y) return $" (first at line {i + 1}: committed {Short(x)}, generated {Short(y)})";
        }
        return "";
    }

    private static string Short(string line) => line.Length > 120 ? line[..120] + "…" : line;

    private static int SuiteOrder(string suite)
    {
        var i = Suites.All.IndexOf(Suites.Find(suite)!);
        return i < 0 ? int.MaxValue : i;
    }

    private static int CompareCoverage((string Suite, string Version) x, (string Suite, string Version) y)
    {
        var bySuite = SuiteOrder(x.Suite).CompareTo(SuiteOrder(y.Suite));
        if (bySuite != 0) return bySuite;
        var a = int.TryParse(x.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1;
        var b = int.TryParse(y.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return a != b ? a.CompareTo(b) : string.CompareOrdinal(x.Version, y.Version);
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
