using System.Text;

namespace InviteJoin.Catalogue.Writing;

/// <summary>
/// The generated part of a catalogue page: the table of its deciding tokens, the table of its defining
/// tokens, and the line naming its code. It stands between two marker lines; everything else on the page
/// (the title, the prose, our decisions) is written by hand and kept as it is.
/// </summary>
public static class PageTables
{
    public const string Begin = "<!-- Generated from catalogue.json: edit the catalogue, not this table. -->";

    public const string End = "<!-- End of generated tables. -->";

    /// <summary>The page's text with the part between the markers replaced; null when the markers are missing or out of order.</summary>
    public static string? Replace(string page, string generated)
    {
        var begin = page.IndexOf(Begin, StringComparison.Ordinal);
        var end = page.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin || page.IndexOf(Begin, begin + 1, StringComparison.Ordinal) >= 0 || page.IndexOf(End, end + 1, StringComparison.Ordinal) >= 0) return null;
        return page.Substring(0, begin) + Begin + "\n\n" + generated + page.Substring(end);
    }

    /// <summary>
    /// The tables and code line of <paramref name="page"/>, each block followed by a blank line;
    /// <paramref name="toRoot"/> leads from the page's folder to the repository root (for example <c>../../</c>).
    /// </summary>
    public static string Render(TokenCatalogue catalogue, CataloguePage page, string toRoot)
    {
        var tokens = catalogue.Tokens.Where(t => t.Page == page.File).ToList();
        var text = new StringBuilder();
        var decisions = tokens.Where(t => t.IsDecision).ToList();
        if (decisions.Count > 0)
        {
            text.Append("| Token | Decision | Room versions | Clauses | Meaning | Spec |\n|---|---|---|---|---|---|\n");
            foreach (var t in decisions)
            {
                text.Append("| `").Append(t.Token).Append("` | ").Append(t.Decision == TokenDecision.Allow ? "allow" : "reject")
                    .Append(" | ").Append(t.Versions).Append(" | ").Append(Clauses(t)).Append(" | ").Append(t.Meaning)
                    .Append(" | ").Append(Link(t.Spec)).Append(" |\n");
            }
            text.Append('\n');
        }
        var definitions = tokens.Where(t => !t.IsDecision).ToList();
        if (definitions.Count > 0)
        {
            text.Append(decisions.Count > 0 ? "Definitions the rules above use, which decide nothing themselves:\n\n" : "");
            text.Append("| Token | Room versions | Where | Meaning | Spec |\n|---|---|---|---|---|\n");
            foreach (var t in definitions)
            {
                text.Append("| `").Append(t.Token).Append("` | ").Append(t.Versions).Append(" | ").Append(Clauses(t))
                    .Append(" | ").Append(t.Meaning).Append(" | ").Append(Link(t.Spec)).Append(" |\n");
            }
            text.Append('\n');
        }
        var code = tokens.SelectMany(t => t.Code).Concat(page.Code).Distinct(StringComparer.Ordinal).ToList();
        text.Append("Code: ").Append(string.Join(", ", code.Select(c => CodeLink(c, toRoot)))).Append(".\n\n");
        return text.ToString();
    }

    /// <summary>
    /// The clauses cell: "v1–5: 5.2.4 then 5.2.6; v6–7: …", or for our decisions "— (ours; how it stands[, the clauses])".
    /// </summary>
    public static string Clauses(CatalogueToken token)
    {
        var clauses = string.Join("; ", token.Clauses.Select(c =>
            "v" + c.Versions + ": " + string.Join(" then ", c.At) + (c.Note is null ? "" : " (" + c.Note + ")")));
        if (token.Ours is null) return clauses;
        return "— (ours; " + token.Ours + (clauses.Length == 0 ? "" : ", " + clauses) + ")";
    }

    // The file as the reference's folders name it (Auth/MemberJoinRules.cs), linked from the page.
    private static string CodeLink(string path, string toRoot)
    {
        const string reference = "reference/InviteJoin.Reference/";
        var shown = path.StartsWith(reference, StringComparison.Ordinal) ? path.Substring(reference.Length) : path;
        return "[`" + shown + "`](" + toRoot + path + ")";
    }

    private static string Link(SpecLink link) => "[" + link.Label + "](" + link.Url + ")";
}
