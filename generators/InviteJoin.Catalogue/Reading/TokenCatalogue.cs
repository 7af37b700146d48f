using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace InviteJoin.Catalogue;

/// <summary>Whether a deciding token allows or rejects.</summary>
public enum TokenDecision
{
    Allow,
    Reject,
}

/// <summary>A range of room versions, both ends included.</summary>
public readonly struct VersionRange : IEquatable<VersionRange>
{
    public VersionRange(int first, int last)
    {
        First = first;
        Last = last;
    }

    public int First { get; }

    public int Last { get; }

    public bool Contains(int version) => version >= First && version <= Last;

    /// <summary>Every version of the range, in increasing order.</summary>
    public IEnumerable<int> Versions => Enumerable.Range(First, Last - First + 1);

    public bool Equals(VersionRange other) => First == other.First && Last == other.Last;

    public override bool Equals(object? obj) => obj is VersionRange other && Equals(other);

    public override int GetHashCode() => First * 31 + Last;

    /// <summary>"1–12", or "12" for a single version (with an en dash, as the pages write ranges).</summary>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : First.ToString(CultureInfo.InvariantCulture) + "–" + Last.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where a token's branch stands in the spec's text for some room versions: the clause numbers (or, for a step, the section), in the order they apply.</summary>
public sealed class TokenClauses
{
    public TokenClauses(VersionRange versions, IReadOnlyList<string> at, string? note)
    {
        Versions = versions;
        At = at;
        Note = note;
    }

    public VersionRange Versions { get; }

    /// <summary>The clauses; several when the branch falls through one into the next (rendered "5.2.4 then 5.2.6").</summary>
    public IReadOnlyList<string> At { get; }

    /// <summary>A remark on how the spec numbers them, or null.</summary>
    public string? Note { get; }
}

/// <summary>A link to the text a token comes from.</summary>
public sealed class SpecLink
{
    public SpecLink(string label, string url)
    {
        Label = label;
        Url = url;
    }

    public string Label { get; }

    public string Url { get; }
}

/// <summary>
/// One token of a catalogue. A deciding token (it has a <see cref="Decision"/>) is a member of the
/// reference's <c>Rule</c> enum, which an allow or reject names; a defining token names a definition or
/// an algorithm step that the code cites in its comments.
/// </summary>
public sealed class CatalogueToken
{
    public CatalogueToken(
        string token, int offset, int length, string page, string group, string? member, TokenDecision? decision, string? sentence,
        VersionRange versions, IReadOnlyList<TokenClauses> clauses, string? ours, string meaning, SpecLink spec, IReadOnlyList<string> code)
    {
        Token = token;
        Offset = offset;
        Length = length;
        Page = page;
        Group = group;
        Member = member;
        Decision = decision;
        Sentence = sentence;
        Versions = versions;
        Clauses = clauses;
        Ours = ours;
        Meaning = meaning;
        Spec = spec;
        Code = code;
    }

    /// <summary>The wire token, for example <c>member.join.not_invited</c>.</summary>
    public string Token { get; }

    /// <summary>Where the token's string (with its quotes) stands in the catalogue's text.</summary>
    public int Offset { get; }

    public int Length { get; }

    /// <summary>The page (a file name in the catalogue's folder) whose table lists the token.</summary>
    public string Page { get; }

    /// <summary>The comment of the token's group, as the generated enum writes it above the group.</summary>
    public string Group { get; }

    /// <summary>The C# member of the <c>Rule</c> enum; null for a defining token.</summary>
    public string? Member { get; }

    /// <summary>Allow or reject; null for a defining token.</summary>
    public TokenDecision? Decision { get; }

    /// <summary>The human sentence a decision carries as its reason; null for a defining token.</summary>
    public string? Sentence { get; }

    public bool IsDecision => Decision is not null;

    /// <summary>The room versions in which the branch or definition exists.</summary>
    public VersionRange Versions { get; }

    /// <summary>The clause numbers in each room version of <see cref="Versions"/>, partitioning it (empty only for some of our decisions).</summary>
    public IReadOnlyList<TokenClauses> Clauses { get; }

    /// <summary>Set when the token is our decision where the spec is silent: how it stands in the spec's order.</summary>
    public string? Ours { get; }

    /// <summary>What the token means, in our words (Markdown, one line).</summary>
    public string Meaning { get; }

    public SpecLink Spec { get; }

    /// <summary>The code files that decide or define it, relative to the repository root.</summary>
    public IReadOnlyList<string> Code { get; }
}

/// <summary>A page of a catalogue: a Markdown file in the catalogue's folder whose tables are generated.</summary>
public sealed class CataloguePage
{
    public CataloguePage(string file, IReadOnlyList<string> code)
    {
        File = file;
        Code = code;
    }

    public string File { get; }

    /// <summary>Code the page names besides its tokens' own files, relative to the repository root.</summary>
    public IReadOnlyList<string> Code { get; }
}

/// <summary>Tokens that stand together in the generated enum under one comment, all on one page.</summary>
public sealed class TokenGroup
{
    public TokenGroup(string page, string comment, IReadOnlyList<CatalogueToken> tokens)
    {
        Page = page;
        Comment = comment;
        Tokens = tokens;
    }

    public string Page { get; }

    public string Comment { get; }

    public IReadOnlyList<CatalogueToken> Tokens { get; }
}

/// <summary>A catalogue that could not be read: the message names the JSON path, and the offset where it is.</summary>
public sealed class CatalogueError
{
    public CatalogueError(string message, int offset)
    {
        Message = message;
        Offset = offset;
    }

    public string Message { get; }

    public int Offset { get; }

    /// <summary>"file:line:column: message", with <paramref name="text"/> the catalogue's text.</summary>
    public string Describe(string path, string text)
    {
        var (line, column) = CatalogueJson.LineAndColumn(text, Offset);
        return path + ":" + line.ToString(CultureInfo.InvariantCulture) + ":" + column.ToString(CultureInfo.InvariantCulture) + ": " + Message;
    }
}

/// <summary>
/// A token catalogue (<c>spec/rules/catalogue.json</c>, <c>spec/state-res/catalogue.json</c>) as data:
/// the one reader of those files, shared by the catalogue tool, the tests and the analyzers. It checks
/// everything <c>spec/rules/catalogue.schema.json</c> says (closed objects, types, patterns) and what a
/// schema cannot say: tokens and members unique, each token's clauses partitioning its room versions,
/// every group on a listed page and every page used.
/// </summary>
public sealed class TokenCatalogue
{
    /// <summary>The keys the reader accepts in each kind of object, required ones first; the schema test compares them with the JSON Schema.</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Required, string[] Optional)> Shapes = new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
    {
        ["catalogue"] = (new[] { "spec_version", "room_versions", "pages", "groups" }, new[] { "$schema" }),
        ["versions"] = (new[] { "first", "last" }, new string[0]),
        ["page"] = (new[] { "file", "code" }, new string[0]),
        ["group"] = (new[] { "page", "comment", "tokens" }, new string[0]),
        ["decision_token"] = (new[] { "token", "member", "decision", "versions", "clauses", "meaning", "sentence", "spec", "code" }, new[] { "ours" }),
        ["definition_token"] = (new[] { "token", "versions", "clauses", "meaning", "spec", "code" }, new[] { "ours" }),
        ["clauses"] = (new[] { "versions", "at" }, new[] { "note" }),
        ["spec"] = (new[] { "label", "url" }, new string[0]),
    };

    /// <summary>A token: dot-separated words of lower-case letters, digits and underscores.</summary>
    public const string TokenPattern = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$";

    /// <summary>A C# enum member name.</summary>
    public const string MemberPattern = "^[A-Z][A-Za-z0-9]*$";

    /// <summary>A page: a Markdown file in the catalogue's own folder.</summary>
    public const string PagePattern = "^[A-Za-z0-9][A-Za-z0-9-]*\\.md$";

    /// <summary>A code file: a path from the repository root with forward slashes, no "." or ".." segments.</summary>
    public const string CodePattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\\.cs$";

    /// <summary>A spec link: https only.</summary>
    public const string UrlPattern = "^https://[^\\s)]+$";

    private static readonly Regex TokenFormat = new(TokenPattern, RegexOptions.CultureInvariant);
    private static readonly Regex MemberFormat = new(MemberPattern, RegexOptions.CultureInvariant);
    private static readonly Regex PageFormat = new(PagePattern, RegexOptions.CultureInvariant);
    private static readonly Regex CodeFormat = new(CodePattern, RegexOptions.CultureInvariant);
    private static readonly Regex UrlFormat = new(UrlPattern, RegexOptions.CultureInvariant);

    private TokenCatalogue(string specVersion, VersionRange roomVersions, IReadOnlyList<CataloguePage> pages, IReadOnlyList<TokenGroup> groups)
    {
        SpecVersion = specVersion;
        RoomVersions = roomVersions;
        Pages = pages;
        Groups = groups;
        Tokens = groups.SelectMany(g => g.Tokens).ToList();
    }

    /// <summary>The version of the Matrix specification the catalogue cites, for example <c>v1.19</c>.</summary>
    public string SpecVersion { get; }

    /// <summary>The room versions the catalogue covers; every token's range lies within it.</summary>
    public VersionRange RoomVersions { get; }

    public IReadOnlyList<CataloguePage> Pages { get; }

    /// <summary>The groups in the spec's order (the order of the generated enum).</summary>
    public IReadOnlyList<TokenGroup> Groups { get; }

    /// <summary>Every token, in the spec's order.</summary>
    public IReadOnlyList<CatalogueToken> Tokens { get; }

    /// <summary>The deciding tokens (the <c>Rule</c> enum), in the spec's order.</summary>
    public IEnumerable<CatalogueToken> Decisions => Tokens.Where(t => t.IsDecision);

    /// <summary>The defining tokens, in the spec's order.</summary>
    public IEnumerable<CatalogueToken> Definitions => Tokens.Where(t => !t.IsDecision);

    /// <summary>Reads a catalogue from its text; exactly one of the two results is null.</summary>
    public static (TokenCatalogue? Catalogue, CatalogueError? Error) Read(string text)
    {
        try
        {
            return (Build(CatalogueJson.Parse(text)), null);
        }
        catch (CatalogueFormatException e)
        {
            return (null, new CatalogueError(e.Message, e.Offset));
        }
    }

    private static TokenCatalogue Build(CatalogueJsonValue value)
    {
        var root = Closed(value, "$", "catalogue");
        OptionalString(root, "$", "$schema");
        var specVersion = String(root, "$", "spec_version");
        if (!Regex.IsMatch(specVersion, "^v[0-9]+\\.[0-9]+$", RegexOptions.CultureInvariant)) throw Fail(root["spec_version"]!, "$.spec_version", "must look like v1.19");
        var roomVersions = Versions(root["room_versions"]!, "$.room_versions", new VersionRange(1, 99));

        var pages = new List<CataloguePage>();
        var pageFiles = new HashSet<string>(StringComparer.Ordinal);
        var pagesArray = Array(root, "$", "pages", atLeastOne: true);
        for (var i = 0; i < pagesArray.Items.Count; i++)
        {
            var path = "$.pages[" + Index(i) + "]";
            var page = Closed(pagesArray.Items[i], path, "page");
            var file = Matching(page, path, "file", PageFormat, "a Markdown file name such as 06a-member-join.md");
            if (!pageFiles.Add(file)) throw Fail(page["file"]!, path + ".file", "page " + file + " is listed twice");
            pages.Add(new CataloguePage(file, CodeList(page, path, atLeastOne: false)));
        }

        var groups = new List<TokenGroup>();
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        var usedPages = new HashSet<string>(StringComparer.Ordinal);
        var groupsArray = Array(root, "$", "groups", atLeastOne: true);
        for (var i = 0; i < groupsArray.Items.Count; i++)
        {
            var path = "$.groups[" + Index(i) + "]";
            var group = Closed(groupsArray.Items[i], path, "group");
            var page = String(group, path, "page");
            if (!pageFiles.Contains(page)) throw Fail(group["page"]!, path + ".page", "page " + page + " is not listed in $.pages");
            usedPages.Add(page);
            var comment = String(group, path, "comment");
            var list = new List<CatalogueToken>();
            var tokenArray = Array(group, path, "tokens", atLeastOne: true);
            for (var j = 0; j < tokenArray.Items.Count; j++)
            {
                var token = ReadToken(tokenArray.Items[j], path + ".tokens[" + Index(j) + "]", page, comment, roomVersions);
                if (!tokens.Add(token.Token)) throw new CatalogueFormatException(token.Offset, path + ".tokens[" + Index(j) + "].token: " + token.Token + " is listed twice");
                if (token.Member is { } member && !members.Add(member)) throw new CatalogueFormatException(token.Offset, path + ".tokens[" + Index(j) + "].member: " + member + " is used twice");
                list.Add(token);
            }
            groups.Add(new TokenGroup(page, comment, list));
        }

        foreach (var page in pages)
        {
            if (!usedPages.Contains(page.File)) throw Fail(pagesArray, "$.pages", "page " + page.File + " has no tokens");
            var tokenCode = new HashSet<string>(groups.Where(g => g.Page == page.File).SelectMany(g => g.Tokens).SelectMany(t => t.Code), StringComparer.Ordinal);
            foreach (var code in page.Code)
            {
                if (tokenCode.Contains(code)) throw Fail(pagesArray, "$.pages", "page " + page.File + " lists " + code + ", which a token of the page already names");
            }
        }
        return new TokenCatalogue(specVersion, roomVersions, pages, groups);
    }

    private static CatalogueToken ReadToken(CatalogueJsonValue value, string path, string page, string group, VersionRange roomVersions)
    {
        var obj = value as CatalogueJsonObject ?? throw Fail(value, path, "must be an object, not " + value.Kind);
        var isDecision = obj["decision"] is not null;
        Closed(obj, path, isDecision ? "decision_token" : "definition_token");
        var tokenValue = (CatalogueJsonString)obj["token"]!;
        var token = Matching(obj, path, "token", TokenFormat, "dot-separated lower-case words, such as member.join.not_invited");
        string? member = null;
        TokenDecision? decision = null;
        string? sentence = null;
        if (isDecision)
        {
            member = Matching(obj, path, "member", MemberFormat, "a C# member name such as MemberJoinNotInvited");
            var decisionText = String(obj, path, "decision");
            decision = decisionText switch
            {
                "allow" => TokenDecision.Allow,
                "reject" => TokenDecision.Reject,
                _ => throw Fail(obj["decision"]!, path + ".decision", "must be allow or reject, not " + decisionText),
            };
            sentence = OneLine(obj, path, "sentence");
        }
        var versions = Versions(obj["versions"]!, path + ".versions", roomVersions);
        var ours = obj["ours"] is null ? null : OneLine(obj, path, "ours");
        var clausesArray = Array(obj, path, "clauses", atLeastOne: ours is null);
        var clauses = new List<TokenClauses>();
        for (var i = 0; i < clausesArray.Items.Count; i++)
        {
            var clausePath = path + ".clauses[" + Index(i) + "]";
            var entry = Closed(clausesArray.Items[i], clausePath, "clauses");
            var range = Versions(entry["versions"]!, clausePath + ".versions", versions);
            var expectedFirst = i == 0 ? versions.First : clauses[i - 1].Versions.Last + 1;
            if (range.First != expectedFirst)
            {
                throw Fail(entry["versions"]!, clausePath + ".versions", "starts at " + Text(range.First) + " but must start at " + Text(expectedFirst) + ": the clauses partition the token's versions " + versions + " in order");
            }
            var at = new List<string>();
            var atArray = Array(entry, clausePath, "at", atLeastOne: true);
            for (var j = 0; j < atArray.Items.Count; j++)
            {
                at.Add(NonEmptyLine(atArray.Items[j], clausePath + ".at[" + Index(j) + "]"));
            }
            var note = entry["note"] is null ? null : OneLine(entry, clausePath, "note");
            clauses.Add(new TokenClauses(range, at, note));
        }
        if (clauses.Count > 0 && clauses[clauses.Count - 1].Versions.Last != versions.Last)
        {
            throw Fail(clausesArray, path + ".clauses", "end at " + Text(clauses[clauses.Count - 1].Versions.Last) + " but the token's versions end at " + Text(versions.Last));
        }
        var meaning = OneLine(obj, path, "meaning");
        var specObject = Closed(obj["spec"]!, path + ".spec", "spec");
        var spec = new SpecLink(OneLine(specObject, path + ".spec", "label"), Matching(specObject, path + ".spec", "url", UrlFormat, "an https:// address"));
        var code = CodeList(obj, path, atLeastOne: true);
        return new CatalogueToken(token, tokenValue.Offset, tokenValue.Length, page, group, member, decision, sentence, versions, clauses, ours, meaning, spec, code);
    }

    // The object at path, which must hold every required key of its shape and nothing but its keys.
    private static CatalogueJsonObject Closed(CatalogueJsonValue value, string path, string shape)
    {
        var obj = value as CatalogueJsonObject ?? throw Fail(value, path, "must be an object, not " + value.Kind);
        var (required, optional) = Shapes[shape];
        foreach (var member in obj.Members)
        {
            if (System.Array.IndexOf(required, member.Key) < 0 && System.Array.IndexOf(optional, member.Key) < 0)
            {
                throw Fail(member.Value, path, "unknown key '" + member.Key + "' (allowed: " + string.Join(", ", required.Concat(optional)) + ")");
            }
        }
        foreach (var key in required)
        {
            if (obj[key] is null) throw Fail(obj, path, "missing key '" + key + "'");
        }
        return obj;
    }

    private static VersionRange Versions(CatalogueJsonValue value, string path, VersionRange within)
    {
        var obj = Closed(value, path, "versions");
        var first = Integer(obj, path, "first");
        var last = Integer(obj, path, "last");
        if (first > last) throw Fail(obj, path, "first (" + Text(first) + ") is after last (" + Text(last) + ")");
        if (first < within.First || last > within.Last) throw Fail(obj, path, Text(first) + "–" + Text(last) + " is not within " + within);
        return new VersionRange(first, last);
    }

    private static int Integer(CatalogueJsonObject obj, string path, string key)
    {
        var value = obj[key]!;
        if (value is not CatalogueJsonInteger integer || integer.Value < 1 || integer.Value > 99) throw Fail(value, path + "." + key, "must be an integer from 1 to 99");
        return (int)integer.Value;
    }

    private static string String(CatalogueJsonObject obj, string path, string key)
    {
        var value = obj[key]!;
        return value is CatalogueJsonString s ? s.Value : throw Fail(value, path + "." + key, "must be a string, not " + value.Kind);
    }

    private static void OptionalString(CatalogueJsonObject obj, string path, string key)
    {
        if (obj[key] is { } value && value is not CatalogueJsonString) throw Fail(value, path + "." + key, "must be a string, not " + value.Kind);
    }

    // A non-empty string on one line without '|' (it becomes a cell of a Markdown table).
    private static string OneLine(CatalogueJsonObject obj, string path, string key) => NonEmptyLine(obj[key]!, path + "." + key);

    private static string NonEmptyLine(CatalogueJsonValue value, string path)
    {
        if (value is not CatalogueJsonString s) throw Fail(value, path, "must be a string, not " + value.Kind);
        if (s.Value.Trim().Length == 0) throw Fail(value, path, "must not be empty");
        if (s.Value.Trim() != s.Value) throw Fail(value, path, "must not start or end with white space");
        if (s.Value.IndexOf('\n') >= 0 || s.Value.IndexOf('\r') >= 0 || s.Value.IndexOf('|') >= 0) throw Fail(value, path, "must be one line without '|'");
        return s.Value;
    }

    private static string Matching(CatalogueJsonObject obj, string path, string key, Regex format, string expected)
    {
        var text = String(obj, path, key);
        return format.IsMatch(text) ? text : throw Fail(obj[key]!, path + "." + key, "'" + text + "' is not " + expected);
    }

    private static CatalogueJsonArray Array(CatalogueJsonObject obj, string path, string key, bool atLeastOne)
    {
        var value = obj[key]!;
        var array = value as CatalogueJsonArray ?? throw Fail(value, path + "." + key, "must be an array, not " + value.Kind);
        if (atLeastOne && array.Items.Count == 0) throw Fail(value, path + "." + key, "must not be empty");
        return array;
    }

    private static IReadOnlyList<string> CodeList(CatalogueJsonObject obj, string path, bool atLeastOne)
    {
        var array = Array(obj, path, "code", atLeastOne);
        var files = new List<string>();
        for (var i = 0; i < array.Items.Count; i++)
        {
            var itemPath = path + ".code[" + Index(i) + "]";
            var item = array.Items[i];
            var file = item is CatalogueJsonString s ? s.Value : throw Fail(item, itemPath, "must be a string, not " + item.Kind);
            if (!CodeFormat.IsMatch(file)) throw Fail(item, itemPath, "'" + file + "' is not a .cs path from the repository root");
            if (files.Contains(file)) throw Fail(item, itemPath, file + " is listed twice");
            files.Add(file);
        }
        return files;
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static CatalogueFormatException Fail(CatalogueJsonValue at, string path, string message) => new(at.Offset, path + ": " + message);
}
