using System.Text;
using InviteJoin.Catalogue.Writing;

namespace InviteJoin.Catalogue;

/// <summary>A file the catalogues determine: its path from the repository root and its whole text.</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>
/// The token catalogues of the repository and the files written from them: the rules catalogue gives
/// <c>Rule.cs</c>, <c>RuleText.cs</c> and the tables of the <c>spec/rules</c> pages; the state-resolution
/// catalogue gives the tables of the <c>spec/state-res</c> pages.
/// </summary>
public static class CatalogueFiles
{
    /// <summary>The command that rewrites every generated file.</summary>
    public const string WriteCommand = "dotnet run --project generators/InviteJoin.Catalogue -- --write";

    /// <summary>The rules catalogue, from the repository root.</summary>
    public const string RulesPath = "spec/rules/catalogue.json";

    /// <summary>The state-resolution catalogue, from the repository root.</summary>
    public const string StateResPath = "spec/state-res/catalogue.json";

    /// <summary>Every catalogue, from the repository root.</summary>
    public static readonly IReadOnlyList<string> Paths = [RulesPath, StateResPath];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the catalogue at <paramref name="path"/> (from <paramref name="root"/>); the error names file, line and column.</summary>
    public static (TokenCatalogue? Catalogue, string? Error) Load(string root, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(root, path), Utf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return (null, path + ": cannot be read: " + e.Message);
        }
        var (catalogue, error) = TokenCatalogue.Read(text);
        return (catalogue, error?.Describe(path, text));
    }

    /// <summary>The generated files as the catalogues under <paramref name="root"/> determine them, or the problems that prevent it.</summary>
    public static (IReadOnlyList<GeneratedFile> Files, IReadOnlyList<string> Problems) Expected(string root)
    {
        var files = new List<GeneratedFile>();
        var problems = new List<string>();
        foreach (var path in Paths)
        {
            var (catalogue, error) = Load(root, path);
            if (catalogue is null)
            {
                problems.Add(error!);
                continue;
            }
            if (path == RulesPath)
            {
                files.Add(new GeneratedFile(RuleFiles.EnumPath, RuleFiles.Enum(catalogue)));
                files.Add(new GeneratedFile(RuleFiles.TextPath, RuleFiles.Text(catalogue)));
            }
            var folder = path[..path.LastIndexOf('/')];
            var toRoot = string.Concat(Enumerable.Repeat("../", folder.Count(c => c == '/') + 1));
            foreach (var page in catalogue.Pages)
            {
                var pagePath = folder + "/" + page.File;
                string current;
                try
                {
                    current = File.ReadAllText(Path.Combine(root, pagePath), Utf8);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
                {
                    problems.Add(pagePath + ": cannot be read (" + e.Message + "); every page of " + path + " must exist with its prose");
                    continue;
                }
                var replaced = PageTables.Replace(current, PageTables.Render(catalogue, page, toRoot));
                if (replaced is null)
                {
                    problems.Add(pagePath + ": needs one line '" + PageTables.Begin + "' and, after it, one line '" + PageTables.End + "' where the tables go");
                    continue;
                }
                files.Add(new GeneratedFile(pagePath, replaced));
            }
        }
        return (files, problems);
    }

    /// <summary>The generated files whose text on disk differs from <paramref name="files"/> (missing files included).</summary>
    public static IReadOnlyList<string> Stale(string root, IEnumerable<GeneratedFile> files) =>
        files.Where(file =>
        {
            var path = Path.Combine(root, file.Path);
            return !File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(Utf8.GetBytes(file.Text));
        }).Select(file => file.Path).ToList();

    /// <summary>Writes <paramref name="files"/> under <paramref name="root"/> as UTF-8 without a byte order mark.</summary>
    public static void Write(string root, IEnumerable<GeneratedFile> files)
    {
        foreach (var file in files) File.WriteAllText(Path.Combine(root, file.Path), file.Text, Utf8);
    }

    /// <summary>The folder holding Reference.sln, at or above <paramref name="start"/>; null when there is none.</summary>
    public static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Reference.sln"))) return directory.FullName;
        }
        return null;
    }
}
