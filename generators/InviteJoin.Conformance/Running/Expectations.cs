using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using InviteJoin.Conformance.Vectors;

namespace InviteJoin.Conformance.Running;

/// <summary>One known failure: the cases it covers (an ID, or a pattern with <c>*</c>) and why they fail.</summary>
public sealed record Expectation(string Cases, string Reason)
{
    private Regex Pattern { get; } = new("^" + Regex.Escape(Cases).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);

    /// <summary>True when the case <paramref name="id"/> is one this entry covers.</summary>
    public bool Covers(string id) => Pattern.IsMatch(id);
}

/// <summary>
/// An expectations file: the failures of one implementation that are known and explained (a documented
/// divergence, a limitation of its adapter), so that an audit reports them as known rather than as new
/// failures, and reports an entry that no longer matches any failure as stale.
/// </summary>
/// <remarks>
/// Format: <c>{"format": "invitejoin-expectations/1", "implementation": NAME, "known": [{"cases": ID-OR-PATTERN, "reason": TEXT}]}</c>.
/// </remarks>
public sealed record Expectations(string Implementation, ImmutableArray<Expectation> Known)
{
    public const string Format = "invitejoin-expectations/1";

    public static readonly Expectations None = new("", []);

    /// <summary>The first entry that covers case <paramref name="id"/>, or null.</summary>
    public Expectation? For(string id) => Known.FirstOrDefault(k => k.Covers(id));

    /// <summary>Reads an expectations file; throws <see cref="VectorFormatException"/> when it is out of format.</summary>
    public static Expectations Load(string path)
    {
        if (!File.Exists(path)) throw new VectorFormatException(path, "", "no such expectations file");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new VectorFormatException(path, "", "not JSON: " + e.Message);
        }
        using (document)
        {
            var root = JsonFields.Closed(path, "$", document.RootElement, "format", "implementation", "known");
            if (root.String("format") != Format) throw new VectorFormatException(path, "$.format", $"expected \"{Format}\"");
            var known = ImmutableArray.CreateBuilder<Expectation>();
            var i = 0;
            foreach (var item in root.Array("known").EnumerateArray())
            {
                var entry = JsonFields.Closed(path, "$.known[" + i + "]", item, "cases", "reason");
                var reason = entry.String("reason");
                if (reason.Trim().Length == 0) throw new VectorFormatException(path, entry.Under("reason"), "a known failure needs its reason");
                known.Add(new Expectation(entry.String("cases"), reason));
                i++;
            }
            return new Expectations(root.String("implementation"), known.ToImmutable());
        }
    }
}
