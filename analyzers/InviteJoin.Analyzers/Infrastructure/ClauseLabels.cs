using System.Text.RegularExpressions;

namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>A clause label found in a comment: where it starts in the text, how long it is, and the label.</summary>
public readonly struct ClauseLabel
{
    public ClauseLabel(int start, int length, string text)
    {
        Start = start;
        Length = length;
        Text = text;
    }

    public int Start { get; }

    public int Length { get; }

    public string Text { get; }
}

/// <summary>
/// Private shorthands for clauses of the authorisation rules that no page of spec/ defines: a capital
/// letter A–M followed by numbers (<c>F3.5.2</c>, <c>K4</c>, <c>F4.1c</c>), a letter named as a rule
/// (<c>rule C</c>, <c>rules K</c>), a range of such letters (<c>D–M</c>), and such a letter standing alone
/// before a parenthesis (<c>// D (v1–11: 3; v12: 4)</c>). Labels that a page does
/// define are not private: the historical bug ids <c>B1</c>… (spec/historical-bugs.md) and the attacks
/// <c>A1</c>–<c>A4</c> (spec/dance.md). Shared by the analyzer and the test that scans every source
/// file under reference/.
/// </summary>
public static class ClauseLabels
{
    private static readonly Regex Numbered = new(@"\b[A-M][1-9][0-9]*(?:\.[0-9]+)*[a-h]?\b", RegexOptions.CultureInvariant);
    private static readonly Regex NamedRule = new(@"\b[Rr]ules? (?<label>[A-M])\b(?![-–'’])", RegexOptions.CultureInvariant);
    private static readonly Regex LetterRange = new(@"\b[A-M] ?[–-] ?[A-M]\b", RegexOptions.CultureInvariant);
    private static readonly Regex LetterWithParenthesis = new(@"(?<![\w.`'’-])[A-M](?= \()", RegexOptions.CultureInvariant);
    private static readonly Regex DefinedByAPage = new(@"^(?:B[1-9][0-9]*|A[1-4])$", RegexOptions.CultureInvariant);

    /// <summary>Every private label in <paramref name="comment"/>, in the order they appear.</summary>
    public static IEnumerable<ClauseLabel> Find(string comment)
    {
        var found = new List<ClauseLabel>();
        foreach (Match match in Numbered.Matches(comment))
        {
            if (!DefinedByAPage.IsMatch(match.Value)) found.Add(new ClauseLabel(match.Index, match.Length, match.Value));
        }
        foreach (Match match in NamedRule.Matches(comment)) found.Add(new ClauseLabel(match.Index, match.Length, match.Value));
        foreach (Match match in LetterRange.Matches(comment)) found.Add(new ClauseLabel(match.Index, match.Length, match.Value));
        foreach (Match match in LetterWithParenthesis.Matches(comment)) found.Add(new ClauseLabel(match.Index, match.Length, match.Value));
        return found.OrderBy(l => l.Start);
    }
}
