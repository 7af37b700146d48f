using System.Text;

namespace InviteJoin.Catalogue.Writing;

/// <summary>
/// The reference's <c>Rule</c> enum and its <c>RuleText</c> table, written from the deciding tokens of
/// the rules catalogue: one member per token, in the catalogue's order, grouped under the group comments.
/// </summary>
public static class RuleFiles
{
    /// <summary>Where the enum lives, from the repository root.</summary>
    public const string EnumPath = "reference/InviteJoin.Reference/Auth/Rule.cs";

    /// <summary>Where the decision and sentence table lives, from the repository root.</summary>
    public const string TextPath = "reference/InviteJoin.Reference/Auth/RuleText.cs";

    /// <summary>The first line of both files; it says where they come from and how to remake them.</summary>
    public const string Header =
        "// Generated from spec/rules/catalogue.json by generators/InviteJoin.Catalogue: edit the catalogue, then run\n" +
        "// `" + CatalogueFiles.WriteCommand + "`. A test fails while this file differs from what the catalogue gives.\n";

    public static string Enum(TokenCatalogue catalogue)
    {
        var text = new StringBuilder();
        text.Append(Header);
        text.Append("""
            using InviteJoin.Reference.Errors;

            namespace InviteJoin.Reference.Auth;

            /// <summary>
            /// Every branch of the authorisation rules of room versions 1–12 that decides, allow or reject,
            /// in the spec's order. The wire token is the stable name vectors and the command line carry;
            /// each token's decision, room versions, clause numbers, meaning and spec link are in
            /// <c>spec/rules/catalogue.json</c>, whose tables on the <c>spec/rules</c> pages are written from it.
            /// </summary>
            public enum Rule
            {
            """);
        text.Append('\n');
        ForEachGroup(catalogue, text, group => text.Append("    // ").Append(group.Comment).Append('\n'), token =>
            text.Append("    [WireToken(\"").Append(token.Token).Append("\")] ").Append(token.Member).Append(",\n"));
        text.Append("}\n");
        return text.ToString();
    }

    public static string Text(TokenCatalogue catalogue)
    {
        var text = new StringBuilder();
        text.Append(Header);
        text.Append("""
            using System.Diagnostics;

            namespace InviteJoin.Reference.Auth;

            /// <summary>
            /// The decision and the human sentence of every <see cref="Rule"/>, from <c>spec/rules/catalogue.json</c>.
            /// Decisions carry the sentence as their reason; tests and vectors compare the token, never the sentence.
            /// </summary>
            public static class RuleText
            {
                /// <summary>Whether <paramref name="rule"/> allows or rejects.</summary>
                public static AuthVerdict VerdictOf(Rule rule) => Entry(rule).Verdict;

                /// <summary>The sentence that explains <paramref name="rule"/> to a person.</summary>
                public static string SentenceOf(Rule rule) => Entry(rule).Sentence;

                private static (AuthVerdict Verdict, string Sentence) Allow(string sentence) => (AuthVerdict.Allow, sentence);

                private static (AuthVerdict Verdict, string Sentence) Reject(string sentence) => (AuthVerdict.Reject, sentence);

                private static (AuthVerdict Verdict, string Sentence) Entry(Rule rule) => rule switch
                {
            """);
        text.Append('\n');
        ForEachGroup(catalogue, text, _ => { }, token =>
            text.Append("        Rule.").Append(token.Member).Append(" => ")
                .Append(token.Decision == TokenDecision.Allow ? "Allow" : "Reject")
                .Append('(').Append(Literal(token.Sentence!)).Append("),\n"));
        text.Append("""

                    _ => throw new UnreachableException("Rule " + rule.ToString() + " has no entry in the rule table."),
                };
            }

            """);
        return text.ToString();
    }

    // Each group with deciding tokens: a blank line between groups, then the group's line and its tokens' lines.
    private static void ForEachGroup(TokenCatalogue catalogue, StringBuilder text, System.Action<TokenGroup> groupLine, System.Action<CatalogueToken> tokenLine)
    {
        var first = true;
        foreach (var group in catalogue.Groups)
        {
            if (!group.Tokens.Any(t => t.IsDecision)) continue;
            if (!first) text.Append('\n');
            first = false;
            groupLine(group);
            foreach (var token in group.Tokens.Where(t => t.IsDecision)) tokenLine(token);
        }
    }

    // A C# string literal: the catalogue's sentences are one line, so only quotes and backslashes need escaping.
    private static string Literal(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
