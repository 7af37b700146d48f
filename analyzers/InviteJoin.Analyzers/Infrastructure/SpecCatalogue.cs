using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>A token or id defined in a spec file, with where it is written.</summary>
public sealed class SpecEntry
{
    public SpecEntry(string value, string path, TextSpan span, LinePositionSpan lines)
    {
        Value = value;
        Path = path;
        Span = span;
        Lines = lines;
    }

    public string Value { get; }

    public string Path { get; }

    public TextSpan Span { get; }

    public LinePositionSpan Lines { get; }

    public Location Location => Location.Create(Path, Span, Lines);
}

/// <summary>
/// Reads the spec catalogues passed to the compiler as AdditionalFiles: the rule tokens of
/// <c>spec/rules/*.md</c> (table rows whose first cell is a backticked token) and the invariant ids of
/// <c>spec/invariants.md</c> (an <c>I-nn</c> that opens a heading or a table row).
/// </summary>
public static class SpecCatalogue
{
    private static readonly Regex RuleRow = new(@"^\s*\|\s*`(?<token>[^`\s|]+)`\s*\|", RegexOptions.CultureInvariant);
    private static readonly Regex InvariantLine = new(@"^\s*(?:#+\s*|\|\s*)?[`*_]*(?<id>I-\d{2,})\b", RegexOptions.CultureInvariant);

    public static bool IsRulesFile(AdditionalText file)
    {
        var path = Normalise(file.Path);
        return path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && (path.Contains("/spec/rules/") || path.StartsWith("spec/rules/", StringComparison.Ordinal));
    }

    public static bool IsInvariantsFile(AdditionalText file)
    {
        var path = Normalise(file.Path);
        return path.EndsWith("/spec/invariants.md", StringComparison.Ordinal) || path == "spec/invariants.md";
    }

    /// <summary>Every rule token listed in the rules files, in file then line order.</summary>
    public static ImmutableArray<SpecEntry> RuleTokens(IEnumerable<AdditionalText> files, CancellationToken cancellationToken) =>
        Read(files.Where(IsRulesFile), RuleRow, "token", cancellationToken);

    /// <summary>Every invariant id defined in the invariants file; default (not empty) when there is no such file.</summary>
    public static ImmutableArray<SpecEntry> InvariantIds(IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
    {
        var catalogue = files.Where(IsInvariantsFile).ToList();
        return catalogue.Count == 0 ? default : Read(catalogue, InvariantLine, "id", cancellationToken);
    }


    private static ImmutableArray<SpecEntry> Read(IEnumerable<AdditionalText> files, Regex pattern, string group, CancellationToken cancellationToken)
    {
        var entries = ImmutableArray.CreateBuilder<SpecEntry>();
        foreach (var file in files.OrderBy(f => Normalise(f.Path), StringComparer.Ordinal))
        {
            var text = file.GetText(cancellationToken);
            if (text is null) continue;
            foreach (var line in text.Lines)
            {
                var match = pattern.Match(line.ToString());
                if (!match.Success) continue;
                var capture = match.Groups[group];
                var span = new TextSpan(line.Start + capture.Index, capture.Length);
                entries.Add(new SpecEntry(capture.Value, file.Path, span, text.Lines.GetLinePositionSpan(span)));
            }
        }
        return entries.ToImmutable();
    }

    private static string Normalise(string path) => path.Replace('\\', '/');
}
