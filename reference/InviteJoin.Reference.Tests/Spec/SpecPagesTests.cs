using System.Reflection;
using System.Text.RegularExpressions;

namespace InviteJoin.Reference.Tests.Spec;

/// <summary>
/// spec/README.md says every folder of the reference has its page: each folder of
/// reference/InviteJoin.Reference (subfolders included) is named by a page of spec/, as a path to the folder
/// or to a file in it. And every path a page names — a backticked path from the repository root or a
/// relative Markdown link — leads to a file or folder that exists, and every token a page names is one the
/// reference has.
/// </summary>
public sealed partial class SpecPagesTests
{
    private const string Library = "reference/InviteJoin.Reference";

    /// <summary>The repository's top-level folders a backticked path may start with.</summary>
    private static readonly string[] TopLevel = ["reference/", "generators/", "properties/", "analyzers/", "spec/", "vectors/", "adapters/", "audits/", "deploy/", ".ci/"];

    [GeneratedRegex(@"`(?<path>[A-Za-z0-9_.][A-Za-z0-9_./-]*)`")]
    private static partial Regex BacktickedPath();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkTarget();

    /// <summary>A backticked file name (`json.md`) is a file, not a token.</summary>
    private static readonly string[] FileExtensions = ["md", "json", "yaml", "yml", "cs", "mmd", "dot"];

    [GeneratedRegex(@"`(?<token>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)(?<family>\.\*)?`")]
    private static partial Regex BacktickedToken();

    private sealed record PagePath(string Page, string Written, string Resolved);

    // Every path the pages of spec/ name, resolved against the repository root.
    private static List<PagePath> PathsInPages()
    {
        var paths = new List<PagePath>();
        var spec = Repository.PathOf("spec");
        foreach (var page in Directory.EnumerateFiles(spec, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relativePage = Path.GetRelativePath(Repository.Root, page).Replace('\\', '/');
            var folder = relativePage[..relativePage.LastIndexOf('/')];
            var text = File.ReadAllText(page);
            foreach (Match match in BacktickedPath().Matches(text))
            {
                var written = match.Groups["path"].Value;
                if (TopLevel.Any(top => written.StartsWith(top, StringComparison.Ordinal))) paths.Add(new PagePath(relativePage, written, Normalise(written)));
            }
            foreach (Match match in LinkTarget().Matches(text))
            {
                var target = match.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var withoutAnchor = target.Split('#')[0];
                paths.Add(new PagePath(relativePage, target, Normalise(folder + "/" + withoutAnchor)));
            }
        }
        return paths;
    }

    // A path from the repository root with "." and ".." resolved and no trailing slash.
    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0) parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }

    [Fact]
    public void EveryPathAPageNames_Exists()
    {
        var paths = PathsInPages();
        Assert.Contains(paths, p => p.Resolved == "reference/InviteJoin.Reference/Auth/MemberJoinRules.cs");
        var missing = paths
            .Where(p => !File.Exists(Repository.PathOf(p.Resolved)) && !Directory.Exists(Repository.PathOf(p.Resolved)))
            .Select(p => p.Page + " names " + p.Written + (p.Written == p.Resolved ? "" : " (" + p.Resolved + ")") + ", which does not exist")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, missing.Count + " path(s) in spec/ lead nowhere:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void EveryFolderOfTheReference_HasAPage()
    {
        var named = PathsInPages().Select(p => p.Resolved).ToHashSet(StringComparer.Ordinal);
        var root = Repository.PathOf(Library);
        var folders = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
            .Select(d => Library + "/" + Path.GetRelativePath(root, d).Replace('\\', '/'))
            .Where(d => !d.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(Library + "/Auth", folders);
        var withoutPage = folders
            .Where(folder => !named.Contains(folder) && !named.Any(path => path.StartsWith(folder + "/", StringComparison.Ordinal) && !path[(folder.Length + 1)..].Contains('/')))
            .ToList();
        Assert.True(withoutPage.Count == 0, "folders of the reference that no page of spec/ names (as the folder or a file in it):\n  " + string.Join("\n  ", withoutPage));
    }

    [Fact]
    public void EveryTokenAPageNames_IsOneTheReferenceHas()
    {
        // The tokens of the catalogues and of every closed enum of the reference; a backticked dotted word
        // counts as a token when it starts with one of their first words (`json.`, `member.`, `stateres.` …).
        var known = Catalogues.All.SelectMany(c => c.Catalogue.Tokens).Select(t => t.Token)
            .Concat(typeof(WireTokenAttribute).Assembly.GetTypes().Where(t => t.IsEnum)
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Select(f => f.GetCustomAttribute<WireTokenAttribute>()?.Token).OfType<string>())
            .ToHashSet(StringComparer.Ordinal);
        var prefixes = known.Where(t => t.Contains('.')).Select(t => t[..t.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var page in Directory.EnumerateFiles(Repository.PathOf("spec"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (Match match in BacktickedToken().Matches(File.ReadAllText(page)))
            {
                var token = match.Groups["token"].Value;
                if (!prefixes.Contains(token[..token.IndexOf('.')]) || FileExtensions.Contains(token[(token.LastIndexOf('.') + 1)..])) continue;
                var ok = match.Groups["family"].Success ? known.Any(k => k.StartsWith(token + ".", StringComparison.Ordinal) || k.StartsWith(token + "_", StringComparison.Ordinal)) : known.Contains(token);
                if (!ok) unknown.Add(Path.GetRelativePath(Repository.Root, page) + " names `" + match.Value.Trim('`') + "`");
            }
        }
        Assert.True(unknown.Count == 0, "tokens named in spec/ that no catalogue or enum of the reference has:\n  " + string.Join("\n  ", unknown.Distinct(StringComparer.Ordinal)));
    }
}
