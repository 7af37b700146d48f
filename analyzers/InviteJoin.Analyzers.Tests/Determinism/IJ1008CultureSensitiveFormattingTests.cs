namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1008CultureSensitiveFormattingTests
{
    [Fact]
    public Task CurrentCultureFormattingParsingAndCasing_Report() => Verify.AnalyzerAsync<CultureSensitiveFormattingAnalyzer>("""
        using System;
        using System.Globalization;
        using System.Numerics;
        using System.Text;
        class C
        {
            object[] M(int i, double d, DateTime t, BigInteger big, string s, char c, StringBuilder sb, Span<char> span) =>
            [
                {|IJ1008:i.ToString()|},
                {|IJ1008:d.ToString("R")|},
                {|IJ1008:t.ToString()|},
                {|IJ1008:big.ToString()|},
                {|IJ1008:string.Format("{0}", i)|},
                {|IJ1008:int.Parse(s)|},
                {|IJ1008:long.TryParse(s, out var parsed)|},
                {|IJ1008:s.ToUpper()|},
                {|IJ1008:char.ToLower(c)|},
                {|IJ1008:sb.AppendFormat("{0}", i)|},
                {|IJ1008:Convert.ToString(i)|},
                {|IJ1008:i.TryFormat(span, out var written)|},
                i.ToString("x", {|IJ1008:null|}),
                {|IJ1008:CultureInfo.CurrentCulture|},
            ];
        }
        """);

    [Fact]
    public Task InvariantOrCultureFreeFormatting_DoesNotReport() => Verify.AnalyzerAsync<CultureSensitiveFormattingAnalyzer>("""
        using System;
        using System.Globalization;
        using System.Text;
        enum E { A }
        class C
        {
            object[] M(int i, double d, string s, char c, bool b, Guid g, E e, object o, StringBuilder sb, Span<char> span) =>
            [
                i.ToString(CultureInfo.InvariantCulture),
                d.ToString("R", CultureInfo.InvariantCulture),
                string.Format(CultureInfo.InvariantCulture, "{0}", i),
                int.Parse(s, CultureInfo.InvariantCulture),
                s.ToUpperInvariant(), char.ToLowerInvariant(c),
                s.ToString(), c.ToString(), b.ToString(), g.ToString(), e.ToString(), o.ToString(),
                $"value {i} of {d}",
                sb.Append($"at {i}"),
                i.TryFormat(span, out var written, default, CultureInfo.InvariantCulture),
                CultureInfo.InvariantCulture,
            ];
        }
        """);

    [Fact]
    public Task MissingProvider_FixPassesInvariantCulture() => Verify.CodeFixAsync<CultureSensitiveFormattingAnalyzer, CultureSensitiveFormattingCodeFix>(
        """
        using System;

        class C
        {
            object[] M(int i, string s, Span<char> span) =>
                [{|IJ1008:i.ToString()|}, {|IJ1008:string.Format("{0}!", i)|}, {|IJ1008:int.Parse(s)|}, {|IJ1008:i.TryFormat(span, out var n)|}, {|IJ1008:s.ToLower()|}];
        }
        """,
        """
        using System;
        using System.Globalization;

        class C
        {
            object[] M(int i, string s, Span<char> span) =>
                [i.ToString(CultureInfo.InvariantCulture), string.Format(CultureInfo.InvariantCulture, "{0}!", i), int.Parse(s, CultureInfo.InvariantCulture), i.TryFormat(span, out var n, provider: CultureInfo.InvariantCulture), s.ToLower(CultureInfo.InvariantCulture)];
        }
        """);

    [Fact]
    public Task CurrentCultureRead_FixUsesInvariantCulture() => Verify.CodeFixAsync<CultureSensitiveFormattingAnalyzer, CultureSensitiveFormattingCodeFix>(
        """
        using System.Globalization;
        class C
        {
            string M(int i) => i.ToString({|IJ1008:CultureInfo.CurrentCulture|});
        }
        """,
        """
        using System.Globalization;
        class C
        {
            string M(int i) => i.ToString(CultureInfo.InvariantCulture);
        }
        """);
}
