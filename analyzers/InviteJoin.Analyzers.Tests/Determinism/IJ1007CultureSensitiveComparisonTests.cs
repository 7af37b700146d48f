namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1007CultureSensitiveComparisonTests
{
    [Fact]
    public Task LinguisticComparisons_Report() => Verify.AnalyzerAsync<CultureSensitiveComparisonAnalyzer>("""
        using System;
        using System.Globalization;
        class C
        {
            object[] M(string a, string b) =>
            [
                {|IJ1007:string.Compare(a, b)|},
                {|IJ1007:string.Compare(a, b, true)|},
                {|IJ1007:a.CompareTo(b)|},
                {|IJ1007:a.StartsWith(b)|},
                {|IJ1007:a.EndsWith(b)|},
                {|IJ1007:a.IndexOf(b)|},
                {|IJ1007:a.LastIndexOf(b, 3)|},
                string.Equals(a, b, {|IJ1007:StringComparison.CurrentCulture|}),
                a.StartsWith(b, {|IJ1007:StringComparison.InvariantCultureIgnoreCase|}),
                {|IJ1007:StringComparer.InvariantCulture|},
                {|IJ1007:CultureInfo.InvariantCulture.CompareInfo|},
            ];
        }
        """);

    [Fact]
    public Task OrdinalComparisons_DoNotReport() => Verify.AnalyzerAsync<CultureSensitiveComparisonAnalyzer>("""
        using System;
        class C
        {
            object[] M(string a, string b) =>
            [
                string.Compare(a, b, StringComparison.Ordinal),
                string.CompareOrdinal(a, b),
                a.StartsWith(b, StringComparison.Ordinal),
                a.EndsWith('x'),
                a.IndexOf('x'),
                a.IndexOf(b, StringComparison.OrdinalIgnoreCase),
                a == b, a.Equals(b), string.Equals(a, b), a.Contains(b), a.Replace(a, b),
                StringComparer.Ordinal,
                a.AsSpan().StartsWith(b.AsSpan()),
            ];
        }
        """);

    [Fact]
    public Task MissingComparison_FixPassesOrdinal() => Verify.CodeFixAsync<CultureSensitiveComparisonAnalyzer, CultureSensitiveComparisonCodeFix>(
        """
        class C
        {
            bool M(string a, string b) => {|IJ1007:a.StartsWith(b)|} && {|IJ1007:string.Compare(a, b)|} < 0 && {|IJ1007:a.IndexOf(b, 1)|} > 0;
        }
        """,
        """
        using System;

        class C
        {
            bool M(string a, string b) => a.StartsWith(b, StringComparison.Ordinal) && string.Compare(a, b, StringComparison.Ordinal) < 0 && a.IndexOf(b, 1, StringComparison.Ordinal) > 0;
        }
        """);

    [Fact]
    public Task LinguisticComparisonValueOrComparer_FixUsesOrdinal() => Verify.CodeFixAsync<CultureSensitiveComparisonAnalyzer, CultureSensitiveComparisonCodeFix>(
        """
        using System;
        class C
        {
            object[] M(string a, string b) =>
                [a.EndsWith(b, {|IJ1007:StringComparison.CurrentCultureIgnoreCase|}), {|IJ1007:StringComparer.InvariantCulture|}];
        }
        """,
        """
        using System;
        class C
        {
            object[] M(string a, string b) =>
                [a.EndsWith(b, StringComparison.OrdinalIgnoreCase), StringComparer.Ordinal];
        }
        """);

    [Fact]
    public Task CompareTo_FixUsesCompareOrdinal() => Verify.CodeFixAsync<CultureSensitiveComparisonAnalyzer, CultureSensitiveComparisonCodeFix>(
        """
        class C
        {
            int M(string a, string b) => {|IJ1007:a.CompareTo(b)|};
        }
        """,
        """
        class C
        {
            int M(string a, string b) => string.CompareOrdinal(a, b);
        }
        """);

    [Fact]
    public Task CompareWithIgnoreCaseFlag_HasNoFix() => Verify.NoCodeFixAsync<CultureSensitiveComparisonAnalyzer, CultureSensitiveComparisonCodeFix>("""
        class C
        {
            int M(string a, string b) => {|IJ1007:string.Compare(a, b, true)|};
        }
        """);
}
