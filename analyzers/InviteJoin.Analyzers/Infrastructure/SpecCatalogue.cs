using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using InviteJoin.Catalogue;

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

/// <summary>What the analyzers read from the rule catalogue: its deciding tokens, or why it cannot be read.</summary>
public sealed class RuleCatalogueEntries
{
    public RuleCatalogueEntries(ImmutableArray<SpecEntry> decisions, string? error, Location? errorLocation)
    {
        Decisions = decisions;
        Error = error;
        ErrorLocation = errorLocation;
    }

    /// <summary>The deciding tokens (the ones the Rule enum must carry), in the catalogue's order; empty when unreadable.</summary>
    public ImmutableArray<SpecEntry> Decisions { get; }

    /// <summary>Why the catalogue cannot be read, or null.</summary>
    public string? Error { get; }

    public Location? ErrorLocation { get; }
}

/// <summary>
/// Reads the spec catalogues passed to the compiler as AdditionalFiles: the rule tokens of
/// <c>spec/rules/catalogue.json</c> (through the one catalogue reader, <see cref="TokenCatalogue"/>,
/// compiled in from generators/InviteJoin.Catalogue) and the invariant ids of <c>spec/invariants.md</c>
/// (an <c>I-nn</c> that opens a heading or a table row).
/// </summary>
public static class SpecCatalogue
{
    private static readonly Regex InvariantLine = new(@"^\s*(?:#+\s*|\|\s*)?[`*_]*(?<id>I-\d{2,})\b", RegexOptions.CultureInvariant);

    public static bool IsRuleCatalogue(AdditionalText file)
    {
        var path = Normalise(file.Path);
        return path.EndsWith("/spec/rules/catalogue.json", StringComparison.Ordinal) || path == "spec/rules/catalogue.json";
    }

    public static bool IsInvariantsFile(AdditionalText file)
    {
        var path = Normalise(file.Path);
        return path.EndsWith("/spec/invariants.md", StringComparison.Ordinal) || path == "spec/invariants.md";
    }

    /// <summary>The rule catalogue's deciding tokens; null when no rule catalogue is passed.</summary>
    public static RuleCatalogueEntries? RuleTokens(IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
    {
        var file = files.Where(IsRuleCatalogue).OrderBy(f => Normalise(f.Path), StringComparer.Ordinal).FirstOrDefault();
        var text = file?.GetText(cancellationToken);
        if (file is null || text is null) return null;
        var (catalogue, error) = TokenCatalogue.Read(text.ToString());
        if (catalogue is null)
        {
            var at = Math.Min(error!.Offset, text.Length);
            var span = new TextSpan(at, at < text.Length ? 1 : 0);
            return new RuleCatalogueEntries(ImmutableArray<SpecEntry>.Empty, error.Message, Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span)));
        }
        var entries = ImmutableArray.CreateBuilder<SpecEntry>();
        foreach (var token in catalogue.Decisions)
        {
            var span = new TextSpan(token.Offset, token.Length);
            entries.Add(new SpecEntry(token.Token, file.Path, span, text.Lines.GetLinePositionSpan(span)));
        }
        return new RuleCatalogueEntries(entries.ToImmutable(), null, null);
    }

    /// <summary>Every invariant id defined in the invariants file; default (not empty) when there is no such file.</summary>
    public static ImmutableArray<SpecEntry> InvariantIds(IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
    {
        var entries = ImmutableArray.CreateBuilder<SpecEntry>();
        var found = false;
        foreach (var file in files.Where(IsInvariantsFile).OrderBy(f => Normalise(f.Path), StringComparer.Ordinal))
        {
            found = true;
            var text = file.GetText(cancellationToken);
            if (text is null) continue;
            foreach (var line in text.Lines)
            {
                var match = InvariantLine.Match(line.ToString());
                if (!match.Success) continue;
                var capture = match.Groups["id"];
                var span = new TextSpan(line.Start + capture.Index, capture.Length);
                entries.Add(new SpecEntry(capture.Value, file.Path, span, text.Lines.GetLinePositionSpan(span)));
            }
        }
        return found ? entries.ToImmutable() : default;
    }

    private static string Normalise(string path) => path.Replace('\\', '/');
}
